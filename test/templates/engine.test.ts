/**
 * The Pug engine through createApp and supertest: loaders and their order, extends/include on
 * the search path, errors (debug page and plain 500), escaping, helpers, context processors,
 * caching and recompiling, settings validation.
 */
import { join } from 'node:path';
import request from 'supertest';
import {
  HttpResponse,
  TemplateResponse,
  getTemplate,
  include,
  markSafe,
  path,
  renderToString,
  type ViewFunction,
} from '../../src';
import { APP_DIR, FIXTURES, PROJECT_DIR, debugTemplateApp, templateApp } from './support';

const page = (name: string | string[], context: Record<string, unknown> = {}): ViewFunction => (r) => new TemplateResponse(r, name, context);

describe('loaders', () => {
  test('templates.dirs are searched before the installed apps’ folders', async () => {
    const app = templateApp({ rootUrlconf: [path('o/', page('movies/override.pug')), path('a/', page('movies/app_only'))] });
    expect((await request(app).get('/o/')).text).toBe('From project');
    expect((await request(app).get('/a/')).text).toBe('<p class="app-only">App only template</p>');
  });

  test('extends and include resolve on the same search path (app template extends the project base, includes its own row)', async () => {
    const app = templateApp({ rootUrlconf: [path('l/', page('movies/list.pug', { movies: ['Alien', 'Heat'], title: 'Films' }))] });
    const res = await request(app).get('/l/');
    expect(res.text).toBe(
      '<!DOCTYPE html><html><head><title>Films</title></head><body><ul><li class="row">Alien</li><li class="row">Heat</li></ul></body></html>',
    );
  });

  test('a missing template is TemplateDoesNotExist; the debug page lists every file tried', async () => {
    const { app } = debugTemplateApp({ rootUrlconf: [path('m/', page(['nope.pug', 'movies/nope']))] });
    const res = await request(app).get('/m/');
    expect(res.status).toBe(500);
    expect(res.text).toContain('TemplateDoesNotExist');
    for (const file of [join(PROJECT_DIR, 'nope.pug'), join(APP_DIR, 'nope.pug'), join(PROJECT_DIR, 'movies/nope.pug'), join(APP_DIR, 'movies/nope.pug')]) {
      expect(res.text).toContain(`${file} (Source does not exist)`);
    }
  });

  test('without debug a missing template is a plain 500 that shows no path', async () => {
    const res = await request(templateApp({ rootUrlconf: [path('m/', page('nope.pug'))] })).get('/m/');
    expect(res.status).toBe(500);
    expect(res.text).toContain('Server Error (500)');
    expect(res.text).not.toContain(FIXTURES);
    expect(res.text).not.toContain('nope');
  });

  test('a missing include names the including file and line on the debug page', async () => {
    const { app } = debugTemplateApp({ rootUrlconf: [path('m/', page('missing_include.pug'))] });
    const res = await request(app).get('/m/');
    expect(res.status).toBe(500);
    expect(res.text).toContain('TemplateDoesNotExist');
    expect(res.text).toContain(`Template: <code>${join(PROJECT_DIR, 'missing_include.pug')}:2</code>`);
    expect(res.text).toContain(`${join(APP_DIR, 'nothing_here.pug')} (Source does not exist)`);
  });
});

describe('errors in templates', () => {
  test('a Pug syntax error shows the file and line on the debug page', async () => {
    const { app } = debugTemplateApp({ rootUrlconf: [path('s/', page('syntax_error.pug'))] });
    const res = await request(app).get('/s/');
    expect(res.status).toBe(500);
    expect(res.text).toContain('TemplateSyntaxError');
    expect(res.text).toMatch(new RegExp(`Template: <code>${join(PROJECT_DIR, 'syntax_error.pug')}:3(:\\d+)?</code>`));
  });

  test('without debug a syntax error is a plain 500', async () => {
    const res = await request(templateApp({ rootUrlconf: [path('s/', page('syntax_error.pug'))] })).get('/s/');
    expect(res.status).toBe(500);
    expect(res.text).not.toContain('syntax_error');
    expect(res.text).not.toContain('(1 +');
  });

  test('a runtime error keeps its class and shows file, line and source on the debug page', async () => {
    const { app } = debugTemplateApp({ rootUrlconf: [path('r/', page('runtime_error.pug', { movie: {} }))] });
    const res = await request(app).get('/r/');
    expect(res.status).toBe(500);
    expect(res.text).toContain('TypeError at /r/');
    expect(res.text).toContain(`Template: <code>${join(PROJECT_DIR, 'runtime_error.pug')}:5</code>`);
    expect(res.text).toContain('  &gt; 5| ');
  });

  test('without debug a runtime error is a plain 500 and is logged', async () => {
    const { logger } = debugTemplateApp();
    const app = templateApp({ logger, rootUrlconf: [path('r/', page('runtime_error.pug', { movie: {} }))] });
    const res = await request(app).get('/r/');
    expect(res.status).toBe(500);
    expect(res.text).not.toContain('toUpperCase');
    expect(logger.lines.join('\n')).toContain('Internal Server Error: GET /r/');
  });

  test('a missing top-level variable renders empty, not a ReferenceError', async () => {
    const res = await request(templateApp({ rootUrlconf: [path('m/', page('missing.pug'))] })).get('/m/');
    expect(res.status).toBe(200);
    expect(res.text).toBe('<p>[]</p><p></p><p>undefined</p>');
  });
});

test('= and #{} escape, != and !{} do not, and a safe string is not escaped', async () => {
  const app = templateApp({ rootUrlconf: [path('e/', page('escape.pug', { value: '<b>"x"&</b>', safeValue: markSafe('<i>ok</i>') }))] });
  const res = await request(app).get('/e/');
  expect(res.text).toBe(
    '<p>&lt;b&gt;&quot;x&quot;&amp;&lt;/b&gt;</p><p><b>"x"&</b></p><p>&lt;b&gt;&quot;x&quot;&amp;&lt;/b&gt;</p><p><b>"x"&</b></p>' +
      '<p><i>ok</i></p><a href="&lt;b&gt;&quot;x&quot;&amp;&lt;/b&gt;" title="<i>ok</i>">link</a>',
  );
});

describe('helpers', () => {
  const shop = [path('', page('helpers.pug'), { name: 'index' })];
  const urls = [
    path('detail/<int:pk>/', page('first/test.pug'), { name: 'detail' }),
    path('shop/', include(shop, { appName: 'shop', namespace: 'shop' })),
    path('outlet/', include(shop, { appName: 'shop', namespace: 'outlet' })),
  ];

  test('url() reverses with kwargs and uses the current namespace; static() joins staticUrl', async () => {
    const app = templateApp({ rootUrlconf: urls });
    expect((await request(app).get('/shop/')).text).toBe(
      '<a href="/detail/7/">detail</a><a class="ns" href="/shop/">shop</a><img src="/static/img/logo%20one.png"/><p>/static/</p>',
    );
    expect((await request(app).get('/outlet/')).text).toContain('<a class="ns" href="/outlet/">shop</a>');
  });

  test('static() follows the staticUrl setting', async () => {
    const app = templateApp({ rootUrlconf: urls, staticUrl: 'https://cdn.example.com/s/' });
    expect((await request(app).get('/shop/')).text).toContain('<img src="https://cdn.example.com/s/img/logo%20one.png"/><p>https://cdn.example.com/s/</p>');
  });

  test('url() with an unknown option says how to pass URL parameters', async () => {
    const { app } = debugTemplateApp({ rootUrlconf: [...urls, path('b/', page('bad_url.pug'))] });
    const res = await request(app).get('/b/');
    expect(res.status).toBe(500);
    expect(res.text).toContain('unknown option &#39;pk&#39;. Pass URL parameters as url(&#39;detail&#39;, { kwargs: { pk: … } })');
    expect(res.text).toContain(`Template: <code>${join(PROJECT_DIR, 'bad_url.pug')}:1</code>`);
  });
});

test('renderToString() and getTemplate() use the request’s app and its context processors', async () => {
  const view: ViewFunction = async (r) => {
    const html = await renderToString('builtin_processors.pug', { extra: 'e' }, { request: r });
    return new HttpResponse(`${getTemplate('first/test', { request: r }).name}|${html}`);
  };
  const res = await request(templateApp({ rootUrlconf: [path('s/', view)] })).get('/s/');
  expect(res.text).toBe('first/test.pug|<p>path=/s/ debug=false static=/static/ counter= extra=e</p>');
});
