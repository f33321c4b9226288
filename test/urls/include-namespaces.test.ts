import request from 'supertest';
import { HttpResponse, ImproperlyConfigured, type HttpRequest, NoReverseMatch, include, path, resolve, reverse, type UrlPattern } from '../../src';
import { makeApp } from '../helpers';
import { echo } from './echo';

/** The patterns of a small "polls" app, deployed several times below. */
function pollsPatterns(): UrlPattern[] {
  return [
    path('', echo('index'), { name: 'index' }),
    path('<int:pk>/', echo('detail'), { name: 'detail' }),
  ];
}

test("'ns:name' reverses inside a namespace; the bare name does not", () => {
  makeApp({ rootUrlconf: [path('polls/', include(pollsPatterns(), { namespace: 'polls' }))] });
  expect(reverse('polls:index')).toBe('/polls/');
  expect(reverse('polls:detail', { kwargs: { pk: 3 } })).toBe('/polls/3/');
  expect(() => reverse('detail', { kwargs: { pk: 3 } })).toThrow(
    "Reverse for 'detail' not found. 'detail' is not a valid view function or pattern name.",
  );
});

test("nested namespaces reverse as 'outer:inner:name' and resolve with both", async () => {
  const server = makeApp({
    rootUrlconf: [
      path('a/<slug:team>/', include([path('b/', include(pollsPatterns(), { namespace: 'inner' }))], { namespace: 'outer' })),
    ],
  });
  const url = reverse('outer:inner:detail', { kwargs: { team: 'red', pk: 5 } });
  expect(url).toBe('/a/red/b/5/');
  const res = await request(server).get(url);
  expect(res.body).toMatchObject({ kwargs: { team: 'red', pk: 5 }, namespace: 'outer:inner', viewName: 'outer:inner:detail' });
  expect(() => reverse('inner:detail', { kwargs: { team: 'red', pk: 5 } })).toThrow(NoReverseMatch);
});

test('a non-namespaced include exposes its names globally, with its prefix', () => {
  makeApp({ rootUrlconf: [path('blog/<int:year>/', include([path('archive/', echo('archive'), { name: 'archive' })]))] });
  expect(reverse('archive', { kwargs: { year: 2020 } })).toBe('/blog/2020/archive/');
  expect(resolve('/blog/2020/archive/').viewName).toBe('archive');
});

test('a plain list of patterns as the view is include(list): resolved and reversed under the prefix', async () => {
  const server = makeApp({ rootUrlconf: [path('shop/<slug:shop>/', pollsPatterns())] });
  expect(reverse('detail', { kwargs: { shop: 'north', pk: 4 } })).toBe('/shop/north/4/');
  expect((await request(server).get('/shop/north/4/')).body).toMatchObject({ kwargs: { shop: 'north', pk: 4 } });
});

test('a namespace inside a non-namespaced include is reachable from the root', () => {
  makeApp({ rootUrlconf: [path('v1/', include([path('polls/', include(pollsPatterns(), { namespace: 'polls' }))]))] });
  expect(reverse('polls:detail', { kwargs: { pk: 1 } })).toBe('/v1/polls/1/');
});

test('unknown namespaces are named in the message', () => {
  makeApp({ rootUrlconf: [path('a/', include([path('b/', include(pollsPatterns(), { namespace: 'b' }))], { namespace: 'a' }))] });
  expect(() => reverse('x:index')).toThrow("'x' is not a registered namespace");
  expect(() => reverse('a:x:index')).toThrow("'x' is not a registered namespace inside 'a'");
  expect(() => reverse('a:b:x:index')).toThrow("'x' is not a registered namespace inside 'a:b'");
  expect(reverse('a:b:index')).toBe('/a/b/');
});

test('a namespace used twice at one level is refused at createApp; in different parents it is fine', () => {
  expect(() =>
    makeApp({
      rootUrlconf: [
        path('one/', include(pollsPatterns(), { namespace: 'polls' })),
        path('two/', include(pollsPatterns(), { namespace: 'polls' })),
      ],
    }),
  ).toThrow(ImproperlyConfigured);
  expect(() =>
    makeApp({
      rootUrlconf: [
        path('one/', include(pollsPatterns(), { namespace: 'polls' })),
        path('x/', include([path('two/', include(pollsPatterns(), { namespace: 'polls' }))])),
      ],
    }),
  ).toThrow(/URL namespace 'polls' isn't unique/);
  expect(() =>
    makeApp({
      rootUrlconf: [
        path('a/', include([path('p/', include(pollsPatterns(), { namespace: 'polls' }))], { namespace: 'a' })),
        path('b/', include([path('p/', include(pollsPatterns(), { namespace: 'polls' }))], { namespace: 'b' })),
      ],
    }),
  ).not.toThrow();
});

describe('application namespaces', () => {
  function deploy(order: 'default-first' | 'default-last' | 'no-default') {
    const instances: Record<string, UrlPattern> = {
      polls: path('polls/', include(pollsPatterns(), { namespace: 'polls', appName: 'polls' })),
      author: path('author-polls/', include(pollsPatterns(), { namespace: 'author-polls', appName: 'polls' })),
      other: path('other-polls/', include(pollsPatterns(), { namespace: 'other-polls', appName: 'polls' })),
    };
    const urlconf =
      order === 'default-first'
        ? [instances.polls, instances.author]
        : order === 'default-last'
          ? [instances.author, instances.polls]
          : [instances.author, instances.other];
    return makeApp({ rootUrlconf: urlconf });
  }

  test('the default instance (namespace == app name) is used, wherever it is deployed', () => {
    deploy('default-first');
    expect(reverse('polls:index')).toBe('/polls/');
    deploy('default-last');
    expect(reverse('polls:index')).toBe('/polls/');
  });

  test('without a default instance, the last deployed instance is used', () => {
    deploy('no-default');
    expect(reverse('polls:detail', { kwargs: { pk: 1 } })).toBe('/other-polls/1/');
  });

  test('currentApp picks the instance; an unknown currentApp falls back to the default', () => {
    deploy('default-first');
    expect(reverse('polls:index', { currentApp: 'author-polls' })).toBe('/author-polls/');
    expect(reverse('polls:index', { currentApp: 'nobody' })).toBe('/polls/');
    // An instance namespace is always reachable directly.
    expect(reverse('author-polls:detail', { kwargs: { pk: 2 } })).toBe('/author-polls/2/');
  });

  test('a view reverses its own instance through currentApp = request.resolverMatch.namespace', async () => {
    const self = (req: HttpRequest) =>
      new HttpResponse(reverse('polls:index', { currentApp: req.resolverMatch!.namespace }));
    const patterns = (): UrlPattern[] => [path('', echo('index'), { name: 'index' }), path('me/', self, { name: 'me' })];
    const server = makeApp({
      rootUrlconf: [
        path('polls/', include(patterns(), { namespace: 'polls' })),
        path('author-polls/', include(patterns(), { namespace: 'author-polls', appName: 'polls' })),
      ],
    });
    expect((await request(server).get('/author-polls/me/')).text).toBe('/author-polls/');
    expect((await request(server).get('/polls/me/')).text).toBe('/polls/');
  });

  test('ResolverMatch has the app name and the instance namespace', () => {
    deploy('default-first');
    const match = resolve('/author-polls/4/');
    expect(match.appName).toBe('polls');
    expect(match.namespace).toBe('author-polls');
    expect(match.viewName).toBe('author-polls:detail');
  });

  test('include() with only an app name makes that the namespace too', () => {
    makeApp({ rootUrlconf: [path('p/', include(pollsPatterns(), { appName: 'polls' }))] });
    expect(reverse('polls:index')).toBe('/p/');
    expect(resolve('/p/').namespace).toBe('polls');
  });
});

test('include() of an include() keeps its patterns and takes a new namespace', () => {
  const inner = include(pollsPatterns(), { namespace: 'first' });
  makeApp({ rootUrlconf: [path('x/', include(inner, { namespace: 'second' })), path('y/', inner)] });
  expect(reverse('second:index')).toBe('/x/');
  expect(reverse('first:index')).toBe('/y/');
  expect(resolve('/x/').appName).toBe('first');
});

test('include() refuses what is not a list of patterns or @route classes', () => {
  expect(() => include('polls.urls' as never)).toThrow(TypeError);
  expect(() => include([class NotRouted {}] as never)).toThrow(/NotRouted, which is neither a URL pattern nor a class decorated with @route/);
});
