import request from 'supertest';
import { ImproperlyConfigured, NoReverseMatch, path, registerConverter, reverse, type UrlPattern } from '../../src';
import { makeApp } from '../helpers';
import { echo } from './echo';

async function get(patterns: UrlPattern[], url: string) {
  const res = await request(makeApp({ rootUrlconf: patterns })).get(url);
  return res.status === 200 ? res.body : res.status;
}

describe('int', () => {
  const patterns = [path('int/<int:n>/', echo('int'))];

  test('gives a number, leading zeros dropped', async () => {
    expect((await get(patterns, '/int/42/')).kwargs).toEqual({ n: 42 });
    expect((await get(patterns, '/int/007/')).kwargs).toEqual({ n: 7 });
    expect((await get(patterns, '/int/9007199254740991/')).kwargs).toEqual({ n: Number.MAX_SAFE_INTEGER });
  });

  test.each(['-1', '+1', '1.5', '1e3', '', ' 1', '9007199254740992', '99999999999999999999999'])('rejects %j with a 404', async (value) => {
    expect(await get(patterns, `/int/${encodeURIComponent(value)}/`)).toBe(404);
  });

  test('a value too large for int falls through to the next pattern', async () => {
    const fallthrough = [path('n/<int:v>/', echo('int')), path('n/<str:v>/', echo('str'))];
    expect(await get(fallthrough, '/n/12/')).toMatchObject({ view: 'int', kwargs: { v: 12 } });
    expect(await get(fallthrough, '/n/99999999999999999999/')).toMatchObject({ view: 'str', kwargs: { v: '99999999999999999999' } });
  });
});

test('str: one non-empty segment without a slash (the default converter)', async () => {
  const patterns = [path('s/<str:v>/', echo('str')), path('d/<v>/', echo('default'))];
  expect((await get(patterns, '/s/a.b~c/')).kwargs).toEqual({ v: 'a.b~c' });
  expect((await get(patterns, '/d/x/')).kwargs).toEqual({ v: 'x' });
  expect(await get(patterns, '/s//')).toBe(404);
  expect(await get(patterns, '/s/a/b/')).toBe(404);
});

test('slug: letters, digits, hyphens and underscores only', async () => {
  const patterns = [path('slug/<slug:v>/', echo('slug'))];
  expect((await get(patterns, '/slug/a-B_c1/')).kwargs).toEqual({ v: 'a-B_c1' });
  expect(await get(patterns, '/slug/a.b/')).toBe(404);
  expect(await get(patterns, '/slug/caf%C3%A9/')).toBe(404);
});

test('uuid: lower case only, kept as the canonical string', async () => {
  const patterns = [path('u/<uuid:id>/', echo('uuid'))];
  const id = '39da9369-838e-4750-91a5-f7805cd82839';
  expect((await get(patterns, `/u/${id}/`)).kwargs).toEqual({ id });
  expect(await get(patterns, `/u/${id.toUpperCase()}/`)).toBe(404);
  expect(await get(patterns, '/u/39da9369838e475091a5f7805cd82839/')).toBe(404);
});

test('path: slashes allowed, never empty', async () => {
  const patterns = [path('files/<path:p>', echo('path'))];
  expect((await get(patterns, '/files/a/b/c.txt')).kwargs).toEqual({ p: 'a/b/c.txt' });
  expect((await get(patterns, '/files/dir/')).kwargs).toEqual({ p: 'dir/' });
  expect(await get(patterns, '/files/')).toBe(404);
});

/** Years from 1900 on: toValue and toUrl throw below that, to say "not this pattern". */
class YearConverter {
  regex = '[0-9]{4}';
  toValue(value: string): number {
    const year = Number(value);
    if (year < 1900) throw new RangeError(`${value} is before 1900`);
    return year;
  }
  toUrl(value: number): string {
    if (value < 1900) throw new RangeError(`${value} is before 1900`);
    return String(value);
  }
}
registerConverter(YearConverter, 'year');

describe('custom converter registered with registerConverter', () => {
  test('its toValue gives the kwarg; when it throws the next pattern is tried', async () => {
    const patterns = [path('y/<year:y>/', echo('year')), path('y/<int:y>/', echo('int'))];
    expect(await get(patterns, '/y/2020/')).toMatchObject({ view: 'year', kwargs: { y: 2020 } });
    expect(await get(patterns, '/y/1800/')).toMatchObject({ view: 'int', kwargs: { y: 1800 } });
  });

  test('when its toValue throws and nothing else matches, the answer is a 404', async () => {
    expect(await get([path('y/<year:y>/', echo('year'))], '/y/1800/')).toBe(404);
  });

  test('when its toUrl throws, that reverse candidate is rejected and an earlier one is tried', () => {
    makeApp({ rootUrlconf: [path('fallback/<int:y>/', echo('f'), { name: 'yr' }), path('year/<year:y>/', echo('y'), { name: 'yr' })] });
    expect(reverse('yr', { kwargs: { y: 2020 } })).toBe('/year/2020/');
    expect(reverse('yr', { kwargs: { y: 1800 } })).toBe('/fallback/1800/');
    makeApp({ rootUrlconf: [path('year/<year:y>/', echo('y'), { name: 'only' })] });
    expect(() => reverse('only', { kwargs: { y: 1800 } })).toThrow(NoReverseMatch);
  });

  test('a converter object (not a class) works too, and its regex may contain groups', async () => {
    registerConverter({ regex: '([a-z]+)-([0-9]+)', toValue: (v: string) => v.toUpperCase(), toUrl: (v: string) => v.toLowerCase() }, 'code');
    const body = await get([path('c/<code:a>/<int:b>/', echo('code'))], '/c/ab-12/7/');
    expect(body.kwargs).toEqual({ a: 'AB-12', b: 7 });
  });

  test('an escaped parenthesis in a converter regex stays a literal parenthesis', async () => {
    registerConverter({ regex: '\\([a-z]+\\)', toValue: (v: string) => v, toUrl: (v: string) => v }, 'paren');
    const patterns = [path('p/<paren:v>/', echo('paren'), { name: 'paren' })];
    expect((await get(patterns, '/p/(abc)/')).kwargs).toEqual({ v: '(abc)' });
    expect(await get(patterns, '/p/abc/')).toBe(404);
    expect(reverse('paren', { kwargs: { v: '(xyz)' } })).toBe('/p/(xyz)/');
  });
});

describe('registerConverter refuses', () => {
  test('a name already registered, built-in or custom', () => {
    expect(() => registerConverter(YearConverter, 'int')).toThrow("Converter 'int' is already registered.");
    expect(() => registerConverter(YearConverter, 'year')).toThrow("Converter 'year' is already registered.");
  });

  test('something that is not a converter, or has an invalid regex', () => {
    expect(() => registerConverter({ regex: '[0-9]+' } as never, 'half')).toThrow(ImproperlyConfigured);
    expect(() => registerConverter({ regex: '[0-9', toValue: String, toUrl: String }, 'broken')).toThrow(/invalid regex/);
    expect(() => registerConverter(YearConverter, 'my:year')).toThrow(/name/);
    // Refused registrations leave the name free.
    expect(() => registerConverter({ regex: '[0-9]+', toValue: Number, toUrl: String }, 'half')).not.toThrow();
  });
});
