/**
 * The app inside an existing Express app (`host.use('/shop', app)`) and on its own (`app.listen`).
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { CommonMiddleware, HttpResponse, HttpResponseRedirect, path, reverse, type HttpRequest } from '../../src';
import { makeApp } from '../helpers';
import { recorder } from './recorder';

const describeRequest = (r: HttpRequest) =>
  new HttpResponse(`path=${r.path} pathInfo=${r.pathInfo} prefix=${r.scriptPrefix} url=${reverse('items')}`);

function shop(extra = {}) {
  return makeApp({
    rootUrlconf: [
      path('items/', describeRequest, { name: 'items' }),
      path('go/', () => new HttpResponseRedirect(reverse('items'))),
    ],
    middleware: [CommonMiddleware],
    ...extra,
  });
}

function host(app: express.Express) {
  const outer = express();
  outer.get('/health', (_req, res) => {
    res.send('host ok');
  });
  outer.use('/shop', app);
  outer.get('/shop/legacy', (_req, res) => {
    res.send('host legacy route');
  });
  outer.use((_req, res) => {
    res.status(404).send('host 404');
  });
  return outer;
}

test('mounted: request.path includes the prefix, pathInfo does not, reverse() adds the prefix', async () => {
  const res = await request(host(shop())).get('/shop/items/');
  expect(res.status).toBe(200);
  expect(res.text).toBe('path=/shop/items/ pathInfo=/items/ prefix=/shop url=/shop/items/');
});

test('mounted: redirects built with reverse() keep the prefix', async () => {
  const res = await request(host(shop())).get('/shop/go/');
  expect(res.status).toBe(302);
  expect(res.headers.location).toBe('/shop/items/');
});

test('mounted: the host app’s own routes still work', async () => {
  const res = await request(host(shop())).get('/health');
  expect(res.status).toBe(200);
  expect(res.text).toBe('host ok');
});

test('mounted without fallthrough: unmatched URLs under the prefix get the app’s 404', async () => {
  const res = await request(host(shop())).get('/shop/legacy');
  expect(res.status).toBe(404);
  expect(res.text).toContain('<h1>Not Found</h1>');
  expect(res.text).not.toContain('host');
});

test('mounted with fallthrough: unmatched URLs reach the host’s later routes; matched ones stay in the app', async () => {
  const log: string[] = [];
  const app = shop({ fallthrough: true, middleware: [recorder('A', log), CommonMiddleware] });
  const outer = host(app);
  const legacy = await request(outer).get('/shop/legacy');
  expect(legacy.status).toBe(200);
  expect(legacy.text).toBe('host legacy route');
  const unknown = await request(outer).get('/shop/unknown/');
  expect(unknown.text).toBe('host 404');
  // Nothing of the app ran for URLs it does not own.
  expect(log).toEqual([]);
  const own = await request(outer).get('/shop/items/');
  expect(own.text).toContain('path=/shop/items/');
});

test('mounted with fallthrough: a URL that only matches with a slash is still redirected by the app', async () => {
  const res = await request(host(shop({ fallthrough: true }))).get('/shop/items?page=2');
  expect(res.status).toBe(301);
  expect(res.headers.location).toBe('/shop/items/?page=2');
});

test('fallthrough without CommonMiddleware: a slash-less URL is not held back by appendSlash', async () => {
  const res = await request(host(shop({ fallthrough: true, middleware: [] }))).get('/shop/items');
  expect(res.text).toBe('host 404');
});

test('two apps mounted in one host each reverse their own names under their own prefix', async () => {
  const outer = express();
  outer.use('/a', shop());
  outer.use('/b', shop());
  expect((await request(outer).get('/a/items/')).text).toContain('url=/a/items/');
  expect((await request(outer).get('/b/items/')).text).toContain('url=/b/items/');
});

test('app.listen(0) serves the app directly', async () => {
  const app = shop();
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const res = await request(`http://127.0.0.1:${port}`).get('/items/');
    expect(res.status).toBe(200);
    expect(res.text).toBe('path=/items/ pathInfo=/items/ prefix= url=/items/');
    const missing = await request(`http://127.0.0.1:${port}`).get('/nope/');
    expect(missing.status).toBe(404);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test('routes added to the app itself with Express methods run after it, with fallthrough', async () => {
  const app = shop({ fallthrough: true });
  app.get('/ping', (_req, res) => {
    res.send('pong');
  });
  expect((await request(app).get('/ping')).text).toBe('pong');
  expect((await request(app).get('/items/')).text).toContain('path=/items/ pathInfo=/items/');
  const missing = await request(app).get('/nope/');
  expect(missing.status).toBe(404);
});

test('every cookie reaches the client when mounted in a host app that set headers first', async () => {
  const express = (await import('express')).default;
  const { HttpResponse, path: p } = await import('../../src');
  const app = makeApp({
    rootUrlconf: [
      p('cookies/', () => {
        const response = new HttpResponse('ok');
        response.setCookie('a', '1');
        response.setCookie('b', '2');
        response.setSignedCookie('c', '3');
        return response;
      }),
    ],
  });
  const host = express(); // X-Powered-By is on: Express calls setHeader before the framework writes.
  host.use('/shop', app);
  const res = await request(host).get('/shop/cookies/');
  expect(res.status).toBe(200);
  expect(res.headers['x-powered-by']).toBe('Express');
  const names = (res.headers['set-cookie'] as unknown as string[]).map((c) => c.split('=')[0]);
  expect(names).toEqual(['a', 'b', 'c']);
});
