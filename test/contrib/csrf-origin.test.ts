/**
 * Port of Django's Origin and Referer checks (csrf_tests: test_bad_origin_*, test_good_origin_*,
 * test_https_*): the request's own origin and csrf.trustedOrigins pass, anything else is a 403.
 */
import request from 'supertest';
import { CSRF_FIELD_NAME } from '../../src';
import { csrfUrls } from './csrf-views';
import { cookieApp } from './support';

const https = { secureProxySslHeader: ['x-forwarded-proto', 'https'] as [string, string], debug: true };
const app = cookieApp(csrfUrls, { debug: true, allowedHosts: ['testserver', 'www.example.com', '127.0.0.1'] });
const secure = cookieApp(csrfUrls, { ...https, allowedHosts: ['testserver', 'www.example.com', '127.0.0.1'] });
const trusting = cookieApp(csrfUrls, {
  ...https,
  allowedHosts: ['testserver', '127.0.0.1'],
  csrf: { trustedOrigins: ['https://dashboard.example.com', 'https://*.partner.example', 'http://legacy.example'] },
});

async function browser(target = app) {
  const agent = request.agent(target);
  const token = (await agent.get('/token/')).text;
  return { agent, token };
}

/** POST with a valid token and the given headers; resolves to the response. */
async function post(target: typeof app, headers: Record<string, string>) {
  const { agent, token } = await browser(target);
  let req = agent.post('/post/');
  for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
  return req.type('form').send(new URLSearchParams({ [CSRF_FIELD_NAME]: token }).toString());
}

describe('Origin header', () => {
  test('the request’s own origin passes', async () => {
    expect((await post(app, { Host: 'testserver', Origin: 'http://testserver' })).status).toBe(200);
  });

  test('a foreign origin is refused even with a valid token', async () => {
    const res = await post(app, { Host: 'testserver', Origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Origin checking failed - https://evil.example does not match any trusted origins.');
  });

  test("'null' (sandboxed frames, file: pages) is refused", async () => {
    const res = await post(app, { Host: 'testserver', Origin: 'null' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Origin checking failed - null does not match');
  });

  test('the scheme must match: https://testserver is not the origin of an http request', async () => {
    expect((await post(app, { Host: 'testserver', Origin: 'https://testserver' })).status).toBe(403);
  });

  test('another port is another origin', async () => {
    expect((await post(app, { Host: 'testserver', Origin: 'http://testserver:8080' })).status).toBe(403);
  });

  test('a lookalike host is refused', async () => {
    expect((await post(app, { Host: 'testserver', Origin: 'http://testserver.evil.example' })).status).toBe(403);
    expect((await post(app, { Host: 'testserver', Origin: 'http://eviltestserver' })).status).toBe(403);
  });

  test('trustedOrigins: exact entries and *.domain wildcards, scheme included', async () => {
    expect((await post(trusting, { 'X-Forwarded-Proto': 'https', Origin: 'https://dashboard.example.com' })).status).toBe(200);
    expect((await post(trusting, { 'X-Forwarded-Proto': 'https', Origin: 'https://eu.partner.example' })).status).toBe(200);
    expect((await post(trusting, { 'X-Forwarded-Proto': 'https', Origin: 'https://partner.example' })).status).toBe(200);
    expect((await post(trusting, { 'X-Forwarded-Proto': 'https', Origin: 'http://eu.partner.example' })).status).toBe(403);
    expect((await post(trusting, { 'X-Forwarded-Proto': 'https', Origin: 'https://notpartner.example' })).status).toBe(403);
    expect((await post(trusting, { 'X-Forwarded-Proto': 'https', Origin: 'https://dashboard.example.com.evil' })).status).toBe(403);
  });

  test('an Origin that cannot be parsed is refused, not a 500', async () => {
    expect((await post(trusting, { Origin: 'https://[::1' })).status).toBe(403);
  });

  test('the Origin check happens even for requests without a token', async () => {
    const res = await request(app).post('/post/').set('Host', 'testserver').set('Origin', 'https://evil.example');
    expect(res.status).toBe(403);
    expect(res.text).toContain('Origin checking failed');
  });
});

describe('Referer header on HTTPS (when there is no Origin)', () => {
  test('no Referer is refused, with the explanation', async () => {
    const res = await post(secure, { 'X-Forwarded-Proto': 'https', Host: 'testserver' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Referer checking failed - no Referer.');
    expect(res.text).toContain('requires a “Referer header”');
  });

  test('a malformed Referer is refused', async () => {
    for (const referer of ['not a url', 'https://', '//testserver/', 'https://[::1/']) {
      const res = await post(secure, { 'X-Forwarded-Proto': 'https', Host: 'testserver', Referer: referer });
      expect(res.status).toBe(403);
      expect(res.text).toContain('Referer checking failed - Referer is malformed.');
    }
  });

  test('an http Referer on an https site is refused', async () => {
    const res = await post(secure, { 'X-Forwarded-Proto': 'https', Host: 'testserver', Referer: 'http://testserver/form/' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Referer checking failed - Referer is insecure while host is secure.');
  });

  test('a Referer from another site is refused', async () => {
    const res = await post(secure, { 'X-Forwarded-Proto': 'https', Host: 'testserver', Referer: 'https://evil.example/page' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Referer checking failed - https://evil.example/page does not match any trusted origins.');
  });

  test('a Referer from this host passes', async () => {
    expect((await post(secure, { 'X-Forwarded-Proto': 'https', Host: 'www.example.com', Referer: 'https://www.example.com/form/' })).status).toBe(200);
  });

  test('a Referer from a trusted origin’s host passes', async () => {
    expect((await post(trusting, { 'X-Forwarded-Proto': 'https', Host: 'testserver', Referer: 'https://dashboard.example.com/x' })).status).toBe(200);
    expect((await post(trusting, { 'X-Forwarded-Proto': 'https', Host: 'testserver', Referer: 'https://a.partner.example/x' })).status).toBe(200);
  });

  test('with csrf.cookieDomain, Referers from its subdomains pass', async () => {
    const shared = cookieApp(csrfUrls, { ...https, allowedHosts: ['testserver', '127.0.0.1'], csrf: { cookieDomain: '.example.com' } });
    // The cookie is for .example.com, so send it by hand (the test client is on 127.0.0.1).
    const page = await request(shared).get('/token/');
    const secret = /csrftoken=([a-zA-Z0-9]+)/.exec(String(page.headers['set-cookie']))![1];
    const send = (referer: string) =>
      request(shared)
        .post('/post/')
        .set({ 'X-Forwarded-Proto': 'https', Host: 'testserver', Referer: referer, Cookie: `csrftoken=${secret}`, 'X-CSRFToken': page.text });
    expect((await send('https://shop.example.com/')).status).toBe(200);
    expect((await send('https://example.com/')).status).toBe(200);
    expect((await send('https://example.org/')).status).toBe(403);
  });

  test('on plain http the Referer is not checked', async () => {
    expect((await post(app, { Host: 'testserver' })).status).toBe(200);
  });
});
