/**
 * Error responses (Django's views/defaults, views/debug and the handler tests): what the client
 * sees with debug on and off, custom handlerNNN views, and what reaches the log.
 */
import request from 'supertest';
import {
  BadRequest,
  Http404,
  HttpResponse,
  PermissionDenied,
  SuspiciousOperation,
  include,
  path,
  type HttpRequest,
  type Kwargs,
} from '../../src';
import { makeApp, quietLogger, testSettings } from '../helpers';
import { LateResponse } from './recorder';

const SECRET = testSettings().secretKey;

function boom(): HttpResponse {
  throw new Error('database password is hunter2-in-message');
}

const urls = [
  path('boom/', boom, { name: 'boom' }),
  path('missing/', () => {
    throw new Http404('No movie with that slug');
  }, { name: 'missing' }),
  path('forbidden/', () => {
    throw new PermissionDenied('Staff only');
  }),
  path('bad/', () => {
    throw new BadRequest('the page number is not a number');
  }),
  path('suspicious/', () => {
    throw new SuspiciousOperation('tampered signature');
  }),
  path('shop/', include([path('items/<int:pk>/', () => new HttpResponse('item'), { name: 'item' })])),
];

test('debug off: a 500 shows no stack, no exception message, no settings', async () => {
  const logger = quietLogger();
  const res = await request(makeApp({ rootUrlconf: urls, logger })).get('/boom/');
  expect(res.status).toBe(500);
  expect(res.text).toContain('<h1>Server Error (500)</h1>');
  expect(res.text).not.toContain('hunter2');
  expect(res.text).not.toContain('Error:');
  expect(res.text).not.toContain('boom');
  expect(res.text).not.toContain(SECRET);
  expect(res.text).not.toContain('allowedHosts');
  // The error is logged for the operator instead.
  expect(logger.lines).toEqual(['ERROR Internal Server Error: GET /boom/ database password is hunter2-in-message']);
});

test('debug on: the technical 500 shows type, message and stack, and masks secretKey', async () => {
  const res = await request(makeApp({ rootUrlconf: urls, debug: true })).get('/boom/');
  expect(res.status).toBe(500);
  expect(res.text).toContain('Error at /boom/');
  expect(res.text).toContain('database password is hunter2-in-message');
  expect(res.text).toContain('at boom (');
  expect(res.text).toContain('&quot;secretKey&quot;: &quot;********************&quot;');
  expect(res.text).not.toContain(SECRET);
});

test('debug on: the settings on the page do not include what the logger recorded', async () => {
  const logger = quietLogger();
  const app = makeApp({ rootUrlconf: urls, debug: true, logger });
  await request(app).get('/boom/');
  const res = await request(app).get('/boom/');
  expect(logger.lines.length).toBeGreaterThan(0);
  expect(res.text).toContain('&quot;logger&quot;: &quot;[logger]&quot;');
  expect(res.text).not.toContain('Internal Server Error: GET');
});

test('debug on: settings that look like credentials are masked, whatever their case', async () => {
  const { registerSettings } = await import('../../src');
  registerSettings('databaseUrl', 'apiToken', 'cacheUrl');
  const app = makeApp({
    rootUrlconf: urls,
    debug: true,
    databaseUrl: 'postgres://app:db-pass-1@db/app',
    apiToken: 'tok-abc-123',
    cacheUrl: 'redis://:cache-pass-2@cache:6379',
  } as never);
  const res = await request(app).get('/boom/');
  for (const secret of ['db-pass-1', 'tok-abc-123', 'cache-pass-2']) expect(res.text).not.toContain(secret);
  expect(res.text).toContain('redis://:********************@cache:6379');
});

test('debug on, client prefers text/plain: a plain-text technical 500 without the secret', async () => {
  const res = await request(makeApp({ rootUrlconf: urls, debug: true }))
    .get('/boom/')
    .set('Accept', 'text/plain')
    .set('Cookie', 'sessionid=abc123sessionsecret');
  expect(res.status).toBe(500);
  expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
  expect(res.text).toContain('database password is hunter2-in-message');
  expect(res.text).not.toContain(SECRET);
  expect(res.text).not.toContain('abc123sessionsecret');
});

test('debug on: request headers that carry credentials are masked on the HTML page', async () => {
  const res = await request(makeApp({ rootUrlconf: urls, debug: true }))
    .get('/boom/')
    .set('Cookie', 'sessionid=abc123sessionsecret')
    .set('Authorization', 'Bearer tok-987');
  expect(res.text).not.toContain('abc123sessionsecret');
  expect(res.text).not.toContain('tok-987');
  expect(res.text).toContain('<td>cookie</td><td>********************</td>');
});

test('debug on: the technical 404 lists the patterns tried, with names, in order', async () => {
  const res = await request(makeApp({ rootUrlconf: urls, debug: true })).get('/nothing/here');
  expect(res.status).toBe(404);
  expect(res.text).toContain('Page not found');
  const tried = [...res.text.matchAll(/<li>(.*?)<\/li>/g)].map((m) => m[1]);
  expect(tried[0]).toContain('boom/');
  expect(tried[0]).toContain('[name=&#39;boom&#39;]');
  expect(tried.some((t) => t.includes('shop/') && t.includes('items/&lt;int:pk&gt;/'))).toBe(true);
  expect(res.text).toContain("The current path, <code>nothing/here</code>, didn't match any of these.");
});

test('debug on, no URL patterns yet: the welcome page (200), as Django shows; debug off: a 404', async () => {
  const res = await request(makeApp({ rootUrlconf: [], debug: true })).get('/');
  expect(res.status).toBe(200);
  expect(res.text).toContain('The install worked successfully! Congratulations!');
  expect((await request(makeApp({ rootUrlconf: [] })).get('/')).status).toBe(404);
});

test('debug on: Http404 raised by a matched view shows its message and the view', async () => {
  const res = await request(makeApp({ rootUrlconf: urls, debug: true })).get('/missing/');
  expect(res.status).toBe(404);
  expect(res.text).toContain('No movie with that slug');
  expect(res.text).toContain('Raised by:');
  expect(res.text).toContain('matched the last one');
});

test('debug off: the default 404 page is plain and does not echo the Http404 message', async () => {
  const res = await request(makeApp({ rootUrlconf: urls })).get('/missing/');
  expect(res.status).toBe(404);
  expect(res.text).toContain('<h1>Not Found</h1><p>The requested resource was not found on this server.</p>');
  expect(res.text).not.toContain('No movie with that slug');
  expect(res.text).not.toContain('boom/');
});

test('PermissionDenied → 403 with its message; BadRequest and SuspiciousOperation → 400 without theirs', async () => {
  const logger = quietLogger();
  const app = makeApp({ rootUrlconf: urls, logger });
  const forbidden = await request(app).get('/forbidden/');
  expect(forbidden.status).toBe(403);
  expect(forbidden.text).toContain('Staff only');
  const bad = await request(app).get('/bad/');
  expect(bad.status).toBe(400);
  expect(bad.text).toContain('Bad Request (400)');
  expect(bad.text).not.toContain('not a number');
  const suspicious = await request(app).get('/suspicious/');
  expect(suspicious.status).toBe(400);
  expect(suspicious.text).not.toContain('tampered');
  // SuspiciousOperation is a security event: logged as a warning, never as a server error.
  expect(logger.lines.some((l) => l.startsWith('WARN') && l.includes('SuspiciousOperation'))).toBe(true);
  expect(logger.lines.some((l) => l.startsWith('ERROR'))).toBe(false);
});

test('debug on: BadRequest uses the technical page with status 400', async () => {
  const res = await request(makeApp({ rootUrlconf: urls, debug: true })).get('/bad/');
  expect(res.status).toBe(400);
  expect(res.text).toContain('BadRequest at /bad/');
  expect(res.text).toContain('the page number is not a number');
});

test('custom handler404 and handler500 are used, with the exception in kwargs', async () => {
  const seen: unknown[] = [];
  const handler404 = (request: HttpRequest, kwargs: Kwargs) => {
    seen.push(kwargs.exception);
    return new HttpResponse(`custom 404 for ${request.path}`, { status: 404 });
  };
  const handler500 = () => new HttpResponse('custom 500', { status: 500 });
  const app = makeApp({ rootUrlconf: urls, handler404, handler500 });
  const notFound = await request(app).get('/nope/');
  expect(notFound.status).toBe(404);
  expect(notFound.text).toBe('custom 404 for /nope/');
  expect(seen[0]).toBeInstanceOf(Http404);
  const error = await request(app).get('/boom/');
  expect(error.status).toBe(500);
  expect(error.text).toBe('custom 500');
});

test('custom handler403 and handler400 get the exception; an unrendered response from a handler is rendered', async () => {
  const app = makeApp({
    rootUrlconf: urls,
    handler403: (_r: HttpRequest, kwargs: Kwargs) => new HttpResponse(`no: ${(kwargs.exception as Error).message}`, { status: 403 }),
    handler400: () => new LateResponse('400.pug', 400),
  });
  const forbidden = await request(app).get('/forbidden/');
  expect(forbidden.status).toBe(403);
  expect(forbidden.text).toBe('no: Staff only');
  const bad = await request(app).get('/bad/');
  expect(bad.status).toBe(400);
  expect(bad.text).toBe('rendered 400.pug');
});

test('a handler404 that throws falls back to the plain 500 page, and the failure is logged', async () => {
  const logger = quietLogger();
  const handler404 = () => {
    throw new Error('404 template missing');
  };
  const res = await request(makeApp({ rootUrlconf: urls, handler404, logger })).get('/nope/');
  expect(res.status).toBe(500);
  expect(res.text).toContain('<h1>Server Error (500)</h1>');
  expect(res.text).not.toContain('template missing');
  expect(logger.lines.join('\n')).toContain('404 template missing');
});

test('a handler404 that throws uses a custom handler500 (Django’s fallback); a handler500 that throws gives the plain page', async () => {
  const handler404 = () => {
    throw new Error('404 template missing');
  };
  const withCustom500 = makeApp({ rootUrlconf: urls, handler404, handler500: () => new HttpResponse('custom 500', { status: 500 }) });
  const first = await request(withCustom500).get('/nope/');
  expect(first.status).toBe(500);
  expect(first.text).toBe('custom 500');
  const failing500 = makeApp({
    rootUrlconf: urls,
    handler500: () => {
      throw new Error('500 template missing');
    },
  });
  const second = await request(failing500).get('/boom/');
  expect(second.status).toBe(500);
  expect(second.text).toContain('<h1>Server Error (500)</h1>');
});

test('a handler that returns something other than a response falls back to the plain 500', async () => {
  const app = makeApp({ rootUrlconf: urls, handler404: (() => 'not found') as never });
  const res = await request(app).get('/nope/');
  expect(res.status).toBe(500);
  expect(res.text).toContain('Server Error (500)');
});

test('the log of a failing POST contains neither the body nor the password', async () => {
  const logger = quietLogger();
  const app = makeApp({
    logger,
    rootUrlconf: [
      path('login/', (request: HttpRequest) => {
        if (request.POST.get('password')) throw new TypeError('cannot read user');
        return new HttpResponse('ok');
      }),
      path('api/', (request: HttpRequest) => new HttpResponse(String(request.json()))),
    ],
  });
  const res = await request(app).post('/login/').type('form').send({ username: 'ann', password: 'correct-horse-battery' });
  expect(res.status).toBe(500);
  const bad = await request(app).post('/api/').set('Content-Type', 'application/json').send('{"password": "correct-horse-battery",');
  expect(bad.status).toBe(400);
  expect(bad.text).not.toContain('correct-horse-battery');
  const logged = logger.lines.join('\n');
  expect(logged).toContain('Internal Server Error: POST /login/');
  expect(logged).not.toContain('correct-horse-battery');
  expect(logged).not.toContain('username=ann');
});
