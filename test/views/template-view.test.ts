/**
 * Port of Django's tests/generic_views/test_base.py TemplateViewTest and GetContextDataTest,
 * with real .pug files, through supertest.
 */
import request from 'supertest';
import {
  HttpRequest,
  HttpResponse,
  Middleware,
  TemplateResponse,
  TemplateView,
  View,
  path,
  type Context,
  type TemplateResponseInit,
  type TemplateSpec,
} from '../../src';
import { debugTemplateApp, templateApp } from '../templates/support';

class AboutTemplateView extends TemplateView {
  override get() {
    return this.renderToResponse({});
  }
  override getTemplateNames() {
    return ['generic_views/about.pug'];
  }
}

class AboutTemplateAttributeView extends TemplateView {
  override templateName = 'generic_views/about.pug';
  override get() {
    return this.renderToResponse({});
  }
}

class CustomTemplateView extends TemplateView {
  override templateName = 'generic_views/context.pug';
  override getContextData(kwargs: Context = {}) {
    return { ...(super.getContextData(kwargs) as Context), key: 'value' };
  }
}

class CustomContextView extends TemplateView {
  override templateName = 'generic_views/context.pug';
  override async getContextData(kwargs: Context = {}) {
    const context = await super.getContextData({ key: 'parent', ...kwargs });
    return { ...context, processors: 'custom' };
  }
}

class HeaderResponse extends TemplateResponse {
  constructor(request: HttpRequest, template: TemplateSpec, context: Context | null, init?: TemplateResponseInit) {
    super(request, template, context, init);
    this.headers.set('X-Response-Class', 'HeaderResponse');
  }
}

class FirstExisting extends TemplateView {
  override getTemplateNames() {
    return ['generic_views/missing.pug', 'generic_views/about.pug'];
  }
}

const urls = [
  path('about/', AboutTemplateView.asView()),
  path('about/attribute/', AboutTemplateAttributeView.asView()),
  path('about/generic/', TemplateView.asView({ templateName: 'generic_views/about.pug' })),
  path('template/no_template/', TemplateView.asView()),
  path('template/simple/<foo>/', TemplateView.asView({ templateName: 'generic_views/context.pug' })),
  path('template/custom/<foo>/', CustomTemplateView.asView()),
  path('template/async/<foo>/', CustomContextView.asView()),
  path('template/extra_context/', TemplateView.asView({ templateName: 'generic_views/context.pug', extraContext: { key: 'extra', foo: 'from-extra' } })),
  path('template/content_type/', TemplateView.asView({ templateName: 'generic_views/about.pug', contentType: 'text/plain' })),
  path('template/response_class/', TemplateView.asView({ templateName: 'generic_views/about.pug', responseClass: HeaderResponse })),
  path('template/first_existing/', FirstExisting.asView()),
];

test.each([['/about/'], ['/about/attribute/'], ['/about/generic/']])('%s renders the template named by the view', async (url) => {
  const res = await request(templateApp({ rootUrlconf: urls })).get(url);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.text).toContain('<h1>About</h1>');
  expect(res.text).toContain('<title>Site</title>');
});

test('a TemplateView answers HEAD with 200 and no body', async () => {
  const res = await request(templateApp({ rootUrlconf: urls })).head('/about/');
  expect(res.status).toBe(200);
  expect(res.text ?? '').toBe('');
});

test('a TemplateView without templateName is ImproperlyConfigured with Django’s message (debug page)', async () => {
  const { app, logger } = debugTemplateApp({ rootUrlconf: urls });
  const res = await request(app).get('/template/no_template/');
  expect(res.status).toBe(500);
  expect(res.text).toContain('ImproperlyConfigured');
  expect(res.text).toContain(
    'TemplateResponseMixin requires either a definition of &#39;templateName&#39; or an implementation of &#39;getTemplateNames()&#39;',
  );
  expect(logger.lines.join('\n')).toContain('Internal Server Error');
});

test('without debug the missing templateName is a plain 500 that shows nothing internal', async () => {
  const res = await request(templateApp({ rootUrlconf: urls })).get('/template/no_template/');
  expect(res.status).toBe(500);
  expect(res.text).toContain('Server Error (500)');
  expect(res.text).not.toContain('TemplateResponseMixin');
});

test('URL parameters become template variables, with the view as `view`', async () => {
  const res = await request(templateApp({ rootUrlconf: urls })).get('/template/simple/bar/');
  expect(res.status).toBe(200);
  expect(res.text).toContain('foo=bar');
  expect(res.text).toContain('view=TemplateView');
});

test('getContextData can be extended to add variables', async () => {
  const res = await request(templateApp({ rootUrlconf: urls })).get('/template/custom/bar/');
  expect(res.text).toContain('foo=bar key=value view=CustomTemplateView');
});

test('an async getContextData override works, and URL kwargs win over values set higher up', async () => {
  const res = await request(templateApp({ rootUrlconf: urls })).get('/template/async/bar/');
  expect(res.text).toContain('foo=bar key=parent view=CustomContextView processors=custom');
});

test('extraContext given to asView() joins the context and wins over URL kwargs', async () => {
  const res = await request(templateApp({ rootUrlconf: urls })).get('/template/extra_context/');
  expect(res.text).toContain('foo=from-extra key=extra view=TemplateView');
});

test('contentType sets the Content-Type of the response', async () => {
  const res = await request(templateApp({ rootUrlconf: urls })).get('/template/content_type/');
  expect(res.headers['content-type']).toBe('text/plain');
});

test('responseClass chooses the response class', async () => {
  const res = await request(templateApp({ rootUrlconf: urls })).get('/template/response_class/');
  expect(res.status).toBe(200);
  expect(res.headers['x-response-class']).toBe('HeaderResponse');
  expect(res.text).toContain('<h1>About</h1>');
});

test('getTemplateNames may list several names: the first that exists is rendered', async () => {
  const res = await request(templateApp({ rootUrlconf: urls })).get('/template/first_existing/');
  expect(res.status).toBe(200);
  expect(res.text).toContain('<h1>About</h1>');
});

test('the resolved view function keeps viewClass and viewInitkwargs (Django test_resolve_view)', async () => {
  class Probe extends Middleware {
    override processResponse(request: HttpRequest, response: HttpResponse) {
      const func = request.resolverMatch?.func;
      response.headers.set('X-View-Class', String(func?.viewClass?.name));
      response.headers.set('X-Initkwargs', JSON.stringify(func?.viewInitkwargs));
      return response;
    }
  }
  const res = await request(templateApp({ rootUrlconf: urls, middleware: [Probe] })).get('/template/content_type/');
  expect(res.headers['x-view-class']).toBe('TemplateView');
  expect(JSON.parse(res.headers['x-initkwargs'])).toEqual({ templateName: 'generic_views/about.pug', contentType: 'text/plain' });
});

test('TemplateView returns an unrendered TemplateResponse: middleware sees and changes its context', async () => {
  class AddTitle extends Middleware {
    override processTemplateResponse(_request: HttpRequest, response: HttpResponse) {
      const tr = response as TemplateResponse;
      tr.contextData = { ...tr.contextData, key: `seen ${(tr.contextData?.view as View).constructor.name}` };
      return tr;
    }
  }
  const res = await request(templateApp({ rootUrlconf: urls, middleware: [AddTitle] })).get('/template/simple/bar/');
  expect(res.text).toContain('foo=bar key=seen TemplateView');
});
