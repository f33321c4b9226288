/**
 * Context processors: the built-in ones (debug, request, static) by default, a configured list
 * instead of them, run per render, async ones, and wrong ones reported clearly.
 */
import request from 'supertest';
import {
  HttpRequest,
  TemplateResponse,
  defaultContextProcessors,
  path,
  registerBuiltinContextProcessor,
  render,
  requestContextProcessor,
  type ContextProcessor,
  type ViewFunction,
} from '../../src';
import { PROJECT_DIR, debugTemplateApp, templateApp } from './support';

const view: ViewFunction = (r) => new TemplateResponse(r, 'builtin_processors.pug');

test('by default templates get request, debug and staticUrl', async () => {
  const res = await request(templateApp({ rootUrlconf: [path('p/', view)] })).get('/p/?x=1');
  expect(res.text).toBe('<p>path=/p/ debug=false static=/static/ counter= extra=</p>');
  const { app } = debugTemplateApp({ rootUrlconf: [path('p/', view)], staticUrl: '/assets/' });
  expect((await request(app).get('/p/')).text).toBe('<p>path=/p/ debug=true static=/assets/ counter= extra=</p>');
});

test('templates.contextProcessors replaces the defaults; processors run on every render', async () => {
  let counter = 0;
  const count: ContextProcessor = () => ({ counter: ++counter });
  const app = templateApp({
    rootUrlconf: [path('p/', view)],
    templates: { dirs: [PROJECT_DIR], contextProcessors: [requestContextProcessor, count] },
  });
  expect((await request(app).get('/p/')).text).toBe('<p>path=/p/ debug= static= counter=1 extra=</p>');
  expect((await request(app).get('/p/')).text).toBe('<p>path=/p/ debug= static= counter=2 extra=</p>');
});

test('an async context processor is awaited, and later processors win over earlier ones', async () => {
  const slow: ContextProcessor = async (r: HttpRequest) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { extra: `async:${r.method}`, counter: 'first' };
  };
  const later: ContextProcessor = () => ({ counter: 'second' });
  const app = templateApp({
    rootUrlconf: [path('p/', view)],
    templates: { dirs: [PROJECT_DIR], contextProcessors: [...defaultContextProcessors, slow, later] },
  });
  expect((await request(app).get('/p/')).text).toBe('<p>path=/p/ debug=false static=/static/ counter=second extra=async:GET</p>');
});

test('the render() shortcut runs the context processors too', async () => {
  const app = templateApp({ rootUrlconf: [path('p/', (r) => render(r, 'builtin_processors.pug', { extra: 'x' }))] });
  expect((await request(app).get('/p/')).text).toBe('<p>path=/p/ debug=false static=/static/ counter= extra=x</p>');
});

test('a processor that returns no object is a 500 naming it', async () => {
  const broken = function brokenProcessor() {
    return undefined as unknown as Record<string, unknown>;
  };
  const { app } = debugTemplateApp({ rootUrlconf: [path('p/', view)], templates: { dirs: [PROJECT_DIR], contextProcessors: [broken] } });
  const res = await request(app).get('/p/');
  expect(res.status).toBe(500);
  expect(res.text).toContain('The context processor brokenProcessor returned undefined; it must return an object of template variables.');
});

test('a built-in processor registered by a contrib package runs for every app, below the configured ones', async () => {
  registerBuiltinContextProcessor(() => ({ extra: 'from builtin', counter: 'builtin' }));
  const app = templateApp({
    rootUrlconf: [path('p/', view)],
    templates: { dirs: [PROJECT_DIR], contextProcessors: [() => ({ counter: 'configured' })] },
  });
  expect((await request(app).get('/p/')).text).toBe('<p>path=none debug= static= counter=configured extra=from builtin</p>');
});
