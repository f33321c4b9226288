import request from 'supertest';
import { HttpResponse, NoReverseMatch, QueryDict, include, path, rePath, reverse, reverseLazy } from '../../src';
import { makeApp } from '../helpers';
import { echo } from './echo';

const articleView = echo('article');
const fnView = echo('fn');

/** The urlconf most tests reverse against; makeApp() makes it the app created last. */
function app() {
  return makeApp({
    rootUrlconf: [
      path('articles/<int:year>/<slug:slug>/', articleView, { name: 'article' }),
      path('places/<int:n>/', echo('places'), { name: 'places' }),
      rePath('^named/(?P<a>[0-9]+)/(?P<b>[a-z]+)/$', echo('named'), { name: 'named' }),
      rePath('^pos/([0-9]+)/([a-z]+)/$', echo('pos'), { name: 'pos' }),
      rePath('^optional/(?P<arg1>[0-9]+)/(?:(?P<arg2>[0-9]+)/)?$', echo('opt'), { name: 'named_optional' }),
      rePath('^alt/(?:one|two)/$', echo('alt'), { name: 'alt' }),
      path('text/<str:v>/', echo('text'), { name: 'text' }),
      path('p/<path:p>', echo('path'), { name: 'any-path' }),
      path('<path:p>', echo('root-path'), { name: 'root-path' }),
      path('fn/', fnView),
      path('extra/<int:n>/', echo('extra'), { name: 'extra', kwargs: { mode: 'full' } }),
    ],
  });
}

test('keyword arguments fill a route; positional args fill its parameters in order', async () => {
  const server = app();
  const url = reverse('article', { kwargs: { year: 2024, slug: 'hello' } });
  expect(url).toBe('/articles/2024/hello/');
  expect(reverse('article', { args: [2024, 'hello'] })).toBe(url);
  // What reverse() builds resolves back to the same pattern.
  const res = await request(server).get(url);
  expect(res.body).toMatchObject({ view: 'article', kwargs: { year: 2024, slug: 'hello' } });
});

test('rePath: named groups take kwargs, unnamed groups take args', () => {
  app();
  expect(reverse('named', { kwargs: { a: 12, b: 'xy' } })).toBe('/named/12/xy/');
  expect(reverse('named', { args: ['12', 'xy'] })).toBe('/named/12/xy/');
  expect(reverse('pos', { args: [12, 'ab'] })).toBe('/pos/12/ab/');
  expect(() => reverse('pos', { args: [12] })).toThrow(NoReverseMatch);
  // A value the group does not accept is refused ('a' for [0-9]+).
  expect(() => reverse('pos', { args: ['a', 'ab'] })).toThrow(NoReverseMatch);
});

test('optional groups and alternatives of a rePath can be reversed (Django named_optional)', () => {
  app();
  expect(reverse('named_optional', { kwargs: { arg1: 1 } })).toBe('/optional/1/');
  expect(reverse('named_optional', { kwargs: { arg1: 1, arg2: 2 } })).toBe('/optional/1/2/');
  expect(reverse('named_optional', { args: [1] })).toBe('/optional/1/');
  expect(reverse('named_optional', { args: [1, 2] })).toBe('/optional/1/2/');
  expect(() => reverse('named_optional', { kwargs: { arg2: 2 } })).toThrow(NoReverseMatch);
  expect(reverse('alt')).toBe('/alt/one/');
});

test('args and kwargs together are refused', () => {
  app();
  expect(() => reverse('article', { args: [2024], kwargs: { slug: 'x' } })).toThrow("Don't mix args and kwargs in call to reverse()!");
});

test('query and fragment are appended', () => {
  app();
  expect(reverse('places', { kwargs: { n: 1 }, query: { a: '1', b: ['x y', 'z'] } })).toBe('/places/1/?a=1&b=x+y&b=z');
  expect(reverse('places', { kwargs: { n: 1 }, query: [['k', 'v'], ['k', 'w']] })).toBe('/places/1/?k=v&k=w');
  expect(reverse('places', { kwargs: { n: 1 }, query: new QueryDict('a=1&a=2') })).toBe('/places/1/?a=1&a=2');
  expect(reverse('places', { kwargs: { n: 1 }, query: {} })).toBe('/places/1/');
  expect(reverse('places', { kwargs: { n: 1 }, fragment: 'top' })).toBe('/places/1/#top');
  expect(reverse('places', { kwargs: { n: 1 }, fragment: '' })).toBe('/places/1/#');
  expect(reverse('places', { kwargs: { n: 1 }, query: { q: 'a' }, fragment: 'f' })).toBe('/places/1/?q=a#f');
});

test('values are percent-encoded, keeping /~:@!$&\'()*+,;=', async () => {
  const server = app();
  expect(reverse('text', { kwargs: { v: 'a b' } })).toBe('/text/a%20b/');
  expect(reverse('text', { kwargs: { v: "~:@!$&'()*+,;=" } })).toBe("/text/~:@!$&'()*+,;=/");
  expect(reverse('text', { kwargs: { v: '100%' } })).toBe('/text/100%25/');
  expect(reverse('text', { kwargs: { v: 'a?b#c' } })).toBe('/text/a%3Fb%23c/');
  expect(reverse('text', { kwargs: { v: 'café' } })).toBe('/text/caf%C3%A9/');
  expect(reverse('any-path', { kwargs: { p: 'a/b c/' } })).toBe('/p/a/b%20c/');
  const res = await request(server).get(reverse('text', { kwargs: { v: 'a b?#%' } }));
  expect(res.body.kwargs).toEqual({ v: 'a b?#%' });
});

test("a path starting with '//' is escaped to '/%2F' and still resolves to the same value", async () => {
  const server = app();
  const url = reverse('root-path', { kwargs: { p: '/evil.example/x' } });
  expect(url).toBe('/%2Fevil.example/x');
  const res = await request(server).get(url);
  expect(res.body).toMatchObject({ view: 'root-path', kwargs: { p: '/evil.example/x' } });
});

test('a view function reverses to its pattern', () => {
  app();
  expect(reverse(fnView)).toBe('/fn/');
  expect(reverse(articleView, { kwargs: { year: 1, slug: 's' } })).toBe('/articles/1/s/');
  expect(() => reverse(echo('never-routed'))).toThrow("Reverse for 'never-routed' not found.");
});

test('same name on several patterns: the last defined is tried first, the first that fits wins', () => {
  makeApp({
    rootUrlconf: [
      path('first/<int:n>/', echo('a'), { name: 'dup' }),
      path('second/<int:n>/', echo('b'), { name: 'dup' }),
      path('zero/', echo('z'), { name: 'multi' }),
      path('one/<int:a>/', echo('o'), { name: 'multi' }),
      path('two/<int:a>/<int:b>/', echo('t'), { name: 'multi' }),
    ],
  });
  expect(reverse('dup', { kwargs: { n: 1 } })).toBe('/second/1/');
  expect(reverse('multi')).toBe('/zero/');
  expect(reverse('multi', { kwargs: { a: 1 } })).toBe('/one/1/');
  expect(reverse('multi', { kwargs: { a: 1, b: 2 } })).toBe('/two/1/2/');
  expect(reverse('multi', { args: [1, 2] })).toBe('/two/1/2/');
  expect(() => reverse('multi', { kwargs: { a: 'x' } })).toThrow(
    "Reverse for 'multi' with keyword arguments '{\"a\":\"x\"}' not found. 3 pattern(s) tried: ['two/<int:a>/<int:b>/', 'one/<int:a>/', 'zero/']",
  );
});

test("extra kwargs: allowed in reverse() only with the pattern's own value", () => {
  app();
  expect(reverse('extra', { kwargs: { n: 1 } })).toBe('/extra/1/');
  expect(reverse('extra', { kwargs: { n: 1, mode: 'full' } })).toBe('/extra/1/');
  expect(() => reverse('extra', { kwargs: { n: 1, mode: 'other' } })).toThrow(NoReverseMatch);
  expect(() => reverse('extra', { kwargs: { n: 1, unknown: 1 } })).toThrow(NoReverseMatch);
  expect(() => reverse('extra', { kwargs: { mode: 'full' } })).toThrow(NoReverseMatch);
});

test('an extra kwarg of an include counts for every pattern inside it', () => {
  makeApp({ rootUrlconf: [path('v/', include([path('<int:n>/', echo('v'), { name: 'v' })]), { kwargs: { api: 2 } })] });
  expect(reverse('v', { kwargs: { n: 1, api: 2 } })).toBe('/v/1/');
  expect(() => reverse('v', { kwargs: { n: 1, api: 3 } })).toThrow(NoReverseMatch);
});

test('NoReverseMatch messages say what was asked and what was tried', () => {
  app();
  expect(() => reverse('nope')).toThrow("Reverse for 'nope' not found. 'nope' is not a valid view function or pattern name.");
  expect(() => reverse('places', { args: [1, 2] })).toThrow(
    "Reverse for 'places' with arguments '[1,2]' not found. 1 pattern(s) tried: ['places/<int:n>/']",
  );
  expect(() => reverse('places', { kwargs: { arg1: 2 } })).toThrow(
    "Reverse for 'places' with keyword arguments '{\"arg1\":2}' not found. 1 pattern(s) tried: ['places/<int:n>/']",
  );
  expect(() => reverse('places')).toThrow("Reverse for 'places' with no arguments not found. 1 pattern(s) tried: ['places/<int:n>/']");
  expect(() => reverse('places', { kwargs: { n: 'a' } })).toThrow(NoReverseMatch);
  expect(() => reverse('places', { kwargs: { n: -1 } })).toThrow(NoReverseMatch);
  expect(() => reverse(null as never)).toThrow(NoReverseMatch);
  expect(() => reverse('')).toThrow("Reverse for '' not found.");
});

test('an int too large to resolve is not reversed either', () => {
  app();
  expect(() => reverse('places', { kwargs: { n: 2 ** 60 } })).toThrow(NoReverseMatch);
  expect(reverse('places', { kwargs: { n: Number.MAX_SAFE_INTEGER } })).toBe(`/places/${Number.MAX_SAFE_INTEGER}/`);
});

test('reverseLazy is evaluated when used, against the app created by then', () => {
  const lazy = reverseLazy('late', { kwargs: { n: 3 } });
  makeApp({ rootUrlconf: [path('late/<int:n>/', echo('late'), { name: 'late' })] });
  expect(String(lazy)).toBe('/late/3/');
  expect(`${lazy}`).toBe('/late/3/');
});

test('a view can reverse() its own and other patterns', async () => {
  const server = makeApp({
    rootUrlconf: [
      path('here/<int:n>/', (request) => new HttpResponse(reverse(request.resolverMatch!.viewName, { kwargs: { n: 9 } }) + ' ' + reverse('there')), { name: 'here' }),
      path('there/', echo('there'), { name: 'there' }),
    ],
  });
  const res = await request(server).get('/here/1/');
  expect(res.text).toBe('/here/9/ /there/');
});

test("same name, different shapes: the arguments' count, names, converters or regex pick the pattern (Django path_same_name_urls)", () => {
  makeApp({
    rootUrlconf: [
      path('number_of_args/0/', echo('e'), { name: 'number_of_args' }),
      path('number_of_args/1/<value>/', echo('e'), { name: 'number_of_args' }),
      path('kwargs_names/a/<a>/', echo('e'), { name: 'kwargs_names' }),
      path('kwargs_names/b/<b>/', echo('e'), { name: 'kwargs_names' }),
      path('converter/path/<path:value>/', echo('e'), { name: 'converter' }),
      path('converter/str/<str:value>/', echo('e'), { name: 'converter' }),
      path('converter/slug/<slug:value>/', echo('e'), { name: 'converter' }),
      path('converter/int/<int:value>/', echo('e'), { name: 'converter' }),
      path('converter/uuid/<uuid:value>/', echo('e'), { name: 'converter' }),
      rePath('^regex/uppercase/([A-Z]+)/', echo('e'), { name: 'regex' }),
      rePath('^regex/lowercase/([a-z]+)/', echo('e'), { name: 'regex' }),
    ],
  });
  expect(reverse('number_of_args')).toBe('/number_of_args/0/');
  expect(reverse('number_of_args', { args: [1] })).toBe('/number_of_args/1/1/');
  expect(reverse('kwargs_names', { kwargs: { a: 1 } })).toBe('/kwargs_names/a/1/');
  expect(reverse('kwargs_names', { kwargs: { b: 1 } })).toBe('/kwargs_names/b/1/');
  expect(reverse('converter', { args: ['a/b'] })).toBe('/converter/path/a/b/');
  expect(reverse('converter', { args: ['a b'] })).toBe('/converter/str/a%20b/');
  expect(reverse('converter', { args: ['a-b'] })).toBe('/converter/slug/a-b/');
  expect(reverse('converter', { args: ['2'] })).toBe('/converter/int/2/');
  const uuid = '39da9369-838e-4750-91a5-f7805cd82839';
  expect(reverse('converter', { args: [uuid] })).toBe(`/converter/uuid/${uuid}/`);
  expect(reverse('regex', { args: ['ABC'] })).toBe('/regex/uppercase/ABC/');
  expect(reverse('regex', { args: ['abc'] })).toBe('/regex/lowercase/abc/');
  expect(() => reverse('regex', { args: ['aBc'] })).toThrow(NoReverseMatch);
});

test('what reverse() builds from built-in converters resolves back, and what would not resolve is refused', async () => {
  const server = makeApp({
    rootUrlconf: [
      path('shop/', include([path('<int:pk>/', echo('item'), { name: 'item' }), path('<slug:a>-<int:b>/', echo('pair'), { name: 'pair' })], { namespace: 'shop' })),
      path('files/<str:name>', echo('file'), { name: 'file' }),
    ],
  });
  // An integer past 2^53 passes the int regex but not its toValue: resolving would 404, so reverse refuses it.
  expect(() => reverse('shop:item', { kwargs: { pk: '9007199254740993' } })).toThrow(NoReverseMatch);
  expect(() => reverse('shop:item', { kwargs: { pk: -1 } })).toThrow(NoReverseMatch);
  expect(() => reverse('file', { kwargs: { name: 'a/b' } })).toThrow(NoReverseMatch);
  for (const [name, kwargs, view] of [
    ['shop:item', { pk: 9007199254740991 }, 'item'],
    ['shop:pair', { a: 'red-shoe', b: 7 }, 'pair'],
    ['file', { name: 'r\u00e9sum\u00e9 v2.pdf' }, 'file'],
  ] as const) {
    const url = reverse(name, { kwargs });
    const res = await request(server).get(url);
    expect(res.status).toBe(200);
    expect(res.body.view).toBe(view);
  }
  expect(reverse('file', { kwargs: { name: 'r\u00e9sum\u00e9 v2.pdf' } })).toBe('/files/r%C3%A9sum%C3%A9%20v2.pdf');
  // A name found once is found again the same way (the lookup is cached per name).
  expect(reverse('shop:item', { kwargs: { pk: 3 } })).toBe('/shop/3/');
  expect(reverse('shop:item', { args: [4] })).toBe('/shop/4/');
});
