import { HttpResponse, path, type HttpRequest, type UrlPattern } from '../../src';

/** Views that drive request.session, shared by the session suites of every store. */
export const sessionUrls: UrlPattern[] = [
  path('set/<str:key>/<str:value>/', async (request: HttpRequest, { key, value }) => {
    await request.session.set(key, value);
    return new HttpResponse('ok');
  }),
  path('set-unawaited/<str:key>/<str:value>/', (request: HttpRequest, { key, value }) => {
    void request.session.set(key, value);
    return new HttpResponse('ok');
  }),
  path('json/', async (request: HttpRequest) => {
    await request.session.set('data', { n: 1, list: [1, 'two', null], nested: { ok: true } });
    return new HttpResponse('ok');
  }),
  path('read-json/', async (request: HttpRequest) => new HttpResponse(JSON.stringify(await request.session.get('data')))),
  path('get/<str:key>/', async (request: HttpRequest, { key }) => new HttpResponse(String(await request.session.get(key, '-')))),
  path('delete/<str:key>/', async (request: HttpRequest, { key }) => new HttpResponse(String(await request.session.delete(key)))),
  path('keys/', async (request: HttpRequest) => new HttpResponse((await request.session.keys()).sort().join(','))),
  path('key/', (request: HttpRequest) => new HttpResponse(String(request.session.sessionKey))),
  path('flush/', async (request: HttpRequest) => {
    await request.session.flush();
    return new HttpResponse('flushed');
  }),
  path('cycle/', async (request: HttpRequest) => {
    const before = request.session.sessionKey;
    await request.session.cycleKey();
    return new HttpResponse(`${before} ${request.session.sessionKey}`);
  }),
  path('expiry/<int:seconds>/', async (request: HttpRequest, { seconds }) => {
    await request.session.set('x', 1);
    await request.session.setExpiry(seconds);
    return new HttpResponse(String(await request.session.getExpiryAge()));
  }),
  path('expiry-date/', async (request: HttpRequest) => {
    await request.session.set('x', 1);
    await request.session.setExpiry(new Date(Date.now() + 3600_000));
    return new HttpResponse(String(await request.session.getExpiryAge()));
  }),
  path('nothing/', () => new HttpResponse('nothing')),
  path('fail/', async (request: HttpRequest) => {
    await request.session.set('lost', 'yes');
    return new HttpResponse('boom', { status: 500 });
  }),
];
