/**
 * Port of Django's tests/sessions_tests (SessionMiddlewareTests, CookieSessionTests) through
 * supertest agents, on the signed-cookie store (no database).
 */
import request from 'supertest';
import { CreateError, createApp, ImproperlyConfigured, SessionMiddleware, defaultMiddleware, type SessionData, type SessionStore } from '../../src';
import { testSettings } from '../helpers';
import { sessionUrls } from './session-views';
import { cookieApp, setCookie } from './support';

const app = cookieApp(sessionUrls);

describe('SessionMiddleware (signed-cookie store)', () => {
  test('a request that never uses the session gets no cookie and no Vary', async () => {
    const res = await request(app).get('/nothing/');
    expect(res.status).toBe(200);
    expect(setCookie(res, 'sessionid')).toBeUndefined();
    expect(res.headers.vary ?? '').not.toMatch(/Cookie/);
  });

  test('a modified session is saved with Django’s cookie attributes', async () => {
    const res = await request(app).get('/set/color/blue/');
    const cookie = setCookie(res, 'sessionid');
    expect(cookie).toBeDefined();
    expect(cookie!.attributes).toMatch(/Max-Age=1209600/);
    expect(cookie!.attributes).toMatch(/Path=\//);
    expect(cookie!.attributes).toMatch(/HttpOnly/);
    expect(cookie!.attributes).toMatch(/SameSite=Lax/);
    expect(cookie!.attributes).not.toMatch(/Secure/);
    expect(res.headers.vary).toMatch(/Cookie/);
  });

  test('the data comes back on the next request of the same browser, not another', async () => {
    const agent = request.agent(app);
    await agent.get('/set/color/blue/').expect(200);
    expect((await agent.get('/get/color/')).text).toBe('blue');
    expect((await request(app).get('/get/color/')).text).toBe('-');
  });

  test('reading the session adds Vary: Cookie but sets no cookie', async () => {
    const agent = request.agent(app);
    await agent.get('/set/a/1/');
    const res = await agent.get('/get/a/');
    expect(res.text).toBe('1');
    expect(res.headers.vary).toMatch(/Cookie/);
    expect(setCookie(res, 'sessionid')).toBeUndefined();
  });

  test('JSON values keep their types', async () => {
    const agent = request.agent(app);
    await agent.get('/json/');
    expect(JSON.parse((await agent.get('/read-json/')).text)).toEqual({ n: 1, list: [1, 'two', null], nested: { ok: true } });
  });

  test('a write the view did not await is still saved', async () => {
    const agent = request.agent(app);
    await agent.get('/set-unawaited/k/v/');
    expect((await agent.get('/get/k/')).text).toBe('v');
  });

  test('delete removes a key; deleting a missing key changes nothing', async () => {
    const agent = request.agent(app);
    await agent.get('/set/a/1/');
    await agent.get('/set/b/2/');
    expect((await agent.get('/delete/a/')).text).toBe('true');
    expect((await agent.get('/keys/')).text).toBe('b');
    const res = await agent.get('/delete/zzz/');
    expect(res.text).toBe('false');
    expect(setCookie(res, 'sessionid')).toBeUndefined();
  });

  test('a 5xx response does not save the session', async () => {
    const res = await request(app).get('/fail/');
    expect(res.status).toBe(500);
    expect(setCookie(res, 'sessionid')).toBeUndefined();
  });

  test('flush empties the session and deletes the cookie', async () => {
    const agent = request.agent(app);
    await agent.get('/set/a/1/');
    const res = await agent.get('/flush/');
    const cookie = setCookie(res, 'sessionid');
    expect(cookie?.value).toBe('');
    expect(cookie?.attributes).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(res.headers.vary).toMatch(/Cookie/);
    expect((await agent.get('/get/a/')).text).toBe('-');
  });

  test('a tampered session cookie is an empty session, and is deleted', async () => {
    const first = await request(app).get('/set/role/user/');
    const value = setCookie(first, 'sessionid')!.value;
    // Change the data part but keep the signature.
    const payload = Buffer.from(JSON.stringify({ role: 'admin' })).toString('base64url');
    const tampered = payload + value.slice(value.indexOf(':'));
    const res = await request(app).get('/get/role/').set('Cookie', `sessionid=${encodeURIComponent(tampered)}`);
    expect(res.text).toBe('-');
    expect(setCookie(res, 'sessionid')?.value).toBe('');
    // And the genuine cookie still works.
    expect((await request(app).get('/get/role/').set('Cookie', `sessionid=${encodeURIComponent(value)}`)).text).toBe('user');
  });

  test('a cookie signed with another secret key is refused', async () => {
    const other = cookieApp(sessionUrls, { secretKey: 'another-secret-key-entirely-different' });
    const value = setCookie(await request(other).get('/set/role/admin/'), 'sessionid')!.value;
    const res = await request(app).get('/get/role/').set('Cookie', `sessionid=${encodeURIComponent(value)}`);
    expect(res.text).toBe('-');
  });

  test('cycleKey keeps the data and re-sends the cookie (the signed data is the key)', async () => {
    const agent = request.agent(app);
    await agent.get('/set/a/1/');
    const res = await agent.get('/cycle/');
    expect(setCookie(res, 'sessionid')!.value).toMatch(/^eyJhIjoiMSJ9:/);
    expect((await agent.get('/get/a/')).text).toBe('1');
  });

  test('setExpiry(seconds) sets the cookie Max-Age; setExpiry(0) makes a browser-session cookie', async () => {
    const res = await request(app).get('/expiry/60/');
    expect(res.text).toBe('60');
    expect(setCookie(res, 'sessionid')!.attributes).toMatch(/Max-Age=60/);
    const browser = await request(app).get('/expiry/0/');
    expect(setCookie(browser, 'sessionid')!.attributes).not.toMatch(/Max-Age|Expires/);
  });

  test('setExpiry(Date) counts from now', async () => {
    const res = await request(app).get('/expiry-date/');
    expect(Number(res.text)).toBeGreaterThan(3590);
    expect(Number(res.text)).toBeLessThanOrEqual(3600);
  });

  test('an expired signed cookie (older than cookieAge) is an empty session', async () => {
    const shortLived = cookieApp(sessionUrls, { session: { store: 'cookie', cookieAge: 60 } });
    const agent = request.agent(shortLived);
    await agent.get('/set/a/1/');
    expect((await agent.get('/get/a/')).text).toBe('1');
    const value = setCookie(await request(shortLived).get('/set/a/1/'), 'sessionid')!.value;
    // 61 s later (the clock moved, not the test: no sleeping, no timing to miss on a loaded machine).
    const later = Date.now() + 61_000;
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => later);
    try {
      expect((await request(shortLived).get('/get/a/').set('Cookie', `sessionid=${encodeURIComponent(value)}`)).text).toBe('-');
    } finally {
      clock.mockRestore();
    }
  });
});

describe('signatures found good are remembered (a returning visitor costs no HMAC), nothing else is', () => {
  test('a remembered cookie is still refused under another secret key, when tampered with, and once expired', async () => {
    const shortLived = cookieApp(sessionUrls, { session: { store: 'cookie', cookieAge: 60 } });
    const otherKey = cookieApp(sessionUrls, { secretKey: 'another-secret-key-entirely-different', session: { store: 'cookie', cookieAge: 60 } });
    const value = setCookie(await request(shortLived).get('/set/role/user/'), 'sessionid')!.value;
    const read = (app: typeof shortLived, cookie: string) => request(app).get('/get/role/').set('Cookie', `sessionid=${encodeURIComponent(cookie)}`);
    // Read twice: the second read is served from what the first one verified.
    expect((await read(shortLived, value)).text).toBe('user');
    expect((await read(shortLived, value)).text).toBe('user');
    expect((await read(otherKey, value)).text).toBe('-');
    const tampered = Buffer.from(JSON.stringify({ role: 'admin' })).toString('base64url') + value.slice(value.indexOf(':'));
    expect((await read(shortLived, tampered)).text).toBe('-');
    const later = Date.now() + 61_000;
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => later);
    try {
      expect((await read(shortLived, value)).text).toBe('-');
    } finally {
      clock.mockRestore();
    }
  });
});

/** A store of one's own: sessions in a Map (what a user would write for another backend). */
class MapStore implements SessionStore {
  readonly rows = new Map<string, { data: SessionData; expires: number }>();
  async load(key: string) {
    const row = this.rows.get(key);
    return row && row.expires > Date.now() ? row.data : null;
  }
  async save(key: string | null, data: SessionData, expiresAt: Date, mustCreate: boolean) {
    if (mustCreate && this.rows.has(key!)) throw new CreateError('taken');
    this.rows.set(key!, { data, expires: expiresAt.getTime() });
    return key!;
  }
  async exists(key: string) {
    return this.rows.has(key);
  }
  async delete(key: string) {
    this.rows.delete(key);
  }
  async clearExpired() {
    return 0;
  }
}

describe('a store of your own', () => {
  test('session.store takes any object implementing SessionStore', async () => {
    const store = new MapStore();
    const custom = cookieApp(sessionUrls, { session: { store } });
    const agent = request.agent(custom);
    const key = setCookie(await agent.get('/set/a/1/'), 'sessionid')!.value;
    expect(store.rows.get(key)!.data).toEqual({ a: '1' });
    expect((await agent.get('/get/a/')).text).toBe('1');
    await agent.get('/flush/');
    expect(store.rows.size).toBe(0);
  });
});

describe('session settings', () => {
  test('cookie name, domain, path, secure, httpOnly and sameSite are honoured', async () => {
    const custom = cookieApp(sessionUrls, {
      session: { store: 'cookie', cookieName: 'sid', cookieDomain: '.example.com', cookiePath: '/app/', secure: true, httpOnly: false, sameSite: 'Strict' },
    });
    const res = await request(custom).get('/set/a/1/');
    expect(setCookie(res, 'sessionid')).toBeUndefined();
    const cookie = setCookie(res, 'sid')!;
    expect(cookie.attributes).toMatch(/Domain=\.example\.com/);
    expect(cookie.attributes).toMatch(/Path=\/app\//);
    expect(cookie.attributes).toMatch(/Secure/);
    expect(cookie.attributes).not.toMatch(/HttpOnly/);
    expect(cookie.attributes).toMatch(/SameSite=Strict/);
  });

  test('expireAtBrowserClose gives a cookie without Max-Age or Expires', async () => {
    const custom = cookieApp(sessionUrls, { session: { store: 'cookie', expireAtBrowserClose: true } });
    const cookie = setCookie(await request(custom).get('/set/a/1/'), 'sessionid')!;
    expect(cookie.attributes).not.toMatch(/Max-Age|Expires/);
  });

  test('saveEveryRequest refreshes the cookie even when nothing changed', async () => {
    const custom = cookieApp(sessionUrls, { session: { store: 'cookie', saveEveryRequest: true } });
    const agent = request.agent(custom);
    await agent.get('/set/a/1/');
    const res = await agent.get('/nothing/');
    expect(setCookie(res, 'sessionid')).toBeDefined();
    // An empty session is never saved, even then.
    expect(setCookie(await request(custom).get('/nothing/'), 'sessionid')).toBeUndefined();
  });

  test('a wrong store, a misspelt key or a bad value fails at createApp, naming the setting', () => {
    const build = (session: unknown) => () =>
      createApp(testSettings({ rootUrlconf: sessionUrls, middleware: [SessionMiddleware], session: session as never }));
    expect(build({ store: 'mongo' })).toThrow(ImproperlyConfigured);
    expect(build({ store: 'mongo' })).toThrow(/session\.store/);
    expect(build({ store: 'cookie', cokieName: 'x' })).toThrow(/Unknown setting 'session\.cokieName'\. Did you mean 'session\.cookieName'/);
    expect(build({ store: 'cookie', cookieAge: -1 })).toThrow(/session\.cookieAge/);
    expect(build({ store: 'cookie', sameSite: 'sometimes' })).toThrow(/session\.sameSite/);
  });

  test("the default 'db' store without a dataSource is refused with the fix", () => {
    expect(() => createApp(testSettings({ rootUrlconf: sessionUrls, middleware: defaultMiddleware() }))).toThrow(
      /session\.store is 'db' \(the default\) but settings\.dataSource is not set/,
    );
  });
});
