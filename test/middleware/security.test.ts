/** Port of Django's tests/middleware/test_security.py (SecurityMiddleware). */
import request from 'supertest';
import { HttpResponse, SecurityMiddleware, path, type HttpRequest } from '../../src';
import { makeApp } from '../helpers';

const urls = [
  path('page/', () => new HttpResponse('page')),
  path('own-headers/', () =>
    new HttpResponse('own', {
      headers: {
        'X-Content-Type-Options': 'custom',
        'Referrer-Policy': 'no-referrer',
        'Cross-Origin-Opener-Policy': 'unsafe-none',
        'Strict-Transport-Security': 'max-age=1',
      },
    }),
  ),
  path('healthz/', () => new HttpResponse('healthy')),
  path('echo/', (request: HttpRequest) => new HttpResponse(request.getFullPath())),
];
const proxy = { secureProxySslHeader: ['x-forwarded-proto', 'https'] as [string, string] };
const app = (settings = {}) => makeApp({ rootUrlconf: urls, middleware: [SecurityMiddleware], ...proxy, ...settings });

describe('SecurityMiddleware headers', () => {
  test('defaults: nosniff, Referrer-Policy same-origin, Cross-Origin-Opener-Policy same-origin, no HSTS', async () => {
    const res = await request(app()).get('/page/').set('X-Forwarded-Proto', 'https');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  test('headers the view set are kept', async () => {
    const res = await request(app({ secureHstsSeconds: 3600 })).get('/own-headers/').set('X-Forwarded-Proto', 'https');
    expect(res.headers['x-content-type-options']).toBe('custom');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cross-origin-opener-policy']).toBe('unsafe-none');
    expect(res.headers['strict-transport-security']).toBe('max-age=1');
  });

  test('HSTS on HTTPS requests only, with includeSubDomains and preload', async () => {
    const hsts = app({ secureHstsSeconds: 31536000, secureHstsIncludeSubdomains: true, secureHstsPreload: true });
    const res = await request(hsts).get('/page/').set('X-Forwarded-Proto', 'https');
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains; preload');
    expect((await request(hsts).get('/page/')).headers['strict-transport-security']).toBeUndefined();
    const plain = await request(app({ secureHstsSeconds: 60 })).get('/page/').set('X-Forwarded-Proto', 'https');
    expect(plain.headers['strict-transport-security']).toBe('max-age=60');
  });

  test('each header can be turned off; Referrer-Policy takes a list', async () => {
    const res = await request(
      app({ secureContentTypeNosniff: false, secureReferrerPolicy: ['strict-origin', ' no-referrer-when-downgrade'], secureCrossOriginOpenerPolicy: null }),
    ).get('/page/');
    expect(res.headers['x-content-type-options']).toBeUndefined();
    expect(res.headers['referrer-policy']).toBe('strict-origin,no-referrer-when-downgrade');
    expect(res.headers['cross-origin-opener-policy']).toBeUndefined();
    expect((await request(app({ secureReferrerPolicy: null })).get('/page/')).headers['referrer-policy']).toBeUndefined();
  });
});

describe('secureSslRedirect', () => {
  const redirecting = app({ secureSslRedirect: true, secureRedirectExempt: [/^healthz\/$/] });

  test('plain HTTP gets a 301 to the same URL on https', async () => {
    const res = await request(redirecting).get('/echo/?a=1&b=2').set('Host', 'testserver');
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('https://testserver/echo/?a=1&b=2');
  });

  test('HTTPS requests and exempt paths are served', async () => {
    expect((await request(redirecting).get('/echo/').set('X-Forwarded-Proto', 'https')).status).toBe(200);
    expect((await request(redirecting).get('/healthz/')).text).toBe('healthy');
  });

  test('secureSslHost chooses the host of the redirect', async () => {
    const res = await request(app({ secureSslRedirect: true, secureSslHost: 'secure.example.com' })).get('/page/').set('Host', 'testserver');
    expect(res.headers.location).toBe('https://secure.example.com/page/');
  });

  test('a Host not in allowedHosts is a 400, never a redirect to it', async () => {
    const res = await request(redirecting).get('/page/').set('Host', 'evil.example');
    expect(res.status).toBe(400);
    expect(res.headers.location).toBeUndefined();
  });

  test('bad settings fail at start-up, naming the setting', () => {
    expect(() => app({ secureHstsSeconds: -5 })).toThrow(/secureHstsSeconds/);
    expect(() => app({ secureSslRedirect: 'yes' })).toThrow(/secureSslRedirect must be true or false/);
    expect(() => app({ secureRedirectExempt: [42] })).toThrow(/secureRedirectExempt/);
  });
});
