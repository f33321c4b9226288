import { ImproperlyConfigured, include, path, rePath, type UrlPattern } from '../../src';
import { makeApp } from '../helpers';
import { echo, EchoView } from './echo';

/** The error createApp throws for a urlconf (fails the test when it does not throw). */
function startupError(patterns: UrlPattern[]): Error {
  try {
    makeApp({ rootUrlconf: patterns });
  } catch (error) {
    return error as Error;
  }
  throw new Error('createApp accepted the urlconf');
}

test('an unknown converter names the route, the converter and the fix', () => {
  const error = startupError([path('ok/', echo('ok')), path('foo/<nonexistent:var>/', echo('bad'))]);
  expect(error).toBeInstanceOf(ImproperlyConfigured);
  expect(error.message).toContain("rootUrlconf[1]: URL route 'foo/<nonexistent:var>/' uses invalid converter 'nonexistent'.");
  expect(error.message).toMatch(/registerConverter\(\)/);
  expect(error.message).toMatch(/int, str, slug, path, uuid/);
});

test('an error inside an include says where it is', () => {
  const error = startupError([path('a/', include([path('b/', echo('b')), path('<bad:x>/', echo('x'))]))]);
  expect(error.message).toContain("rootUrlconf[0] (include 'a/')[1]: URL route '<bad:x>/'");
});

test.each(['<int:1>/', '<int:book.id>/', '<int:my-id>/', '<1x>/'])('parameter name in %s must be an identifier', (route) => {
  const error = startupError([path(route, echo('v'))]);
  expect(error).toBeInstanceOf(ImproperlyConfigured);
  expect(error.message).toMatch(/isn't a valid identifier/);
});

test.each(['<int: x>/', '< x>/', '<int:x >/', '<int :x>/'])('whitespace inside angle brackets in %s is refused', (route) => {
  const error = startupError([path(route, echo('v'))]);
  expect(error).toBeInstanceOf(ImproperlyConfigured);
  expect(error.message).toContain(`URL route '${route}' cannot contain whitespace in angle brackets`);
});

test('a leading slash is refused with the fix, at any level', () => {
  expect(startupError([path('/about/', echo('a'))]).message).toMatch(/URL route '\/about\/' begins with a '\/'\. Remove it/);
  expect(startupError([path('a/', include([path('/b/', echo('b'))]))])).toBeInstanceOf(ImproperlyConfigured);
});

test('unbalanced brackets and a parameter used twice are refused', () => {
  expect(startupError([path('a/<int:x/', echo('a'))]).message).toMatch(/unbalanced/);
  expect(startupError([path('<int:x>/<int:x>/', echo('a'))]).message).toMatch(/parameter name 'x' twice/);
});

test('an invalid regex is refused, naming the regex', () => {
  const error = startupError([rePath('^a/(?P<x>[0-9+/$', echo('a'))]);
  expect(error).toBeInstanceOf(ImproperlyConfigured);
  expect(error.message).toContain("rePath regex '^a/(?P<x>[0-9+/$' is invalid");
});

test.each(['^(a+)+$', '^(\\w+\\s?)*$', '^x/((ab)*)+/$', '^(?:[a-z]+)*/$'])('a catastrophic regex %s is refused at createApp', (regex) => {
  const error = startupError([rePath(regex, echo('evil'))]);
  expect(error).toBeInstanceOf(ImproperlyConfigured);
  expect(error.message).toMatch(/backtrack catastrophically/);
});

test('an optional group around a repetition, or many quantifiers, are not catastrophic', () => {
  expect(() =>
    makeApp({
      rootUrlconf: [
        rePath('^opt/(?P<a>[0-9]+)/(?:(?P<b>[0-9]+)/)?$', echo('a')),
        rePath(`^${'[a-z]+/'.repeat(30)}$`, echo('b')),
      ],
    }),
  ).not.toThrow();
});

test('path() refuses a View class, a non-function and non-object kwargs at once, with the fix', () => {
  expect(() => path('a/', EchoView as never)).toThrow('view must be a callable, pass EchoView.asView(), not EchoView.');
  expect(() => path('a/', 'view' as never)).toThrow(TypeError);
  expect(() => path('a/', echo('a'), { kwargs: 'x' as never })).toThrow('kwargs argument must be an object, but got string.');
  expect(() => path('a/', echo('a'), { kwargs: [] as never })).toThrow(/but got array/);
});

test('a urlconf entry that is not a pattern is refused at createApp', () => {
  const error = startupError([path('a/', echo('a')), 'b/' as never]);
  expect(error.message).toMatch(/rootUrlconf\[1\] is not a URL pattern/);
});

test('a namespace or a pattern name with a colon is refused: it could never be reversed', () => {
  expect(startupError([path('a/', include([path('b/', echo('b'))], { namespace: 'x:y' }))]).message).toMatch(/namespace 'x:y'/);
  expect(startupError([path('a/', echo('a'), { name: 'a:b' })]).message).toMatch(/name 'a:b'/);
});

test('an include cycle is refused at createApp instead of overflowing the stack', () => {
  const inner = include([path('leaf/', echo('leaf'))]);
  (inner.patterns as UrlPattern[]).push(path('again/', inner));
  expect(startupError([path('a/', inner)]).message).toMatch(/include cycle/);
  // The same include used in two places, even one inside the other's sibling, is not a cycle.
  const shared = include([path('leaf/', echo('leaf'))]);
  expect(() => makeApp({ rootUrlconf: [path('a/', shared), path('b/', include([path('c/', shared)]))] })).not.toThrow();
});
