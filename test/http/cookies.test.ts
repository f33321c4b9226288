import request from 'supertest';
import { HttpResponse, path, type HttpRequest } from '../../src';
import { makeApp, quietLogger } from '../helpers';

function setCookies(req: HttpRequest) {
  const r = new HttpResponse('set');
  const which = req.GET.get('case');
  if (which === 'basic') r.setCookie('plain', 'value');
  if (which === 'many') {
    r.setCookie('a', '1');
    r.setCookie('b', '2', { httpOnly: true });
    r.setCookie('c', '3', { secure: true, sameSite: 'Lax', domain: 'example.com', path: '/shop/' });
  }
  if (which === 'maxAge') r.setCookie('m', 'v', { maxAge: 3600 });
  if (which === 'expires') r.setCookie('e', 'v', { expires: new Date(Date.UTC(2030, 0, 2, 3, 4, 5)) });
  if (which === 'special') r.setCookie('s', 'a b;c=d,\u00e9"');
  if (which === 'twice') {
    r.setCookie('t', 'first');
    r.setCookie('t', 'second');
  }
  if (which === 'delete') r.deleteCookie('gone', { path: '/p/', domain: 'example.com' });
  if (which === 'deleteSecure') r.deleteCookie('__Secure-x');
  if (which === 'deleteNone') r.deleteCookie('x', { sameSite: 'none' });
  if (which === 'signed') r.setSignedCookie('sig', req.GET.get('value', 'hello'), { salt: req.GET.get('salt', '') });
  if (which === 'badName') r.setCookie('bad name', 'x');
  if (which === 'both') r.setCookie('x', 'y', { maxAge: 1, expires: new Date() });
  return r;
}

function readCookies(req: HttpRequest) {
  return new HttpResponse(
    JSON.stringify({
      s: req.COOKIES.s ?? null,
      signed: req.getSignedCookie('sig', 'DEFAULT', req.GET.get('salt', ''), req.GET.has('maxAge') ? Number(req.GET.get('maxAge')) : undefined) ?? null,
      other: req.getSignedCookie('other', 'DEFAULT') ?? null,
      raw: req.COOKIES.sig ?? null,
    }),
    { contentType: 'application/json' },
  );
}

const logger = quietLogger();
const app = makeApp({ logger, rootUrlconf: [path('set/', setCookies), path('read/', readCookies)] });

function setCookieHeaders(res: { headers: Record<string, unknown> }): string[] {
  return (res.headers['set-cookie'] as string[] | undefined) ?? [];
}

describe('setCookie', () => {
  test('a plain cookie has Path=/', async () => {
    const res = await request(app).get('/set/?case=basic');
    expect(setCookieHeaders(res)).toEqual(['plain=value; Path=/']);
  });

  test('several cookies are several Set-Cookie headers, with their attributes', async () => {
    const res = await request(app).get('/set/?case=many');
    const cookies = setCookieHeaders(res);
    expect(cookies).toHaveLength(3);
    expect(cookies[0]).toBe('a=1; Path=/');
    expect(cookies[1]).toBe('b=2; Path=/; HttpOnly');
    expect(cookies[2]).toMatch(/^c=3; /);
    expect(cookies[2]).toContain('Domain=example.com');
    expect(cookies[2]).toContain('Path=/shop/');
    expect(cookies[2]).toContain('Secure');
    expect(cookies[2]).toContain('SameSite=Lax');
  });

  test('maxAge sets Max-Age and a matching Expires', async () => {
    const before = Date.now();
    const res = await request(app).get('/set/?case=maxAge');
    const [cookie] = setCookieHeaders(res);
    expect(cookie).toContain('Max-Age=3600');
    const expires = Date.parse(/Expires=([^;]+)/.exec(cookie)![1]);
    expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 3600_000 - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 3600_000 + 1000);
  });

  test('expires is written as an HTTP date', async () => {
    const res = await request(app).get('/set/?case=expires');
    expect(setCookieHeaders(res)).toEqual(['e=v; Path=/; Expires=Wed, 02 Jan 2030 03:04:05 GMT']);
  });

  test('maxAge and expires together are refused', async () => {
    const res = await request(app).get('/set/?case=both');
    expect(res.status).toBe(500);
    expect(logger.lines.join('\n')).toContain("'expires' and 'maxAge' can't be used together.");
  });

  test('values with spaces, separators and non-ASCII round-trip through COOKIES', async () => {
    const res = await request(app).get('/set/?case=special');
    const [cookie] = setCookieHeaders(res);
    expect(cookie).not.toMatch(/s=a b/);
    const back = await request(app).get('/read/').set('Cookie', cookie.split(';')[0]);
    expect(back.body.s).toBe('a b;c=d,\u00e9"');
  });

  test('setting the same cookie twice sends it once, with the last value', async () => {
    const res = await request(app).get('/set/?case=twice');
    expect(setCookieHeaders(res)).toEqual(['t=second; Path=/']);
  });

  test('an illegal cookie name is a clear error in the view', async () => {
    const res = await request(app).get('/set/?case=badName');
    expect(res.status).toBe(500);
    expect(logger.lines.join('\n')).toContain('Illegal cookie name "bad name"');
  });
});

describe('deleteCookie', () => {
  test('expires the cookie with the same path and domain', async () => {
    const res = await request(app).get('/set/?case=delete');
    const [cookie] = setCookieHeaders(res);
    expect(cookie).toMatch(/^gone=; /);
    expect(cookie).toContain('Max-Age=0');
    expect(cookie).toContain('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
    expect(cookie).toContain('Path=/p/');
    expect(cookie).toContain('Domain=example.com');
  });

  test('__Secure- and __Host- cookies, and SameSite=None, are deleted with Secure', async () => {
    const prefixed = setCookieHeaders(await request(app).get('/set/?case=deleteSecure'))[0];
    expect(prefixed).toMatch(/^__Secure-x=; /);
    expect(prefixed).toContain('Secure');
    const none = setCookieHeaders(await request(app).get('/set/?case=deleteNone'))[0];
    expect(none).toContain('Secure');
    expect(none).toContain('SameSite=None');
  });
});

describe('signed cookies', () => {
  async function signedCookie(query: string): Promise<string> {
    const res = await request(app).get(`/set/?case=signed&${query}`);
    return setCookieHeaders(res)[0].split(';')[0];
  }

  test('round trip: set by the response, read back by getSignedCookie', async () => {
    const cookie = await signedCookie('value=hello%20world');
    // Django's format: the value, the time it was signed, the signature.
    expect(cookie).toMatch(/^sig=hello%20world%3A[0-9a-z]+\./);
    const res = await request(app).get('/read/').set('Cookie', cookie);
    expect(res.body.signed).toBe('hello world');
  });

  test('a tampered value or signature gives the default', async () => {
    const cookie = await signedCookie('value=admin');
    const [, value] = cookie.split('=');
    const forgedValue = `sig=${value.replace(/^admin/, 'root!')}`;
    expect((await request(app).get('/read/').set('Cookie', forgedValue)).body.signed).toBe('DEFAULT');
    const forgedSig = `sig=${value.slice(0, -2)}${value.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await request(app).get('/read/').set('Cookie', forgedSig)).body.signed).toBe('DEFAULT');
    const unsigned = (await request(app).get('/read/').set('Cookie', 'sig=admin')).body;
    expect(unsigned).toEqual({ s: null, signed: 'DEFAULT', other: 'DEFAULT', raw: 'admin' });
    expect((await request(app).get('/read/')).body.signed).toBe('DEFAULT');
  });

  test('a different salt does not verify', async () => {
    const cookie = await signedCookie('value=v&salt=one');
    expect((await request(app).get('/read/?salt=one').set('Cookie', cookie)).body.signed).toBe('v');
    expect((await request(app).get('/read/?salt=two').set('Cookie', cookie)).body.signed).toBe('DEFAULT');
    expect((await request(app).get('/read/').set('Cookie', cookie)).body.signed).toBe('DEFAULT');
  });

  test('a signed value copied into another cookie does not verify (the name is part of the key)', async () => {
    const cookie = await signedCookie('value=admin');
    const copied = `other=${cookie.split('=')[1]}`;
    const res = await request(app).get('/read/').set('Cookie', `${cookie}; ${copied}`);
    expect(res.body).toMatchObject({ signed: 'admin', other: 'DEFAULT' });
  });

  test('maxAge: a cookie signed longer ago than maxAge seconds gives the default', async () => {
    const cookie = await signedCookie('value=fresh');
    expect((await request(app).get('/read/?maxAge=60').set('Cookie', cookie)).body.signed).toBe('fresh');
    const later = Date.now() + 61_000;
    const now = jest.spyOn(Date, 'now').mockImplementation(() => later);
    try {
      expect((await request(app).get('/read/?maxAge=60').set('Cookie', cookie)).body.signed).toBe('DEFAULT');
      expect((await request(app).get('/read/?maxAge=120').set('Cookie', cookie)).body.signed).toBe('fresh');
      expect((await request(app).get('/read/').set('Cookie', cookie)).body.signed).toBe('fresh');
    } finally {
      now.mockRestore();
    }
  });

  test('a cookie signed by an app with another secretKey does not verify', async () => {
    const other = makeApp({ secretKey: 'a-completely-different-secret-key-0123456789', rootUrlconf: [path('set/', setCookies)] });
    const res = await request(other).get('/set/?case=signed&value=v');
    const cookie = setCookieHeaders(res)[0].split(';')[0];
    expect((await request(app).get('/read/').set('Cookie', cookie)).body.signed).toBe('DEFAULT');
  });
});
