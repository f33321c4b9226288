/**
 * CommonMiddleware (Django's tests/middleware CommonMiddlewareTest): APPEND_SLASH, PREPEND_WWW,
 * DISALLOWED_USER_AGENTS, and the open-redirect guard of CVE-2018-14574.
 */
import request from 'supertest';
import {
  CommonMiddleware,
  Http404,
  HttpResponse,
  HttpResponseRedirect,
  Middleware,
  noAppendSlash,
  path,
  rePath,
  type HttpRequest,
  type Settings,
} from '../../src';
import { makeApp } from '../helpers';

const ok = (text: string) => () => new HttpResponse(text);

const urls = [
  path('slash/', ok('slash view')),
  path('noslash', ok('noslash view')),
  path('gone', () => {
    throw new Http404('gone for good');
  }),
  path('gone/', ok('gone with slash')),
  path('optout/', noAppendSlash(ok('opted out'))),
  path('needsquoting#/', ok('quoted')),
  rePath('^(?:.+/)?security/$', ok('security')),
];

function app(extra: Partial<Settings> = {}) {
  return makeApp({ rootUrlconf: urls, middleware: [CommonMiddleware], ...extra });
}

test("'/slash' → 301 to '/slash/'", async () => {
  const res = await request(app()).get('/slash');
  expect(res.status).toBe(301);
  expect(res.headers.location).toBe('/slash/');
});

test('the query string is kept on the redirect, even one containing a slash', async () => {
  expect((await request(app()).get('/slash?test=1')).headers.location).toBe('/slash/?test=1');
  expect((await request(app()).get('/slash?test=slash/')).headers.location).toBe('/slash/?test=slash/');
});

test('a URL that already has its slash, or resolves without one, is left alone', async () => {
  const withSlash = await request(app()).get('/slash/');
  expect(withSlash.status).toBe(200);
  const slashless = await request(app()).get('/noslash');
  expect(slashless.status).toBe(200);
  expect(slashless.text).toBe('noslash view');
});

test('an unknown URL, with or without the slash, stays a 404', async () => {
  const res = await request(app()).get('/unknown');
  expect(res.status).toBe(404);
  expect(res.headers.location).toBeUndefined();
});

test('no redirect when the slash-less URL resolves and its view raised Http404', async () => {
  const res = await request(app()).get('/gone');
  expect(res.status).toBe(404);
  expect(res.headers.location).toBeUndefined();
});

test('appendSlash: false turns the redirect off', async () => {
  const res = await request(app({ appendSlash: false })).get('/slash');
  expect(res.status).toBe(404);
});

test('a view marked noAppendSlash is never the target of a redirect', async () => {
  expect((await request(app()).get('/optout')).status).toBe(404);
  expect((await request(app()).get('/optout/')).text).toBe('opted out');
});

test('the redirect target is URL-quoted', async () => {
  const res = await request(app()).get('/needsquoting%23');
  expect(res.status).toBe(301);
  expect(res.headers.location).toBe('/needsquoting%23/');
});

test('debug: a POST to the slash-less URL is a 500 explaining the slash URL, instead of losing the body', async () => {
  const res = await request(app({ debug: true })).post('/slash').type('form').send({ name: 'x' });
  expect(res.status).toBe(500);
  expect(res.text).toContain('You called this URL via POST');
  expect(res.text).toContain('/slash/ (note the trailing slash)');
  expect(res.headers.location).toBeUndefined();
});

test('debug off: a POST to the slash-less URL is redirected with 301', async () => {
  const res = await request(app()).post('/slash').type('form').send({ name: 'x' });
  expect(res.status).toBe(301);
  expect(res.headers.location).toBe('/slash/');
});

test.each([
  ['//evil.example/security', '/%2Fevil.example/security/'],
  ['/%2Fevil.example/security', '/%2Fevil.example/security/'],
  ['/%2F%2Fevil.example/security', '/%2F/evil.example/security/'],
  ['/%5Cevil.example/security', '/%5Cevil.example/security/'],
])('%s never redirects to another host (CVE-2018-14574)', async (target, expected) => {
  const res = await request(app()).get(target);
  expect(res.status).toBe(301);
  expect(res.headers.location).toBe(expected);
  expect(res.headers.location.startsWith('//')).toBe(false);
  expect(res.headers.location.startsWith('/\\')).toBe(false);
});

test('disallowedUserAgents → 403 for a matching User-Agent, every time, others pass', async () => {
  // A /g regex keeps lastIndex between test() calls: the check must not alternate.
  const a = app({ disallowedUserAgents: [/EvilBot/g, /^curl\//i] });
  for (let i = 0; i < 3; i++) {
    const res = await request(a).get('/slash/').set('User-Agent', 'Mozilla/5.0 EvilBot/2.1');
    expect(res.status).toBe(403);
  }
  expect((await request(a).get('/slash/').set('User-Agent', 'curl/8.0')).status).toBe(403);
  expect((await request(a).get('/slash/').set('User-Agent', 'Mozilla/5.0 Firefox')).status).toBe(200);
});

test('prependWww redirects to www., adding the slash in the same redirect', async () => {
  const a = app({ prependWww: true, allowedHosts: ['testserver', 'www.testserver'] });
  const plain = await request(a).get('/slash/?x=1').set('Host', 'testserver');
  expect(plain.status).toBe(301);
  expect(plain.headers.location).toBe('http://www.testserver/slash/?x=1');
  const slashless = await request(a).get('/slash').set('Host', 'testserver');
  expect(slashless.headers.location).toBe('http://www.testserver/slash/');
  const already = await request(a).get('/slash/').set('Host', 'www.testserver');
  expect(already.status).toBe(200);
});

test('a subclass can redirect with 302 through responseRedirectClass', async () => {
  class TemporaryCommon extends CommonMiddleware {
    override responseRedirectClass = HttpResponseRedirect;
  }
  const res = await request(app({ middleware: [TemporaryCommon] })).get('/slash');
  expect(res.status).toBe(302);
  expect(res.headers.location).toBe('/slash/');
});

test('the slash check uses request.urlconf when a middleware set one', async () => {
  const custom = [path('custom/', ok('custom urlconf'))];
  class UseCustom extends Middleware {
    override processRequest(request: HttpRequest) {
      request.urlconf = custom;
      return undefined;
    }
  }
  const a = app({ middleware: [CommonMiddleware, UseCustom] });
  const res = await request(a).get('/custom');
  expect(res.status).toBe(301);
  expect(res.headers.location).toBe('/custom/');
  expect((await request(a).get('/custom/')).text).toBe('custom urlconf');
  // The root urlconf's URLs are no longer reachable, so no redirect for them either.
  expect((await request(a).get('/slash')).status).toBe(404);
});

test('a non-ASCII query string does not crash the redirect', async () => {
  const res = await request(app()).get('/slash?drink=caf%C3%A9');
  expect(res.status).toBe(301);
  expect(res.headers.location).toBe('/slash/?drink=caf%C3%A9');
});

test('debug: prependWww with a slash-less POST refuses to drop the body too', async () => {
  const a = app({ debug: true, prependWww: true, allowedHosts: ['testserver'] });
  const res = await request(a).post('/slash').set('Host', 'testserver').type('form').send({ a: '1' });
  expect(res.status).toBe(500);
  expect(res.text).toContain('maintaining POST data');
});
