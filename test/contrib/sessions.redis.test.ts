/**
 * Sessions on the real Redis at 127.0.0.1:6379 (Django's cache session backend tests): TTLs,
 * cycleKey, flush, fixation, and several app processes sharing sessions. Needs Redis: in CI it
 * must be up (scripts/services.js).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import request from 'supertest';
import {
  HttpResponse,
  RedisSessionStore,
  clearExpiredSessions,
  closeSessionStores,
  createApp,
  defaultMiddleware,
  path,
  type FrameworkApp,
  type HttpRequest,
} from '../../src';
import { quietLogger, testSettings } from '../helpers';
import { sessionUrls } from './session-views';
import { setCookie } from './support';

const prefix = `egv:test:${randomBytes(6).toString('hex')}:`;
const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
const stores: RedisSessionStore[] = [];

function redisApp(overrides = {}): FrameworkApp {
  const store = new RedisSessionStore({ keyPrefix: prefix });
  stores.push(store);
  const urls = [
    ...sessionUrls,
    path('set-and-lose/', async (request: HttpRequest) => {
      await request.session.set('a', 'b');
      await redis.del(prefix + request.session.sessionKey);
      return new HttpResponse('ok');
    }),
  ];
  return createApp(testSettings({ rootUrlconf: urls, middleware: defaultMiddleware(), session: { store }, ...overrides }));
}

let app: FrameworkApp;
beforeAll(async () => {
  await redis.connect();
  app = redisApp();
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await Promise.all(stores.map((s) => s.close()));
  await closeSessionStores();
  await redis.quit();
});

describe('Redis session store', () => {
  test('a saved session is one Redis key with the session age as TTL', async () => {
    const key = setCookie(await request(app).get('/set/color/green/'), 'sessionid')!.value;
    expect(JSON.parse((await redis.get(prefix + key))!)).toEqual({ color: 'green' });
    const ttl = await redis.ttl(prefix + key);
    expect(ttl).toBeGreaterThan(1_209_600 - 60);
    expect(ttl).toBeLessThanOrEqual(1_209_600);
  });

  test('the data is read back by the same browser', async () => {
    const agent = request.agent(app);
    await agent.get('/set/a/1/');
    expect((await agent.get('/get/a/')).text).toBe('1');
  });

  test('setExpiry(30) gives the key a 30-second TTL', async () => {
    const key = setCookie(await request(app).get('/expiry/30/'), 'sessionid')!.value;
    const ttl = await redis.ttl(prefix + key);
    expect(ttl).toBeGreaterThan(25);
    expect(ttl).toBeLessThanOrEqual(30);
  });

  test('cycleKey moves the data and deletes the old key', async () => {
    const agent = request.agent(app);
    const before = setCookie(await agent.get('/set/a/1/'), 'sessionid')!.value;
    const [, fresh] = (await agent.get('/cycle/')).text.split(' ');
    expect(fresh).not.toBe(before);
    expect(await redis.exists(prefix + before)).toBe(0);
    expect(await redis.exists(prefix + fresh)).toBe(1);
    expect((await agent.get('/get/a/')).text).toBe('1');
  });

  test('flush deletes the key', async () => {
    const agent = request.agent(app);
    const key = setCookie(await agent.get('/set/a/1/'), 'sessionid')!.value;
    await agent.get('/flush/');
    expect(await redis.exists(prefix + key)).toBe(0);
  });

  test('a planted session key is not adopted', async () => {
    const planted = 'plantedbyattacker000000000000000';
    const key = setCookie(await request(app).get('/set/a/1/').set('Cookie', `sessionid=${planted}`), 'sessionid')!.value;
    expect(key).not.toBe(planted);
    expect(await redis.exists(prefix + planted)).toBe(0);
  });

  test('a session deleted during the request is a 400', async () => {
    const agent = request.agent(app);
    await agent.get('/set/a/1/');
    expect((await agent.get('/set-and-lose/')).status).toBe(400);
  });

  test('two apps with their own Redis clients share sessions', async () => {
    const other = redisApp();
    const key = setCookie(await request(app).get('/set/shared/yes/'), 'sessionid')!.value;
    expect((await request(other).get('/get/shared/').set('Cookie', `sessionid=${key}`)).text).toBe('yes');
  });

  test('another OS process serving the app shares the sessions', async () => {
    const child: ChildProcess = spawn(process.execPath, [require.resolve('tsx/cli'), join(__dirname, 'redis-server-fixture.ts')], {
      env: { ...process.env, EGV_REDIS_PREFIX: prefix },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        let err = '';
        child.stdout!.on('data', (chunk) => {
          out += chunk;
          const match = /PORT (\d+)/.exec(out);
          if (match) resolve(Number(match[1]));
        });
        child.stderr!.on('data', (chunk) => (err += chunk));
        child.once('exit', (code) => reject(new Error(`fixture exited ${code}: ${err}`)));
      });
      const remote = `http://127.0.0.1:${port}`;
      const key = setCookie(await request(remote).get('/set/from/child/'), 'sessionid')!.value;
      expect((await request(app).get('/get/from/').set('Cookie', `sessionid=${key}`)).text).toBe('child');
      const mine = setCookie(await request(app).get('/set/from/parent/'), 'sessionid')!.value;
      expect((await request(remote).get('/get/from/').set('Cookie', `sessionid=${mine}`)).text).toBe('parent');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }, 30000);

  test("store: 'redis' with redisUrl works from settings alone", async () => {
    const fromSettings = createApp(testSettings({ rootUrlconf: sessionUrls, middleware: defaultMiddleware(), session: { store: 'redis', redisUrl: 'redis://127.0.0.1:6379' } }));
    const agent = request.agent(fromSettings);
    const key = setCookie(await agent.get('/set/a/1/'), 'sessionid')!.value;
    expect((await agent.get('/get/a/')).text).toBe('1');
    await redis.del(`egv:session:${key}`);
    expect(await clearExpiredSessions(fromSettings)).toBe(0);
  });

  test('with Redis unreachable, session requests get a 503 with a clear logged error and the app keeps serving', async () => {
    const logger = quietLogger();
    const down = createApp(
      testSettings({ rootUrlconf: sessionUrls, middleware: defaultMiddleware(), logger, session: { store: 'redis', redisUrl: 'redis://127.0.0.1:1' } }),
    );
    const res = await request(down).get('/set/a/1/');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.text).not.toMatch(/127\.0\.0\.1:1/);
    expect(logger.lines.join('\n')).toMatch(/Session store: Redis at redis:\/\/127\.0\.0\.1:1 failed/);
    expect((await request(down).get('/nothing/')).status).toBe(200);
  });
});
