import request from 'supertest';
import { JsonResponse, QueryDict, TooManyFieldsSent, path, type HttpRequest } from '../../src';
import { makeApp } from '../helpers';

function query(req: HttpRequest) {
  const name = req.GET.get('name', 'default');
  return new JsonResponse({
    lists: Object.fromEntries(req.GET.lists()),
    keys: req.GET.keys(),
    name,
    hasName: req.GET.has('name'),
    votes: req.GET.getList('vote'),
    missing: req.GET.getList('missing'),
    encoded: req.GET.urlencode(),
  });
}

const app = makeApp({ dataUploadMaxNumberFields: 5, rootUrlconf: [path('q/', query)] });

describe('request.GET', () => {
  test('repeated keys: get() is the last value, getList() all of them in order', async () => {
    const res = await request(app).get('/q/?vote=yes&vote=no&name=x');
    expect(res.body.votes).toEqual(['yes', 'no']);
    expect(res.body.lists.vote).toEqual(['yes', 'no']);
    expect(res.body.name).toBe('x');
    expect(res.body.missing).toEqual([]);
  });

  test('a missing key gives the default', async () => {
    const res = await request(app).get('/q/');
    expect(res.body).toMatchObject({ name: 'default', hasName: false, keys: [], encoded: '' });
  });

  test('blank values, keys without "=", "+" as space and UTF-8 escapes', async () => {
    const res = await request(app).get('/q/?empty=&flag&name=J%C3%BCrgen+M&a%20b=c%2Bd');
    expect(res.body.lists).toEqual({ empty: [''], flag: [''], name: ['J\u00fcrgen M'], 'a b': ['c+d'] });
    expect(res.body.keys).toEqual(['empty', 'flag', 'name', 'a b']);
  });

  test('";" is not a separator (Django 3.2+), "&" inside an escape is data', async () => {
    const res = await request(app).get('/q/?name=a;b=c&vote=x%26y');
    expect(res.body.lists).toEqual({ name: ['a;b=c'], vote: ['x&y'] });
  });

  test('more fields than dataUploadMaxNumberFields is a 400; exactly the limit is fine', async () => {
    const five = await request(app).get('/q/?a=1&b=2&c=3&d=4&e=5');
    expect(five.status).toBe(200);
    const six = await request(app).get('/q/?a=1&b=2&c=3&d=4&e=5&f=6');
    expect(six.status).toBe(400);
  });

  test('urlencode() round-trips what was sent', async () => {
    const res = await request(app).get('/q/?next=%2Fa%26b%2F&x=t%C3%ABst+1');
    expect(res.body.encoded).toBe('next=%2Fa%26b%2F&x=t%C3%ABst+1');
  });
});

describe('QueryDict', () => {
  test('is immutable unless copied', () => {
    const q = new QueryDict('a=1');
    expect(() => q.set('a', '2')).toThrow(TypeError);
    expect(() => q.appendList('a', '2')).toThrow(/immutable/);
    expect(() => q.delete('a')).toThrow(TypeError);
    const copy = q.copy();
    copy.set('a', '2');
    copy.appendList('a', '3');
    copy.setList('b', ['x', 'y']);
    expect(copy.getList('a')).toEqual(['2', '3']);
    expect(copy.urlencode()).toBe('a=2&a=3&b=x&b=y');
    expect(q.get('a')).toBe('1');
    expect(copy.delete('b')).toBe(true);
    expect(copy.has('b')).toBe(false);
  });

  test('urlencode escapes "/" and "&" in values, as Django', () => {
    const q = new QueryDict('', true);
    q.set('next', '/a&b/');
    expect(q.urlencode()).toBe('next=%2Fa%26b%2F');
    q.set('next', '/t\u00ebst&key/');
    expect(q.urlencode()).toBe('next=%2Ft%C3%ABst%26key%2F');
  });

  test('can be built from an object, pairs or another QueryDict', () => {
    expect(new QueryDict({ a: ['1', '2'], b: 3 }).urlencode()).toBe('a=1&a=2&b=3');
    expect(new QueryDict([['x', 'y'], ['x', 'z']]).getList('x')).toEqual(['y', 'z']);
    expect(new QueryDict(new QueryDict('k=v')).get('k')).toBe('v');
  });

  test('dict() gives the last value of each key, on an object without prototype', () => {
    const d = new QueryDict('__proto__=1&a=1&a=2').dict();
    expect(Object.getPrototypeOf(d)).toBeNull();
    expect(d.a).toBe('2');
    expect(Object.keys(d)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).a).toBeUndefined();
  });

  test('parse() refuses more than maxFields with TooManyFieldsSent', () => {
    expect(() => QueryDict.parse('a=1&b=2&c=3', 2)).toThrow(TooManyFieldsSent);
    expect(QueryDict.parse('a=1&b=2', 2).size).toBe(2);
  });
});
