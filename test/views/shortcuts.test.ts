/**
 * The render() and redirect() shortcuts (Django's django.shortcuts), through supertest.
 */
import express from 'express';
import request from 'supertest';
import { HttpRequest, HttpResponse, Middleware, TemplateResponse, path, redirect, render, resolveUrl, type ViewFunction } from '../../src';
import { makeApp } from '../helpers';
import { templateApp } from '../templates/support';

const detail: ViewFunction = (_r, kwargs) => new HttpResponse(`detail ${kwargs.pk}`);

function app(view: ViewFunction, extra: Parameters<typeof templateApp>[0] = {}) {
  return templateApp({ rootUrlconf: [path('v/', view), path('movies/<int:pk>/', detail, { name: 'movie-detail' }), path('home/', detail, { name: 'home' })], ...extra });
}

describe('render()', () => {
  test('returns an already rendered HttpResponse with the template output', async () => {
    const res = await request(app((r) => render(r, 'generic_views/about.pug', { title: 'About us' }))).get('/v/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('<title>About us</title>');
    expect(res.text).toContain('<h1>About</h1>');
  });

  test('takes status and contentType', async () => {
    const res = await request(app((r) => render(r, 'first/test.pug', {}, { status: 201, contentType: 'text/plain; charset=utf-8' }))).get('/v/');
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.text).toBe('First template');
  });

  test('its response is not a TemplateResponse: processTemplateResponse does not run', async () => {
    const calls: string[] = [];
    class Spy extends Middleware {
      override processTemplateResponse(_r: HttpRequest, response: HttpResponse) {
        calls.push('called');
        return response;
      }
    }
    const res = await request(app((r) => render(r, 'first/test.pug'), { middleware: [Spy] })).get('/v/');
    expect(res.text).toBe('First template');
    expect(calls).toEqual([]);
  });

  test('a list of names renders the first that exists', async () => {
    const res = await request(app((r) => render(r, ['nope.pug', 'second/test.pug']))).get('/v/');
    expect(res.text).toBe('Second template');
  });
});

describe('redirect()', () => {
  test('to a URL: 302 with Location', async () => {
    const res = await request(app(() => redirect('/some/url/'))).get('/v/');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/some/url/');
  });

  test('to a pattern name with kwargs, or with positional args', async () => {
    expect((await request(app(() => redirect('movie-detail', { kwargs: { pk: 3 } }))).get('/v/')).headers.location).toBe('/movies/3/');
    expect((await request(app(() => redirect('movie-detail', 4))).get('/v/')).headers.location).toBe('/movies/4/');
  });

  test('to an object with getAbsoluteUrl()', async () => {
    const movie = { getAbsoluteUrl: () => '/movies/9/' };
    expect((await request(app(() => redirect(movie))).get('/v/')).headers.location).toBe('/movies/9/');
  });

  test('to a view function', async () => {
    expect((await request(app(() => redirect(detail, { kwargs: { pk: 5 } }))).get('/v/')).headers.location).toBe('/movies/5/');
  });

  test('permanent gives 301; preserveRequest gives 307 and 308', async () => {
    expect((await request(app(() => redirect('home', { permanent: true }))).get('/v/')).status).toBe(301);
    expect((await request(app(() => redirect('home', { preserveRequest: true }))).post('/v/')).status).toBe(307);
    const res = await request(app(() => redirect('home', { permanent: true, preserveRequest: true }))).post('/v/');
    expect(res.status).toBe(308);
    expect(res.headers.location).toBe('/home/');
  });

  test('relative URLs (./ and ../) are used as they are', async () => {
    expect((await request(app(() => redirect('../other/'))).get('/v/')).headers.location).toBe('../other/');
    expect((await request(app(() => redirect('./home'))).get('/v/')).headers.location).toBe('./home');
  });

  test('a string that matches no pattern but looks like a URL is used as the URL', async () => {
    expect((await request(app(() => redirect('https://example.com/x'))).get('/v/')).headers.location).toBe('https://example.com/x');
    expect((await request(app(() => redirect('example.com'))).get('/v/')).headers.location).toBe('example.com');
  });

  test('a name that matches no pattern and is not URL-like is a NoReverseMatch (500)', async () => {
    const res = await request(app(() => redirect('not-a-view'), { debug: true })).get('/v/');
    expect(res.status).toBe(500);
    expect(res.text).toContain('NoReverseMatch');
    expect(res.text).toContain('Reverse for &#39;not-a-view&#39; not found.');
  });

  test('an unknown option is refused with a hint', async () => {
    const res = await request(app(() => redirect('movie-detail', { pk: 1 } as never), { debug: true })).get('/v/');
    expect(res.status).toBe(500);
    expect(res.text).toContain('redirect(): unknown option &#39;pk&#39;. URL parameters go in { kwargs: { pk: … } }');
  });

  test('pattern names include the mount prefix', async () => {
    const host = express();
    host.use('/shop', app(() => redirect('movie-detail', { kwargs: { pk: 1 } })));
    expect((await request(host).get('/shop/v/')).headers.location).toBe('/shop/movies/1/');
  });

  test('resolveUrl() follows the same rules', async () => {
    const out: string[] = [];
    await request(
      app(() => {
        out.push(resolveUrl('movie-detail', { args: [2] }), resolveUrl({ getAbsoluteUrl: () => '/abs/' }), resolveUrl('/plain/'));
        return new HttpResponse('ok');
      }),
    ).get('/v/');
    expect(out).toEqual(['/movies/2/', '/abs/', '/plain/']);
  });
});

test('with no template folders at all, TemplateDoesNotExist says how to add one', async () => {
  const res = await request(makeApp({ rootUrlconf: [path('v/', (r) => new TemplateResponse(r, 'x.pug'))], debug: true })).get('/v/');
  expect(res.status).toBe(500);
  expect(res.text).toContain('There are no template folders: set templates.dirs or give installed apps a templates folder.');
});
