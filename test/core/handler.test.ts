/**
 * The handler in front of the chain (Django's tests/handlers and the Host checks of
 * tests/requests): path decoding, Host validation, the url context, and the writer.
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import request from 'supertest';
import { HttpResponse, StreamingHttpResponse, path, reverse, type HttpRequest } from '../../src';
import { makeApp, quietLogger } from '../helpers';
import { recorder } from './recorder';

/** Send raw bytes to an app and return the raw response text. */
async function raw(app: Parameters<typeof createServer>[1], text: string): Promise<string> {
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(text));
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString('latin1')));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
  } finally {
    server.close();
  }
}

function echoApp(log: string[] = [], extra = {}) {
  return makeApp({
    rootUrlconf: [
      path('café/', (r: HttpRequest) => new HttpResponse(`path=${r.path} info=${r.pathInfo}`)),
      path('x/', (r: HttpRequest) => new HttpResponse(`x ${r.GET.get('q') ?? ''}`)),
    ],
    middleware: [recorder('A', log)],
    ...extra,
  });
}

test('the path is percent-decoded before matching; request.path is decoded', async () => {
  const res = await request(echoApp()).get('/caf%C3%A9/');
  expect(res.status).toBe(200);
  expect(res.text).toBe('path=/café/ info=/café/');
});

test.each(['/caf%E9/', '/%zz/', '/%C3/'])('a malformed path %s is a 400, not a crash', async (target) => {
  const log: string[] = [];
  const res = await request(echoApp(log)).get(target);
  expect(res.status).toBe(400);
  expect(res.text).toContain('Bad Request (400)');
});

test('a Host not in allowedHosts is a 400 before any middleware runs', async () => {
  const log: string[] = [];
  const logger = quietLogger();
  const res = await request(echoApp(log, { logger })).get('/x/').set('Host', 'evil.example');
  expect(res.status).toBe(400);
  expect(log).toEqual([]);
  expect(logger.lines.join('\n')).toContain("Invalid HTTP_HOST header: 'evil.example'");
  // The same app still answers a good host afterwards (the last good host cache is not poisoned).
  expect((await request(echoApp(log)).get('/x/').set('Host', 'localhost')).status).toBe(200);
});

test('a second Host header is a 400 even when the first one is allowed', async () => {
  const app = echoApp();
  const good = await raw(app, 'GET /x/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
  expect(good).toMatch(/^HTTP\/1\.1 200 /);
  const twice = await raw(app, 'GET /x/ HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\nConnection: close\r\n\r\n');
  expect(twice).toMatch(/^HTTP\/1\.1 400 /);
});

test('an absolute-form request target (from a proxy) is matched on its path and query', async () => {
  const text = await raw(echoApp(), 'GET http://localhost/x/?q=proxied HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
  expect(text).toMatch(/^HTTP\/1\.1 200 /);
  expect(text.endsWith('x proxied')).toBe(true);
});

test('reverse() in a view uses that view’s app, even after another app was created', async () => {
  const first = makeApp({
    rootUrlconf: [
      path('films/', () => new HttpResponse(reverse('film-list')), { name: 'film-list' }),
    ],
  });
  makeApp({ rootUrlconf: [path('other/', () => new HttpResponse('other'), { name: 'other' })] });
  const res = await request(first).get('/films/');
  expect(res.status).toBe(200);
  expect(res.text).toBe('/films/');
});

test('the writer sends status, reason, every cookie and the content length', async () => {
  const app = makeApp({
    rootUrlconf: [
      path('cookies/', () => {
        const response = new HttpResponse('made', { status: 201, headers: { 'X-Custom': 'yes' } });
        response.setCookie('a', '1');
        response.setCookie('b', '2', { httpOnly: true });
        return response;
      }),
    ],
  });
  const res = await request(app).get('/cookies/');
  expect(res.status).toBe(201);
  expect(res.headers['x-custom']).toBe('yes');
  expect(res.headers['content-length']).toBe('4');
  expect(res.headers['set-cookie']).toEqual(expect.arrayContaining([expect.stringMatching(/^a=1/), expect.stringMatching(/^b=2.*HttpOnly/)]));
});

test('a streaming response is streamed, with processResponse run before the first byte', async () => {
  const log: string[] = [];
  async function* chunks() {
    log.push('stream started');
    yield 'one,';
    yield 'two';
  }
  const app = makeApp({
    rootUrlconf: [path('stream/', () => new StreamingHttpResponse(chunks()))],
    middleware: [recorder('A', log)],
  });
  const res = await request(app).get('/stream/');
  expect(res.status).toBe(200);
  expect(res.text).toBe('one,two');
  expect(res.headers['content-length']).toBeUndefined();
  expect(log.indexOf('A.processResponse:200')).toBeLessThan(log.indexOf('stream started'));
});

test('a dataSource that fails to initialise gives 500s, not hangs', async () => {
  const logger = quietLogger();
  const dataSource = { isInitialized: false, initialize: () => Promise.reject(new Error('no database')) };
  const app = makeApp({ logger, dataSource, rootUrlconf: [path('x/', () => new HttpResponse('x'))] });
  await expect(app.ready()).rejects.toThrow('no database');
  const res = await request(app).get('/x/');
  expect(res.status).toBe(500);
  expect(logger.lines.join('\n')).toContain('no database');
});

test('requests wait for the dataSource to be initialised', async () => {
  let initialised = false;
  const dataSource = {
    isInitialized: false,
    initialize: () => new Promise<void>((resolve) => setTimeout(() => ((initialised = true), resolve()), 30)),
  };
  const app = makeApp({ dataSource, rootUrlconf: [path('x/', () => new HttpResponse(String(initialised)))] });
  const res = await request(app).get('/x/');
  expect(res.text).toBe('true');
});

test('a body over dataUploadMaxMemorySize is a 413 seen by processResponse; the log names the path, not the body', async () => {
  const log: string[] = [];
  const logger = quietLogger();
  const app = makeApp({
    logger,
    dataUploadMaxMemorySize: 100,
    rootUrlconf: [path('upload/', (r: HttpRequest) => new HttpResponse(`got ${r.POST.get('secret')}`))],
    middleware: [recorder('A', log)],
  });
  const res = await request(app).post('/upload/').type('form').send({ secret: 'sekrit-value-'.repeat(20) });
  expect(res.status).toBe(413);
  expect(log).toEqual(['A.processRequest', 'A.processResponse:413']);
  const logged = logger.lines.join('\n');
  expect(logged).toContain('POST /upload/');
  expect(logged).not.toContain('sekrit-value');
  const small = await request(app).post('/upload/').type('form').send({ secret: 'tiny' });
  expect(small.text).toBe('got tiny');
});

test('a factory layer that resolves to nothing is a 500 naming middleware[i]', async () => {
  const app = makeApp({
    debug: true,
    rootUrlconf: [path('x/', () => new HttpResponse('x'))],
    middleware: [function forgetful() {
      return async () => undefined;
    } as never],
  });
  const res = await request(app).get('/x/');
  expect(res.status).toBe(500);
  expect(res.text).toContain('middleware[0] (forgetful) didn&#39;t return an HttpResponse object. It returned undefined instead');
});

test('a malformed Cookie header does not break the request', async () => {
  const app = makeApp({ rootUrlconf: [path('c/', (r: HttpRequest) => new HttpResponse(`a=${r.COOKIES.a}`))] });
  const res = await request(app).get('/c/').set('Cookie', 'a=1; b=%E2%28%A1; =novalue; c');
  expect(res.status).toBe(200);
  expect(res.text).toBe('a=1');
});

describe('request.urlconf set by a middleware', () => {
  test('switches resolution, and reverse() inside the view follows it', async () => {
    const { reverse, Middleware, path: p } = await import('../../src');
    const alternate = [p('other/<int:n>/', (_r, kw) => new HttpResponse(reverse('alt', { kwargs: { n: kw.n + 1 } })), { name: 'alt' })];
    class SwitchUrlconf extends Middleware {
      override processRequest(request: HttpRequest) {
        if (request.headers.get('x-alt') === '1') request.urlconf = alternate;
      }
    }
    const app = makeApp({ middleware: [SwitchUrlconf], rootUrlconf: [p('main/', () => new HttpResponse('main'))] });
    const switched = await request(app).get('/other/1/').set('x-alt', '1');
    expect(switched.status).toBe(200);
    expect(switched.text).toBe('/other/2/');
    expect((await request(app).get('/other/1/')).status).toBe(404);
    expect((await request(app).get('/main/')).text).toBe('main');
  });
});
