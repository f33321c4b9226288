import express from 'express';
import request from 'supertest';
import { HttpResponse, JsonResponse, NoReverseMatch, path, resolve, reverse, reverseLazy, type HttpRequest } from '../../src';
import { makeApp } from '../helpers';

/** A view answering what reverse() and resolve() give inside the request. */
function reporter(name: string) {
  return async (request: HttpRequest) => {
    // After an await the request's context must still hold (AsyncLocalStorage, not a global).
    await new Promise((done) => setTimeout(done, 5));
    return new JsonResponse({
      reversed: reverse(name, { kwargs: { id: 7 } }),
      lazy: String(reverseLazy(name, { kwargs: { id: 8 } })),
      resolvedView: resolve('/items/1/').urlName,
      path: request.path,
      pathInfo: request.pathInfo,
    });
  };
}

test('inside a request of an app mounted under /shop, reverse() includes /shop; outside it does not', async () => {
  const shop = makeApp({
    rootUrlconf: [path('items/<int:id>/', reporter('item'), { name: 'item' })],
  });
  const host = express();
  host.use('/shop', shop);
  host.get('/', (_req, res) => {
    res.send('host home');
  });
  const res = await request(host).get('/shop/items/1/');
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ reversed: '/shop/items/7/', lazy: '/shop/items/8/', resolvedView: 'item', path: '/shop/items/1/', pathInfo: '/items/1/' });
  expect((await request(host).get('/')).text).toBe('host home');
  // Outside a request: the app created last, without a prefix.
  expect(reverse('item', { kwargs: { id: 7 } })).toBe('/items/7/');
});

test('two apps: each request reverses against its own app and prefix; outside, the app created last', async () => {
  const blog = makeApp({
    rootUrlconf: [
      path('items/<int:id>/', reporter('post'), { name: 'post' }),
      path('only-blog/', () => new HttpResponse('blog')),
    ],
  });
  const shop = makeApp({ rootUrlconf: [path('items/<int:id>/', reporter('item'), { name: 'item' })] });
  const host = express();
  host.use('/blog', blog);
  host.use('/shop', shop);
  const [a, b] = await Promise.all([request(host).get('/blog/items/1/'), request(host).get('/shop/items/1/')]);
  expect(a.body).toMatchObject({ reversed: '/blog/items/7/', resolvedView: 'post' });
  expect(b.body).toMatchObject({ reversed: '/shop/items/7/', resolvedView: 'item' });
  expect(reverse('item', { kwargs: { id: 1 } })).toBe('/items/1/');
  expect(() => reverse('post', { kwargs: { id: 1 } })).toThrow(NoReverseMatch);
  expect(resolve('/items/1/').urlName).toBe('item');
});

test('an app served at the root but created before another one still reverses against itself', async () => {
  const first = makeApp({ rootUrlconf: [path('items/<int:id>/', reporter('first'), { name: 'first' })] });
  makeApp({ rootUrlconf: [path('other/', () => new HttpResponse('other'), { name: 'other' })] });
  const res = await request(first).get('/items/1/');
  expect(res.body).toMatchObject({ reversed: '/items/7/', resolvedView: 'first' });
});

test('nested mounts add up their prefixes', async () => {
  const app = makeApp({ rootUrlconf: [path('items/<int:id>/', reporter('item'), { name: 'item' })] });
  const api = express();
  api.use('/v1', app);
  const host = express();
  host.use('/api', api);
  const res = await request(host).get('/api/v1/items/1/');
  expect(res.body).toMatchObject({ reversed: '/api/v1/items/7/', path: '/api/v1/items/1/', pathInfo: '/items/1/' });
});
