/**
 * Port of Django's tests/auth_tests (test_auth_backends, test_login, test_mixins, test_models)
 * on a real database: authenticate, login (session fixation, CSRF rotation), logout, the lazy
 * request.user, the access mixins and permissions.
 */
import request from 'supertest';
import {
  DjangoSession,
  Group,
  Permission,
  User,
  authenticate,
  createSuperuser,
  createUser,
  syncPermissions,
  type AuthUser,
} from '../../src';
import { authUrls, Item } from './auth-views';
import { browser, loginAs, sessionKeyOf, token } from './auth-support';
import { dbApp, setCookie, type DbApp } from './support';

let ctx: DbApp;
let loginUrlApp: DbApp;
let debugApp: DbApp;
let alice: User;
let bob: User;

beforeAll(async () => {
  // Apps built first: createUser() and syncPermissions() outside a request use the app created last (ctx).
  loginUrlApp = await dbApp(authUrls, { loginUrl: '/enter/' });
  debugApp = await dbApp(authUrls, { debug: true });
  ctx = await dbApp(authUrls, { debug: false }, [Item]);
  await syncPermissions();
  alice = await createUser<User>({ username: 'alice', email: 'alice@EXAMPLE.com', password: 'wonderland' });
  bob = await createUser<User>({ username: 'bob', password: 'builder', isStaff: true });
  await createUser({ username: 'ghost', password: 'boo', isActive: false });
});
afterAll(async () => {
  await Promise.all([ctx, loginUrlApp, debugApp].map((c) => c.dataSource.destroy()));
});

const users = () => ctx.dataSource.getRepository(User);
const sessions = () => ctx.dataSource.getRepository(DjangoSession);

async function grant(user: User, ...codenames: string[]) {
  const perms = await ctx.dataSource.getRepository(Permission).find();
  const loaded = await users().findOneOrFail({ where: { id: user.id }, relations: { userPermissions: true } });
  loaded.userPermissions = [...loaded.userPermissions, ...perms.filter((p) => codenames.includes(`${p.appLabel}.${p.codename}`))];
  await users().save(loaded);
}

describe('setPassword without await (Django\'s set_password is synchronous)', () => {
  test('a new user saved at once is stored with the hash, and logs in with it', async () => {
    const user = users().create({ username: 'hasty', email: '' });
    void user.setPassword('quick-pass');
    expect(await user.checkPassword('quick-pass')).toBe(true);
    const other = users().create({ username: 'hastier', email: '' });
    void other.setPassword('quicker-pass');
    await users().save(other);
    const stored = await users().findOneByOrFail({ username: 'hastier' });
    expect(stored.password).toMatch(/^pbkdf2_sha256\$/);
    expect(await stored.checkPassword('quicker-pass')).toBe(true);
    expect((await loginAs(browser(ctx.app), 'hastier', 'quicker-pass')).text).toBe('logged in');
  });

  test('a stored user whose only change is the password: save() writes the new hash', async () => {
    await createUser({ username: 'changer', password: 'old-pass' });
    const loaded = await users().findOneByOrFail({ username: 'changer' });
    void loaded.setPassword('new-pass');
    await users().save(loaded);
    const stored = await users().findOneByOrFail({ username: 'changer' });
    expect(await stored.checkPassword('new-pass')).toBe(true);
    expect(await stored.checkPassword('old-pass')).toBe(false);
  });

  test('a password that is too long is refused at the call', () => {
    const user = users().create({ username: 'long', email: '' });
    expect(() => user.setPassword('x'.repeat(5000))).toThrow('Passwords are limited to 4096 characters.');
  });
});

describe('createUser and createSuperuser', () => {
  test('the password is stored as a Django hash, never in clear; the email domain is lower-cased', async () => {
    const row = await users().findOneByOrFail({ username: 'alice' });
    expect(row.password).toMatch(/^pbkdf2_sha256\$1000\$[A-Za-z0-9]{22}\$[A-Za-z0-9+/]{43}=$/);
    expect(row.password).not.toContain('wonderland');
    expect(row.email).toBe('alice@example.com');
    expect(row.isStaff).toBe(false);
    expect(row.isSuperuser).toBe(false);
    expect(row.isActive).toBe(true);
  });

  test('createSuperuser sets both flags and refuses to unset them', async () => {
    const root = await createSuperuser<User>({ username: 'root', password: 'toor' });
    expect(root.isStaff && root.isSuperuser).toBe(true);
    await expect(createSuperuser({ username: 'half', password: 'x', isStaff: false })).rejects.toThrow('Superuser must have isStaff=true.');
  });

  test('a user without a password cannot log in', async () => {
    const nopass = await createUser<User>({ username: 'nopass' });
    expect(nopass.hasUsablePassword()).toBe(false);
    expect(await authenticate(null, { username: 'nopass', password: '' })).toBeNull();
  });
});

describe('authenticate', () => {
  test('the right password gives the user; a wrong one, an unknown user or an inactive user give null', async () => {
    expect(((await authenticate(null, { username: 'alice', password: 'wonderland' })) as User).id).toBe(alice.id);
    expect(await authenticate(null, { username: 'alice', password: 'Wonderland' })).toBeNull();
    expect(await authenticate(null, { username: 'nobody', password: 'wonderland' })).toBeNull();
    expect(await authenticate(null, { username: 'ghost', password: 'boo' })).toBeNull();
  });

  test('credentials of the wrong type are refused, not a 500', async () => {
    expect(await authenticate(null, { username: ['alice'], password: 'wonderland' })).toBeNull();
    expect(await authenticate(null, { username: 'alice', password: { $ne: '' } })).toBeNull();
    expect(await authenticate(null, {})).toBeNull();
  });

  test('a megabyte password costs nothing: refused before hashing, through the login view too', async () => {
    const huge = 'x'.repeat(1_000_000);
    const started = Date.now();
    expect(await authenticate(null, { username: 'alice', password: huge })).toBeNull();
    const agent = browser(ctx.app);
    const res = await loginAs(agent, 'alice', huge);
    expect(res.status).toBe(401);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('login', () => {
  test('logging in changes the session key (session fixation) and keeps the session data', async () => {
    const agent = browser(ctx.app);
    const before = sessionKeyOf(await agent.get('/set/cart/3-items/'))!;
    const res = await loginAs(agent, 'alice', 'wonderland');
    expect(res.text).toBe('logged in');
    const after = sessionKeyOf(res)!;
    expect(after).toMatch(/^[a-z0-9]{32}$/);
    expect(after).not.toBe(before);
    expect(await sessions().countBy({ sessionKey: before })).toBe(0);
    expect((await agent.get('/get/cart/')).text).toBe('3-items');
    expect((await agent.get('/whoami/')).text).toBe('alice');
  });

  test('a session id planted before login is not the one after', async () => {
    const planted = browser(ctx.app);
    const attackerKey = sessionKeyOf(await planted.get('/set/x/1/'))!;
    const victim = request.agent(ctx.app);
    const csrf = (await victim.get('/token/').set('Cookie', `sessionid=${attackerKey}`)).text;
    const secret = setCookie(await victim.get('/token/'), 'csrftoken')?.value;
    const res = await victim
      .post('/do-login/')
      .set('Cookie', `sessionid=${attackerKey}; csrftoken=${secret ?? ''}`)
      .set('X-CSRFToken', csrf)
      .type('form')
      .send('username=alice&password=wonderland');
    expect(res.text).toBe('logged in');
    expect(sessionKeyOf(res)).not.toBe(attackerKey);
    // The attacker's copy of the old key is not logged in.
    expect((await planted.get('/whoami/')).text).toBe('anonymous');
  });

  test('the CSRF secret is rotated on login: tokens from before stop working', async () => {
    const agent = browser(ctx.app);
    const oldToken = await token(agent);
    const res = await loginAs(agent, 'alice', 'wonderland');
    const rotated = setCookie(res, 'csrftoken')!.value;
    expect(rotated).toMatch(/^[a-zA-Z0-9]{32}$/);
    expect((await agent.post('/do-logout/').set('X-CSRFToken', oldToken)).status).toBe(403);
    expect((await agent.post('/do-logout/').set('X-CSRFToken', await token(agent))).status).toBe(200);
  });

  test('a wrong password does not log in or change the session', async () => {
    const agent = browser(ctx.app);
    const res = await loginAs(agent, 'alice', 'nope');
    expect(res.status).toBe(401);
    expect((await agent.get('/whoami/')).text).toBe('anonymous');
  });

  test('lastLogin is recorded', async () => {
    const before = Date.now();
    await loginAs(browser(ctx.app), 'bob', 'builder');
    const row = await users().findOneByOrFail({ username: 'bob' });
    expect(new Date(row.lastLogin!).getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  test('logging in as someone else flushes the previous user’s session', async () => {
    const agent = browser(ctx.app);
    await loginAs(agent, 'alice', 'wonderland');
    await agent.get('/set/secret/alice-only/');
    await loginAs(agent, 'bob', 'builder');
    expect((await agent.get('/whoami/')).text).toBe('bob');
    expect((await agent.get('/get/secret/')).text).toBe('-');
  });

  test('an old hash (other iterations) is upgraded on login; a hash made by Django logs in', async () => {
    const django = await createUser<User>({ username: 'from-django', password: null });
    // make_password('lètmein', 'seasalt', 'pbkdf2_sha256') with 10,000 iterations, as computed by CPython's hashlib.
    await users().update(django.id, { password: 'pbkdf2_sha256$10000$seasalt$CWWFdHOWwPnki7HvkcqN9iA2T3KLW1cf2uZ5kvArtVY=' });
    const res = await loginAs(browser(ctx.app), 'from-django', 'lètmein');
    expect(res.text).toBe('logged in');
    const row = await users().findOneByOrFail({ id: django.id });
    expect(row.password).toMatch(/^pbkdf2_sha256\$1000\$/);
    expect((await loginAs(browser(ctx.app), 'from-django', 'lètmein')).text).toBe('logged in');
  });
});

describe('logout and session verification', () => {
  test('logout flushes the session: row deleted, cookie deleted, user anonymous', async () => {
    const agent = browser(ctx.app);
    const key = sessionKeyOf(await loginAs(agent, 'alice', 'wonderland'))!;
    const res = await agent.post('/do-logout/').set('X-CSRFToken', await token(agent));
    expect(res.text).toBe('logged out');
    expect(setCookie(res, 'sessionid')!.value).toBe('');
    expect(await sessions().countBy({ sessionKey: key })).toBe(0);
    expect((await agent.get('/whoami/')).text).toBe('anonymous');
  });

  test('changing the password logs out the other sessions', async () => {
    const carol = await createUser<User>({ username: 'carol', password: 'first' });
    const agent = browser(ctx.app);
    await loginAs(agent, 'carol', 'first');
    expect((await agent.get('/whoami/')).text).toBe('carol');
    await carol.setPassword('second');
    await users().save(carol);
    expect((await agent.get('/whoami/')).text).toBe('anonymous');
  });

  test('a deactivated user is logged out', async () => {
    const dave = await createUser<User>({ username: 'dave', password: 'pw' });
    const agent = browser(ctx.app);
    await loginAs(agent, 'dave', 'pw');
    await users().update(dave.id, { isActive: false });
    expect((await agent.get('/whoami/')).text).toBe('anonymous');
  });

  test('a session naming a user id that does not exist is anonymous, not a 500', async () => {
    const agent = browser(ctx.app);
    const key = sessionKeyOf(await loginAs(agent, 'alice', 'wonderland'))!;
    await sessions().update({ sessionKey: key }, { sessionData: JSON.stringify({ _auth_user_id: '99999', _auth_user_backend: 'ModelBackend', _auth_user_hash: 'x' }) });
    const res = await agent.get('/whoami/');
    expect(res.status).toBe(200);
    expect(res.text).toBe('anonymous');
  });

  test('anonymous requests without a session cookie never touch the session (no Vary: Cookie)', async () => {
    const res = await request(ctx.app).get('/whoami/');
    expect(res.text).toBe('anonymous');
    expect(res.headers.vary ?? '').not.toMatch(/Cookie/);
  });

  test('templates get `user`', async () => {
    expect((await request(ctx.app).get('/user-template/')).text).toBe('<p>anonymous</p>');
    const agent = browser(ctx.app);
    await loginAs(agent, 'alice', 'wonderland');
    expect((await agent.get('/user-template/')).text).toBe('<p>user:alice</p>');
  });
});

describe('LoginRequiredMixin', () => {
  test('anonymous users are sent to the login page with ?next=', async () => {
    const res = await request(ctx.app).get('/private/');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/accounts/login/?next=/private/');
  });

  test('the query string is kept, escaped, in next', async () => {
    const res = await request(ctx.app).get('/private/?page=2&sort=name');
    expect(res.headers.location).toBe('/accounts/login/?next=/private/%3Fpage%3D2%26sort%3Dname');
  });

  test('logged-in users get the page', async () => {
    const agent = browser(ctx.app);
    await loginAs(agent, 'alice', 'wonderland');
    const res = await agent.get('/private/');
    expect(res.status).toBe(200);
    expect(res.text).toBe('private for alice');
  });

  test('raiseException gives anonymous users a 403 instead', async () => {
    expect((await request(ctx.app).get('/private-raise/')).status).toBe(403);
  });

  test('a login page on another host gets the absolute URL as next, under redirectFieldName', async () => {
    const res = await request(ctx.app).get('/private-elsewhere/').set('Host', 'testserver');
    expect(res.headers.location).toBe('https://accounts.example.com/login/?return_to=http%3A//testserver/private-elsewhere/');
  });

  test('loginUrl may be a URL name; redirectFieldName null sends no parameter', async () => {
    const res = await request(ctx.app).get('/private-no-next/');
    expect(res.headers.location).toBe('/accounts/sign-in/');
  });

  test('the loginUrl setting is the default', async () => {
    expect((await request(loginUrlApp.app).get('/private/')).headers.location).toBe('/enter/?next=/private/');
  });
});

describe('loginRequired, userPassesTest and permissionRequired on function views and View classes', () => {
  test('loginRequired: anonymous users are sent to the login page with next=, logged-in users get the view', async () => {
    const anonymous = await request(ctx.app).get('/fn/private/?a=1');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.location).toBe('/accounts/login/?next=/fn/private/%3Fa%3D1');
    expect((await request(loginUrlApp.app).get('/fn/private/')).headers.location).toBe('/enter/?next=/fn/private/');
    const agent = browser(ctx.app);
    await loginAs(agent, 'alice', 'wonderland');
    expect((await agent.get('/fn/private/')).text).toBe('hello alice');
    expect((await agent.get('/fn/class-private/')).text).toBe('class secret');
  });

  test('loginRequired on a View class, and with its own loginUrl (a URL name) and redirect field', async () => {
    expect((await request(ctx.app).get('/fn/class-private/')).headers.location).toBe('/accounts/login/?next=/fn/class-private/');
    expect((await request(ctx.app).get('/fn/private-elsewhere/')).headers.location).toBe('/accounts/sign-in/?back=/fn/private-elsewhere/');
  });

  test('userPassesTest: a user failing the test is sent to log in (Django never answers 403 here)', async () => {
    const agent = browser(ctx.app);
    await loginAs(agent, 'alice', 'wonderland');
    const refused = await agent.get('/fn/staff/');
    expect(refused.status).toBe(302);
    expect(refused.headers.location).toBe('/accounts/login/?next=/fn/staff/');
    const staff = browser(ctx.app);
    await loginAs(staff, 'bob', 'builder');
    expect((await staff.get('/fn/staff/')).text).toBe('staff page');
  });

  test('permissionRequired: redirect without the permission, 403 with raiseException, the view with it', async () => {
    const agent = browser(ctx.app);
    await loginAs(agent, 'alice', 'wonderland');
    expect((await agent.get('/fn/change-item/')).status).toBe(302);
    expect((await agent.get('/fn/change-item-raise/')).status).toBe(403);
    const gina = await createUser<User>({ username: 'gina', password: 'pw' });
    await grant(gina, 'shop.change_item');
    const granted = browser(ctx.app);
    await loginAs(granted, 'gina', 'pw');
    expect((await granted.get('/fn/change-item/')).text).toBe('may change');
    expect((await granted.get('/fn/change-item-raise/')).text).toBe('may change');
  });
});

describe('PermissionRequiredMixin and hasPerm', () => {
  test('anonymous users are sent to log in; logged-in users without the permission get 403', async () => {
    expect((await request(ctx.app).get('/change-item/')).status).toBe(302);
    const agent = browser(ctx.app);
    await loginAs(agent, 'alice', 'wonderland');
    expect((await agent.get('/change-item/')).status).toBe(403);
  });

  test('a permission granted to the user', async () => {
    const erin = await createUser<User>({ username: 'erin', password: 'pw' });
    await grant(erin, 'shop.change_item');
    const agent = browser(ctx.app);
    await loginAs(agent, 'erin', 'pw');
    expect((await agent.get('/change-item/')).text).toBe('may change');
    // A list needs all of them.
    expect((await agent.get('/change-and-delete/')).status).toBe(403);
    await grant(erin, 'shop.delete_item');
    expect((await agent.get('/change-and-delete/')).text).toBe('may change and delete');
  });

  test('a permission granted through a group', async () => {
    const editors = ctx.dataSource.getRepository(Group).create({
      name: 'editors',
      permissions: await ctx.dataSource.getRepository(Permission).findBy({ appLabel: 'shop', codename: 'change_item' }),
    });
    await ctx.dataSource.getRepository(Group).save(editors);
    const frank = await createUser<User>({ username: 'frank', password: 'pw' });
    frank.groups = [editors];
    await users().save(frank);
    const agent = browser(ctx.app);
    await loginAs(agent, 'frank', 'pw');
    expect((await agent.get('/change-item/')).status).toBe(200);
    const loaded = await users().findOneByOrFail({ id: frank.id });
    expect(await loaded.hasPerm('shop.change_item')).toBe(true);
    expect(await loaded.hasPerm('shop.delete_item')).toBe(false);
    expect([...(await loaded.getGroupPermissions())]).toEqual(['shop.change_item']);
  });

  test('superusers have every permission; inactive users none', async () => {
    const root = await users().findOneByOrFail({ username: 'root' });
    expect(await root.hasPerm('shop.delete_item')).toBe(true);
    expect(await root.hasPerm('anything.at_all')).toBe(true);
    const ghost = await users().findOneByOrFail({ username: 'ghost' });
    await grant(ghost, 'shop.view_item');
    const reloaded = await users().findOneByOrFail({ username: 'ghost' });
    expect(await reloaded.hasPerm('shop.view_item')).toBe(false);
  });

  test('syncPermissions made add/change/delete/view for the installed apps’ entities, once', async () => {
    const codenames = (await ctx.dataSource.getRepository(Permission).findBy({ appLabel: 'shop' })).map((p) => p.codename).sort();
    expect(codenames).toEqual(['add_item', 'change_item', 'delete_item', 'view_item']);
    expect(await syncPermissions()).toBe(0);
  });

  test('a view without permissionRequired is a configuration error (500), naming the fix', async () => {
    const res = await request(debugApp.app).get('/missing-permission/').set('Accept', 'text/plain');
    expect(res.status).toBe(500);
    expect(res.text).toContain('MissingPermission is missing the permissionRequired attribute');
  });

  test('stacked mixins each check: anonymous → login, logged in without permission → 403', async () => {
    expect((await request(ctx.app).get('/stacked/')).status).toBe(302);
    const agent = browser(ctx.app);
    await loginAs(agent, 'alice', 'wonderland');
    expect((await agent.get('/stacked/')).status).toBe(403);
  });
});

describe('UserPassesTestMixin', () => {
  test('failing the test: anonymous → login page; logged in → 403 with permissionDeniedMessage', async () => {
    expect((await request(ctx.app).get('/staff/')).headers.location).toBe('/accounts/login/?next=/staff/');
    const agent = browser(ctx.app);
    await loginAs(agent, 'alice', 'wonderland');
    const res = await agent.get('/staff/');
    expect(res.status).toBe(403);
    expect(res.text).toContain('Staff only, sorry.');
  });

  test('passing the test', async () => {
    const agent = browser(ctx.app);
    await loginAs(agent, 'bob', 'builder');
    expect((await agent.get('/staff/')).text).toBe('staff page');
  });

  test('a view without testFunc is a 500 (a programming error)', async () => {
    expect((await request(ctx.app).get('/no-test/')).status).toBe(500);
    expect(ctx.logger.lines.join('\n')).toContain('NoTest is missing the implementation of the testFunc() method.');
  });
});

describe('AnonymousUser', () => {
  test('has no permissions and is not authenticated', async () => {
    const { AnonymousUser } = await import('../../src');
    const anon = new AnonymousUser();
    expect(anon.isAuthenticated).toBe(false);
    expect(anon.isAnonymous).toBe(true);
    expect(await anon.hasPerm('shop.view_item')).toBe(false);
    expect(String(anon)).toBe('AnonymousUser');
  });

  test('a logged-in user object is authenticated', () => {
    const user: AuthUser = alice;
    expect(user.isAuthenticated).toBe(true);
    expect(bob.isStaff).toBe(true);
  });
});
