/**
 * RequestFactory (Django's django.test.RequestFactory): requests built without a server, for
 * calling views directly; their query, body, files, host and scheme as a view sees them.
 */
import { IsInt, IsString } from 'class-validator';
import { Form, FormView, HttpResponse, RequestFactory, View, type HttpRequest } from '../../src';
import { makeApp } from '../helpers';

const app = makeApp();
const factory = new RequestFactory(app);

class Echo extends View {
  post(request: HttpRequest) {
    return new HttpResponse(`${request.POST.get('title')} (${request.POST.getList('tag').join(',')})`);
  }
}

class MovieForm extends Form {
  @IsString() title!: string;
  @IsInt() year!: number;
}

class MovieCreate extends FormView<MovieForm> {
  override formClass = MovieForm;
  override successUrl = '/movies/';
  override templateName = 'never-rendered.pug';
}

describe('RequestFactory', () => {
  test('get(): path, query data (repeated values too), method and host', async () => {
    const request = await factory.get('/movies/caf%C3%A9/', { page: 2, tag: ['a', 'b'] });
    expect(request.method).toBe('GET');
    expect(request.path).toBe('/movies/café/');
    expect(request.GET.get('page')).toBe('2');
    expect(request.GET.getList('tag')).toEqual(['a', 'b']);
    expect(request.getHost()).toBe('testserver');
    expect(request.buildAbsoluteUri()).toBe('http://testserver/movies/caf%C3%A9/?page=2&tag=a&tag=b');
  });

  test('post() with an object: multipart form data, files included, as the view reads it', async () => {
    const request = await factory.post('/echo/', { title: 'Dune', tag: ['sf', 'novel'], poster: new File(['PNG…'], 'poster.png', { type: 'image/png' }) });
    expect(request.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    const response = await Echo.asView()(request, {});
    expect(response.content.toString()).toBe('Dune (sf,novel)');
    const poster = request.FILES.get('poster')!;
    expect([poster.name, poster.contentType, poster.size]).toEqual(['poster.png', 'image/png', Buffer.byteLength('PNG…')]);
  });

  test('post() with a string body and a content type: JSON for request.json()', async () => {
    const request = await factory.post('/api/', JSON.stringify({ id: 7 }), { contentType: 'application/json' });
    expect(request.json()).toEqual({ id: 7 });
  });

  test('a FormView called directly: valid data redirects, invalid data renders the form with errors', async () => {
    const valid = await MovieCreate.asView()(await factory.post('/movies/new/', { title: 'Dune', year: 2021 }), {});
    expect(valid.statusCode).toBe(302);
    expect(valid.headers.get('Location')).toBe('/movies/');
    const invalid = await MovieCreate.asView()(await factory.post('/movies/new/', { title: 'Dune', year: 'soon' }), {});
    expect(invalid.statusCode).toBe(200);
    const form = (invalid as unknown as { contextData: { form: MovieForm } }).contextData.form;
    expect(Object.keys(form.errors)).toEqual(['year']);
  });

  test('secure: the request is https; headers given per factory and per request', async () => {
    const withHeaders = new RequestFactory(app, { headers: { 'X-Team': 'red', Accept: 'text/plain' } });
    const request = await withHeaders.get('/x/', {}, { secure: true, headers: { Accept: 'application/json' } });
    expect(request.isSecure()).toBe(true);
    expect(request.buildAbsoluteUri()).toBe('https://testserver/x/');
    expect(request.headers.get('x-team')).toBe('red');
    expect(request.headers.get('accept')).toBe('application/json');
  });

  test('a host outside allowedHosts is refused as on a server; a malformed path throws', async () => {
    const request = await factory.get('/', {}, { headers: { Host: 'evil.example' } });
    expect(() => request.getHost()).toThrow(/evil\.example/);
    await expect(factory.get('/bad%ZZ/')).rejects.toThrow();
  });

  test('only apps made by createApp', () => {
    expect(() => new RequestFactory(() => undefined)).toThrow('RequestFactory needs an app made by createApp(settings).');
  });
});
