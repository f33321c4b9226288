import { existsSync } from 'node:fs';
import request from 'supertest';
import { HttpResponse, JsonResponse, path, type HttpRequest } from '../../src';
import { makeApp } from '../helpers';
import { chunkedPost, listen, prototypeIsClean, rawRequest, statusOf, type Live } from './util';

let viewRuns = 0;
const tempPaths: string[] = [];

function echo(request: HttpRequest) {
  viewRuns++;
  return new JsonResponse({
    get: Object.fromEntries(request.GET.lists()),
    post: Object.fromEntries(request.POST.lists()),
  });
}

function body(request: HttpRequest) {
  viewRuns++;
  return new HttpResponse(`got ${request.body.length} bytes`);
}

function json(request: HttpRequest) {
  viewRuns++;
  const data = request.json<Record<string, unknown>>();
  return new JsonResponse({ keys: Object.keys(data) });
}

async function upload(request: HttpRequest) {
  viewRuns++;
  const file = request.FILES.get('doc');
  if (!file) return new HttpResponse('no file', { status: 422 });
  if (file.tempPath) tempPaths.push(file.tempPath);
  const bytes = await file.read();
  return new JsonResponse({
    name: file.name,
    size: file.size,
    inMemory: file.buffer !== null,
    onDisk: file.tempPath !== null && existsSync(file.tempPath),
    allSame: bytes.every((b) => b === 0x61),
    title: request.POST.get('title') ?? null,
  });
}

const app = makeApp({
  dataUploadMaxMemorySize: 1024,
  dataUploadMaxNumberFields: 20,
  dataUploadMaxNumberFiles: 2,
  fileUploadMaxMemorySize: 2048,
  rootUrlconf: [
    path('echo/', echo),
    path('body/', body),
    path('json/', json),
    path('upload/', upload),
    path('ok/', () => new HttpResponse('ok')),
  ],
});

let live: Live;
beforeAll(async () => {
  live = await listen(app);
});
afterAll(() => live.close());
beforeEach(() => {
  viewRuns = 0;
});

/** After every hostile request: the server still answers, and no prototype was touched. */
async function stillHealthy(): Promise<void> {
  const res = await request(live.server).get('/ok/');
  expect(res.status).toBe(200);
  expect(res.text).toBe('ok');
  expect(prototypeIsClean()).toBe(true);
}

function expectClientError(res: { status: number; text: string }): void {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  // debug is off: no stack trace, no file names, no exception details.
  expect(res.text).not.toMatch(/at .*\.ts:\d+|node_modules|Error:/);
}

describe('hostile URLs', () => {
  test.each([
    ['malformed percent-encoding', '/ok%/'],
    ['truncated escape', '/ok%2/'],
    ['invalid UTF-8 (%FF)', '/%FF/'],
    ['overlong UTF-8', '/%C0%AF/'],
    ['NUL byte', '/ok/%00/'],
  ])('%s in the path is a 400, not a 500', async (_label, url) => {
    const res = await request(live.server).get(url);
    expect(res.status).toBe(400);
    expectClientError(res);
    expect(res.text).toContain('Bad Request (400)');
    await stillHealthy();
  });

  test('malformed percent-encoding and invalid UTF-8 in the query are kept, not fatal', async () => {
    const res = await request(live.server).get('/echo/?a=%&b=%FF&c=%zz&d=ok%20');
    expect(res.status).toBe(200);
    expect(res.body.get).toEqual({ a: ['%'], b: ['\uFFFD'], c: ['%zz'], d: ['ok '] });
    await stillHealthy();
  });

  test('a very long path is a 404, not a 500', async () => {
    const res = await request(live.server).get('/' + 'a'.repeat(8000) + '/');
    expect(res.status).toBe(404);
    expectClientError(res);
    await stillHealthy();
  });
});

describe('prototype pollution through field names', () => {
  const hostile = '__proto__[x]=1&constructor[prototype][x]=1&__proto__=1&constructor=2&toString=3&hasOwnProperty=4';
  // Built from pairs: an object literal with a `__proto__` key would set the prototype instead.
  const expected = Object.fromEntries([
    ['__proto__[x]', ['1']],
    ['constructor[prototype][x]', ['1']],
    ['__proto__', ['1']],
    ['constructor', ['2']],
    ['toString', ['3']],
    ['hasOwnProperty', ['4']],
  ]);

  test('in the query string they are plain keys of QueryDict', async () => {
    const res = await request(live.server).get('/echo/?' + hostile);
    expect(res.status).toBe(200);
    // JsonResponse sends what QueryDict holds: the keys exactly as sent.
    const get = JSON.parse(res.text).get;
    expect(Object.keys(get)).toEqual(Object.keys(expected));
    expect(Object.entries(get)).toEqual(Object.entries(expected));
    await stillHealthy();
  });

  test('in a urlencoded body they are plain keys of QueryDict', async () => {
    const res = await request(live.server).post('/echo/').type('form').send(hostile);
    expect(res.status).toBe(200);
    const post = JSON.parse(res.text).post;
    expect(Object.keys(post)).toEqual(Object.keys(expected));
    expect(Object.entries(post)).toEqual(Object.entries(expected));
    await stillHealthy();
  });

  test('a JSON body with "__proto__" is a 400', async () => {
    const res = await request(live.server)
      .post('/json/')
      .set('Content-Type', 'application/json')
      .send('{"a": 1, "__proto__": {"x": "polluted"}}');
    expect(res.status).toBe(400);
    expectClientError(res);
    await stillHealthy();
  });

  test('a JSON body with "constructor": {"prototype": …} is a 400', async () => {
    const res = await request(live.server)
      .post('/json/')
      .set('Content-Type', 'application/json')
      .send('{"constructor": {"prototype": {"x": "polluted"}}}');
    expect(res.status).toBe(400);
    expectClientError(res);
    await stillHealthy();
  });

  test('malformed JSON is a 400; valid JSON reaches the view', async () => {
    const bad = await request(live.server).post('/json/').set('Content-Type', 'application/json').send('{"a": ');
    expect(bad.status).toBe(400);
    expectClientError(bad);
    const good = await request(live.server).post('/json/').set('Content-Type', 'application/json').send('{"a": 1, "b": 2}');
    expect(good.status).toBe(200);
    expect(good.body).toEqual({ keys: ['a', 'b'] });
    await stillHealthy();
  });
});

describe('body limits', () => {
  test('a body over dataUploadMaxMemorySize announced by Content-Length is a 413 and the view never runs', async () => {
    const res = await request(live.server).post('/body/').set('Content-Type', 'text/plain').send('x'.repeat(5000));
    expect(res.status).toBe(413);
    expectClientError(res);
    expect(res.text).toContain('Request Entity Too Large');
    expect(viewRuns).toBe(0);
    await stillHealthy();
  });

  test('a body just under the limit is read', async () => {
    const res = await request(live.server).post('/body/').set('Content-Type', 'text/plain').send('x'.repeat(1024));
    expect(res.status).toBe(200);
    expect(res.text).toBe('got 1024 bytes');
  });

  test('a chunked body (no Content-Length) is refused while streaming with a 413', async () => {
    const chunks = Array.from({ length: 400 }, () => Buffer.alloc(512, 0x62));
    const res = await chunkedPost(live.port, '/body/', chunks);
    expect(res.status).toBe(413);
    expect(res.body).toContain('Request Entity Too Large');
    expect(res.sentAll).toBe(false); // refused long before the 200 KB were sent
    expect(viewRuns).toBe(0);
    await stillHealthy();
  });

  test('a small chunked body is read', async () => {
    const res = await chunkedPost(live.port, '/body/', [Buffer.from('abc'), Buffer.from('def')]);
    expect(res.status).toBe(200);
    expect(res.body).toBe('got 6 bytes');
  });

  test('more query fields than dataUploadMaxNumberFields is a 400', async () => {
    const query = Array.from({ length: 21 }, (_, i) => `f${i}=${i}`).join('&');
    const res = await request(live.server).get('/echo/?' + query);
    expect(res.status).toBe(400);
    expectClientError(res);
    const ok = await request(live.server).get('/echo/?' + query.split('&').slice(0, 20).join('&'));
    expect(ok.status).toBe(200);
    await stillHealthy();
  });

  test('more body fields than dataUploadMaxNumberFields is a 400', async () => {
    const form = Array.from({ length: 21 }, (_, i) => `f${i}=${i}`).join('&');
    const res = await request(live.server).post('/echo/').type('form').send(form);
    expect(res.status).toBe(400);
    expectClientError(res);
    await stillHealthy();
  });

  test('more multipart fields than dataUploadMaxNumberFields is a 400', async () => {
    let req = request(live.server).post('/echo/');
    for (let i = 0; i < 25; i++) req = req.field(`f${i}`, String(i));
    const res = await req;
    expect(res.status).toBe(400);
    expectClientError(res);
    await stillHealthy();
  });
});

describe('hostile multipart', () => {
  test('a body whose boundary does not match the header is a 400', async () => {
    const res = await request(live.server)
      .post('/upload/')
      .set('Content-Type', 'multipart/form-data; boundary=XYZ')
      .send('--ABC\r\nContent-Disposition: form-data; name="title"\r\n\r\nhi\r\n--ABC--\r\n');
    expect(res.status).toBe(400);
    expectClientError(res);
    expect(viewRuns).toBe(0);
    await stillHealthy();
  });

  test('a multipart body without a boundary parameter is a 400', async () => {
    const res = await request(live.server).post('/upload/').set('Content-Type', 'multipart/form-data').send('whatever');
    expect(res.status).toBe(400);
    expectClientError(res);
    expect(viewRuns).toBe(0);
    await stillHealthy();
  });

  test('a truncated multipart body is a 400', async () => {
    const res = await request(live.server)
      .post('/upload/')
      .set('Content-Type', 'multipart/form-data; boundary=XYZ')
      .send('--XYZ\r\nContent-Disposition: form-data; name="doc"; filename="a.txt"\r\n\r\naaaa');
    expect(res.status).toBe(400);
    expectClientError(res);
    await stillHealthy();
  });

  test('more files than dataUploadMaxNumberFiles is a 400', async () => {
    const res = await request(live.server)
      .post('/upload/')
      .attach('doc', Buffer.from('a'), 'a.txt')
      .attach('doc', Buffer.from('a'), 'b.txt')
      .attach('doc', Buffer.from('a'), 'c.txt');
    expect(res.status).toBe(400);
    expectClientError(res);
    expect(viewRuns).toBe(0);
    await stillHealthy();
  });

  test('a file over fileUploadMaxMemorySize goes to a temporary file, removed after the response', async () => {
    tempPaths.length = 0;
    const res = await request(live.server)
      .post('/upload/')
      .field('title', 'big one')
      .attach('doc', Buffer.alloc(10_000, 0x61), 'big.bin');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ name: 'big.bin', size: 10_000, inMemory: false, onDisk: true, allSame: true, title: 'big one' });
    expect(tempPaths).toHaveLength(1);
    // Removed once the response has been sent.
    for (let i = 0; i < 50 && existsSync(tempPaths[0]); i++) await new Promise((r) => setTimeout(r, 10));
    expect(existsSync(tempPaths[0])).toBe(false);
    await stillHealthy();
  });

  test('a file under fileUploadMaxMemorySize stays in memory', async () => {
    const res = await request(live.server).post('/upload/').attach('doc', Buffer.alloc(100, 0x61), 'small.bin');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'small.bin', size: 100, inMemory: true, onDisk: false, allSame: true });
  });
});

describe('hostile Host headers', () => {
  test('a Host not in allowedHosts is a 400 without the view running', async () => {
    const res = await request(live.server).get('/echo/').set('Host', 'evil.example.com');
    expect(res.status).toBe(400);
    expectClientError(res);
    expect(res.text).not.toContain('evil.example.com');
    expect(viewRuns).toBe(0);
    await stillHealthy();
  });

  test.each([['ev<il>.com'], ['localhost/../x'], ['local host'], ["localhost'\"<script>"], ['[::1']])(
    'a Host with garbage characters (%s) is a 400',
    async (host) => {
      const raw = await rawRequest(live.port, `GET /echo/ HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      const status = statusOf(raw);
      expect(status).toBe(400);
      expect(raw).not.toContain('<script>');
      expect(viewRuns).toBe(0);
      await stillHealthy();
    },
  );

  test('two Host headers are a 400, even when both are allowed', async () => {
    const raw = await rawRequest(
      live.port,
      'GET /ok/ HTTP/1.1\r\nHost: localhost\r\nHost: evil.example.com\r\nConnection: close\r\n\r\n',
    );
    expect(statusOf(raw)).toBe(400);
    const same = await rawRequest(live.port, 'GET /ok/ HTTP/1.1\r\nHost: localhost\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(statusOf(same)).toBe(400);
    const good = await rawRequest(live.port, 'GET /ok/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(statusOf(good)).toBe(200);
    expect(good.endsWith('ok')).toBe(true);
    await stillHealthy();
  });
});

describe('with debug on, the same inputs are 4xx with a message that names the fix', () => {
  const debugApp = makeApp({
    debug: true,
    dataUploadMaxMemorySize: 1024,
    dataUploadMaxNumberFields: 20,
    rootUrlconf: [path('echo/', echo), path('body/', body), path('upload/', upload), path('json/', json)],
  });

  test.each([
    ['bad path encoding', () => request(debugApp).get('/%FF/'), 400, 'malformed percent-encoding or is not UTF-8'],
    ['NUL in path', () => request(debugApp).get('/a%00/'), 400, 'NUL byte'],
    ['body too big', () => request(debugApp).post('/body/').set('Content-Type', 'text/plain').send('x'.repeat(2000)), 413, 'dataUploadMaxMemorySize'],
    ['too many fields', () => request(debugApp).get('/echo/?' + 'a=1&'.repeat(30)), 400, 'dataUploadMaxNumberFields'],
    ['host not allowed', () => request(debugApp).get('/echo/').set('Host', 'nope.example'), 400, 'allowedHosts'],
    ['no boundary', () => request(debugApp).post('/upload/').set('Content-Type', 'multipart/form-data').send('x'), 400, 'Invalid multipart body'],
    ['malformed JSON', () => request(debugApp).post('/json/').set('Content-Type', 'application/json').send('{'), 400, 'not valid JSON'],
  ] as const)('%s', async (_label, send, status, message) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.text).toContain(message);
    expect((await request(debugApp).get('/echo/?ok=1')).status).toBe(200);
    expect(prototypeIsClean()).toBe(true);
  });
});
