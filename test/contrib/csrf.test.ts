/**
 * Port of Django's tests/csrf_tests (CsrfViewMiddlewareTests): cookie, masked tokens, form field
 * and header, Origin and Referer checks, exemptions, and every way a token can be wrong.
 */
import request from 'supertest';
import { CSRF_FIELD_NAME, createApp, HttpResponse, ImproperlyConfigured } from '../../src';
import { unmaskCipherToken } from '../../src/contrib/csrf';
import { quietLogger } from '../helpers';
import { csrfUrls } from './csrf-views';
import { cookieApp, setCookie } from './support';

const logger = quietLogger();
const app = cookieApp(csrfUrls, { logger });
const debugApp = cookieApp(csrfUrls, { debug: true });

/** A browser that loaded a page with a token. */
async function browser(target = app) {
  const agent = request.agent(target);
  const res = await agent.get('/token/');
  return { agent, token: res.text, secret: setCookie(res, 'csrftoken')!.value };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('the CSRF cookie and tokens', () => {
  test('getToken sets a 32-character secret cookie with Django’s attributes, and Vary: Cookie', async () => {
    const res = await request(app).get('/token/');
    const cookie = setCookie(res, 'csrftoken')!;
    expect(cookie.value).toMatch(/^[a-zA-Z0-9]{32}$/);
    expect(cookie.attributes).toMatch(/Max-Age=31449600/);
    expect(cookie.attributes).toMatch(/Path=\//);
    expect(cookie.attributes).toMatch(/SameSite=Lax/);
    expect(cookie.attributes).not.toMatch(/HttpOnly|Secure/);
    expect(res.headers.vary).toMatch(/Cookie/);
  });

  test('tokens are masked: 64 characters, different every time, all carrying the secret', async () => {
    const agent = request.agent(app);
    const first = await agent.get('/two-tokens/');
    const secret = setCookie(first, 'csrftoken')!.value;
    const [a, b] = first.text.split(' ');
    expect(a).toMatch(/^[a-zA-Z0-9]{64}$/);
    expect(a).not.toBe(b);
    expect(unmaskCipherToken(a)).toBe(secret);
    expect(unmaskCipherToken(b)).toBe(secret);
    // The same browser keeps its secret.
    const again = await agent.get('/token/');
    expect(unmaskCipherToken(again.text)).toBe(secret);
  });

  test('a page that never asks for a token sets no CSRF cookie', async () => {
    const res = await request(app).get('/plain/');
    expect(res.status).toBe(200);
    expect(setCookie(res, 'csrftoken')).toBeUndefined();
  });

  test('csrfInput() renders the hidden field; csrfToken is the same token within one page', async () => {
    const res = await request(app).get('/form/');
    const values = [...res.text.matchAll(/value="([a-zA-Z0-9]+)"/g)].map((m) => m[1]);
    expect(res.text).toContain(`name="${CSRF_FIELD_NAME}"`);
    expect(values).toHaveLength(2);
    expect(values[0]).toHaveLength(64);
    expect(values[0]).toBe(values[1]);
    expect(unmaskCipherToken(values[0])).toBe(setCookie(res, 'csrftoken')!.value);
  });

  test('a form posted with the token from the page passes', async () => {
    const agent = request.agent(app);
    const page = await agent.get('/form/');
    const token = /value="([a-zA-Z0-9]{64})"/.exec(page.text)![1];
    const res = await agent.post('/post/').type('form').send(form({ [CSRF_FIELD_NAME]: token }));
    expect(res.status).toBe(200);
    expect(res.text).toBe('ok');
  });

  test('a malformed cookie is replaced on a GET', async () => {
    const res = await request(app).get('/token/').set('Cookie', 'csrftoken=short');
    expect(setCookie(res, 'csrftoken')!.value).toMatch(/^[a-zA-Z0-9]{32}$/);
  });
});

describe('unsafe requests are refused without a valid token (403, never 500)', () => {
  test('no CSRF cookie', async () => {
    const res = await request(debugApp).post('/post/').type('form').send(form({ [CSRF_FIELD_NAME]: 'a'.repeat(64) }));
    expect(res.status).toBe(403);
    expect(res.text).toContain('CSRF verification failed. Request aborted.');
    expect(res.text).toContain('CSRF cookie not set.');
  });

  test('no token', async () => {
    const { agent } = await browser(debugApp);
    const res = await agent.post('/post/').type('form').send('a=1');
    expect(res.status).toBe(403);
    expect(res.text).toContain('CSRF token missing.');
  });

  test('a well-formed but wrong token', async () => {
    const { agent } = await browser(debugApp);
    const res = await agent.post('/post/').type('form').send(form({ [CSRF_FIELD_NAME]: 'x'.repeat(64) }));
    expect(res.status).toBe(403);
    expect(res.text).toContain('CSRF token from POST incorrect.');
  });

  test('a token from another session (another browser’s secret)', async () => {
    const other = await browser(debugApp);
    const mine = await browser(debugApp);
    const res = await mine.agent.post('/post/').type('form').send(form({ [CSRF_FIELD_NAME]: other.token }));
    expect(res.status).toBe(403);
    expect(res.text).toContain('CSRF token from POST incorrect.');
  });

  test('tokens of the wrong length, from the form and from the header', async () => {
    const { agent } = await browser(debugApp);
    for (const bad of ['abc', 'a'.repeat(63), 'a'.repeat(65), 'a'.repeat(1_000_000)]) {
      const res = await agent.post('/post/').type('form').send(form({ [CSRF_FIELD_NAME]: bad }));
      expect(res.status).toBe(403);
      expect(res.text).toContain('CSRF token from POST has incorrect length.');
    }
    const header = await agent.post('/post/').set('X-CSRFToken', 'a'.repeat(10));
    expect(header.status).toBe(403);
    expect(header.text).toContain('CSRF token from the &#39;X-Csrftoken&#39; HTTP header has incorrect length.');
  });

  test('tokens with characters outside [a-zA-Z0-9]', async () => {
    const { agent } = await browser(debugApp);
    const res = await agent.post('/post/').type('form').send(form({ [CSRF_FIELD_NAME]: '!'.repeat(64) }));
    expect(res.status).toBe(403);
    expect(res.text).toContain('CSRF token from POST has invalid characters.');
    const unicode = await agent.post('/post/').type('form').send(form({ [CSRF_FIELD_NAME]: 'é'.repeat(64) }));
    expect(unicode.status).toBe(403);
  });

  test('a token sent twice: repeated header values, repeated form fields', async () => {
    const { agent, token } = await browser(debugApp);
    const header = await agent.post('/post/').set('X-CSRFToken', [token, token] as unknown as string);
    expect(header.status).toBe(403);
    // Two values arrive joined ("a, b"): never a match, never a crash.
    expect(header.text).toContain('HTTP header has incorrect length.');
    // Form fields: the last value counts (Django's QueryDict.get); a bad last one is refused.
    const fields = `${CSRF_FIELD_NAME}=${token}&${CSRF_FIELD_NAME}=${'z'.repeat(64)}`;
    expect((await agent.post('/post/').type('form').send(fields)).status).toBe(403);
    const good = `${CSRF_FIELD_NAME}=${'z'.repeat(64)}&${CSRF_FIELD_NAME}=${token}`;
    expect((await agent.post('/post/').type('form').send(good)).status).toBe(200);
  });

  test('a malformed cookie is refused for unsafe requests and replaced', async () => {
    for (const [cookie, reason] of [
      ['short', 'CSRF cookie has incorrect length.'],
      ['!'.repeat(32), 'CSRF cookie has invalid characters.'],
    ]) {
      const res = await request(debugApp)
        .post('/post/')
        .set('Cookie', `csrftoken=${encodeURIComponent(cookie)}`)
        .type('form')
        .send(form({ [CSRF_FIELD_NAME]: cookie }));
      expect(res.status).toBe(403);
      expect(res.text).toContain(reason);
      expect(setCookie(res, 'csrftoken')!.value).toMatch(/^[a-zA-Z0-9]{32}$/);
    }
  });

  test('PUT, PATCH and DELETE are checked too; GET, HEAD, OPTIONS and TRACE are not', async () => {
    for (const method of ['put', 'patch', 'delete'] as const) {
      expect((await request(app)[method]('/post/')).status).toBe(403);
    }
    expect((await request(app).get('/post/')).status).toBe(200);
    expect((await request(app).head('/post/')).status).toBe(200);
    expect((await request(app).options('/post/')).status).toBe(200);
    expect((await request(app).trace('/post/')).status).toBe(200);
  });

  test('without debug the page does not say why, and the reason is logged', async () => {
    const res = await request(app).post('/post/');
    expect(res.status).toBe(403);
    expect(res.text).toContain('CSRF verification failed. Request aborted.');
    expect(res.text).not.toContain('Reason given for failure');
    expect(logger.lines.some((l) => l === 'WARN Forbidden (CSRF cookie not set.): /post/')).toBe(true);
  });
});

describe('accepted tokens', () => {
  test('the X-CSRFToken header (for AJAX)', async () => {
    const { agent, token } = await browser();
    const res = await agent.post('/post/').set('X-CSRFToken', token).send({ json: true });
    expect(res.status).toBe(200);
  });

  test('the unmasked secret itself is accepted (as Django)', async () => {
    const { agent, secret } = await browser();
    expect((await agent.post('/post/').type('form').send(form({ [CSRF_FIELD_NAME]: secret }))).status).toBe(200);
  });

  test('the form field wins over the header', async () => {
    const { agent, token } = await browser(debugApp);
    const res = await agent.post('/post/').set('X-CSRFToken', token).type('form').send(form({ [CSRF_FIELD_NAME]: 'q'.repeat(64) }));
    expect(res.status).toBe(403);
    expect(res.text).toContain('CSRF token from POST incorrect.');
  });

  test('for PUT the body is not read: the header is required', async () => {
    const { agent, token } = await browser();
    expect((await agent.put('/post/').type('form').send(form({ [CSRF_FIELD_NAME]: token }))).status).toBe(403);
    expect((await agent.put('/post/').set('X-CSRFToken', token)).status).toBe(200);
  });

  test('a custom header name', async () => {
    const custom = cookieApp(csrfUrls, { csrf: { headerName: 'X-XSRF-TOKEN' } });
    const { agent, token } = await browser(custom);
    expect((await agent.post('/post/').set('X-XSRF-TOKEN', token)).status).toBe(200);
    expect((await agent.post('/post/').set('X-CSRFToken', token)).status).toBe(403);
  });

  test('class-based views are protected like functions', async () => {
    const { agent, token } = await browser();
    expect((await request(app).post('/class/')).status).toBe(403);
    expect((await agent.post('/class/').set('X-CSRFToken', token)).text).toBe('class ok');
  });
});

describe('csrfExempt', () => {
  test('an exempt function view takes unsafe requests without a token', async () => {
    expect((await request(app).post('/exempt/')).status).toBe(200);
  });

  test('an exempt View class takes them too', async () => {
    const res = await request(app).post('/exempt-class/');
    expect(res.status).toBe(200);
    expect(res.text).toBe('exempt class ok');
  });
});

describe('custom failure view and settings checks', () => {
  test('csrf.failureView answers refused requests with the reason', async () => {
    const custom = cookieApp(csrfUrls, { csrf: { failureView: (_request, reason) => new HttpResponse(`nope: ${reason}`, { status: 403 }) } });
    const res = await request(custom).post('/post/');
    expect(res.status).toBe(403);
    expect(res.text).toBe('nope: CSRF cookie not set.');
  });

  test('csrf settings are checked at start-up, naming the setting', () => {
    const build = (csrf: unknown) => () => cookieApp(csrfUrls, { csrf: csrf as never });
    expect(build({ trustedOrigins: ['example.com'] })).toThrow(/csrf\.trustedOrigins entry 'example\.com' must start with a scheme/);
    expect(build({ cookieSameSite: 'Sometimes' })).toThrow(ImproperlyConfigured);
    expect(build({ headerNme: 'x' })).toThrow(/Unknown setting 'csrf\.headerNme'\. Did you mean 'csrf\.headerName'/);
  });

  test('a Host header not in allowedHosts is a 400 before any CSRF processing', async () => {
    const res = await request(app).post('/post/').set('Host', 'evil.example');
    expect(res.status).toBe(400);
  });

  test('createApp is usable without any contrib middleware (nothing CSRF-related happens)', async () => {
    const bare = createApp({ secretKey: 'k'.repeat(40), allowedHosts: ['127.0.0.1'], rootUrlconf: csrfUrls });
    expect((await request(bare).post('/post/')).status).toBe(200);
  });
});
