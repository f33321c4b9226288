/**
 * Django's csrf_protect, requires_csrf_token, ensure_csrf_cookie and CSRF_USE_SESSIONS, on
 * functions and View classes, with and without CsrfViewMiddleware.
 */
import request from 'supertest';
import {
  CSRF_FIELD_NAME,
  HttpResponse,
  SessionMiddleware,
  TemplateResponse,
  View,
  csrfProtect,
  ensureCsrfCookie,
  getToken,
  path,
  requiresCsrfToken,
  rotateToken,
  type HttpRequest,
} from '../../src';
import { makeApp } from '../helpers';
import { TEMPLATES, cookieApp, okView, setCookie, tokenView } from './support';

@csrfProtect
class ProtectedClass extends View {
  get(request: HttpRequest) {
    return new HttpResponse(getToken(request));
  }
  post() {
    return new HttpResponse('class posted');
  }
}

const plainUrls = [
  path('protected/', csrfProtect(okView)),
  path('protected-token/', csrfProtect(tokenView)),
  path('protected-form/', csrfProtect((request: HttpRequest) => new TemplateResponse(request, 'form.pug', {}))),
  path('protected-class/', ProtectedClass.asView()),
  path('unprotected/', okView),
  path('requires/', requiresCsrfToken(okView)),
  path('ensure/', ensureCsrfCookie(okView)),
];

/** No CsrfViewMiddleware: only the decorators protect. */
const bare = makeApp({ rootUrlconf: plainUrls, templates: { dirs: [TEMPLATES] }, debug: true });

describe('decorators without CsrfViewMiddleware', () => {
  test('csrfProtect refuses an unsafe request without a token', async () => {
    expect((await request(bare).post('/protected/')).status).toBe(403);
    expect((await request(bare).post('/unprotected/')).status).toBe(200);
  });

  test('csrfProtect sets the cookie when the view asks for a token, and accepts it back', async () => {
    const agent = request.agent(bare);
    const res = await agent.get('/protected-token/');
    expect(setCookie(res, 'csrftoken')!.value).toHaveLength(32);
    expect((await agent.post('/protected/').set('X-CSRFToken', res.text)).status).toBe(200);
  });

  test('csrfProtect sets the cookie after a TemplateResponse is rendered', async () => {
    const agent = request.agent(bare);
    const page = await agent.get('/protected-form/');
    expect(setCookie(page, 'csrftoken')).toBeDefined();
    const token = /value="([a-zA-Z0-9]{64})"/.exec(page.text)![1];
    expect((await agent.post('/protected/').type('form').send(`${CSRF_FIELD_NAME}=${token}`)).status).toBe(200);
  });

  test('csrfProtect on a View class protects every method', async () => {
    const agent = request.agent(bare);
    expect((await agent.post('/protected-class/')).status).toBe(403);
    const token = (await agent.get('/protected-class/')).text;
    const res = await agent.post('/protected-class/').set('X-CSRFToken', token);
    expect(res.status).toBe(200);
    expect(res.text).toBe('class posted');
  });

  test('requiresCsrfToken never refuses', async () => {
    expect((await request(bare).post('/requires/')).status).toBe(200);
  });

  test('ensureCsrfCookie sends the cookie from a view that never asks for a token', async () => {
    const res = await request(bare).get('/ensure/');
    expect(setCookie(res, 'csrftoken')!.value).toMatch(/^[a-zA-Z0-9]{32}$/);
    expect(res.headers.vary).toMatch(/Cookie/);
  });
});

describe('decorators with CsrfViewMiddleware', () => {
  const full = cookieApp(plainUrls);

  test('ensureCsrfCookie adds the cookie; the middleware still checks other views', async () => {
    expect(setCookie(await request(full).get('/ensure/'), 'csrftoken')).toBeDefined();
    expect((await request(full).post('/unprotected/')).status).toBe(403);
  });

  test('csrfProtect under the middleware checks once and accepts a good token', async () => {
    const agent = request.agent(full);
    const token = (await agent.get('/protected-token/')).text;
    expect((await agent.post('/protected/').set('X-CSRFToken', token)).status).toBe(200);
  });
});

describe('csrf.useSessions', () => {
  const rotate = (request: HttpRequest) => {
    rotateToken(request);
    return new HttpResponse('rotated');
  };
  const sessions = cookieApp([path('token/', tokenView), path('post/', okView), path('rotate/', rotate)], { csrf: { useSessions: true } });
  const cookies = cookieApp([path('token/', tokenView), path('post/', okView), path('rotate/', rotate)]);

  test('rotateToken (what login does) invalidates earlier tokens, with the secret in the session or in the cookie', async () => {
    for (const target of [sessions, cookies]) {
      const agent = request.agent(target);
      const before = (await agent.get('/token/')).text;
      expect((await agent.post('/post/').set('X-CSRFToken', before)).status).toBe(200);
      await agent.get('/rotate/');
      expect((await agent.post('/post/').set('X-CSRFToken', before)).status).toBe(403);
      const after = (await agent.get('/token/')).text;
      expect((await agent.post('/post/').set('X-CSRFToken', after)).status).toBe(200);
    }
  });

  test('the secret goes into the session; no csrftoken cookie', async () => {
    const agent = request.agent(sessions);
    const res = await agent.get('/token/');
    expect(setCookie(res, 'csrftoken')).toBeUndefined();
    expect(setCookie(res, 'sessionid')).toBeDefined();
    expect((await agent.post('/post/').set('X-CSRFToken', res.text)).status).toBe(200);
  });

  test('without the session’s token the request is refused', async () => {
    const agent = request.agent(sessions);
    await agent.get('/token/');
    const other = (await request(sessions).get('/token/')).text;
    expect((await agent.post('/post/').set('X-CSRFToken', other)).status).toBe(403);
    expect((await request(sessions).post('/post/')).status).toBe(403);
  });

  test('without SessionMiddleware before it, a clear error', async () => {
    const broken = makeApp({
      rootUrlconf: [path('post/', okView)],
      middleware: [(await import('../../src')).CsrfViewMiddleware, SessionMiddleware],
      session: { store: 'cookie' },
      csrf: { useSessions: true },
      debug: true,
    });
    const res = await request(broken).get('/post/');
    expect(res.status).toBe(500);
    expect(res.text).toContain('SessionMiddleware must come before CsrfViewMiddleware');
  });
});
