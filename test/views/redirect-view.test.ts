/**
 * Port of Django's tests/generic_views/test_base.py RedirectViewTest through supertest:
 * url interpolation, patternName, permanent, queryString, 410 Gone, every method → GET.
 */
import express from 'express';
import request from 'supertest';
import { HttpRequest, RedirectView, include, path, rePath } from '../../src';
import { makeApp, quietLogger } from '../helpers';

function app(extra: Parameters<typeof makeApp>[0] = {}) {
  return makeApp({
    rootUrlconf: [
      path('gone/', RedirectView.asView()),
      path('foo/', RedirectView.asView({ url: '/bar/' })),
      path('permanent/', RedirectView.asView({ url: '/bar/', permanent: true })),
      path('temporary/', RedirectView.asView({ url: '/bar/', permanent: false })),
      path('query/', RedirectView.asView({ url: '/bar/', queryString: true })),
      path('query-merge/', RedirectView.asView({ url: '/bar/?pork=spam', queryString: true })),
      path('foo/<int:object_id>/', RedirectView.asView({ url: '/bar/%(object_id)d/' })),
      path('padded/<int:n>/<slug:slug>/', RedirectView.asView({ url: '/p/%(n)05d/%(slug)s/100%%/' })),
      path('broken/<int:n>/', RedirectView.asView({ url: '/caf%C3%A9/%(n)s/' })),
      path('missing-key/<int:n>/', RedirectView.asView({ url: '/x/%(id)s/' })),
      path('named/<int:pk>/', RedirectView.asView({ patternName: 'artist_detail' })),
      rePath('^named-args/([0-9]+)/$', RedirectView.asView({ patternName: 'artist_detail_args' })),
      path('detail/artist/<int:pk>/', RedirectView.asView({ url: '/x/' }), { name: 'artist_detail' }),
      rePath('^detail/artist-args/([0-9]+)/$', RedirectView.asView({ url: '/x/' }), { name: 'artist_detail_args' }),
      path('direct/', (req: HttpRequest) => new RedirectView().dispatch(req)),
    ],
    ...extra,
  });
}

test('without url or patternName the answer is 410 Gone, logged as Gone', async () => {
  const logger = quietLogger();
  const res = await request(app({ logger })).get('/gone/');
  expect(res.status).toBe(410);
  expect(res.headers.location).toBeUndefined();
  expect(logger.lines).toContain('WARN Gone: /gone/');
});

test('the default is a temporary (302) redirect', async () => {
  const res = await request(app()).get('/foo/');
  expect(res.status).toBe(302);
  expect(res.headers.location).toBe('/bar/');
});

test('permanent: true gives a 301', async () => {
  const res = await request(app()).get('/permanent/');
  expect(res.status).toBe(301);
  expect(res.headers.location).toBe('/bar/');
});

test('permanent: false gives a 302', async () => {
  const res = await request(app()).get('/temporary/');
  expect(res.status).toBe(302);
  expect(res.headers.location).toBe('/bar/');
});

test('the query string is carried over only with queryString: true', async () => {
  expect((await request(app()).get('/foo/?pork=spam')).headers.location).toBe('/bar/');
  const res = await request(app()).get('/query/?pork=spam');
  expect(res.status).toBe(302);
  expect(res.headers.location).toBe('/bar/?pork=spam');
  expect((await request(app()).get('/query/')).headers.location).toBe('/bar/');
});

test('a URL-encoded query string is carried over as it came', async () => {
  const res = await request(app()).get('/query/?unicode=%E2%9C%93');
  expect(res.headers.location).toBe('/bar/?unicode=%E2%9C%93');
});

test('a target that has a query already gets the request query appended with &', async () => {
  const res = await request(app()).get('/query-merge/?bacon=1&pork=ham');
  expect(res.headers.location).toBe('/bar/?pork=spam&bacon=1&pork=ham');
});

test('URL parameters are interpolated into url with %(name)d', async () => {
  const res = await request(app()).get('/foo/42/');
  expect(res.status).toBe(302);
  expect(res.headers.location).toBe('/bar/42/');
});

test('padding flags work and %% is a literal percent sign', async () => {
  const res = await request(app()).get('/padded/7/hello/');
  expect(res.headers.location).toBe('/p/00007/hello/100%/');
});

test('a lone % in url is a 500 telling to write %%', async () => {
  const res = await request(app({ debug: true })).get('/broken/1/');
  expect(res.status).toBe(500);
  expect(res.text).toContain('A literal percent sign must be written &#39;%%&#39;');
});

test('url naming a parameter the pattern does not give is a 500 naming it', async () => {
  const res = await request(app({ debug: true })).get('/missing-key/1/');
  expect(res.status).toBe(500);
  expect(res.text).toContain('uses the URL parameter &#39;id&#39;, but the URL pattern gave &#39;n&#39;');
});

test('patternName reverses the named pattern with the same kwargs', async () => {
  const res = await request(app()).get('/named/1/');
  expect(res.status).toBe(302);
  expect(res.headers.location).toBe('/detail/artist/1/');
});

test('patternName reverses with positional args from an unnamed rePath group', async () => {
  const res = await request(app()).get('/named-args/1/');
  expect(res.headers.location).toBe('/detail/artist-args/1/');
});

test('patternName includes the mount prefix when the app is mounted', async () => {
  const host = express();
  host.use('/shop', app());
  const res = await request(host).get('/shop/named/5/');
  expect(res.headers.location).toBe('/shop/detail/artist/5/');
});

test('patternName inside a namespace', async () => {
  const a = makeApp({
    rootUrlconf: [
      path('music/', include([path('artist/<int:pk>/', RedirectView.asView({ url: '/x/' }), { name: 'detail' }), path('go/<int:pk>/', RedirectView.asView({ patternName: 'music:detail' }))], { namespace: 'music' })),
    ],
  });
  expect((await request(a).get('/music/go/3/')).headers.location).toBe('/music/artist/3/');
});

test.each(['post', 'head', 'options', 'put', 'patch', 'delete'] as const)('%s redirects as GET does', async (method) => {
  const res = await request(app())[method]('/foo/');
  expect(res.status).toBe(302);
  expect(res.headers.location).toBe('/bar/');
});

test('a request without a query string redirects fine with queryString on', async () => {
  const res = await request(app()).get('/query/?');
  expect(res.status).toBe(302);
  expect(res.headers.location).toBe('/bar/');
});

test('a RedirectView instantiated directly answers 410 Gone', async () => {
  expect((await request(app()).head('/direct/')).status).toBe(410);
});
