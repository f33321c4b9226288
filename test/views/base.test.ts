/**
 * Port of Django's tests/generic_views/test_base.py ViewTest: the View base class through
 * supertest (405 with Allow, OPTIONS, HEAD → GET, asView() keyword checks, a fresh instance per request).
 */
import request from 'supertest';
import { HttpRequest, HttpResponse, View, path } from '../../src';
import { makeApp } from '../helpers';

class SimpleView extends View {
  get(_request: HttpRequest) {
    return new HttpResponse('This is a simple view');
  }
}

class SimplePostView extends SimpleView {
  post(request: HttpRequest) {
    return this.get(request);
  }
}

class PostOnlyView extends View {
  post() {
    return new HttpResponse('This view only accepts POST');
  }
}

class CustomizableView extends SimpleView {
  parameter: Record<string, unknown> | string = {};
  override get() {
    return new HttpResponse(`parameter=${JSON.stringify(this.parameter)}`);
  }
}

const instances: View[] = [];
class InstanceView extends View {
  get() {
    instances.push(this);
    return new HttpResponse(String(instances.length));
  }
}

class ForgetfulSetupView extends SimpleView {
  override setup() {
    // forgets super.setup()
  }
}

function app() {
  return makeApp({
    debug: true,
    rootUrlconf: [
      path('simple/', SimpleView.asView()),
      path('simple-post/', SimplePostView.asView()),
      path('post-only/', PostOnlyView.asView()),
      path('customizable/', CustomizableView.asView({ parameter: 'value' })),
      path('instance/', InstanceView.asView()),
      path('direct/', (req) => new PostOnlyView().dispatch(req)),
      path('forgetful/', ForgetfulSetupView.asView()),
    ],
  });
}

function allows(header: string | undefined): string[] {
  return (header ?? '').split(', ').sort();
}

test('a GET-only view answers GET and refuses POST and unknown methods with 405 and Allow', async () => {
  const a = app();
  const ok = await request(a).get('/simple/');
  expect(ok.status).toBe(200);
  expect(ok.text).toBe('This is a simple view');
  const post = await request(a).post('/simple/');
  expect(post.status).toBe(405);
  expect(allows(post.headers.allow)).toEqual(['GET', 'HEAD', 'OPTIONS']);
  expect(post.text).toBe('');
  expect((await request(a).purge('/simple/')).status).toBe(405);
  // TRACE is a method name views may answer, but this one has no handler for it.
  expect((await request(a).trace('/simple/')).status).toBe(405);
});

test('HEAD is answered by get() when the view has no head()', async () => {
  const res = await request(app()).head('/simple/');
  expect(res.status).toBe(200);
  expect(res.text ?? '').toBe('');
});

test('HEAD on a view without get() is a 405', async () => {
  expect((await request(app()).head('/post-only/')).status).toBe(405);
});

test('a view with get and post answers both', async () => {
  const a = app();
  expect((await request(a).get('/simple-post/')).text).toBe('This is a simple view');
  expect((await request(a).post('/simple-post/')).text).toBe('This is a simple view');
  expect((await request(a).put('/simple-post/')).status).toBe(405);
});

test('OPTIONS answers 200 with Allow for the methods the view implements, and Content-Length 0', async () => {
  const a = app();
  const get = await request(a).options('/simple/');
  expect(get.status).toBe(200);
  expect(allows(get.headers.allow)).toEqual(['GET', 'HEAD', 'OPTIONS']);
  expect(get.headers['content-length']).toBe('0');
  expect(allows((await request(a).options('/simple-post/')).headers.allow)).toEqual(['GET', 'HEAD', 'OPTIONS', 'POST']);
  expect(allows((await request(a).options('/post-only/')).headers.allow)).toEqual(['OPTIONS', 'POST']);
});

test.each(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'])(
  'asView() refuses the HTTP method name %s as a keyword',
  (method) => {
    expect(() => SimpleView.asView({ [method]: 'value' })).toThrow(
      new TypeError(`The method name ${method} is not accepted as a keyword argument to SimpleView().`),
    );
  },
);

test('asView() accepts keywords that are attributes of the class and refuses others', async () => {
  expect(() => CustomizableView.asView({ foobar: 'value' })).toThrow(
    "CustomizableView() received an invalid keyword 'foobar'. asView only accepts arguments that are already attributes of the class.",
  );
  const res = await request(app()).get('/customizable/');
  expect(res.text).toBe('parameter="value"');
});

test('every request gets a fresh view instance', async () => {
  const a = app();
  await request(a).get('/instance/');
  await request(a).get('/instance/');
  expect(instances).toHaveLength(2);
  expect(instances[0]).not.toBe(instances[1]);
});

test('a view instantiated directly can dispatch without asView (no HEAD alias, so 405)', async () => {
  expect((await request(app()).head('/direct/')).status).toBe(405);
});

test('overriding setup() without calling super is reported', async () => {
  const res = await request(app()).get('/forgetful/');
  expect(res.status).toBe(500);
  expect(res.text).toContain('Did you override setup() and forget to call super.setup()?');
});
