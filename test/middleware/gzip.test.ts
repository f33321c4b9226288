/** Port of Django's tests/middleware/tests.py GZipMiddlewareTest (including the "Heal the Breach" random header). */
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { GZipMiddleware, HttpResponse, StreamingHttpResponse, path } from '../../src';
import { makeApp } from '../helpers';
import { rawGet } from './raw';

const text = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(40);
const noise = randomBytes(1000);

const urls = [
  path('big/', () => new HttpResponse(text, { contentType: 'text/plain' })),
  path('small/', () => new HttpResponse('short and sweet')),
  path('encoded/', () => new HttpResponse(text, { headers: { 'Content-Encoding': 'br' } })),
  path('noise/', () => new HttpResponse(noise, { contentType: 'application/octet-stream' })),
  path('etag/', () => new HttpResponse(text, { headers: { ETag: '"abc"' } })),
  path('weak-etag/', () => new HttpResponse(text, { headers: { ETag: 'W/"abc"' } })),
  path('stream/', () => new StreamingHttpResponse((function* () { for (let i = 0; i < 50; i++) yield `chunk ${i} ${'z'.repeat(50)}\n`; })())),
];
const app = makeApp({ rootUrlconf: urls, middleware: [GZipMiddleware] });

/** Get a URL as raw bytes. */
const raw = (url: string, acceptEncoding = 'gzip, deflate, br') => rawGet(app, url, { 'Accept-Encoding': acceptEncoding });

describe('GZipMiddleware', () => {
  test('a compressible body is gzipped when the client accepts it', async () => {
    const res = await raw('/big/');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toBe('Accept-Encoding');
    const body = res.body as Buffer;
    expect(Number(res.headers['content-length'])).toBe(body.length);
    expect(body.length).toBeLessThan(Buffer.byteLength(text));
    expect(gunzipSync(body).toString()).toBe(text);
  });

  test('the gzip header carries random bytes, so two responses differ in length (BREACH mitigation)', async () => {
    const lengths = new Set<number>();
    for (let i = 0; i < 8; i++) {
      const body = (await raw('/big/')).body as Buffer;
      expect(body[3] & 0x08).toBe(0x08);
      expect(gunzipSync(body).toString()).toBe(text);
      lengths.add(body.length);
    }
    expect(lengths.size).toBeGreaterThan(1);
  });

  test('bodies under 200 bytes are left alone', async () => {
    const res = await raw('/small/');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers.vary).toBeUndefined();
  });

  test('without gzip in Accept-Encoding nothing is compressed, but the response varies on it', async () => {
    const res = await raw('/big/', 'deflate, br');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect((res.body as Buffer).toString()).toBe(text);
  });

  test('an already encoded response is left alone', async () => {
    const res = await raw('/encoded/');
    expect(res.headers['content-encoding']).toBe('br');
    expect((res.body as Buffer).toString()).toBe(text);
  });

  test('an incompressible body is sent as it is', async () => {
    const res = await raw('/noise/');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(Buffer.compare(res.body as Buffer, noise)).toBe(0);
  });

  test('a strong ETag is weakened; a weak one is kept', async () => {
    expect((await raw('/etag/')).headers.etag).toBe('W/"abc"');
    expect((await raw('/weak-etag/')).headers.etag).toBe('W/"abc"');
  });

  test('streaming responses are compressed as they stream, without Content-Length', async () => {
    const res = await raw('/stream/');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-length']).toBeUndefined();
    const lines = gunzipSync(res.body as Buffer).toString().trim().split('\n');
    expect(lines).toHaveLength(50);
    expect(lines[49]).toBe(`chunk 49 ${'z'.repeat(50)}`);
  });
});
