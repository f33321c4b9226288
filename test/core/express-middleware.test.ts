/**
 * fromExpress(): real Express/connect middleware as layers of the chain. next() goes on inward,
 * next(err) is an exception at that layer, answering the request short-circuits.
 */
import compression from 'compression';
import cookieParser from 'cookie-parser';
import express from 'express';
import helmet from 'helmet';
import morgan from 'morgan';
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import request from 'supertest';
import { HttpResponse, fromExpress, path, reverse, type HttpRequest } from '../../src';
import { makeApp, quietLogger } from '../helpers';
import { recorder, recordingView } from './recorder';

const BIG = 'All work and no play makes Jack a dull boy. '.repeat(200);

test('helmet sets its security headers on a framework response', async () => {
  const app = makeApp({ rootUrlconf: [path('page/', () => new HttpResponse('page'))], middleware: [fromExpress(helmet())] });
  const res = await request(app).get('/page/');
  expect(res.status).toBe(200);
  expect(res.text).toBe('page');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
});

test('a framework response header wins over the same header set by an Express middleware', async () => {
  const app = makeApp({
    rootUrlconf: [path('page/', () => new HttpResponse('page', { headers: { 'X-Frame-Options': 'DENY' } }))],
    middleware: [fromExpress(helmet())],
  });
  const res = await request(app).get('/page/');
  expect(res.headers['x-frame-options']).toBe('DENY');
});

test('compression gzips a large framework response, and the body decodes to what the view returned', async () => {
  const app = makeApp({ rootUrlconf: [path('big/', () => new HttpResponse(BIG))], middleware: [fromExpress(compression())] });
  // supertest would decode the body itself; read the bytes off the wire instead.
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const res = await new Promise<{ status?: number; headers: IncomingHttpHeaders; wire: Buffer }>((resolve, reject) => {
    httpGet({ port, host: '127.0.0.1', path: '/big/', headers: { 'Accept-Encoding': 'gzip' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, wire: Buffer.concat(chunks) }));
    }).on('error', reject);
  }).finally(() => server.close());
  expect(res.status).toBe(200);
  expect(res.headers['content-encoding']).toBe('gzip');
  expect(res.headers['content-length']).toBeUndefined();
  const wire = res.wire;
  expect(wire.length).toBeLessThan(BIG.length / 4);
  expect(gunzipSync(wire).toString()).toBe(BIG);
});

test('compression leaves a small response alone', async () => {
  const app = makeApp({ rootUrlconf: [path('small/', () => new HttpResponse('tiny'))], middleware: [fromExpress(compression())] });
  const res = await request(app).get('/small/').set('Accept-Encoding', 'gzip');
  expect(res.headers['content-encoding']).toBeUndefined();
  expect(res.text).toBe('tiny');
});

test('morgan logs one line per request, with the final status, to the stream it is given', async () => {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  const app = makeApp({
    rootUrlconf: [path('made/', () => new HttpResponse('made', { status: 201 }))],
    middleware: [fromExpress(morgan(':method :url :status', { stream }))],
  });
  await request(app).get('/made/?x=1');
  await request(app).get('/missing/');
  for (let i = 0; i < 50 && lines.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(lines).toEqual(['GET /made/?x=1 201', 'GET /missing/ 404']);
});

test('cookie-parser fills req.cookies, visible to the view through request.express.req', async () => {
  const app = makeApp({
    rootUrlconf: [
      path('who/', (r: HttpRequest) => {
        const cookies = (r.express.req as unknown as { cookies: Record<string, string> }).cookies;
        return new HttpResponse(`theme=${cookies.theme}`);
      }),
    ],
    middleware: [fromExpress(cookieParser())],
  });
  const res = await request(app).get('/who/').set('Cookie', 'theme=dark; other=1');
  expect(res.text).toBe('theme=dark');
});

describe('express.static', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'egv-static-'));
    writeFileSync(join(dir, 'site.css'), 'body { color: red }');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function staticApp(log: string[]) {
    return makeApp({
      rootUrlconf: [path('site.css', recordingView(log)), path('page/', recordingView(log))],
      middleware: [recorder('A', log), fromExpress(express.static(dir)), recorder('C', log)],
    });
  }

  test('serves an existing file: the inner layers and the view never run, the outer processResponse does', async () => {
    const log: string[] = [];
    const res = await request(staticApp(log)).get('/site.css');
    expect(res.status).toBe(200);
    expect(res.text).toBe('body { color: red }');
    expect(res.headers['content-type']).toMatch(/^text\/css/);
    expect(log).toEqual(['A.processRequest', 'A.processResponse:200']);
  });

  test('falls through to the views for other paths', async () => {
    const log: string[] = [];
    const res = await request(staticApp(log)).get('/page/');
    expect(res.status).toBe(200);
    expect(res.text).toBe('view');
    expect(log).toEqual(['A.processRequest', 'C.processRequest', 'A.processView', 'C.processView', 'view', 'C.processResponse:200', 'A.processResponse:200']);
  });

  test('a conditional GET answered by express.static (304) still passes through the outer processResponse', async () => {
    const log: string[] = [];
    const app = staticApp(log);
    const first = await request(app).get('/site.css');
    const res = await request(app).get('/site.css').set('If-None-Match', first.headers.etag);
    expect(res.status).toBe(304);
    expect(log.slice(-1)).toEqual(['A.processResponse:304']);
  });
});

test('next(err) becomes a 500 at that layer: processException is not called, the outer processResponse sees the 500', async () => {
  const log: string[] = [];
  const logger = quietLogger();
  const failing = (_req: unknown, _res: unknown, next: (e?: unknown) => void) => next(new Error('upstream auth service down'));
  const app = makeApp({
    logger,
    rootUrlconf: [path('view/', recordingView(log))],
    middleware: [recorder('A', log), fromExpress(failing), recorder('C', log)],
  });
  const res = await request(app).get('/view/');
  expect(res.status).toBe(500);
  expect(log).toEqual(['A.processRequest', 'A.processResponse:500']);
  expect(logger.lines.join('\n')).toContain('upstream auth service down');
});

test('an Express middleware that throws, or rejects, is an exception at that layer too', async () => {
  const log: string[] = [];
  const throwing = () => {
    throw new Error('sync throw');
  };
  const rejecting = async () => {
    throw new Error('async reject');
  };
  for (const mw of [throwing, rejecting]) {
    const app = makeApp({ rootUrlconf: [path('view/', recordingView(log))], middleware: [recorder('A', log), fromExpress(mw)] });
    expect((await request(app).get('/view/')).status).toBe(500);
  }
  expect(log).toEqual(['A.processRequest', 'A.processResponse:500', 'A.processRequest', 'A.processResponse:500']);
});

test("next('route') is treated as next()", async () => {
  const app = makeApp({
    rootUrlconf: [path('view/', () => new HttpResponse('reached'))],
    middleware: [fromExpress((_req, _res, next) => next('route'))],
  });
  expect((await request(app).get('/view/')).text).toBe('reached');
});

test('an Express middleware answering with 401 short-circuits and the status reaches the outer layers', async () => {
  const log: string[] = [];
  const basicAuth = (req: { headers: Record<string, string | undefined> }, res: { statusCode: number; setHeader(n: string, v: string): void; end(b: string): void }, next: () => void) => {
    if (req.headers.authorization === 'Basic b2s6b2s=') return next();
    res.statusCode = 401;
    res.setHeader('WWW-Authenticate', 'Basic realm="x"');
    res.end('who are you?');
  };
  const app = makeApp({
    rootUrlconf: [path('view/', recordingView(log))],
    middleware: [recorder('A', log), fromExpress(basicAuth as never)],
  });
  const denied = await request(app).get('/view/');
  expect(denied.status).toBe(401);
  expect(denied.text).toBe('who are you?');
  expect(denied.headers['www-authenticate']).toBe('Basic realm="x"');
  const allowed = await request(app).get('/view/').set('Authorization', 'Basic b2s6b2s=');
  expect(allowed.status).toBe(200);
  expect(log).toEqual(['A.processRequest', 'A.processResponse:401', 'A.processRequest', 'A.processView', 'view', 'A.processResponse:200']);
});

test('fromExpress rejects something that is not a function, naming what it got', () => {
  expect(() => fromExpress('helmet' as never)).toThrow(/fromExpress\(\) takes an Express middleware function/);
});

test('next() called from a callback that lost the async context still runs the view in its app’s url context', async () => {
  // A "pool" started outside any request: its callbacks run without the request's AsyncLocalStorage store.
  const waiting: Array<() => void> = [];
  const pump = setInterval(() => waiting.splice(0).forEach((fn) => fn()), 2);
  try {
    const pooled = (_req: unknown, _res: unknown, next: () => void) => {
      waiting.push(next);
    };
    const first = makeApp({
      rootUrlconf: [path('films/', () => new HttpResponse(reverse('films')), { name: 'films' })],
      middleware: [fromExpress(pooled)],
    });
    // Created last: outside a request, reverse() would use this app and fail to find 'films'.
    makeApp({ rootUrlconf: [path('other/', () => new HttpResponse('other'), { name: 'other' })] });
    const outer = express();
    outer.use('/shop', first);
    const res = await request(outer).get('/shop/films/');
    expect(res.status).toBe(200);
    expect(res.text).toBe('/shop/films/');
  } finally {
    clearInterval(pump);
  }
});

test('Express-only helpers (res.status().json(), req.get(), req.query, req.ip) work when the app is served directly', async () => {
  const guard = fromExpress((req, res, next) => {
    if (req.get('X-Api-Key') === 'let-me-in') return next();
    res.status(401).json({ error: 'missing key', page: req.query.page, ip: req.ip });
  });
  const log: string[] = [];
  const app = makeApp({ rootUrlconf: [path('api/', recordingView(log))], middleware: [recorder('A', log), guard] });
  const denied = await request(app).get('/api/?page=2');
  expect(denied.status).toBe(401);
  expect(denied.body).toEqual({ error: 'missing key', page: '2', ip: '127.0.0.1' });
  const allowed = await request(app).get('/api/').set('X-Api-Key', 'let-me-in');
  expect(allowed.text).toBe('view');
  expect(log).toEqual(['A.processRequest', 'A.processResponse:401', 'A.processRequest', 'A.processView', 'view', 'A.processResponse:200']);
  // The same middleware works when the app is mounted in a host Express app.
  const outer = express();
  outer.use('/v1', app);
  expect((await request(outer).get('/v1/api/?page=3')).body.page).toBe('3');
});
