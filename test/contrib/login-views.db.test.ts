/**
 * Port of Django's tests/auth_tests/test_views.py (LoginTest, LogoutTest, the open-redirect
 * checks of RedirectURLMixin) through LoginView and LogoutView on a real database.
 */
import request from 'supertest';
import { CSRF_FIELD_NAME, DjangoSession, HttpResponse, LoginView, LogoutView, User, createUser, makePassword, path } from '../../src';
import { authUrls } from './auth-views';
import { browser, loginAs, sessionKeyOf, token, type Browser } from './auth-support';
import { dbApp, setCookie, type DbApp } from './support';

class EagerLogin extends LoginView {
  override redirectAuthenticatedUser = true;
}

const urls = [
  ...authUrls,
  path('accounts/login/', LoginView.asView(), { name: 'login' }),
  path('accounts/logout/', LogoutView.asView(), { name: 'logout' }),
  path('accounts/eager-login/', EagerLogin.asView()),
  path('accounts/logout-then-home/', LogoutView.asView({ nextPage: '/home/' })),
  path('accounts/profile/', () => new HttpResponse('profile')),
];

let ctx: DbApp;
let secure: DbApp;
let redirecting: DbApp;
beforeAll(async () => {
  secure = await dbApp(urls, { secureProxySslHeader: ['x-forwarded-proto', 'https'] });
  redirecting = await dbApp(urls, { logoutRedirectUrl: '/bye/' });
  ctx = await dbApp(urls);
  // createUser() outside a request uses the app created last (ctx); the other apps get rows directly.
  await createUser({ username: 'alice', password: 'wonderland' });
  await createUser({ username: 'ghost', password: 'boo', isActive: false });
  for (const target of [secure, redirecting]) {
    // On PostgreSQL the three apps share one database: the row may be there already.
    const users = target.dataSource.getRepository(User);
    if (!(await users.existsBy({ username: 'alice' }))) await users.insert({ username: 'alice', password: await makePassword('wonderland') });
  }
});
afterAll(async () => {
  await Promise.all([ctx, secure, redirecting].map((c) => c.dataSource.destroy()));
});

/** Load the login page (for its CSRF cookie and token), then post the form. */
async function postLogin(agent: Browser, fields: Record<string, string>, url = '/accounts/login/', headers: Record<string, string> = {}) {
  const page = await agent.get(url).set(headers);
  const csrf = /name="csrfmiddlewaretoken" value="([a-zA-Z0-9]+)"/.exec(page.text)?.[1] ?? (await token(agent));
  return agent.post(url).set(headers).type('form').send(new URLSearchParams({ [CSRF_FIELD_NAME]: csrf, ...fields }).toString());
}

describe('LoginView', () => {
  test('GET shows the form with the CSRF field, never cached', async () => {
    const res = await request(ctx.app).get('/accounts/login/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('name="csrfmiddlewaretoken"');
    expect(res.text).toContain('name="username"');
    expect(res.text).toContain('type="password"');
    expect(res.headers['cache-control']).toBe('max-age=0, no-cache, no-store, must-revalidate, private');
    expect(setCookie(res, 'csrftoken')).toBeDefined();
  });

  test('valid credentials log in with a new session key and redirect to loginRedirectUrl', async () => {
    const agent = browser(ctx.app);
    const before = sessionKeyOf(await agent.get('/set/x/1/'));
    const res = await postLogin(agent, { username: 'alice', password: 'wonderland' });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/accounts/profile/');
    expect(sessionKeyOf(res)).not.toBe(before);
    expect((await agent.get('/whoami/')).text).toBe('alice');
  });

  test('wrong credentials show the form again with Django’s message, and log nobody in', async () => {
    const agent = browser(ctx.app);
    const res = await postLogin(agent, { username: 'alice', password: 'wrong' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Please enter a correct username and password. Note that both fields may be case-sensitive.');
    expect((await agent.get('/whoami/')).text).toBe('anonymous');
  });

  test('an inactive user cannot log in', async () => {
    const res = await postLogin(browser(ctx.app), { username: 'ghost', password: 'boo' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Please enter a correct username');
  });

  test('missing fields and an oversized password are form errors (no hashing)', async () => {
    const empty = await postLogin(browser(ctx.app), { username: '', password: '' });
    expect(empty.status).toBe(200);
    const started = Date.now();
    const huge = await postLogin(browser(ctx.app), { username: 'alice', password: 'p'.repeat(100_000) });
    expect(huge.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(huge.headers.location).toBeUndefined();
  });

  test('a POST without the CSRF token is refused', async () => {
    const res = await request(ctx.app).post('/accounts/login/').type('form').send('username=alice&password=wonderland');
    expect(res.status).toBe(403);
  });

  test('a safe next is followed; the login page passes it on', async () => {
    const agent = browser(ctx.app);
    const page = await agent.get('/accounts/login/?next=/private/%3Fa%3D1');
    expect(page.text).toContain('name="next" value="/private/?a=1"');
    const res = await postLogin(agent, { username: 'alice', password: 'wonderland', next: '/private/?a=1' });
    expect(res.headers.location).toBe('/private/?a=1');
  });

  test.each([
    ['//evil.example'],
    ['https://evil.example'],
    ['http://evil.example/path'],
    ['javascript:alert(1)'],
    ['JavaScript:alert(1)'],
    ['///evil.example'],
    ['/\\evil.example'],
    ['\\\\evil.example'],
    ['http:///evil.example'],
    ['https:evil.example'],
    ['  //evil.example'],
    ['\u0001//evil.example'],
    ['data:text/html,<script>alert(1)</script>'],
    ['http://127.0.0.1@evil.example/'],
    ['http://testserver\\@evil.example'],
  ])('an unsafe next (%j) is ignored: redirect to loginRedirectUrl', async (next) => {
    const res = await postLogin(browser(ctx.app), { username: 'alice', password: 'wonderland', next }, '/accounts/login/', { Host: 'testserver' });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/accounts/profile/');
  });

  test('next on this host is allowed; on https, only https', async () => {
    const res = await postLogin(browser(ctx.app), { username: 'alice', password: 'wonderland', next: 'http://testserver/private/' }, '/accounts/login/', { Host: 'testserver' });
    expect(res.headers.location).toBe('http://testserver/private/');
    const https = { Host: 'testserver', 'X-Forwarded-Proto': 'https', Referer: 'https://testserver/accounts/login/' };
    const insecure = await postLogin(browser(secure.app), { username: 'alice', password: 'wonderland', next: 'http://testserver/private/' }, '/accounts/login/', https);
    expect(insecure.headers.location).toBe('/accounts/profile/');
    const ok = await postLogin(browser(secure.app), { username: 'alice', password: 'wonderland', next: 'https://testserver/private/' }, '/accounts/login/', https);
    expect(ok.headers.location).toBe('https://testserver/private/');
  });

  test('redirectAuthenticatedUser sends logged-in users on', async () => {
    const agent = browser(ctx.app);
    await loginAs(agent, 'alice', 'wonderland');
    const res = await agent.get('/accounts/eager-login/?next=/private/');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/private/');
    expect((await request(ctx.app).get('/accounts/eager-login/')).status).toBe(200);
  });
});

describe('LogoutView', () => {
  test('GET is refused (405): a link or an <img> cannot log anyone out', async () => {
    const agent = browser(ctx.app);
    await loginAs(agent, 'alice', 'wonderland');
    const res = await agent.get('/accounts/logout/');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST, OPTIONS');
    expect((await agent.get('/whoami/')).text).toBe('alice');
  });

  test('POST without a CSRF token is refused and keeps the user logged in', async () => {
    const agent = browser(ctx.app);
    await loginAs(agent, 'alice', 'wonderland');
    expect((await agent.post('/accounts/logout/')).status).toBe(403);
    expect((await agent.get('/whoami/')).text).toBe('alice');
  });

  test('POST logs out: the session row is deleted and the logged-out page is shown, never cached', async () => {
    const agent = browser(ctx.app);
    const key = sessionKeyOf(await loginAs(agent, 'alice', 'wonderland'))!;
    const res = await agent.post('/accounts/logout/').set('X-CSRFToken', await token(agent));
    expect(res.status).toBe(200);
    expect(res.text).toBe('<p>logged out</p>');
    expect(res.headers['cache-control']).toContain('no-store');
    expect(await ctx.dataSource.getRepository(DjangoSession).countBy({ sessionKey: key })).toBe(0);
    expect((await agent.get('/whoami/')).text).toBe('anonymous');
  });

  test('logoutRedirectUrl, nextPage and a safe next redirect; an unsafe next does not', async () => {
    const one = browser(redirecting.app);
    await loginAs(one, 'alice', 'wonderland');
    expect((await one.post('/accounts/logout/').set('X-CSRFToken', await token(one))).headers.location).toBe('/bye/');
    const two = browser(ctx.app);
    await loginAs(two, 'alice', 'wonderland');
    expect((await two.post('/accounts/logout-then-home/').set('X-CSRFToken', await token(two))).headers.location).toBe('/home/');
    const three = browser(ctx.app);
    await loginAs(three, 'alice', 'wonderland');
    expect((await three.post('/accounts/logout/?next=/private/').set('X-CSRFToken', await token(three))).headers.location).toBe('/private/');
    const four = browser(ctx.app);
    await loginAs(four, 'alice', 'wonderland');
    // As Django: the unsafe next is dropped, and the default is this page's own path.
    const res = await four.post('/accounts/logout/?next=https://evil.example/').set('X-CSRFToken', await token(four));
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/accounts/logout/');
  });
});
