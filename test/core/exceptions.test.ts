/**
 * Exceptions in the chain (Django's tests/middleware_exceptions): processException runs
 * innermost-first for view errors only; an exception anywhere else becomes a response at the
 * layer it escaped from, and the outer processResponse hooks still see that response.
 */
import request from 'supertest';
import { HttpResponse, PermissionDenied, path, type GetResponse } from '../../src';
import { makeApp, quietLogger } from '../helpers';
import { BrokenLateResponse, LateResponse, recorder, recordingView, type Behaviour } from './recorder';

const failingView = (log: string[]) =>
  recordingView(log, () => {
    throw new Error('view exploded');
  });

function appWith(log: string[], behaviours: Record<string, Behaviour>, view = recordingView(log)) {
  const logger = quietLogger();
  const app = makeApp({
    logger,
    rootUrlconf: [path('view/', view)],
    middleware: ['A', 'B', 'C'].map((n) => recorder(n, log, behaviours[n])),
  });
  return { app, logger };
}

test('view exception: processException runs C, B, A; none answers → 500 seen by every processResponse', async () => {
  const log: string[] = [];
  const { app, logger } = appWith(log, {}, failingView(log));
  const res = await request(app).get('/view/');
  expect(res.status).toBe(500);
  expect(res.text).toContain('Server Error (500)');
  expect(log).toEqual([
    'A.processRequest', 'B.processRequest', 'C.processRequest',
    'A.processView', 'B.processView', 'C.processView',
    'view',
    'C.processException:view exploded', 'B.processException:view exploded', 'A.processException:view exploded',
    'C.processResponse:500', 'B.processResponse:500', 'A.processResponse:500',
  ]);
  expect(logger.lines).toEqual(['ERROR Internal Server Error: GET /view/ view exploded']);
});

test('the first processException that answers wins; the outer ones are skipped', async () => {
  const log: string[] = [];
  const { app, logger } = appWith(log, { B: { processException: 'response' }, A: { processException: 'response' } }, failingView(log));
  const res = await request(app).get('/view/');
  expect(res.status).toBe(297);
  expect(res.text).toBe('handled by B');
  expect(log.slice(6)).toEqual([
    'view',
    'C.processException:view exploded', 'B.processException:view exploded',
    'C.processResponse:297', 'B.processResponse:297', 'A.processResponse:297',
  ]);
  // Handled exceptions are not logged as server errors.
  expect(logger.lines).toEqual([]);
});

test('processException sees the exception of the view, e.g. PermissionDenied, which stays a 403 when unhandled', async () => {
  const log: string[] = [];
  const view = recordingView(log, () => {
    throw new PermissionDenied('members only');
  });
  const { app } = appWith(log, {}, view);
  const res = await request(app).get('/view/');
  expect(res.status).toBe(403);
  expect(res.text).toContain('members only');
  expect(log).toContain('C.processException:members only');
  expect(log.slice(-1)).toEqual(['A.processResponse:403']);
});

test('an exception in render() goes through processException too', async () => {
  const log: string[] = [];
  const { app } = appWith(log, { A: { processException: 'response' } }, recordingView(log, () => new BrokenLateResponse('page')));
  const res = await request(app).get('/view/');
  expect(res.status).toBe(297);
  expect(log).toEqual([
    'A.processRequest', 'B.processRequest', 'C.processRequest',
    'A.processView', 'B.processView', 'C.processView',
    'view',
    'C.processTemplateResponse', 'B.processTemplateResponse', 'A.processTemplateResponse',
    'C.processException:render exploded', 'B.processException:render exploded', 'A.processException:render exploded',
    'C.processResponse:297', 'B.processResponse:297', 'A.processResponse:297',
  ]);
});

test('exception in B.processRequest: C and the view never run, B.processResponse does not run, A sees a 500', async () => {
  const log: string[] = [];
  const { app, logger } = appWith(log, { B: { processRequest: 'throw' } });
  const res = await request(app).get('/view/');
  expect(res.status).toBe(500);
  expect(log).toEqual(['A.processRequest', 'B.processRequest', 'A.processResponse:500']);
  expect(logger.lines.join('\n')).toContain('B.processRequest exploded');
});

test('Http404 in B.processRequest: A.processResponse sees a 404', async () => {
  const log: string[] = [];
  const { app } = appWith(log, { B: { processRequest: 'http404' } });
  const res = await request(app).get('/view/');
  expect(res.status).toBe(404);
  expect(log).toEqual(['A.processRequest', 'B.processRequest', 'A.processResponse:404']);
});

test('exception in B.processResponse: C.processResponse ran, A.processResponse sees a 500', async () => {
  const log: string[] = [];
  const { app } = appWith(log, { B: { processResponse: 'throw' } });
  const res = await request(app).get('/view/');
  expect(res.status).toBe(500);
  expect(log.slice(-4)).toEqual(['view', 'C.processResponse:200', 'B.processResponse:200', 'A.processResponse:500']);
  expect(log.join()).not.toContain('processException');
});

test('exception in B.processView: no processException (not a view error), the view is skipped, all processResponse see 500', async () => {
  const log: string[] = [];
  const { app, logger } = appWith(log, { B: { processView: 'throw' } });
  const res = await request(app).get('/view/');
  expect(res.status).toBe(500);
  expect(log).toEqual([
    'A.processRequest', 'B.processRequest', 'C.processRequest',
    'A.processView', 'B.processView',
    'C.processResponse:500', 'B.processResponse:500', 'A.processResponse:500',
  ]);
  expect(logger.lines.join('\n')).toContain('B.processView exploded');
});

test('exception in processTemplateResponse: no processException, converted to 500 inside every processResponse', async () => {
  const log: string[] = [];
  const { app } = appWith(log, { B: { processTemplateResponse: 'throw' } }, recordingView(log, () => new LateResponse('page')));
  const res = await request(app).get('/view/');
  expect(res.status).toBe(500);
  expect(log.join()).not.toContain('processException');
  expect(log).not.toContain('A.processTemplateResponse');
  expect(log.slice(-3)).toEqual(['C.processResponse:500', 'B.processResponse:500', 'A.processResponse:500']);
});

test('a processException that throws: the error becomes a 500 and the outer processException hooks are skipped', async () => {
  const log: string[] = [];
  const { app, logger } = appWith(log, { B: { processException: 'throw' } }, failingView(log));
  const res = await request(app).get('/view/');
  expect(res.status).toBe(500);
  expect(log).not.toContain('A.processException:view exploded');
  expect(log.slice(-3)).toEqual(['C.processResponse:500', 'B.processResponse:500', 'A.processResponse:500']);
  expect(logger.lines.join('\n')).toContain('B.processException exploded');
});

test("an exception in a factory's call becomes a response at that layer; the outer processResponse sees it", async () => {
  const log: string[] = [];
  const exploding = (_getResponse: GetResponse) =>
    async function explodingLayer(): Promise<HttpResponse> {
      log.push('exploding layer');
      throw new PermissionDenied('factory says no');
    };
  const app = makeApp({
    rootUrlconf: [path('view/', recordingView(log))],
    middleware: [recorder('A', log), exploding, recorder('C', log)],
  });
  const res = await request(app).get('/view/');
  expect(res.status).toBe(403);
  expect(log).toEqual(['A.processRequest', 'exploding layer', 'A.processResponse:403']);
});

test("a factory's error after getResponse: the inner response is lost, the outer layer sees the 500", async () => {
  const log: string[] = [];
  const failsAfter = (getResponse: GetResponse) => async (req: Parameters<GetResponse>[0]) => {
    await getResponse(req);
    throw new Error('after the view');
  };
  const app = makeApp({
    rootUrlconf: [path('view/', recordingView(log))],
    middleware: [recorder('A', log), failsAfter],
  });
  const res = await request(app).get('/view/');
  expect(res.status).toBe(500);
  expect(log).toEqual(['A.processRequest', 'A.processView', 'view', 'A.processResponse:500']);
});
