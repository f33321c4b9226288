/** defaultMiddleware(): Django's default order, and the full stack working together. */
import { gunzipSync } from 'node:zlib';
import request from 'supertest';
import {
  AuthenticationMiddleware,
  CommonMiddleware,
  ConditionalGetMiddleware,
  CsrfViewMiddleware,
  GZipMiddleware,
  HttpResponse,
  MessageMiddleware,
  SecurityMiddleware,
  SessionMiddleware,
  XFrameOptionsMiddleware,
  defaultMiddleware,
  path,
} from '../../src';
import { makeApp } from '../helpers';
import { rawGet } from './raw';

describe('defaultMiddleware()', () => {
  test("Django's order: Security, Session, Common, CsrfView, Authentication, Message, XFrameOptions", () => {
    expect(defaultMiddleware()).toEqual([
      SecurityMiddleware,
      SessionMiddleware,
      CommonMiddleware,
      CsrfViewMiddleware,
      AuthenticationMiddleware,
      MessageMiddleware,
      XFrameOptionsMiddleware,
    ]);
  });

  test('gzip and conditional GET go right after Security', () => {
    expect(defaultMiddleware({ gzip: true, conditionalGet: true }).slice(0, 4)).toEqual([
      SecurityMiddleware,
      GZipMiddleware,
      ConditionalGetMiddleware,
      SessionMiddleware,
    ]);
  });

  test('a page behind the whole stack has the security headers, and APPEND_SLASH still works', async () => {
    const app = makeApp({
      rootUrlconf: [path('page/', () => new HttpResponse('x'.repeat(500)))],
      middleware: defaultMiddleware({ gzip: true, conditionalGet: true }),
      session: { store: 'cookie' },
    });
    const res = await rawGet(app, '/page/', { 'Accept-Encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.etag).toMatch(/^W\/"[0-9a-f]{32}"$/);
    expect(gunzipSync(res.body as Buffer).toString()).toBe('x'.repeat(500));
    const again = await request(app).get('/page/').set('If-None-Match', String(res.headers.etag));
    expect(again.status).toBe(304);
    const slash = await request(app).get('/page');
    expect(slash.status).toBe(301);
    expect(slash.headers.location).toBe('/page/');
  });

  test('a POST without a CSRF token is refused by the default stack', async () => {
    const app = makeApp({ rootUrlconf: [path('form/', () => new HttpResponse('ok'))], middleware: defaultMiddleware(), session: { store: 'cookie' } });
    expect((await request(app).post('/form/')).status).toBe(403);
  });

  test('AuthenticationMiddleware without SessionMiddleware before it is a clear error', async () => {
    const app = makeApp({ rootUrlconf: [path('x/', () => new HttpResponse('x'))], middleware: [AuthenticationMiddleware], debug: true });
    const res = await request(app).get('/x/').set('Accept', 'text/plain');
    expect(res.status).toBe(500);
    expect(res.text).toContain('The authentication middleware requires session middleware to be installed.');
  });
});
