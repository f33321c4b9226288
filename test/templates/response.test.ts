/**
 * Port of Django's tests/template_tests/test_response.py (SimpleTemplateResponse and
 * TemplateResponse) and the processTemplateResponse cases of tests/middleware_exceptions,
 * through supertest with real .pug files.
 */
import request from 'supertest';
import {
  ContentNotRenderedError,
  HttpRequest,
  HttpResponse,
  Middleware,
  SimpleTemplateResponse,
  TemplateResponse,
  path,
  type Kwargs,
  type ViewFunction,
} from '../../src';
import { PROJECT_DIR, templateApp } from './support';

const processors = [() => ({ processors: 'yes' })];

/** An app with one view at /t/ and the test context processor. */
function appWith(view: ViewFunction, extra: Parameters<typeof templateApp>[0] = {}) {
  return templateApp({
    rootUrlconf: [path('t/', view, { name: 't' }), path('normal/', normalView, { name: 'normal' })],
    templates: { dirs: [PROJECT_DIR], contextProcessors: processors },
    ...extra,
  });
}

function normalView(request: HttpRequest) {
  return new TemplateResponse(request, 'mw/template_response.pug', { mw: [] });
}

describe('SimpleTemplateResponse / TemplateResponse', () => {
  test('a name, or the first existing name of a list, is resolved through the loaders', async () => {
    const one = await request(appWith((r) => new TemplateResponse(r, 'first/test.pug'))).get('/t/');
    expect(one.text).toBe('First template');
    const list = await request(appWith((r) => new TemplateResponse(r, ['foo.pug', 'second/test.pug', 'first/test.pug']))).get('/t/');
    expect(list.text).toBe('Second template');
  });

  test('a response is not rendered until render() (explicit baking)', async () => {
    const seen: boolean[] = [];
    const res = await request(
      appWith(async (r) => {
        const response = new TemplateResponse(r, 'first/test.pug');
        seen.push(response.isRendered);
        await response.render();
        seen.push(response.isRendered);
        return response;
      }),
    ).get('/t/');
    expect(seen).toEqual([false, true]);
    expect(res.text).toBe('First template');
  });

  test('render() renders once: a later template change and render() do nothing; setting content replaces it', async () => {
    const steps: string[] = [];
    const res = await request(
      appWith(async (r) => {
        const response = new TemplateResponse(r, 'first/test.pug');
        await response.render();
        steps.push(response.text);
        response.templateName = 'second/test.pug';
        await response.render();
        steps.push(response.text);
        response.content = 'bar';
        steps.push(response.text);
        return response;
      }),
    ).get('/t/');
    expect(steps).toEqual(['First template', 'First template', 'bar']);
    expect(res.text).toBe('bar');
  });

  test('reading the content of an unrendered response throws ContentNotRenderedError', async () => {
    const seen: string[] = [];
    await request(
      appWith((r) => {
        const response = new TemplateResponse(r, 'first/test.pug');
        for (const read of [() => response.content, () => response.text, () => response.body]) {
          try {
            read();
            seen.push('read');
          } catch (error) {
            seen.push(error instanceof ContentNotRenderedError ? 'ContentNotRenderedError' : String(error));
          }
        }
        seen.push(String(response.isRendered));
        return response;
      }),
    ).get('/t/');
    expect(seen).toEqual(['ContentNotRenderedError', 'ContentNotRenderedError', 'ContentNotRenderedError', 'false']);
  });

  test('setting the content marks the response rendered; the template is then not used', async () => {
    const res = await request(
      appWith((r) => {
        const response = new TemplateResponse(r, 'does/not/exist.pug');
        response.content = 'spam';
        if (!response.isRendered) throw new Error('should be rendered');
        response.content = 'baz';
        return response;
      }),
    ).get('/t/');
    expect(res.status).toBe(200);
    expect(res.text).toBe('baz');
  });

  test('the context is kept as contextData and rendered, with the context processors', async () => {
    let data: unknown;
    const res = await request(
      appWith((r) => {
        const response = new TemplateResponse(r, 'processors.pug', { foo: 'bar' });
        data = response.contextData;
        return response;
      }),
    ).get('/t/');
    expect(data).toEqual({ foo: 'bar' });
    expect(res.text).toBe('baryes');
  });

  test('context processors run without a context too', async () => {
    const res = await request(appWith((r) => new TemplateResponse(r, 'processors.pug'))).get('/t/');
    expect(res.text).toBe('yes');
  });

  test('the view’s context wins over context processors', async () => {
    const res = await request(appWith((r) => new TemplateResponse(r, 'processors.pug', { processors: 'no' }))).get('/t/');
    expect(res.text).toBe('no');
  });

  test('SimpleTemplateResponse renders without a request: no context processors', async () => {
    const res = await request(appWith(() => new SimpleTemplateResponse('processors.pug', { foo: 'bar' }))).get('/t/');
    expect(res.status).toBe(200);
    expect(res.text).toBe('bar');
  });

  test('status, contentType and headers are options', async () => {
    const res = await request(
      appWith((r) => new TemplateResponse(r, 'first/test.pug', {}, { contentType: 'text/csv', status: 504, headers: { 'X-Foo': 'foo' } })),
    ).get('/t/');
    expect(res.status).toBe(504);
    expect(res.headers['content-type']).toBe('text/csv');
    expect(res.headers['x-foo']).toBe('foo');
    expect(res.text).toBe('First template');
  });

  test('post-render callbacks run after rendering, in the order added', async () => {
    const post: string[] = [];
    const res = await request(
      appWith((r) => {
        const response = new TemplateResponse(r, 'first/test.pug', {});
        response.addPostRenderCallback((resp) => {
          post.push(`post1:${resp.text}`);
        });
        response.addPostRenderCallback(async () => {
          post.push('post2');
        });
        return response;
      }),
    ).get('/t/');
    expect(res.text).toBe('First template');
    expect(post).toEqual(['post1:First template', 'post2']);
  });

  test('a post-render callback that returns a response replaces the one sent', async () => {
    const res = await request(
      appWith((r) => {
        const response = new TemplateResponse(r, 'first/test.pug');
        response.addPostRenderCallback((resp) => new HttpResponse(`replaced after ${resp.text}`, { status: 202 }));
        response.addPostRenderCallback((resp) => {
          resp.headers.set('X-Last', String(resp.statusCode));
        });
        return response;
      }),
    ).get('/t/');
    expect(res.status).toBe(202);
    expect(res.text).toBe('replaced after First template');
    expect(res.headers['x-last']).toBe('202');
  });

  test('a callback added after rendering runs at once', async () => {
    const post: string[] = [];
    await request(
      appWith(async (r) => {
        const response = new TemplateResponse(r, 'first/test.pug');
        await response.render();
        response.addPostRenderCallback(() => {
          post.push('late');
        });
        post.push('after add');
        return response;
      }),
    ).get('/t/');
    expect(post).toEqual(['late', 'after add']);
  });
});

class TemplateResponseMiddleware extends Middleware {
  override processTemplateResponse(_request: HttpRequest, response: HttpResponse) {
    ((response as TemplateResponse).contextData!.mw as string[]).push(this.constructor.name);
    return response;
  }
}

class ProcessViewTemplateResponseMiddleware extends Middleware {
  override processView(request: HttpRequest, view: ViewFunction, _args: string[], _kwargs: Kwargs) {
    return new TemplateResponse(request, 'mw/processed_view.pug', { mw: [this.constructor.name], view: view.name });
  }
}

class NoTemplateResponseMiddleware extends Middleware {
  override processTemplateResponse() {
    return undefined as unknown as HttpResponse;
  }
}

class SwitchTemplateMiddleware extends Middleware {
  override processTemplateResponse(_request: HttpRequest, response: HttpResponse) {
    const tr = response as TemplateResponse;
    tr.templateName = 'processors.pug';
    tr.contextData = { foo: `switched(${(tr.contextData?.mw as string[]).join(',')})` };
    return tr;
  }
}

describe('processTemplateResponse (middleware_exceptions)', () => {
  test('a processTemplateResponse hook changes the context before rendering', async () => {
    const res = await request(appWith(normalView, { middleware: [TemplateResponseMiddleware] })).get('/normal/');
    expect(res.text).toBe('template_response OK\nTemplateResponseMiddleware');
  });

  test('hooks run innermost first, each seeing the changes of the one before', async () => {
    class Inner extends TemplateResponseMiddleware {}
    class Outer extends TemplateResponseMiddleware {}
    const res = await request(appWith(normalView, { middleware: [Outer, Inner] })).get('/normal/');
    expect(res.text).toBe('template_response OK\nInner\nOuter');
  });

  test('a hook may switch the template and the context: the new template is rendered', async () => {
    const res = await request(appWith(normalView, { middleware: [SwitchTemplateMiddleware, TemplateResponseMiddleware] })).get('/normal/');
    expect(res.text).toBe('switched(TemplateResponseMiddleware)yes');
  });

  test('a hook returning nothing is a 500 naming the middleware', async () => {
    const res = await request(appWith(normalView, { middleware: [NoTemplateResponseMiddleware], debug: true })).get('/normal/');
    expect(res.status).toBe(500);
    expect(res.text).toContain("NoTemplateResponseMiddleware.processTemplateResponse didn&#39;t return an HttpResponse object. It returned undefined instead.");
  });

  test('a TemplateResponse returned by processView is rendered', async () => {
    const res = await request(appWith(normalView, { middleware: [ProcessViewTemplateResponseMiddleware] })).get('/normal/');
    expect(res.text).toBe('Processed view normalView\nProcessViewTemplateResponseMiddleware');
  });

  test('a TemplateResponse from processView passes through processTemplateResponse', async () => {
    const res = await request(appWith(normalView, { middleware: [ProcessViewTemplateResponseMiddleware, TemplateResponseMiddleware] })).get('/normal/');
    expect(res.text).toBe('Processed view normalView\nProcessViewTemplateResponseMiddleware\nTemplateResponseMiddleware');
  });

  test('processResponse sees the rendered content', async () => {
    class Measure extends Middleware {
      override processResponse(_request: HttpRequest, response: HttpResponse) {
        response.headers.set('X-Length', String(response.content.length));
        return response;
      }
    }
    const res = await request(appWith(normalView, { middleware: [Measure, TemplateResponseMiddleware] })).get('/normal/');
    expect(res.headers['x-length']).toBe(String(Buffer.byteLength('template_response OK\nTemplateResponseMiddleware')));
  });

  test('an error while rendering goes to processException', async () => {
    class Recover extends Middleware {
      override processException(_request: HttpRequest, error: unknown) {
        return new HttpResponse(`recovered from ${(error as Error).name}`, { status: 503 });
      }
    }
    const res = await request(appWith((r) => new TemplateResponse(r, 'nope.pug'), { middleware: [Recover] })).get('/t/');
    expect(res.status).toBe(503);
    expect(res.text).toBe('recovered from TemplateDoesNotExist');
  });
});
