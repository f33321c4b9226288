/**
 * Hook order for MIDDLEWARE = [A, B, C] (Django's tests/middleware_exceptions, the
 * "MiddlewareTests" without errors): processRequest top-down, processView top-down,
 * processTemplateResponse and processResponse bottom-up.
 */
import request from 'supertest';
import { HttpResponse, Middleware, MiddlewareNotUsed, path, type GetResponse, type MiddlewareEntry, type NormalizedSettings } from '../../src';
import { makeApp, quietLogger } from '../helpers';
import { LateResponse, recorder, recordingView, type Behaviour } from './recorder';

function appWith(log: string[], view = recordingView(log), behaviours: Record<string, Behaviour> = {}, extra: object = {}) {
  return makeApp({
    rootUrlconf: [path('view/', view, { name: 'view' })],
    middleware: ['A', 'B', 'C'].map((n) => recorder(n, log, behaviours[n])),
    ...extra,
  });
}

test('every hook runs once, in Django order, around the view', async () => {
  const log: string[] = [];
  const res = await request(appWith(log)).get('/view/');
  expect(res.status).toBe(200);
  expect(res.text).toBe('view');
  expect(log).toEqual([
    'A.processRequest', 'B.processRequest', 'C.processRequest',
    'A.processView', 'B.processView', 'C.processView',
    'view',
    'C.processResponse:200', 'B.processResponse:200', 'A.processResponse:200',
  ]);
  expect(res.headers['x-seen-by-a']).toBe('yes');
  expect(res.headers['x-seen-by-c']).toBe('yes');
});

test('processTemplateResponse runs innermost first, before rendering and before any processResponse', async () => {
  const log: string[] = [];
  const rename = { processTemplateResponse: 'rename' } as const;
  const app = appWith(log, recordingView(log, () => new LateResponse('page')), { A: rename, B: rename, C: rename });
  const res = await request(app).get('/view/');
  expect(res.status).toBe(200);
  // C renamed first, A last: the body is rendered from the name after every hook changed it.
  expect(res.text).toBe('rendered page+C+B+A');
  expect(log).toEqual([
    'A.processRequest', 'B.processRequest', 'C.processRequest',
    'A.processView', 'B.processView', 'C.processView',
    'view',
    'C.processTemplateResponse', 'B.processTemplateResponse', 'A.processTemplateResponse',
    'C.processResponse:200', 'B.processResponse:200', 'A.processResponse:200',
  ]);
});

test('processTemplateResponse is not called for an ordinary response', async () => {
  const log: string[] = [];
  await request(appWith(log)).get('/view/');
  expect(log.filter((l) => l.includes('processTemplateResponse'))).toEqual([]);
});

test('processTemplateResponse that returns nothing is a 500 naming the middleware', async () => {
  const log: string[] = [];
  const logger = quietLogger();
  const app = appWith(log, recordingView(log, () => new LateResponse('page')), { B: { processTemplateResponse: 'undefined' } }, { debug: true, logger });
  const res = await request(app).get('/view/');
  expect(res.status).toBe(500);
  expect(res.text).toContain("B.processTemplateResponse didn&#39;t return an HttpResponse object. It returned undefined instead.");
  expect(log).toContain('C.processTemplateResponse');
  expect(log).not.toContain('A.processTemplateResponse');
  expect(log.slice(-3)).toEqual(['C.processResponse:500', 'B.processResponse:500', 'A.processResponse:500']);
});

test('a view that returns nothing is a 500 whose debug page names the view', async () => {
  const log: string[] = [];
  const logger = quietLogger();
  const app = makeApp({
    debug: true,
    logger,
    rootUrlconf: [path('silent/', function silentView() { return undefined as unknown as HttpResponse; })],
    middleware: [recorder('A', log)],
  });
  const res = await request(app).get('/silent/');
  expect(res.status).toBe(500);
  expect(res.text).toContain('The view silentView didn&#39;t return an HttpResponse object. It returned undefined instead.');
  expect(log).toEqual(['A.processRequest', 'A.processView', 'A.processResponse:500']);
  expect(logger.lines.join('\n')).toContain('silentView');
});

test('an unresolvable URL is a 404 seen by every processResponse, and no processView runs', async () => {
  const log: string[] = [];
  const res = await request(appWith(log)).get('/nowhere/');
  expect(res.status).toBe(404);
  expect(log).toEqual([
    'A.processRequest', 'B.processRequest', 'C.processRequest',
    'C.processResponse:404', 'B.processResponse:404', 'A.processResponse:404',
  ]);
  expect(res.headers['x-seen-by-a']).toBe('yes');
});

test('a processResponse that replaces the response: outer layers see the replacement', async () => {
  const log: string[] = [];
  const res = await request(appWith(log, undefined, { B: { processResponse: 'replace' } })).get('/view/');
  expect(res.status).toBe(296);
  expect(res.text).toBe('replaced by B');
  expect(log.slice(-3)).toEqual(['C.processResponse:200', 'B.processResponse:200', 'A.processResponse:296']);
  expect(res.headers['x-seen-by-c']).toBeUndefined();
  expect(res.headers['x-seen-by-a']).toBe('yes');
});

test('a processResponse that returns nothing is a 500 naming that middleware, seen by the outer layers', async () => {
  const log: string[] = [];
  const app = appWith(log, undefined, { B: { processResponse: 'undefined' } }, { debug: true });
  const res = await request(app).get('/view/');
  expect(res.status).toBe(500);
  expect(res.text).toContain('middleware[1] (B)');
  expect(log.slice(-3)).toEqual(['C.processResponse:200', 'B.processResponse:200', 'A.processResponse:500']);
});

test('middleware are constructed once, at createApp, not per request', async () => {
  let constructed = 0;
  let sawGetResponse = false;
  class Counting extends Middleware {
    constructor(getResponse: GetResponse, settings: NormalizedSettings) {
      super(getResponse, settings);
      constructed++;
      sawGetResponse = typeof getResponse === 'function';
    }
  }
  const app = makeApp({ rootUrlconf: [path('view/', () => new HttpResponse('ok'))], middleware: [Counting] });
  expect(constructed).toBe(1);
  for (let i = 0; i < 3; i++) expect((await request(app).get('/view/')).status).toBe(200);
  expect(constructed).toBe(1);
  expect(sawGetResponse).toBe(true);
});

test('MiddlewareNotUsed from a constructor leaves that middleware out; the others run', async () => {
  const log: string[] = [];
  class Unused extends Middleware {
    constructor(getResponse: GetResponse, settings: NormalizedSettings) {
      super(getResponse, settings);
      throw new MiddlewareNotUsed('not today');
    }
    override processRequest() {
      log.push('Unused.processRequest');
      return undefined;
    }
    override processResponse(_r: unknown, response: HttpResponse) {
      log.push('Unused.processResponse');
      return response;
    }
  }
  const logger = quietLogger();
  const app = makeApp({
    logger,
    rootUrlconf: [path('view/', recordingView(log))],
    middleware: [recorder('A', log), Unused, recorder('C', log)],
  });
  const res = await request(app).get('/view/');
  expect(res.status).toBe(200);
  expect(log).toEqual(['A.processRequest', 'C.processRequest', 'A.processView', 'C.processView', 'view', 'C.processResponse:200', 'A.processResponse:200']);
  // Django logs MiddlewareNotUsed only with DEBUG.
  expect(logger.lines.join('\n')).not.toContain('MiddlewareNotUsed');
});

test('MiddlewareNotUsed from a factory is logged at debug level when debug is on', () => {
  const logger = quietLogger();
  const skipped = function skippedFactory(): never {
    throw new MiddlewareNotUsed('feature flag off');
  } as unknown as MiddlewareEntry;
  makeApp({ debug: true, logger, middleware: [skipped] });
  expect(logger.lines).toContain('DEBUG MiddlewareNotUsed(skippedFactory): feature flag off');
});

test('a factory middleware wraps the inner layers, and hooks on its function are collected', async () => {
  const log: string[] = [];
  const factory = (getResponse: GetResponse) => {
    const layer = async (req: Parameters<GetResponse>[0]) => {
      log.push('factory before');
      const response = await getResponse(req);
      log.push(`factory after ${response.statusCode}`);
      response.headers.set('X-Factory', 'yes');
      return response;
    };
    return Object.assign(layer, {
      processView: () => {
        log.push('factory.processView');
        return undefined;
      },
    });
  };
  const app = makeApp({ rootUrlconf: [path('view/', recordingView(log))], middleware: [recorder('A', log), factory] });
  const res = await request(app).get('/view/');
  expect(res.headers['x-factory']).toBe('yes');
  expect(log).toEqual(['A.processRequest', 'factory before', 'A.processView', 'factory.processView', 'view', 'factory after 200', 'A.processResponse:200']);
});

test('a processView hook that returns something other than a response or nothing is a 500 that says so', async () => {
  const log: string[] = [];
  class Truthy extends Middleware {
    override processView() {
      return 'yes' as unknown as HttpResponse;
    }
  }
  const app = makeApp({ debug: true, rootUrlconf: [path('view/', recordingView(log))], middleware: [recorder('A', log), Truthy] });
  const res = await request(app).get('/view/');
  expect(res.status).toBe(500);
  expect(res.text).toContain('A processView hook didn&#39;t return an HttpResponse object. It returned string');
  expect(log).not.toContain('view');
  expect(log.slice(-1)).toEqual(['A.processResponse:500']);
});

test('MiddlewareNotUsed thrown while handling a request is an ordinary error (500), not a removal', async () => {
  class Late extends Middleware {
    override processRequest(): undefined {
      throw new MiddlewareNotUsed('too late');
    }
  }
  const app = makeApp({ rootUrlconf: [path('view/', () => new HttpResponse('ok'))], middleware: [Late] });
  expect((await request(app).get('/view/')).status).toBe(500);
  expect((await request(app).get('/view/')).status).toBe(500);
});

test('MiddlewareNotUsed without a message logs just the middleware name (debug)', () => {
  const logger = quietLogger();
  class Quiet extends Middleware {
    constructor(...args: ConstructorParameters<typeof Middleware>) {
      super(...args);
      throw new MiddlewareNotUsed();
    }
  }
  makeApp({ debug: true, logger, middleware: [Quiet] });
  expect(logger.lines).toEqual(['DEBUG MiddlewareNotUsed(Quiet)']);
});
