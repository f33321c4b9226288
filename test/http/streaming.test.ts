import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import request from 'supertest';
import { FileResponse, HttpResponse, StreamingHttpResponse, path, type HttpRequest } from '../../src';
import { makeApp, quietLogger } from '../helpers';

const dir = mkdtempSync(join(tmpdir(), 'egv-stream-'));
const textFile = join(dir, 'notes.txt');
writeFileSync(textFile, 'line one\nline two\n');
const bigFile = join(dir, 'big.bin');
writeFileSync(bigFile, Buffer.alloc(200_000, 7));
const odd = join(dir, 'data.unknownext');
writeFileSync(odd, 'xyz');

async function* countTo(n: number) {
  for (let i = 1; i <= n; i++) {
    await new Promise((r) => setImmediate(r));
    yield `${i},`;
  }
}

let lastFile: FileResponse | null = null;

const logger = quietLogger();
const app = makeApp({
  logger,
  middleware: [
    // A middleware that transforms streaming bodies through streamingContent (never .content).
    (getResponse: (r: HttpRequest) => Promise<HttpResponse>) => async (req: HttpRequest) => {
      const response = await getResponse(req);
      if (req.GET.has('upper') && response instanceof StreamingHttpResponse) {
        const source = response.streamingContent;
        response.streamingContent = (async function* () {
          for await (const chunk of source as AsyncIterable<string | Buffer>) yield chunk.toString().toUpperCase();
        })();
      }
      return response;
    },
  ],
  rootUrlconf: [
    path('gen/', () => new StreamingHttpResponse(countTo(5), { contentType: 'text/plain' })),
    path('array/', () => new StreamingHttpResponse(['a', Buffer.from('b'), 'c'])),
    path('words/', () => new StreamingHttpResponse((async function* () { yield 'hello '; yield 'world'; })())),
    path('broken/', () =>
      new StreamingHttpResponse(
        (async function* () {
          yield 'partial,';
          throw new Error('source failed');
        })(),
      ),
    ),
    path('content/', () => {
      const r = new StreamingHttpResponse(['x']);
      try {
        void r.content;
        return new HttpResponse('readable');
      } catch (error) {
        return new HttpResponse((error as Error).message);
      }
    }),
    path('file/', () => (lastFile = new FileResponse(textFile))),
    path('download/', () => new FileResponse(textFile, { asAttachment: true })),
    path('renamed/', () => new FileResponse(textFile, { asAttachment: true, filename: 'r\u00e9sum\u00e9 \u795d.txt' })),
    path('quoted/', () => new FileResponse(textFile, { asAttachment: true, filename: 'say "hi"\\.txt' })),
    path('typed/', () => new FileResponse(textFile, { contentType: 'text/csv; charset=utf-8' })),
    path('odd/', () => new FileResponse(odd)),
    path('big/', () => (lastFile = new FileResponse(bigFile))),
    path('stream/', () => new FileResponse(Readable.from([Buffer.from('from '), Buffer.from('a stream')]), { filename: 'x.csv' })),
    path('missing/', () => new FileResponse(join(dir, 'nope.txt'))),
  ],
});

describe('StreamingHttpResponse', () => {
  test('from an async generator: chunked, no Content-Length', async () => {
    const res = await request(app).get('/gen/');
    expect(res.status).toBe(200);
    expect(res.text).toBe('1,2,3,4,5,');
    expect(res.headers['content-type']).toBe('text/plain');
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.headers['transfer-encoding']).toBe('chunked');
  });

  test('from an array of strings and buffers', async () => {
    const res = await request(app).get('/array/');
    expect(res.text).toBe('abc');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  test('middleware transforms it through streamingContent', async () => {
    const res = await request(app).get('/words/?upper=1');
    expect(res.text).toBe('HELLO WORLD');
  });

  test('reading .content is a TypeError that points to streamingContent', async () => {
    const res = await request(app).get('/content/');
    expect(res.text).toBe('This StreamingHttpResponse instance has no `content` attribute. Use `streamingContent` instead.');
  });

  test('a source that fails mid-body cuts the connection (the status was sent); the server goes on', async () => {
    await expect(request(app).get('/broken/')).rejects.toThrow();
    const next = await request(app).get('/gen/');
    expect(next.text).toBe('1,2,3,4,5,');
  });

  test('HEAD gets the headers and no body', async () => {
    const res = await request(app).head('/gen/');
    expect(res.status).toBe(200);
    expect(res.text ?? '').toBe('');
    expect(res.headers['content-type']).toBe('text/plain');
  });
});

describe('FileResponse', () => {
  test('inline by default, with Content-Type from the name and Content-Length from the file', async () => {
    const res = await request(app).get('/file/');
    expect(res.status).toBe(200);
    expect(res.text).toBe('line one\nline two\n');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers['content-length']).toBe('18');
    expect(res.headers['content-disposition']).toBe('inline; filename="notes.txt"');
  });

  test('asAttachment makes it a download', async () => {
    const res = await request(app).get('/download/');
    expect(res.headers['content-disposition']).toBe('attachment; filename="notes.txt"');
  });

  test('a non-ASCII filename uses the RFC 5987 form', async () => {
    const res = await request(app).get('/renamed/');
    const disposition = res.headers['content-disposition'];
    expect(disposition).toBe("attachment; filename*=utf-8''r%C3%A9sum%C3%A9%20%E7%A5%9D.txt");
  });

  test('quotes and backslashes in the filename are escaped', async () => {
    const res = await request(app).get('/quoted/');
    expect(res.headers['content-disposition']).toBe('attachment; filename="say \\"hi\\"\\\\.txt"');
  });

  test('an explicit contentType wins; an unknown extension is application/octet-stream', async () => {
    expect((await request(app).get('/typed/')).headers['content-type']).toBe('text/csv; charset=utf-8');
    expect((await request(app).get('/odd/')).headers['content-type']).toBe('application/octet-stream');
  });

  test('a large file arrives whole, and the file is closed after', async () => {
    const res = await request(app)
      .get('/big/')
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.headers['content-length']).toBe('200000');
    expect((res.body as Buffer).length).toBe(200_000);
    expect((res.body as Buffer).every((b) => b === 7)).toBe(true);
    const stream = (lastFile as unknown as { stream: { destroyed: boolean } }).stream;
    for (let i = 0; i < 20 && !stream.destroyed; i++) await new Promise((r) => setTimeout(r, 10));
    expect(stream.destroyed).toBe(true);
  });

  test('HEAD sends Content-Length and no body, and never opens the file', async () => {
    const res = await request(app).head('/file/');
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe('18');
    expect(res.text ?? '').toBe('');
    expect((lastFile as unknown as { stream: unknown }).stream).toBeNull();
  });

  test('from any Readable, with the type taken from filename', async () => {
    const res = await request(app).get('/stream/');
    expect(res.text).toBe('from a stream');
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.headers['content-disposition']).toBe('inline; filename="x.csv"');
  });

  test('a missing file fails in the view (a 500), not half-way through the response', async () => {
    const res = await request(app).get('/missing/');
    expect(res.status).toBe(500);
    expect(res.text).toContain('Server Error (500)');
    expect(res.text).not.toContain('nope.txt');
  });
});
