/**
 * Property tests (fast-check): any request target and any body, with any content type, gets a
 * response below 500 from a live server; reverse(resolve(p)) gives back p for paths built from
 * the patterns, and is a fixed point for any path that resolves.
 */
import fc from 'fast-check';
import http from 'node:http';
import {
  CommonMiddleware,
  JsonResponse,
  Resolver404,
  SessionMiddleware,
  include,
  path,
  rePath,
  resolve,
  reverse,
  type HttpRequest,
} from '../../src';
import { decodePath } from '../../src/core/handler';
import { makeApp } from '../helpers';
import { listen, type Live } from '../http/util';
import { prototypeSnapshot } from './support/invariants';

const echo = (_request: HttpRequest, kwargs: Record<string, unknown>) => new JsonResponse({ kwargs });

async function body(request: HttpRequest) {
  const fields = [...request.POST.lists()].length;
  const files = request.FILES.keys().length;
  const json = request.contentType.includes('json') ? request.json() : null;
  await request.session.get('x');
  return new JsonResponse({ fields, files, json: typeof json });
}

const app = makeApp({
  rootUrlconf: [
    path('', () => new JsonResponse({ home: true })),
    path('int/<int:n>/', echo, { name: 'int' }),
    path('slug/<slug:s>/', echo, { name: 'slug' }),
    path('str/<str:s>/', echo, { name: 'str' }),
    path('uuid/<uuid:u>/', echo, { name: 'uuid' }),
    path('path/<path:p>', echo, { name: 'path' }),
    path('multi/<int:year>/<slug:slug>/<str:title>/', echo, { name: 'multi' }),
    path('ns/', include([path('deep/<str:a>/<int:b>/', echo, { name: 'deep' })], { namespace: 'ns' })),
    rePath('^re/(?P<code>[A-Z]{2}[0-9]{1,4})/$', echo, { name: 're' }),
    path('body/', body),
  ],
  middleware: [SessionMiddleware, CommonMiddleware],
  session: { store: 'cookie' },
  dataUploadMaxMemorySize: 16 * 1024,
  dataUploadMaxNumberFields: 50,
});

let live: Live;
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
const prototypes = prototypeSnapshot();
beforeAll(async () => {
  live = await listen(app);
});
afterAll(async () => {
  agent.destroy();
  await live.close();
  expect(prototypeSnapshot()).toBe(prototypes);
});

/** Send a request; resolve with the status (0: no response). */
function send(method: string, target: string, headers: Record<string, string> = {}, payload?: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: live.port, method, path: target, agent, headers: { Host: 'localhost', ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const hex = (b: number) => '%' + b.toString(16).padStart(2, '0').toUpperCase();
const segment = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }).map(encodeURIComponent),
  fc.uint8Array({ maxLength: 6 }).map((bytes) => [...bytes].map(hex).join('')), // any bytes, invalid UTF-8 included
  fc.constantFrom('..', '.', '', '%2F', '%00', '%2e%2e', '%', '%zz', '%5C', 'int', 'slug', 'str', 'uuid', 'path', 'multi', 'ns', 'deep', 're', 'body', '__proto__', 'constructor', '0', '9007199254740993', 'AB12'),
  fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=:@-]{0,10}$/),
);
const query = fc.array(fc.tuple(segment, segment), { maxLength: 8 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
const target = fc
  .tuple(fc.array(segment, { maxLength: 8 }), fc.boolean(), fc.option(query, { nil: undefined }))
  .map(([parts, slash, q]) => `/${parts.join('/')}${slash ? '/' : ''}${q === undefined ? '' : `?${q}`}`);

test('any request target: a response below 500', async () => {
  await fc.assert(
    fc.asyncProperty(target, fc.constantFrom('GET', 'HEAD', 'POST', 'OPTIONS', 'DELETE'), async (url, method) => {
      const status = await send(method, url, { 'Content-Length': '0' });
      return status >= 100 && status < 500;
    }),
    { numRuns: 400 },
  );
});

const urlencoded = fc.array(fc.tuple(fc.string({ unit: 'binary', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 40 })), { maxLength: 60 }).map((pairs) =>
  Buffer.from(pairs.map(([k, v]) => `${encodeURIComponent(k.replace(/[\uD800-\uDFFF]/g, ''))}=${encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, ''))}`).join('&')),
);
const jsonish = fc.oneof(fc.json({ maxDepth: 6 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.constant('{"__proto__": {"x": 1}}'), fc.constant('['.repeat(3000))).map((s) => Buffer.from(s));
const part = fc.record({
  name: fc.string({ unit: 'grapheme-ascii', maxLength: 10 }),
  filename: fc.option(fc.string({ unit: 'grapheme-ascii', maxLength: 10 }), { nil: undefined }),
  type: fc.option(fc.constantFrom('text/plain', 'application/octet-stream', 'multipart/mixed; boundary=C', 'x'), { nil: undefined }),
  value: fc.uint8Array({ maxLength: 300 }),
});
const multipart = fc.tuple(fc.array(part, { maxLength: 8 }), fc.boolean(), fc.constantFrom('B', 'C', '')).map(([parts, close, boundary]) =>
  Buffer.concat([
    ...parts.flatMap((p) => [
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename === undefined ? '' : `; filename="${p.filename}"`}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`),
      Buffer.from(p.value),
      Buffer.from('\r\n'),
    ]),
    Buffer.from(close ? `--${boundary}--\r\n` : ''),
  ]),
);
const contentType = fc.oneof(
  fc.constantFrom(
    'application/x-www-form-urlencoded',
    'application/x-www-form-urlencoded; charset=utf-16',
    'application/json',
    'application/json; charset=latin1',
    'multipart/form-data; boundary=B',
    'multipart/form-data',
    'multipart/form-data; boundary=',
    'text/plain',
  ),
  fc.stringMatching(/^[\x21-\x7e ]{0,40}$/).map((s) => s.trim()),
);
const cookie = fc.oneof(fc.constant(''), fc.stringMatching(/^[\x21-\x7e ]{0,80}$/), segment.map((s) => `sessionid=${s}; csrftoken=${s}`));

test('any body with any content type to a view reading POST, FILES, json() and the session: a response below 500', async () => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(urlencoded, jsonish, multipart, fc.uint8Array({ maxLength: 2048 }).map(Buffer.from)), contentType, cookie, fc.constantFrom('POST', 'PUT', 'PATCH'), async (payload, type, cookies, method) => {
      const headers: Record<string, string> = { 'Content-Length': String(payload.length) };
      if (type) headers['Content-Type'] = type;
      if (cookies) headers.Cookie = cookies;
      const status = await send(method, '/body/', headers, payload);
      return status >= 100 && status < 500;
    }),
    { numRuns: 400 },
  );
});

const noSlash = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((s) => !s.includes('/'));
const slug = fc.stringMatching(/^[-a-zA-Z0-9_]{1,20}$/);
const pathValue = fc.array(noSlash, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
const named = fc.oneof(
  fc.record({ name: fc.constant('int'), kwargs: fc.record({ n: fc.maxSafeNat() }) }),
  fc.record({ name: fc.constant('slug'), kwargs: fc.record({ s: slug }) }),
  fc.record({ name: fc.constant('str'), kwargs: fc.record({ s: noSlash }) }),
  fc.record({ name: fc.constant('uuid'), kwargs: fc.record({ u: fc.uuid() }) }),
  fc.record({ name: fc.constant('path'), kwargs: fc.record({ p: pathValue }) }),
  fc.record({ name: fc.constant('multi'), kwargs: fc.record({ year: fc.nat(9999), slug, title: noSlash }) }),
  fc.record({ name: fc.constant('ns:deep'), kwargs: fc.record({ a: noSlash, b: fc.nat() }) }),
  fc.record({ name: fc.constant('re'), kwargs: fc.record({ code: fc.stringMatching(/^[A-Z]{2}[0-9]{1,4}$/) }) }),
);

test('reverse(resolve(p)) gives back p for any path built from the patterns, and over HTTP the view gets the same values', async () => {
  await fc.assert(
    fc.asyncProperty(named, async ({ name, kwargs }) => {
      const url = reverse(name, { kwargs });
      const p = decodePath(url);
      const match = resolve(p);
      expect(match.viewName).toBe(name);
      expect(match.kwargs).toEqual(kwargs);
      expect(decodePath(reverse(match.viewName, { kwargs: match.kwargs }))).toBe(p);
      const res = await new Promise<string>((ok, fail) => {
        http.get({ host: '127.0.0.1', port: live.port, path: url, agent, headers: { Host: 'localhost' } }, (r) => {
          let text = '';
          r.on('data', (c) => (text += c));
          r.on('end', () => ok(text));
        }).on('error', fail);
      });
      expect(JSON.parse(res).kwargs).toEqual(JSON.parse(JSON.stringify(kwargs)));
    }),
    { numRuns: 300 },
  );
});

test('for any path that resolves, reverse(resolve(p)) resolves to the same match; any other path is a Resolver404', () => {
  const anyPath = fc.oneof(
    target.map((t) => {
      try {
        return decodePath(t.split('?')[0]);
      } catch {
        return '/';
      }
    }),
    named.map(({ name, kwargs }) => decodePath(reverse(name, { kwargs }))),
  );
  fc.assert(
    fc.property(anyPath, (p) => {
      let match;
      try {
        match = resolve(p);
      } catch (error) {
        expect(error).toBeInstanceOf(Resolver404);
        return;
      }
      if (!match.urlName) return; // the body view, unnamed
      const again = resolve(decodePath(reverse(match.viewName, { kwargs: match.kwargs })));
      expect(again.viewName).toBe(match.viewName);
      expect(again.kwargs).toEqual(match.kwargs);
    }),
    { numRuns: 2000 },
  );
});

test('found by the fuzzer: <path:…> takes line breaks too (a decoded %0A or U+2028), as "any text" says', async () => {
  for (const p of ['a\nb', 'x\u2028y/z', '\r']) {
    const url = reverse('path', { kwargs: { p } });
    expect(resolve(decodePath(url)).kwargs).toEqual({ p });
    expect(await send('GET', url)).toBe(200);
  }
});
