import request from 'supertest';
import {
  HttpResponse,
  HttpResponseBadRequest,
  HttpResponseForbidden,
  HttpResponseGone,
  HttpResponseNotAllowed,
  HttpResponseNotFound,
  HttpResponseNotModified,
  HttpResponsePermanentRedirect,
  HttpResponseRedirect,
  HttpResponseServerError,
  JsonResponse,
  path,
  type ViewFunction,
} from '../../src';
import { makeApp, quietLogger } from '../helpers';

/** An app whose single view at /v/ is `view`. */
function serve(view: ViewFunction, debug = false) {
  const logger = quietLogger();
  return { app: makeApp({ debug, logger, rootUrlconf: [path('v/', view)] }), logger };
}

describe('HttpResponse', () => {
  test('defaults: 200, text/html; charset=utf-8, Content-Length in bytes', async () => {
    const { app } = serve(() => new HttpResponse('h\u00e9llo \u2603'));
    const res = await request(app).get('/v/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength('h\u00e9llo \u2603')));
    expect(res.text).toBe('h\u00e9llo \u2603');
  });

  test('status, contentType, custom headers and reason phrase', async () => {
    const { app } = serve(
      () => new HttpResponse('{}', { status: 418, contentType: 'application/vnd.api+json', headers: { 'X-Thing': 'a', 'Cache-Control': 'no-cache' }, reason: 'Short and Stout' }),
    );
    const res = await request(app).get('/v/');
    expect(res.status).toBe(418);
    expect(res.headers['content-type']).toBe('application/vnd.api+json');
    expect(res.headers['x-thing']).toBe('a');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect((res as unknown as { res: { statusMessage: string } }).res.statusMessage).toBe('Short and Stout');
  });

  test('headers are case-insensitive and keep the first spelling', () => {
    const r = new HttpResponse('');
    r.headers.set('X-Foo', '1');
    r.headers.set('x-foo', '2');
    expect(r.headers.get('X-FOO')).toBe('2');
    expect([...r.headers.entries()].find(([n]) => n.toLowerCase() === 'x-foo')?.[0]).toBe('X-Foo');
    expect(r.headers.delete('X-FOO')).toBe(true);
    expect(r.headers.delete('X-FOO')).toBe(false);
    expect(r.headers.has('x-foo')).toBe(false);
  });

  test('a status outside 100–599 is refused', () => {
    expect(() => new HttpResponse('', { status: 99 })).toThrow(/100 to 599/);
    expect(() => new HttpResponse('', { status: 600 })).toThrow(TypeError);
    expect(() => new HttpResponse('', { status: 2.5 })).toThrow(TypeError);
  });

  test('contentType together with a Content-Type header is refused', () => {
    expect(() => new HttpResponse('', { contentType: 'text/plain', headers: { 'content-type': 'text/html' } })).toThrow(
      "'headers' must not contain 'Content-Type' when the 'contentType' parameter is provided.",
    );
  });

  test('newlines in header names or values are refused (no header injection)', () => {
    const r = new HttpResponse('');
    expect(() => r.headers.set('X-Bad', 'a\r\nSet-Cookie: evil=1')).toThrow(/newline/);
    expect(() => r.headers.set('X-Bad\n', 'a')).toThrow(/newline/);
    expect(() => r.headers.set('X Bad', 'a')).toThrow(/valid HTTP token/);
    expect(() => r.headers.set('X-Nul', 'a\0b')).toThrow(/control character/);
  });

  test('a header injection attempt in a view is a 500 that never reaches the wire', async () => {
    const { app, logger } = serve((req) => {
      const r = new HttpResponse('x');
      r.headers.set('X-Echo', req.GET.get('v', ''));
      return r;
    });
    const res = await request(app).get('/v/?v=a%0D%0ASet-Cookie:%20evil=1');
    expect(res.status).toBe(500);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(logger.lines.join('\n')).toContain('newline');
  });

  test('Latin-1 header values go out as is, others are MIME-encoded as Django', async () => {
    const r = new HttpResponse('');
    r.headers.set('X-Latin', 'caf\u00e9');
    r.headers.set('X-Dagger', '\u2020');
    expect(r.headers.get('X-Latin')).toBe('caf\u00e9');
    expect(r.headers.get('X-Dagger')).toBe('=?utf-8?b?4oCg?=');
    const { app } = serve(() => r);
    const res = await request(app).get('/v/');
    expect(res.status).toBe(200);
    expect(res.headers['x-dagger']).toBe('=?utf-8?b?4oCg?=');
    expect(Buffer.from(res.headers['x-latin'], 'latin1').toString('latin1')).toBe('caf\u00e9');
  });

  test('write() appends to the body and Content-Length follows', async () => {
    const { app } = serve(() => {
      const r = new HttpResponse('a');
      r.write('b');
      r.write(Buffer.from('\u00e7'));
      return r;
    });
    const res = await request(app).get('/v/');
    expect(res.text).toBe('ab\u00e7');
    expect(res.headers['content-length']).toBe('4');
  });

  test('an explicit Content-Length is kept', () => {
    const r = new HttpResponse('abc', { headers: { 'Content-Length': 3 } });
    expect(r.headers.get('content-length')).toBe('3');
  });
});

describe('HEAD', () => {
  test('has no body but the same headers as GET', async () => {
    const { app } = serve(() => new HttpResponse('some content here', { headers: { 'X-Extra': 'yes' } }));
    const get = await request(app).get('/v/');
    const head = await request(app).head('/v/');
    expect(head.status).toBe(200);
    expect(head.text ?? '').toBe('');
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    expect(head.headers['content-length']).toBe('17');
    expect(head.headers['content-type']).toBe(get.headers['content-type']);
    expect(head.headers['x-extra']).toBe('yes');
  });
});

describe('status subclasses', () => {
  test.each([
    { name: 'HttpResponseBadRequest', make: () => new HttpResponseBadRequest('x'), status: 400 },
    { name: 'HttpResponseForbidden', make: () => new HttpResponseForbidden('x'), status: 403 },
    { name: 'HttpResponseNotFound', make: () => new HttpResponseNotFound('x'), status: 404 },
    { name: 'HttpResponseGone', make: () => new HttpResponseGone('x'), status: 410 },
    { name: 'HttpResponseServerError', make: () => new HttpResponseServerError('x'), status: 500 },
  ])('$name: status $status with text/html', async ({ make, status }) => {
    const { app } = serve(() => make());
    const res = await request(app).get('/v/');
    expect(res.status).toBe(status);
    expect(res.text).toBe('x');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  test('HttpResponseNotAllowed lists the methods in Allow', async () => {
    const { app } = serve(() => new HttpResponseNotAllowed(['get', 'POST']));
    const res = await request(app).delete('/v/');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, POST');
  });

  test('304 Not Modified has no body and no Content-Type; content cannot be set', async () => {
    const { app } = serve(() => new HttpResponseNotModified({ headers: { ETag: '"abc"' } }));
    const res = await request(app).get('/v/');
    expect(res.status).toBe(304);
    expect(res.headers['content-type']).toBeUndefined();
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.headers.etag).toBe('"abc"');
    const r = new HttpResponseNotModified();
    expect(() => {
      r.content = 'x';
    }).toThrow('You cannot set content to a 304 (Not Modified) response');
  });
});

describe('redirects', () => {
  test('302 and 301 with Location; .url is the target', async () => {
    const found = new HttpResponseRedirect('/next/?a=1');
    expect(found.url).toBe('/next/?a=1');
    const { app } = serve((req) => (req.GET.has('p') ? new HttpResponsePermanentRedirect('https://example.com/') : new HttpResponseRedirect('/next/?a=1')));
    const res = await request(app).get('/v/');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/next/?a=1');
    expect(res.text).toBe('');
    const perm = await request(app).get('/v/?p=1');
    expect(perm.status).toBe(301);
    expect(perm.headers.location).toBe('https://example.com/');
  });

  test('preserveRequest gives 307 and 308', () => {
    expect(new HttpResponseRedirect('/x/', { preserveRequest: true }).statusCode).toBe(307);
    expect(new HttpResponsePermanentRedirect('/x/', { preserveRequest: true }).statusCode).toBe(308);
  });

  test('an IRI is percent-encoded; existing escapes and reserved characters are kept', async () => {
    const { app } = serve(() => new HttpResponseRedirect('/\u00e6\u00f8\u00e5/?q=a b&r=%20#frag'));
    const res = await request(app).get('/v/');
    expect(res.headers.location).toBe('/%C3%A6%C3%B8%C3%A5/?q=a%20b&r=%20#frag');
  });

  test.each([
    'javascript:alert("XSS")',
    'JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'mailto:test@example.com',
    'file:///etc/passwd',
    ' javascript:alert(1)',
    'java\nscript:alert(1)',
    '\tjavascript:alert(1)',
  ])('an unsafe scheme (%j) in a view is a 400', async (target) => {
    const { app, logger } = serve(() => new HttpResponseRedirect(target));
    const res = await request(app).get('/v/');
    expect(res.status).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.text).not.toContain('script');
    expect(logger.lines.join('\n')).toContain('DisallowedRedirect');
  });

  test('the 400 for an unsafe redirect names the protocol when debug is on', async () => {
    const { app } = serve(() => new HttpResponseRedirect('javascript:alert(1)'), true);
    const res = await request(app).get('/v/');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Unsafe redirect to URL with protocol');
  });

  test('http, https, ftp and relative targets are allowed', () => {
    for (const target of ['http://a.com/', 'HTTPS://a.com/', 'ftp://a.com/f', '//a.com/x', 'rel/path', '?q=1', '#top']) {
      expect(new HttpResponseRedirect(target).url).toBe(target);
    }
  });

  test('a target longer than 16,384 characters is refused unless maxLength allows it', () => {
    const long = '/' + 'a'.repeat(16384);
    expect(() => new HttpResponseRedirect(long)).toThrow('Unsafe redirect exceeding 16384 characters');
    expect(new HttpResponseRedirect(long, { maxLength: null }).url).toBe(long);
    expect(() => new HttpResponseRedirect('/abcdef', { maxLength: 5 })).toThrow('Unsafe redirect exceeding 5 characters');
  });
});

describe('JsonResponse', () => {
  test('serialises an object with Content-Type application/json', async () => {
    const { app } = serve(() => new JsonResponse({ key: 'value', n: 1, nested: { list: [1, 'two'] }, big: 12345678901234567890n, set: new Set([1, 2]), map: new Map([['k', 'v']]) }));
    const res = await request(app).get('/v/');
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body).toEqual({ key: 'value', n: 1, nested: { list: [1, 'two'] }, big: '12345678901234567890', set: [1, 2], map: { k: 'v' } });
  });

  test('a non-object with safe on is a TypeError (a 500 in a view)', async () => {
    expect(() => new JsonResponse([1, 2, 3])).toThrow(
      new TypeError('In order to allow non-dict objects to be serialized set the safe parameter to false.'),
    );
    expect(() => new JsonResponse('text')).toThrow(TypeError);
    expect(() => new JsonResponse(null)).toThrow(TypeError);
    expect(() => new JsonResponse(new Date())).toThrow(TypeError);
    const { app } = serve(() => new JsonResponse([1]));
    expect((await request(app).get('/v/')).status).toBe(500);
  });

  test('safe: false allows arrays and other values', async () => {
    const { app } = serve((req) => new JsonResponse(req.GET.has('s') ? 'just a string' : [1, 2, { a: 3 }], { safe: false }));
    const res = await request(app).get('/v/');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([1, 2, { a: 3 }]);
    const str = await request(app).get('/v/?s=1');
    expect(str.text).toBe('"just a string"');
  });

  test('status, extra headers, a custom replacer and indentation', async () => {
    const { app } = serve(
      () => new JsonResponse({ secret: 'x', ok: 1 }, { status: 201, headers: { 'X-Api': '1' }, replacer: (k, v) => (k === 'secret' ? undefined : v), space: 2 }),
    );
    const res = await request(app).get('/v/');
    expect(res.status).toBe(201);
    expect(res.headers['x-api']).toBe('1');
    expect(res.text).toBe('{\n  "ok": 1\n}');
  });
});
