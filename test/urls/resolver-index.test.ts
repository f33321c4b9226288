import request from 'supertest';
import { include, path, rePath, resolve, reverse, type UrlPattern } from '../../src';
import { makeApp } from '../helpers';
import { echo } from './echo';

// Correctness of the compiled index only: large urlconfs must resolve exactly as a linear scan
// in definition order would. Timings are never asserted here.

const N = 10_000;

test('among 10,000 static routes the last one resolves, end to end and through resolve()', async () => {
  const patterns: UrlPattern[] = [];
  for (let i = 0; i < N; i++) patterns.push(path(`page${i}/`, echo(`p${i}`), { name: `page${i}` }));
  const app = makeApp({ rootUrlconf: patterns });
  expect((await request(app).get(`/page${N - 1}/`)).body.view).toBe(`p${N - 1}`);
  expect((await request(app).get('/page0/')).body.view).toBe('p0');
  expect((await request(app).get(`/page${N}/`)).status).toBe(404);
  expect(resolve(`/page${N - 1}/`).urlName).toBe(`page${N - 1}`);
  expect(reverse(`page${N - 1}`)).toBe(`/page${N - 1}/`);
});

test('among 10,000 dynamic routes sharing segments the last one resolves with its kwargs', async () => {
  const patterns: UrlPattern[] = [];
  for (let i = 0; i < N; i++) patterns.push(path(`shop/c${i % 100}/item${i}/<int:id>/`, echo(`d${i}`)));
  const app = makeApp({ rootUrlconf: patterns });
  const res = await request(app).get(`/shop/c${(N - 1) % 100}/item${N - 1}/42/`);
  expect(res.body).toMatchObject({ view: `d${N - 1}`, kwargs: { id: 42 } });
  expect((await request(app).get(`/shop/c0/item${N - 1}/42/`)).status).toBe(404);
});

test('a catch-all defined among 10,000 static routes shadows every later one, not the earlier ones', () => {
  const patterns: UrlPattern[] = [];
  for (let i = 0; i < N; i++) {
    if (i === 5000) patterns.push(path('<str:anything>/', echo('catch-all')));
    patterns.push(path(`p${i}/`, echo(`p${i}`)));
  }
  makeApp({ rootUrlconf: patterns });
  expect(resolve('/p4999/').func.name).toBe('p4999');
  expect(resolve('/p5000/').func.name).toBe('catch-all');
  expect(resolve(`/p${N - 1}/`).func.name).toBe('catch-all');
});

test('an unanchored regex (a search) among 10,000 routes is still tried in its place', () => {
  const patterns: UrlPattern[] = [path('early/special1/', echo('early'))];
  for (let i = 0; i < N; i++) {
    if (i === 100) patterns.push(rePath('special([0-9]+)/', echo('regex')));
    patterns.push(path(`a/item${i}/`, echo(`static${i}`)));
  }
  patterns.push(path('late/special1/', echo('late')));
  makeApp({ rootUrlconf: patterns });
  expect(resolve('/a/item7/').func.name).toBe('static7');
  expect(resolve('/a/item200/').func.name).toBe('static200');
  // Without '^' the regex matches anywhere in the path: it shadows later patterns, not earlier ones.
  expect(resolve('/early/special1/').func.name).toBe('early');
  expect(resolve('/late/special1/').func.name).toBe('regex');
  expect(resolve('/any/where/special9/').args).toEqual(['9']);
});

test('candidates at several depths of the index are tried in definition order', () => {
  const build = (order: number[]) => {
    const all = [
      path('a/<str:x>/c/', echo('depth1')),
      path('a/b/<str:y>/', echo('depth2')),
      path('<str:z>/b/c/', echo('depth0')),
      path('a/b/c/', echo('static')),
    ];
    makeApp({ rootUrlconf: order.map((i) => all[i]) });
    return resolve('/a/b/c/').func.name;
  };
  expect(build([0, 1, 2, 3])).toBe('depth1');
  expect(build([1, 0, 2, 3])).toBe('depth2');
  expect(build([2, 1, 0, 3])).toBe('depth0');
  expect(build([3, 2, 1, 0])).toBe('static');
});

test('10,000 routes inside includes: the last one resolves, and a failed include falls through', async () => {
  const groups: UrlPattern[] = [];
  for (let g = 0; g < 100; g++) {
    const children: UrlPattern[] = [];
    for (let i = 0; i < 100; i++) children.push(path(`r${i}/`, echo(`g${g}r${i}`), { name: `r${i}` }));
    groups.push(path(`g${g}/`, include(children, { namespace: `g${g}` })));
  }
  groups.push(path('g99/<str:rest>/', echo('after')));
  const app = makeApp({ rootUrlconf: groups });
  expect((await request(app).get('/g99/r99/')).body).toMatchObject({ view: 'g99r99', viewName: 'g99:r99' });
  expect((await request(app).get('/g99/r100/')).body.view).toBe('after');
  expect(reverse('g99:r99')).toBe('/g99/r99/');
});
