/**
 * Port of Django's tests/sessions_tests for the database backend (DatabaseSessionTests), on a
 * real database: rows, expiry, cycleKey, flush, clearsessions, fixation, concurrent deletion.
 */
import request from 'supertest';
import { DjangoSession, HttpResponse, atomic, clearExpiredSessions, currentDataSource, path, type HttpRequest } from '../../src';
import { sessionUrls } from './session-views';
import { dbApp, setCookie, type DbApp } from './support';

/** Lets a test hold a view inside an open transaction (signalled by `inside`) until it calls `release`. */
let inside: () => void = () => undefined;
let held: Promise<void> = Promise.resolve();

const urls = [
  ...sessionUrls,
  path('rolled-back/', async () => {
    await atomic(async (manager) => {
      await manager.query('SELECT 1');
      inside();
      await held;
      throw new Error('rolled back on purpose');
    });
    return new HttpResponse('unreachable');
  }),
  path('set-and-lose/', async (request: HttpRequest) => {
    await request.session.set('a', 'b');
    await currentDataSource().getRepository(DjangoSession).delete({ sessionKey: request.session.sessionKey });
    return new HttpResponse('ok');
  }),
];

let ctx: DbApp;
beforeAll(async () => {
  ctx = await dbApp(urls);
});
afterAll(async () => {
  await ctx.dataSource.destroy();
});

const rows = () => ctx.dataSource.getRepository(DjangoSession);

describe('database session store', () => {
  test('a saved session is one row: 32-character key, JSON data, expiry two weeks ahead', async () => {
    const res = await request(ctx.app).get('/set/color/red/');
    const key = setCookie(res, 'sessionid')!.value;
    expect(key).toMatch(/^[a-z0-9]{32}$/);
    const row = await rows().findOneByOrFail({ sessionKey: key });
    expect(JSON.parse(row.sessionData)).toEqual({ color: 'red' });
    const age = (new Date(row.expireDate).getTime() - Date.now()) / 1000;
    expect(age).toBeGreaterThan(1_209_600 - 60);
    expect(age).toBeLessThanOrEqual(1_209_600 + 1);
  });

  test('the data is read back by the same browser', async () => {
    const agent = request.agent(ctx.app);
    await agent.get('/set/a/1/');
    await agent.get('/set/b/2/');
    expect((await agent.get('/keys/')).text).toBe('a,b');
  });

  test("a session saved while another request's transaction is open is not rolled back with it", async () => {
    // SQLite has one connection: a write made meanwhile would otherwise land inside that transaction.
    let release!: () => void;
    held = new Promise<void>((resolve) => (release = resolve));
    const entered = new Promise<void>((resolve) => (inside = resolve));
    const failing = request(ctx.app).get('/rolled-back/');
    const failed = failing.then((res) => res.status);
    await entered;
    const saving = request(ctx.app).get('/set/color/blue/');
    const saved = saving.then((res) => res);
    // On PostgreSQL the save goes through at once; on SQLite it waits for the transaction to end.
    await Promise.race([saved, new Promise((resolve) => setTimeout(resolve, 500))]);
    release();
    expect(await failed).toBe(500);
    const res = await saved;
    expect(res.status).toBe(200);
    const key = setCookie(res, 'sessionid')!.value;
    const row = await rows().findOneByOrFail({ sessionKey: key });
    expect(JSON.parse(row.sessionData)).toEqual({ color: 'blue' });
  });

  test('a session key the server never issued is not adopted (session fixation)', async () => {
    const planted = 'attackerchosenkey0000000000000000';
    const res = await request(ctx.app).get('/set/a/1/').set('Cookie', `sessionid=${planted}`);
    const key = setCookie(res, 'sessionid')!.value;
    expect(key).not.toBe(planted);
    expect(await rows().countBy({ sessionKey: planted })).toBe(0);
  });

  test('a malformed session key is ignored and its cookie deleted', async () => {
    const res = await request(ctx.app).get('/get/a/').set('Cookie', 'sessionid=../../etc/passwd');
    expect(res.text).toBe('-');
    expect(setCookie(res, 'sessionid')?.value).toBe('');
  });

  test('cycleKey moves the data to a new key and deletes the old row', async () => {
    const agent = request.agent(ctx.app);
    const before = setCookie(await agent.get('/set/a/1/'), 'sessionid')!.value;
    const res = await agent.get('/cycle/');
    const [old, fresh] = res.text.split(' ');
    expect(old).toBe(before);
    expect(fresh).not.toBe(before);
    expect(setCookie(res, 'sessionid')!.value).toBe(fresh);
    expect(await rows().countBy({ sessionKey: before })).toBe(0);
    expect((await agent.get('/get/a/')).text).toBe('1');
  });

  test('flush deletes the row and the cookie', async () => {
    const agent = request.agent(ctx.app);
    const key = setCookie(await agent.get('/set/a/1/'), 'sessionid')!.value;
    const res = await agent.get('/flush/');
    expect(setCookie(res, 'sessionid')!.value).toBe('');
    expect(await rows().countBy({ sessionKey: key })).toBe(0);
  });

  test('an expired row is an empty session', async () => {
    const agent = request.agent(ctx.app);
    const key = setCookie(await agent.get('/set/a/1/'), 'sessionid')!.value;
    await rows().update({ sessionKey: key }, { expireDate: new Date(Date.now() - 1000) });
    expect((await agent.get('/get/a/')).text).toBe('-');
  });

  test('setExpiry is stored in the row', async () => {
    const key = setCookie(await request(ctx.app).get('/expiry/120/'), 'sessionid')!.value;
    const row = await rows().findOneByOrFail({ sessionKey: key });
    const age = (new Date(row.expireDate).getTime() - Date.now()) / 1000;
    expect(age).toBeGreaterThan(100);
    expect(age).toBeLessThanOrEqual(121);
  });

  test('clearExpiredSessions deletes expired rows only', async () => {
    const live = setCookie(await request(ctx.app).get('/set/a/1/'), 'sessionid')!.value;
    const dead = setCookie(await request(ctx.app).get('/set/a/2/'), 'sessionid')!.value;
    await rows().update({ sessionKey: dead }, { expireDate: new Date(Date.now() - 1000) });
    expect(await clearExpiredSessions(ctx.app)).toBeGreaterThanOrEqual(1);
    expect(await rows().countBy({ sessionKey: dead })).toBe(0);
    expect(await rows().countBy({ sessionKey: live })).toBe(1);
  });

  test('a session deleted while the request used it is a 400, not a resurrected session', async () => {
    const agent = request.agent(ctx.app);
    await agent.get('/set/a/1/');
    const res = await agent.get('/set-and-lose/');
    expect(res.status).toBe(400);
  });

  test('a row with data it cannot read (e.g. written by Django) is an empty session, not a 500', async () => {
    const agent = request.agent(ctx.app);
    const key = setCookie(await agent.get('/set/a/1/'), 'sessionid')!.value;
    await rows().update({ sessionKey: key }, { sessionData: 'gAJ9cQAoWAEAAABhcQFYAQAAAGJxAnUu:1abc:signature' });
    const res = await agent.get('/get/a/');
    expect(res.status).toBe(200);
    expect(res.text).toBe('-');
  });

  test('each browser has its own row', async () => {
    const one = request.agent(ctx.app);
    const two = request.agent(ctx.app);
    await one.get('/set/who/one/');
    await two.get('/set/who/two/');
    expect((await one.get('/get/who/')).text).toBe('one');
    expect((await two.get('/get/who/')).text).toBe('two');
  });
});
