import express from 'express';
import request from 'supertest';
import { BadRequest, HttpResponse, JsonResponse, path, rePath, type HttpRequest } from '../../src';
import { makeApp } from '../helpers';

/** A view that reports what the request looks like. */
function describeRequest(req: HttpRequest) {
  return new JsonResponse({
    method: req.method,
    path: req.path,
    pathInfo: req.pathInfo,
    fullPath: req.getFullPath(),
    fullPathSlash: req.getFullPath(true),
    absolute: req.buildAbsoluteUri(),
    absoluteOf: {
      rooted: req.buildAbsoluteUri('/test/?should=work'),
      relative: req.buildAbsoluteUri('other/'),
      query: req.buildAbsoluteUri('?page=2'),
      dots: req.buildAbsoluteUri('/foo/bar/../baz/'),
      schemeRelative: req.buildAbsoluteUri('//other.example.com/x'),
      absolute: req.buildAbsoluteUri('https://www.example.com/asdf'),
      backslash: req.buildAbsoluteUri('/\\evil.com'),
      doubleBackslash: req.buildAbsoluteUri('\\\\evil.com/x'),
      fragment: req.buildAbsoluteUri('#top'),
      iri: req.buildAbsoluteUri('/caf\u00e9/?q=\u00e9'),
      mailto: req.buildAbsoluteUri('mailto:a@b.c'),
    },
    host: req.getHost(),
    port: req.getPort(),
    scheme: req.scheme,
    secure: req.isSecure(),
    userAgent: req.headers.get('USER-AGENT') ?? null,
    hasAccept: req.headers.has('Accept'),
    custom: req.headers.get('x-custom') ?? null,
    cookies: { ...req.COOKIES },
    repr: String(req),
  });
}

const patterns = [
  path('info/', describeRequest),
  rePath('^any/(?<rest>.*)$', describeRequest),
  path('caf\u00e9/', describeRequest),
];

describe('HttpRequest basics', () => {
  const app = makeApp({ rootUrlconf: patterns });

  test('method, path, pathInfo and full path at the root', async () => {
    const res = await request(app).get('/info/?a=1&b=%C3%A9').set('User-Agent', 'jest-agent').set('Accept', 'text/html').set('X-Custom', 'yes');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      method: 'GET',
      path: '/info/',
      pathInfo: '/info/',
      fullPath: '/info/?a=1&b=%C3%A9',
      userAgent: 'jest-agent',
      custom: 'yes',
      hasAccept: true,
      scheme: 'http',
      secure: false,
      repr: "<HttpRequest: GET '/info/?a=1&b=%C3%A9'>",
    });
  });

  test('the path is decoded for matching and re-encoded by getFullPath', async () => {
    const res = await request(app).get('/caf%C3%A9/');
    expect(res.status).toBe(200);
    expect(res.body.path).toBe('/caf\u00e9/');
    expect(res.body.fullPath).toBe('/caf%C3%A9/');
  });

  test("getFullPath escapes ; ? = in the path as Django's escape_uri_path", async () => {
    const res = await request(app).get('/any/%3Bsome/%3Fawful/%3Dpath/foo:bar/?;some=query&+query=string');
    expect(res.status).toBe(200);
    expect(res.body.path).toBe('/any/;some/?awful/=path/foo:bar/');
    expect(res.body.fullPath).toBe('/any/%3Bsome/%3Fawful/%3Dpath/foo:bar/?;some=query&+query=string');
  });

  test('getFullPath(true) appends a slash; "//" at the start cannot become a scheme-relative URL', async () => {
    const res = await request(app).get('/any/x');
    expect(res.body.fullPathSlash).toBe('/any/x/');
    const catchAll = makeApp({ rootUrlconf: [rePath('^.*$', describeRequest)] });
    const slashes = await request(catchAll).get('//evil.com/x?y=1');
    expect(slashes.status).toBe(200);
    expect(slashes.body.path).toBe('//evil.com/x');
    expect(slashes.body.fullPath).toBe('/%2Fevil.com/x?y=1');
  });

  test('buildAbsoluteUri resolves locations like urljoin; a backslash never changes the host', async () => {
    const res = await request(app).get('/any/path/?q=1').set('Host', 'testserver');
    expect(res.body.absolute).toBe('http://testserver/any/path/?q=1');
    expect(res.body.absoluteOf).toEqual({
      rooted: 'http://testserver/test/?should=work',
      relative: 'http://testserver/any/path/other/',
      query: 'http://testserver/any/path/?page=2',
      dots: 'http://testserver/foo/baz/',
      schemeRelative: 'http://other.example.com/x',
      absolute: 'https://www.example.com/asdf',
      backslash: 'http://testserver/%5Cevil.com',
      doubleBackslash: 'http://testserver/any/path/%5C%5Cevil.com/x',
      fragment: 'http://testserver/any/path/#top',
      iri: 'http://testserver/caf%C3%A9/?q=%C3%A9',
      mailto: 'mailto:a@b.c',
    });
  });

  test('getHost keeps the port; getPort reads it', async () => {
    const res = await request(app).get('/info/').set('Host', 'LocalHost:8080');
    expect(res.status).toBe(200);
    expect(res.body.host).toBe('LocalHost:8080');
    expect(res.body.port).toBe('8080');
    const noPort = await request(app).get('/info/').set('Host', 'testserver');
    expect(noPort.body.port).toBe('80');
  });

  test('a trailing dot on an allowed host is accepted', async () => {
    const res = await request(app).get('/info/').set('Host', 'testserver.');
    expect(res.status).toBe(200);
  });

  test('headers are case-insensitive; repeated headers are joined', async () => {
    const app2 = makeApp({
      rootUrlconf: [path('h/', (req) => new HttpResponse(`${req.headers.get('accept-language')}|${req.headers.get('X-Multi')}`))],
    });
    const res = await request(app2).get('/h/').set('Accept-Language', 'fr').set('X-Multi', ['a', 'b'] as unknown as string);
    expect(res.text).toBe('fr|a, b');
  });

  test('COOKIES parses the Cookie header, decoding values', async () => {
    const res = await request(app).get('/info/').set('Cookie', 'a=1; b=hello%20world; __proto__=x');
    expect(res.body.cookies).toEqual(Object.fromEntries([['a', '1'], ['b', 'hello world'], ['__proto__', 'x']]));
  });

  test('without a Cookie header COOKIES is empty', async () => {
    const res = await request(app).get('/info/');
    expect(res.body.cookies).toEqual({});
  });
});

describe('isSecure and secureProxySslHeader', () => {
  const app = makeApp({ rootUrlconf: patterns, secureProxySslHeader: ['X-Forwarded-Proto', 'https'] });

  test.each([
    [undefined, false],
    ['https', true],
    ['http', false],
    ['https, http', true],
    ['http, https', false],
    ['HTTPS', false],
  ])('X-Forwarded-Proto %s → secure %s', async (header, secure) => {
    const req = request(app).get('/info/');
    if (header !== undefined) req.set('X-Forwarded-Proto', header);
    const res = await req;
    expect(res.body.secure).toBe(secure);
    expect(res.body.scheme).toBe(secure ? 'https' : 'http');
    expect(res.body.absolute).toBe(`${secure ? 'https' : 'http'}://${res.body.host}/info/`);
    expect(res.body.port).toBe(res.body.host.includes(':') ? res.body.host.split(':')[1] : secure ? '443' : '80');
  });

  test('without the setting, the proxy header is ignored', async () => {
    const plain = makeApp({ rootUrlconf: patterns });
    const res = await request(plain).get('/info/').set('X-Forwarded-Proto', 'https');
    expect(res.body.secure).toBe(false);
  });
});

describe('X-Forwarded-Host', () => {
  test('is ignored unless useXForwardedHost', async () => {
    const app = makeApp({ rootUrlconf: patterns });
    const res = await request(app).get('/info/').set('Host', 'testserver').set('X-Forwarded-Host', 'localhost');
    expect(res.body.host).toBe('testserver');
  });

  test('with useXForwardedHost, it is used and checked against allowedHosts', async () => {
    const app = makeApp({ rootUrlconf: patterns, useXForwardedHost: true });
    const ok = await request(app).get('/info/').set('Host', 'testserver').set('X-Forwarded-Host', 'localhost, proxy');
    expect(ok.body.host).toBe('localhost');
    const bad = await request(app).get('/info/').set('Host', 'testserver').set('X-Forwarded-Host', 'evil.com');
    expect(bad.status).toBe(400);
  });
});

describe('allowedHosts patterns', () => {
  const app = makeApp({ rootUrlconf: patterns, allowedHosts: ['.example.com', 'exact.org'] });
  test.each([
    ['example.com', 200],
    ['sub.example.com', 200],
    ['deep.sub.example.com:8000', 200],
    ['exact.org', 200],
    ['sub.exact.org', 400],
    ['badexample.com', 400],
    ['example.com.evil.org', 400],
  ])('%s → %d', async (host, status) => {
    const res = await request(app).get('/info/').set('Host', host);
    expect(res.status).toBe(status);
  });

  test('with debug, the 400 page says which host to add', async () => {
    const debugApp = makeApp({ rootUrlconf: patterns, allowedHosts: ['example.com'], debug: true });
    const res = await request(debugApp).get('/info/').set('Host', 'other.org');
    expect(res.status).toBe(400);
    expect(res.text).toContain('other.org');
    expect(res.text).toContain('allowedHosts');
  });
});

describe('mounted under a prefix', () => {
  const inner = makeApp({ rootUrlconf: patterns });
  const host = express();
  host.use('/shop', inner);

  test('path includes the mount prefix, pathInfo does not', async () => {
    const res = await request(host).get('/shop/info/?x=1').set('Host', 'testserver');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      path: '/shop/info/',
      pathInfo: '/info/',
      fullPath: '/shop/info/?x=1',
      absolute: 'http://testserver/shop/info/?x=1',
    });
  });

  test('buildAbsoluteUri resolves relative locations against the prefixed path', async () => {
    const res = await request(host).get('/shop/any/a/b').set('Host', 'testserver');
    expect(res.body.absoluteOf.relative).toBe('http://testserver/shop/any/a/other/');
    expect(res.body.absoluteOf.rooted).toBe('http://testserver/test/?should=work');
  });

  test('a path outside the mount is not served by the app', async () => {
    const res = await request(host).get('/info/');
    expect(res.status).toBe(404);
  });
});

describe('request.json()', () => {
  const app = makeApp({
    rootUrlconf: [
      path('j/', (req) => new JsonResponse({ got: req.json() }, { safe: false })),
      path('twice/', (req) => new JsonResponse({ same: req.json() === req.json() })),
      path('catch/', (req) => {
        try {
          req.json();
          return new HttpResponse('parsed');
        } catch (error) {
          return new HttpResponse(`${(error as Error).constructor.name}: ${error instanceof BadRequest}`);
        }
      }),
    ],
  });

  test('parses the body whatever the content type claims', async () => {
    const res = await request(app).post('/j/').set('Content-Type', 'text/plain').send('[1, "two", {"three": 3}]');
    expect(res.body).toEqual({ got: [1, 'two', { three: 3 }] });
  });

  test('is parsed once and cached', async () => {
    const res = await request(app).post('/twice/').set('Content-Type', 'application/json').send('{"a": {"b": 1}}');
    expect(res.body).toEqual({ same: true });
  });

  test('an empty or malformed body throws BadRequest, which a view may catch', async () => {
    const empty = await request(app).post('/catch/');
    expect(empty.text).toBe('BadRequest: true');
    const bad = await request(app).post('/catch/').set('Content-Type', 'application/json').send('{nope}');
    expect(bad.text).toBe('BadRequest: true');
  });

  test('JSON nested "__proto__" anywhere is refused', async () => {
    const res = await request(app).post('/j/').set('Content-Type', 'application/json').send('{"a": [{"b": {"__proto__": {"x": 1}}}]}');
    expect(res.status).toBe(400);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('HEAD requests', () => {
  test('reach the view with method HEAD', async () => {
    const app = makeApp({ rootUrlconf: [path('m/', (req) => new HttpResponse(req.method, { headers: { 'X-Method': req.method } }))] });
    const res = await request(app).head('/m/');
    expect(res.status).toBe(200);
    expect(res.headers['x-method']).toBe('HEAD');
  });
});
