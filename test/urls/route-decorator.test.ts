import request from 'supertest';
import { HttpResponse, JsonResponse, View, include, path, resolve, reverse, route, type HttpRequest } from '../../src';
import { makeApp } from '../helpers';

@route('movies/<slug:slug>/', { name: 'movie-detail' })
class MovieDetail extends View {
  get() {
    return new JsonResponse({ slug: this.kwargs.slug });
  }
}

// Decorators apply bottom-up; the routes keep the order they are written in.
@route('list/', { name: 'movie-list' })
@route('list/page/<int:page>/', { name: 'movie-list-page', kwargs: { paged: true } })
class MovieList extends View {
  greeting = 'default';
  get() {
    return new JsonResponse({ page: this.kwargs.page ?? 1, paged: this.kwargs.paged ?? false, greeting: this.greeting });
  }
}

@route('hello/', { name: 'hello', initkwargs: { greeting: 'bonjour' } })
class Greeting extends MovieList {}

test('a legacy-decorated class answers through include([Class]) and reverses by name', async () => {
  const app = makeApp({ rootUrlconf: [path('catalog/', include([MovieDetail]))] });
  const url = reverse('movie-detail', { kwargs: { slug: 'alien' } });
  expect(url).toBe('/catalog/movies/alien/');
  const res = await request(app).get(url);
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ slug: 'alien' });
  expect((await request(app).get('/catalog/movies/a.b/')).status).toBe(404);
});

test('several @route on one class each resolve, in written order, with their kwargs', async () => {
  const app = makeApp({ rootUrlconf: [path('', include([MovieList]))] });
  expect((await request(app).get('/list/')).body).toEqual({ page: 1, paged: false, greeting: 'default' });
  expect((await request(app).get('/list/page/3/')).body).toEqual({ page: 3, paged: true, greeting: 'default' });
  expect(reverse('movie-list-page', { kwargs: { page: 2 } })).toBe('/list/page/2/');
  expect((resolve('/list/').func as { viewClass?: unknown }).viewClass).toBe(MovieList);
  expect((app as unknown as { conf: { rootUrlconf: unknown[] } }).conf.rootUrlconf).toHaveLength(1);
});

test('initkwargs are given to asView(); a subclass does not inherit its parent\'s routes', async () => {
  const app = makeApp({ rootUrlconf: [path('', include([Greeting]))] });
  expect((await request(app).get('/hello/')).body.greeting).toBe('bonjour');
  expect((await request(app).get('/list/')).status).toBe(404);
});

test('called as a TC39 standard decorator: route(...)(Class, { kind: "class" })', async () => {
  class Standard extends View {
    get(request: HttpRequest) {
      return new HttpResponse(`standard ${request.resolverMatch?.urlName}`);
    }
  }
  route('std/<int:id>/', { name: 'std' })(Standard, { kind: 'class', name: 'Standard' });
  route('std/', { name: 'std-index' })(Standard, { kind: 'class', name: 'Standard' });
  const app = makeApp({ rootUrlconf: [path('x/', include([Standard], { namespace: 'std' }))] });
  expect((await request(app).get('/x/std/4/')).text).toBe('standard std');
  expect((await request(app).get('/x/std/')).text).toBe('standard std-index');
  expect(reverse('std:std', { kwargs: { id: 4 } })).toBe('/x/std/4/');
  expect(resolve('/x/std/').viewName).toBe('std:std-index');
});

test('decorated classes and ordinary patterns mix in one include, keeping first-match order', async () => {
  const app = makeApp({
    rootUrlconf: [path('', include([path('movies/special/', () => new HttpResponse('special')), MovieDetail]))],
  });
  expect((await request(app).get('/movies/special/')).text).toBe('special');
  expect((await request(app).get('/movies/other/')).body).toEqual({ slug: 'other' });
});

test('@route refuses a class that is not a View; an invalid route is reported at createApp', () => {
  expect(() => route('x/')(class NotAView {} as never)).toThrow("@route('x/') decorates a View class (one with asView()).");
  @route('bad/<nope:x>/')
  class Bad extends View {}
  expect(() => makeApp({ rootUrlconf: [path('', include([Bad]))] })).toThrow(/invalid converter 'nope'/);
});
