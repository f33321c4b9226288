/**
 * Django's django.views.decorators.http (require_http_methods, require_GET, require_POST,
 * require_safe) and the handler's logging of error responses (log_response): every 4xx and 5xx
 * is logged once, 4xx as a warning, 5xx as an error.
 */
import request from 'supertest';
import {
  Http404,
  HttpResponse,
  PermissionDenied,
  View,
  path,
  requireGET,
  requireHttpMethods,
  requirePOST,
  requireSafe,
  type HttpRequest,
} from '../../src';
import { makeApp, quietLogger } from '../helpers';

class Page extends View {
  get() {
    return new HttpResponse('page');
  }
  post() {
    return new HttpResponse('posted');
  }
}

const answer = (request: HttpRequest) => new HttpResponse(`answered ${request.method}`);
const logger = quietLogger();
const app = makeApp({
  logger,
  rootUrlconf: [
    path('get-only/', requireGET(answer)),
    path('post-only/', requirePOST(answer)),
    path('safe/', requireSafe(answer)),
    path('put-or-patch/', requireHttpMethods(['put', 'PATCH'])(answer)),
    path('safe-class/', requireSafe(Page).asView()),
    path('page/', Page.asView()),
    path('forbidden/', () => {
      throw new PermissionDenied('no');
    }),
    path('missing/', () => {
      throw new Http404('no such thing');
    }),
    path('teapot/', () => new HttpResponse('short and stout', { status: 418 })),
    path('upload/', requirePOST((request: HttpRequest) => new HttpResponse(String(request.POST.get('title'))))),
    path('broken/', () => {
      throw new Error('the view broke');
    }),
  ],
});

beforeEach(() => {
  logger.lines.length = 0;
});

describe('requireHttpMethods and friends', () => {
  test('requireGET: GET passes; POST is a 405 with Allow, logged as Django logs it', async () => {
    expect((await request(app).get('/get-only/')).text).toBe('answered GET');
    const refused = await request(app).post('/get-only/');
    expect(refused.status).toBe(405);
    expect(refused.headers.allow).toBe('GET');
    expect(logger.lines).toEqual(['WARN Method Not Allowed (POST): /get-only/']);
  });

  test('requirePOST: POST passes, GET is a 405', async () => {
    expect((await request(app).post('/post-only/')).text).toBe('answered POST');
    const refused = await request(app).get('/post-only/');
    expect(refused.status).toBe(405);
    expect(refused.headers.allow).toBe('POST');
  });

  test('requireSafe: GET and HEAD pass, POST and DELETE are 405 with Allow: GET, HEAD', async () => {
    expect((await request(app).get('/safe/')).status).toBe(200);
    expect((await request(app).head('/safe/')).status).toBe(200);
    for (const res of [await request(app).post('/safe/'), await request(app).delete('/safe/')]) {
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD');
    }
  });

  test('method names are matched in upper case', async () => {
    expect((await request(app).put('/put-or-patch/')).text).toBe('answered PUT');
    expect((await request(app).patch('/put-or-patch/')).text).toBe('answered PATCH');
    const refused = await request(app).get('/put-or-patch/');
    expect(refused.status).toBe(405);
    expect(refused.headers.allow).toBe('PUT, PATCH');
  });

  test('on a View class: the decorator refuses before the view dispatches', async () => {
    expect((await request(app).get('/safe-class/')).text).toBe('page');
    const refused = await request(app).post('/safe-class/');
    expect(refused.status).toBe(405);
    expect(refused.text).not.toBe('posted');
  });
});

describe('error responses are logged once', () => {
  test("a View's own 405 names the method", async () => {
    expect((await request(app).put('/page/')).status).toBe(405);
    expect(logger.lines).toEqual(['WARN Method Not Allowed (PUT): /page/']);
  });

  test('404s, from Http404 or from no matching URL, are warnings "Not Found: <path>"', async () => {
    expect((await request(app).get('/missing/')).status).toBe(404);
    expect((await request(app).get('/nowhere/')).status).toBe(404);
    expect(logger.lines).toEqual(['WARN Not Found: /missing/', 'WARN Not Found: /nowhere/']);
  });

  test('PermissionDenied is "Forbidden (Permission denied): <path>"', async () => {
    expect((await request(app).get('/forbidden/')).status).toBe(403);
    expect(logger.lines).toEqual(['WARN Forbidden (Permission denied): /forbidden/']);
  });

  test('a 4xx a view returns is logged by its reason phrase', async () => {
    expect((await request(app).get('/teapot/')).status).toBe(418);
    expect(logger.lines).toEqual(["WARN I'm a Teapot: /teapot/"]);
  });

  test('a 500 is logged once, as an error with the exception', async () => {
    expect((await request(app).get('/broken/')).status).toBe(500);
    expect(logger.lines).toEqual(['ERROR Internal Server Error: GET /broken/ the view broke']);
  });

  test('a multipart body that cannot be parsed: 400, logged as a bad request, not as a security event', async () => {
    const res = await request(app).post('/upload/').set('Content-Type', 'multipart/form-data').send('x');
    expect(res.status).toBe(400);
    expect(logger.lines).toEqual(['WARN Bad request (Unable to parse request body): /upload/']);
  });

  test('a 200 is not logged', async () => {
    expect((await request(app).get('/page/')).status).toBe(200);
    expect(logger.lines).toEqual([]);
  });
});
