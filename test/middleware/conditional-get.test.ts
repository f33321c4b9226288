/** Port of Django's tests/middleware/tests.py ConditionalGetMiddlewareTest. */
import { createHash } from 'node:crypto';
import request from 'supertest';
import { ConditionalGetMiddleware, HttpResponse, StreamingHttpResponse, path } from '../../src';
import { makeApp } from '../helpers';

const body = 'content of the page';
const md5 = `"${createHash('md5').update(body).digest('hex')}"`;
const LAST_MODIFIED = 'Sat, 12 Feb 2011 17:38:44 GMT';

const urls = [
  path('page/', () => {
    const res = new HttpResponse(body, { headers: { 'Cache-Control': 'max-age=60', Vary: 'Accept', 'X-Extra': 'dropped on 304' } });
    res.setCookie('kept', 'yes');
    return res;
  }),
  path('modified/', () => new HttpResponse(body, { headers: { 'Last-Modified': LAST_MODIFIED, ETag: '"v1"' } })),
  path('only-modified/', () => new HttpResponse(body, { headers: { 'Last-Modified': LAST_MODIFIED, 'Cache-Control': 'no-store' } })),
  path('no-store/', () => new HttpResponse(body, { headers: { 'Cache-Control': 'private, no-store' } })),
  path('missing/', () => new HttpResponse(body, { status: 404 })),
  path('stream/', () => new StreamingHttpResponse(['a', 'b'])),
  path('empty/', () => new HttpResponse('')),
];
const app = makeApp({ rootUrlconf: urls, middleware: [ConditionalGetMiddleware] });

describe('ConditionalGetMiddleware', () => {
  test('GET responses get an MD5 ETag of the body', async () => {
    expect((await request(app).get('/page/')).headers.etag).toBe(md5);
  });

  test('a matching If-None-Match is a 304 with no body that keeps the caching headers and the cookies', async () => {
    const res = await request(app).get('/page/').set('If-None-Match', md5);
    expect(res.status).toBe(304);
    expect(res.text).toBe('');
    expect(res.headers.etag).toBe(md5);
    expect(res.headers['cache-control']).toBe('max-age=60');
    expect(res.headers.vary).toBe('Accept');
    expect(res.headers['x-extra']).toBeUndefined();
    expect(String(res.headers['set-cookie'])).toContain('kept=yes');
  });

  test('If-None-Match: a list, weak comparison, and *', async () => {
    expect((await request(app).get('/page/').set('If-None-Match', `"other", W/${md5}`)).status).toBe(304);
    expect((await request(app).get('/page/').set('If-None-Match', '*')).status).toBe(304);
    expect((await request(app).get('/page/').set('If-None-Match', '"other"')).status).toBe(200);
  });

  test('If-Modified-Since at or after Last-Modified is a 304; before it, a 200', async () => {
    expect((await request(app).get('/only-modified/').set('If-Modified-Since', LAST_MODIFIED)).status).toBe(304);
    expect((await request(app).get('/only-modified/').set('If-Modified-Since', 'Sun, 13 Feb 2011 17:38:44 GMT')).status).toBe(304);
    expect((await request(app).get('/only-modified/').set('If-Modified-Since', 'Fri, 11 Feb 2011 17:38:44 GMT')).status).toBe(200);
    // Other date formats (RFC 850, asctime) and garbage.
    expect((await request(app).get('/only-modified/').set('If-Modified-Since', 'Saturday, 12-Feb-11 17:38:44 GMT')).status).toBe(304);
    expect((await request(app).get('/only-modified/').set('If-Modified-Since', 'Sat Feb 12 17:38:44 2011')).status).toBe(304);
    expect((await request(app).get('/only-modified/').set('If-Modified-Since', 'not a date')).status).toBe(200);
  });

  test('If-None-Match takes precedence over If-Modified-Since', async () => {
    const res = await request(app).get('/modified/').set('If-None-Match', '"v2"').set('If-Modified-Since', LAST_MODIFIED);
    expect(res.status).toBe(200);
  });

  test('a failed If-Match or If-Unmodified-Since is a 412', async () => {
    expect((await request(app).get('/modified/').set('If-Match', '"v2"')).status).toBe(412);
    expect((await request(app).get('/modified/').set('If-Match', '"v1"')).status).toBe(200);
    expect((await request(app).get('/modified/').set('If-Unmodified-Since', 'Fri, 11 Feb 2011 17:38:44 GMT')).status).toBe(412);
    expect((await request(app).get('/modified/').set('If-Unmodified-Since', LAST_MODIFIED)).status).toBe(200);
  });

  test('no ETag with Cache-Control: no-store, for streaming or empty bodies, or for other methods', async () => {
    expect((await request(app).get('/no-store/')).headers.etag).toBeUndefined();
    expect((await request(app).get('/stream/')).headers.etag).toBeUndefined();
    expect((await request(app).get('/empty/')).headers.etag).toBeUndefined();
    expect((await request(app).post('/page/')).headers.etag).toBeUndefined();
  });

  test('non-2xx responses are never turned into 304', async () => {
    const etag = (await request(app).get('/missing/')).headers.etag;
    const res = await request(app).get('/missing/').set('If-None-Match', etag ?? md5);
    expect(res.status).toBe(404);
  });
});
