import request from 'supertest';
import { Http404, Resolver404, include, path, rePath, resolve, type UrlPattern } from '../../src';
import { makeApp } from '../helpers';
import { echo, EchoView } from './echo';

/** GET `url` on an app with `patterns`; the echo body, or the status when it is not 200. */
async function get(patterns: UrlPattern[], url: string) {
  const res = await request(makeApp({ rootUrlconf: patterns })).get(url);
  return res.status === 200 ? res.body : res.status;
}

describe('first match wins, whatever kind of pattern comes first', () => {
  // Three patterns that all match /x/1/; each written on its own or inside an include.
  const kinds: Record<string, (label: string) => UrlPattern> = {
    static: (l) => path('x/1/', echo(l)),
    dynamic: (l) => path('x/<int:n>/', echo(l)),
    regex: (l) => rePath('^x/(?P<n>[0-9]+)/$', echo(l)),
    'static include': (l) => path('x/', include([path('1/', echo(l))])),
    'dynamic include': (l) => path('<str:d>/', include([path('<int:n>/', echo(l))])),
    'regex include': (l) => rePath('^x/', include([rePath('^(?P<n>[0-9]+)/$', echo(l))])),
  };
  const pairs: [string, string][] = [];
  for (const a of Object.keys(kinds)) for (const b of Object.keys(kinds)) if (a !== b) pairs.push([a, b]);

  test.each(pairs)('%s defined before %s wins', async (first, second) => {
    const body = await get([kinds[first]('first'), kinds[second]('second')], '/x/1/');
    expect(body.view).toBe('first');
  });
});

test('a dynamic pattern defined before a static one with the same path wins, also deep in the index', async () => {
  const patterns = [
    path('a/b/<str:c>/', echo('dynamic')),
    path('a/b/c/', echo('static')),
    path('a/b/d/', echo('other static')),
  ];
  expect((await get(patterns, '/a/b/c/')).view).toBe('dynamic');
  expect((await get(patterns, '/a/b/d/')).view).toBe('dynamic');
  expect((await get([patterns[1], patterns[0]], '/a/b/c/')).view).toBe('static');
});

test('a catch-all in an earlier include shadows a later static path', async () => {
  const patterns = [path('', include([path('<slug:page>/', echo('page'))])), path('about/', echo('about'))];
  const body = await get(patterns, '/about/');
  expect(body).toMatchObject({ view: 'page', kwargs: { page: 'about' } });
});

test('an include whose children all fail falls through to the next sibling', async () => {
  const patterns = [
    path('shop/', include([path('cart/', echo('cart')), path('<int:id>/', echo('product'))])),
    path('shop/<str:rest>/', echo('fallback')),
  ];
  expect((await get(patterns, '/shop/cart/')).view).toBe('cart');
  expect((await get(patterns, '/shop/7/')).view).toBe('product');
  expect(await get(patterns, '/shop/other/')).toMatchObject({ view: 'fallback', kwargs: { rest: 'other' } });
  expect(await get(patterns, '/shop/a/b/')).toBe(404);
});

test('include kwargs precedence: outer captured < include kwargs < inner captured < inner extra kwargs', async () => {
  const patterns = [
    path(
      '<str:x>/<str:y>/<str:z>/<str:w>/',
      include([path('<str:z>/<str:w>/', echo('inner'), { kwargs: { w: 'inner-extra' } })]),
      { kwargs: { y: 'include', z: 'include', w: 'include' } },
    ),
  ];
  const body = await get(patterns, '/ox/oy/oz/ow/iz/iw/');
  expect(body.kwargs).toEqual({ x: 'ox', y: 'include', z: 'iz', w: 'inner-extra' });
});

test("a pattern's extra kwargs are merged over its captured ones and reach a class-based view", async () => {
  const patterns = [path('p/<int:n>/', EchoView.asView(), { kwargs: { n: 'fixed', extra: true } })];
  const res = await request(makeApp({ rootUrlconf: patterns })).get('/p/3/');
  expect(res.body).toEqual({ view: 'EchoView', kwargs: { n: 'fixed', extra: true }, args: [], urlName: null });
});

test('include prefix captures reach the inner view as kwargs', async () => {
  const patterns = [path('<slug:lang>/', include([path('about/<int:v>/', echo('about'))]))];
  expect((await get(patterns, '/en-gb/about/2/')).kwargs).toEqual({ lang: 'en-gb', v: 2 });
});

describe('rePath groups', () => {
  test('Python named groups become string kwargs, no args', async () => {
    const patterns = [rePath('^articles/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$', echo('month'))];
    const body = await get(patterns, '/articles/2003/03/');
    expect(body.kwargs).toEqual({ year: '2003', month: '03' });
    expect(body.args).toEqual([]);
    expect(await get(patterns, '/articles/03/2003/')).toBe(404);
  });

  test('with any named group, unnamed groups are ignored', async () => {
    const body = await get([rePath('^mixed/(?P<a>[0-9]+)/([a-z]+)/$', echo('mixed'))], '/mixed/12/ab/');
    expect(body.kwargs).toEqual({ a: '12' });
    expect(body.args).toEqual([]);
  });

  test('without named groups, unnamed groups are positional args (to a View too)', async () => {
    const body = await get([rePath('^pos/([0-9]+)/([a-z]+)/$', echo('pos'))], '/pos/12/ab/');
    expect(body.args).toEqual(['12', 'ab']);
    expect(body.kwargs).toEqual({});
    const res = await request(makeApp({ rootUrlconf: [rePath('^v/([0-9]+)/$', EchoView.asView())] })).get('/v/5/');
    expect(res.body.args).toEqual(['5']);
  });

  test('a named group that did not take part is left out of kwargs', async () => {
    const patterns = [rePath('^opt/(?:(?P<page>[0-9]+)/)?$', echo('opt'))];
    expect((await get(patterns, '/opt/')).kwargs).toEqual({});
    expect((await get(patterns, '/opt/4/')).kwargs).toEqual({ page: '4' });
  });

  test('an endpoint ending in $ must match the whole path; an include regex is searched', async () => {
    const patterns = [
      rePath('tail/$', echo('tail')),
      rePath('v[0-9]/', include([path('items/', echo('items'))])),
    ];
    expect((await get(patterns, '/tail/')).view).toBe('tail');
    expect(await get(patterns, '/x/tail/')).toBe(404);
    expect((await get(patterns, '/api/v2/items/')).view).toBe('items');
  });

  test('a top-level alternative after an anchored branch still matches (^a/$|b/$)', async () => {
    const patterns = [rePath('^first/$|second/$', echo('either'))];
    expect((await get(patterns, '/first/')).view).toBe('either');
    expect((await get(patterns, '/second/')).view).toBe('either');
  });
});

describe('a trailing newline never matches', () => {
  const patterns = [
    path('nl/<int:n>/', echo('dynamic')),
    path('static/', echo('static')),
    rePath('^re/$', echo('regex')),
    rePath('^py/\\Z', echo('python end')),
  ];
  test.each(['/nl/1/%0A', '/static/%0A', '/re/%0A', '/py/%0A'])('%s is a 404', async (url) => {
    expect(await get(patterns, url)).toBe(404);
    expect(await get(patterns, url.replace('%0A', ''))).toHaveProperty('view');
  });

  test('resolve() throws Resolver404 for a newline too', () => {
    makeApp({ rootUrlconf: patterns });
    expect(() => resolve('/nl/1/\n')).toThrow(Resolver404);
    expect(resolve('/nl/1/').kwargs).toEqual({ n: 1 });
  });
});

test('resolve() returns every ResolverMatch field, with the joined route', () => {
  const view = echo('detail');
  makeApp({
    rootUrlconf: [
      path('blog/', include([path('<int:year>/', include([rePath('^(?P<slug>[-a-z]+)/$', view, { name: 'post' })], { namespace: 'posts' }))], { namespace: 'blog', appName: 'weblog' })),
    ],
  });
  const match = resolve('/blog/2024/hello-world/');
  expect(match.func).toBe(view);
  expect(match.kwargs).toEqual({ year: 2024, slug: 'hello-world' });
  expect(match.args).toEqual([]);
  expect(match.urlName).toBe('post');
  expect(match.route).toBe('blog/<int:year>/(?P<slug>[-a-z]+)/$');
  expect(match.namespace).toBe('blog:posts');
  expect(match.namespaces).toEqual(['blog', 'posts']);
  expect(match.appName).toBe('weblog:posts');
  expect(match.viewName).toBe('blog:posts:post');
});

test('request.resolverMatch carries the same fields inside the view; a nameless view is named after its class', async () => {
  const app = makeApp({
    rootUrlconf: [path('ns/', include([path('e/<str:k>/', echo('e'), { name: 'echo' })], { namespace: 'n' })), path('cls/', EchoView.asView())],
  });
  const res = await request(app).get('/ns/e/v/');
  expect(res.body).toMatchObject({ urlName: 'echo', route: 'ns/e/<str:k>/', namespace: 'n', appName: 'n', viewName: 'n:echo' });
  expect(resolve('/cls/').viewName).toBe('EchoView');
});

test('a path that does not start with / never resolves; Resolver404 is an Http404 carrying the path and tried', () => {
  makeApp({ rootUrlconf: [path('a/', echo('a')), path('b/', include([path('c/', echo('c'), { name: 'c' })]))] });
  expect(() => resolve('a/')).toThrow(Resolver404);
  let error: unknown;
  try {
    resolve('/missing/');
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(Http404);
  expect((error as Resolver404).path).toBe('/missing/');
  expect((error as Resolver404).tried).toEqual([['a/'], ['b/', "c/ [name='c']"]]);
});

test('non-ASCII paths are matched decoded', async () => {
  const body = await get([path('café/<str:name>/', echo('cafe'))], '/caf%C3%A9/%C3%BCber/');
  expect(body.kwargs).toEqual({ name: 'über' });
});

test('a parameter name may be any identifier, non-ASCII included', async () => {
  expect((await get([path('hello/<str:\u0394>/', echo('delta'))], '/hello/1/')).kwargs).toEqual({ '\u0394': '1' });
});
