/**
 * Redis going away under the session store — through a loopback proxy in front of the machine's
 * Redis (never the server itself): requests that need the session get a 503 with a clear logged
 * error, the rest are served, nothing crashes, and sessions work again when Redis is back. Needs
 * Redis: fails if it is unreachable.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { HttpResponse, SessionMiddleware, path, type FrameworkApp, type HttpRequest } from '../../src';
import { makeApp, quietLogger } from '../helpers';
import { requireService } from './support/services';
import { TcpProxy } from './support/tcp-proxy';

const urls = [
  path('set/<str:value>/', async (request: HttpRequest, { value }) => {
    await request.session.set('v', value);
    return new HttpResponse('set');
  }),
  path('get/', async (request: HttpRequest) => new HttpResponse(String(await request.session.get('v', '-')))),
  path('plain/', () => new HttpResponse('plain')),
];

describe('Redis session store behind a proxy that the test cuts and restores', () => {
  let proxy: TcpProxy;
  let app: FrameworkApp;
  let logger: ReturnType<typeof quietLogger>;
  let cookie: string;

  beforeAll(async () => {
    const { port } = await requireService('Redis');
    proxy = await new TcpProxy(port).start();
    logger = quietLogger();
    app = makeApp({
      logger,
      rootUrlconf: urls,
      middleware: [SessionMiddleware],
      session: { store: 'redis', redisUrl: `redis://127.0.0.1:${proxy.port}/0` },
    });
    const res = await request(app).get(`/set/${randomBytes(4).toString('hex')}/`);
    cookie = (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
  });
  afterAll(async () => {
    await app.close({ timeout: 1_000 });
    await proxy.close();
  });

  const get = () => request(app).get('/get/').set('Cookie', cookie);

  test('Redis down: session requests get 503 + Retry-After and a log naming Redis; other pages are served', async () => {
    const before = (await get()).text;
    expect(before).toMatch(/^[0-9a-f]{8}$/);
    proxy.cut();
    const started = Date.now();
    const res = await get();
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.text).not.toMatch(/redis|127\.0\.0\.1|ECONN/i);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(logger.lines.join('\n')).toMatch(/Session store: Redis at redis:\/\/127\.0\.0\.1:\d+\/0 failed on GET .*Check that Redis is running/);
    expect((await request(app).get('/plain/')).text).toBe('plain');
    proxy.restore();
    // ioredis reconnects with a back-off: give it a moment, then the same session is there again.
    let text = '';
    for (let i = 0; i < 40 && text !== before; i++) {
      const again = await get();
      text = again.status === 200 ? again.text : '';
      if (text !== before) await new Promise((r) => setTimeout(r, 100));
    }
    expect(text).toBe(before);
  }, 20_000);

  test('Redis silent (black hole): 503 within the command timeout, never a hang; served again after', async () => {
    const before = (await get()).text;
    proxy.blackhole();
    const started = Date.now();
    const res = await get();
    expect(res.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(5_000);
    proxy.restore();
    let text = '';
    for (let i = 0; i < 40 && text !== before; i++) {
      const again = await get();
      text = again.status === 200 ? again.text : '';
      if (text !== before) await new Promise((r) => setTimeout(r, 100));
    }
    expect(text).toBe(before);
  }, 20_000);
});
