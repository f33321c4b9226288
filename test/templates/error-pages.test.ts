/**
 * errorTemplateResponse(): 404.pug / 500.pug / 403.pug / 400.pug on the search path replace the
 * built-in error pages (wired here through the handler settings, as the default views will be).
 */
import { join } from 'node:path';
import request from 'supertest';
import {
  BadRequest,
  Http404,
  HttpRequest,
  HttpResponse,
  PermissionDenied,
  errorTemplateResponse,
  path,
  type ErrorStatus,
  type Kwargs,
  type Settings,
} from '../../src';
import { makeApp, quietLogger } from '../helpers';
import { FIXTURES, PROJECT_DIR } from './support';

function handler(status: ErrorStatus) {
  return async (request: HttpRequest, kwargs: Kwargs) =>
    (await errorTemplateResponse(request, status, kwargs.exception)) ?? new HttpResponse(`built-in ${status}`, { status });
}

function appWith(dirs: string[], extra: Partial<Settings> = {}) {
  return makeApp({
    templates: { dirs },
    rootUrlconf: [
      path('missing/', () => {
        throw new Http404('No movie matches the given query.');
      }),
      path('forbidden/', () => {
        throw new PermissionDenied('Members only');
      }),
      path('bad/', () => {
        throw new BadRequest('secret reason');
      }),
      path('boom/', () => {
        throw new Error('internal detail');
      }),
    ],
    handler400: handler(400),
    handler403: handler(403),
    handler404: handler(404),
    handler500: handler(500),
    ...extra,
  });
}

const ERRORS = join(FIXTURES, 'errors');

test('404.pug renders with the request path and the Http404 message', async () => {
  const res = await request(appWith([ERRORS])).get('/missing/');
  expect(res.status).toBe(404);
  expect(res.text).toBe('<h1>Custom not found</h1><p class="path">/missing/</p><p class="reason">No movie matches the given query.</p>');
});

test('404.pug for a URL that matches no pattern: exception is "Resolver404", the path is URL-quoted (Django)', async () => {
  const res = await request(appWith([ERRORS])).get('/no/caf%C3%A9%20here/');
  expect(res.status).toBe(404);
  expect(res.text).toBe('<h1>Custom not found</h1><p class="path">/no/caf%C3%A9%20here/</p><p class="reason">Resolver404</p>');
});

test('403.pug renders with the PermissionDenied message', async () => {
  const res = await request(appWith([ERRORS])).get('/forbidden/');
  expect(res.status).toBe(403);
  expect(res.text).toBe('<h1>Custom forbidden</h1><p>Members only</p>');
});

test('400.pug and 500.pug render without any detail of the error', async () => {
  const bad = await request(appWith([ERRORS])).get('/bad/');
  expect(bad.status).toBe(400);
  expect(bad.text).toBe('<h1>Custom bad request</h1>');
  const boom = await request(appWith([ERRORS])).get('/boom/');
  expect(boom.status).toBe(500);
  expect(boom.text).toBe('<h1>Custom server error</h1>');
});

test('without error templates on the search path, the built-in pages are used', async () => {
  const app = appWith([PROJECT_DIR]);
  expect((await request(app).get('/missing/')).text).toBe('built-in 404');
  expect((await request(app).get('/boom/')).text).toBe('built-in 500');
});

test('a 500.pug that fails to render falls back to the built-in page and is logged', async () => {
  const logger = quietLogger();
  const res = await request(appWith([join(FIXTURES, 'broken_errors')], { logger })).get('/boom/');
  expect(res.status).toBe(500);
  expect(res.text).toBe('built-in 500');
  expect(logger.lines.join('\n')).toContain('The 500.pug template failed; the built-in 500 page was used instead.');
});

test('the default error views use the templates without any handler setting', async () => {
  const app = makeApp({
    templates: { dirs: [ERRORS] },
    rootUrlconf: [
      path('forbidden/', () => {
        throw new PermissionDenied('Members only');
      }),
      path('boom/', () => {
        throw new Error('internal detail');
      }),
    ],
  });
  const missing = await request(app).get('/nowhere/');
  expect(missing.status).toBe(404);
  expect(missing.text).toContain('<h1>Custom not found</h1><p class="path">/nowhere/</p>');
  const forbidden = await request(app).get('/forbidden/');
  expect(forbidden.status).toBe(403);
  expect(forbidden.text).toContain('Members only');
  const boom = await request(app).get('/boom/');
  expect(boom.status).toBe(500);
  expect(boom.text).not.toContain('internal detail');
  expect(boom.text).not.toContain('Server Error (500)</h1>');
});
