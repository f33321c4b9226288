import request from 'supertest';
import { JsonResponse, path, type HttpRequest } from '../../src';
import { makeApp } from '../helpers';

async function uploads(req: HttpRequest) {
  const files: Record<string, unknown[]> = Object.create(null);
  for (const field of req.FILES.keys()) {
    files[field] = await Promise.all(
      req.FILES.getList(field).map(async (f) => ({
        name: f.name,
        contentType: f.contentType,
        size: f.size,
        text: (await f.read()).toString('utf8'),
      })),
    );
  }
  return new JsonResponse({
    method: req.method,
    post: Object.fromEntries(req.POST.lists()),
    files,
    last: req.FILES.get('doc')?.name ?? null,
    has: req.FILES.has('doc'),
    bodyLength: req.body.length,
  });
}

const app = makeApp({
  dataUploadMaxMemorySize: 1000,
  fileUploadMaxSize: 5000,
  fileUploadMaxMemorySize: 100,
  rootUrlconf: [path('up/', uploads)],
});

describe('multipart forms', () => {
  test('fields go to POST, files to FILES', async () => {
    const res = await request(app)
      .post('/up/')
      .field('title', 'Report')
      .field('tag', 'a')
      .field('tag', 'b')
      .attach('doc', Buffer.from('hello file'), { filename: 'hello.txt', contentType: 'text/plain' });
    expect(res.status).toBe(200);
    expect(res.body.post).toEqual({ title: ['Report'], tag: ['a', 'b'] });
    expect(res.body.files).toEqual({ doc: [{ name: 'hello.txt', contentType: 'text/plain', size: 10, text: 'hello file' }] });
    expect(res.body.bodyLength).toBe(0);
  });

  test('several files in one field keep their order; get() is the last', async () => {
    const res = await request(app)
      .post('/up/')
      .attach('doc', Buffer.from('one'), 'one.txt')
      .attach('doc', Buffer.from('two'), 'two.txt');
    expect(res.body.files.doc.map((f: { name: string }) => f.name)).toEqual(['one.txt', 'two.txt']);
    expect(res.body.last).toBe('two.txt');
  });

  test('a file name is reduced to its base name (no directories from the client)', async () => {
    const res = await request(app).post('/up/').attach('doc', Buffer.from('x'), '../../etc/passwd');
    expect(res.body.files.doc[0].name).toBe('passwd');
  });

  test('a non-ASCII file name survives (RFC 5987 filename*)', async () => {
    const body =
      '--B\r\nContent-Disposition: form-data; name="doc"; filename*=UTF-8\'\'%E7%A5%9D%20r%C3%A9sum%C3%A9.txt\r\n' +
      'Content-Type: text/plain\r\n\r\ncontent\r\n--B--\r\n';
    const res = await request(app).post('/up/').set('Content-Type', 'multipart/form-data; boundary=B').send(body);
    expect(res.status).toBe(200);
    expect(res.body.files.doc[0].name).toBe('\u795d r\u00e9sum\u00e9.txt');
  });

  test('a file input left empty is not in FILES', async () => {
    const body =
      '--B\r\nContent-Disposition: form-data; name="doc"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n' +
      '--B\r\nContent-Disposition: form-data; name="title"\r\n\r\nT\r\n--B--\r\n';
    const res = await request(app).post('/up/').set('Content-Type', 'multipart/form-data; boundary=B').send(body);
    expect(res.status).toBe(200);
    expect(res.body.has).toBe(false);
    expect(res.body.files).toEqual({});
    expect(res.body.post).toEqual({ title: ['T'] });
  });

  test('a body cut off inside a file part that is skipped is a 400, and the server keeps serving', async () => {
    // busboy hands the end-of-form error to the skipped part's stream too: unheard, it would crash the process.
    const errors: unknown[] = [];
    const onError = (error: unknown) => errors.push(error);
    process.on('uncaughtException', onError);
    try {
      // A file part without a field name is skipped (as Django does), here before its end came.
      const body = '--B\r\nContent-Disposition: form-data; filename="x.txt"\r\nContent-Type: text/plain\r\n\r\nunfinished';
      const res = await request(app).post('/up/').set('Content-Type', 'multipart/form-data; boundary=B').send(body);
      expect(res.status).toBe(400);
      await new Promise((resolve) => setImmediate(resolve));
      expect(errors).toEqual([]);
      const next = await request(app).post('/up/').field('a', '1');
      expect(next.status).toBe(200);
    } finally {
      process.off('uncaughtException', onError);
    }
  });

  test('a file larger than dataUploadMaxMemorySize is fine: the limit excludes files', async () => {
    const res = await request(app).post('/up/').attach('doc', Buffer.alloc(3000, 0x61), 'big.txt');
    expect(res.status).toBe(200);
    expect(res.body.files.doc[0].size).toBe(3000);
    expect(res.body.files.doc[0].text).toBe('a'.repeat(3000));
  });

  test('a file larger than fileUploadMaxSize is a 413', async () => {
    const res = await request(app).post('/up/').attach('doc', Buffer.alloc(6000, 0x61), 'huge.txt');
    expect(res.status).toBe(413);
  });

  test('form fields larger than dataUploadMaxMemorySize in total are a 413', async () => {
    const res = await request(app).post('/up/').field('a', 'x'.repeat(600)).field('b', 'y'.repeat(600));
    expect(res.status).toBe(413);
    const ok = await request(app).post('/up/').field('a', 'x'.repeat(400));
    expect(ok.status).toBe(200);
  });

  test('a multipart PUT is not parsed (as Django): the bytes are in body', async () => {
    const res = await request(app).put('/up/').field('a', '1');
    expect(res.status).toBe(200);
    expect(res.body.post).toEqual({});
    expect(res.body.files).toEqual({});
    expect(res.body.bodyLength).toBeGreaterThan(0);
  });

  test('field names that look like prototype keys are plain keys', async () => {
    const res = await request(app)
      .post('/up/')
      .field('__proto__', 'p')
      .field('constructor[prototype][x]', 'c')
      .attach('__proto__', Buffer.from('f'), 'f.txt');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.post)).toEqual(['__proto__', 'constructor[prototype][x]']);
    expect(Object.keys(res.body.files)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
