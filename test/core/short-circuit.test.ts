/**
 * Short-circuits (Django's tests/middleware_exceptions): a response from processRequest or
 * processView skips what is inside it, yet still leaves through the outer processResponse hooks.
 */
import request from 'supertest';
import { HttpResponse, path, type GetResponse } from '../../src';
import { makeApp } from '../helpers';
import { recorder, recordingView, type Behaviour } from './recorder';

function appWith(log: string[], behaviours: Record<string, Behaviour>) {
  return makeApp({
    rootUrlconf: [path('view/', recordingView(log))],
    middleware: ['A', 'B', 'C'].map((n) => recorder(n, log, behaviours[n])),
  });
}

test('processRequest response at B: C and the view are skipped; B and A processResponse run, C does not', async () => {
  const log: string[] = [];
  const res = await request(appWith(log, { B: { processRequest: 'response' } })).get('/view/');
  expect(res.status).toBe(299);
  expect(res.text).toBe('from B.processRequest');
  expect(log).toEqual(['A.processRequest', 'B.processRequest', 'B.processResponse:299', 'A.processResponse:299']);
  expect(res.headers['x-seen-by-b']).toBe('yes');
  expect(res.headers['x-seen-by-c']).toBeUndefined();
});

test('processRequest response at A: only A.processResponse runs', async () => {
  const log: string[] = [];
  const res = await request(appWith(log, { A: { processRequest: 'response' } })).get('/view/');
  expect(res.status).toBe(299);
  expect(log).toEqual(['A.processRequest', 'A.processResponse:299']);
});

test('processRequest short-circuits even for a URL that does not resolve (resolution happens inside)', async () => {
  const log: string[] = [];
  const res = await request(appWith(log, { C: { processRequest: 'response' } })).get('/not-a-route/');
  expect(res.status).toBe(299);
  expect(log).toEqual(['A.processRequest', 'B.processRequest', 'C.processRequest', 'C.processResponse:299', 'B.processResponse:299', 'A.processResponse:299']);
});

test('processView response at B: C.processView and the view are skipped; every processResponse runs', async () => {
  const log: string[] = [];
  const res = await request(appWith(log, { B: { processView: 'response' } })).get('/view/');
  expect(res.status).toBe(298);
  expect(res.text).toBe('from B.processView');
  expect(log).toEqual([
    'A.processRequest', 'B.processRequest', 'C.processRequest',
    'A.processView', 'B.processView',
    'C.processResponse:298', 'B.processResponse:298', 'A.processResponse:298',
  ]);
});

test('an unrendered response from processView still gets processTemplateResponse and is rendered before processResponse', async () => {
  const log: string[] = [];
  const res = await request(appWith(log, { A: { processView: 'late', processTemplateResponse: 'rename' } })).get('/view/');
  expect(res.status).toBe(200);
  expect(res.text).toBe('rendered A.processView+A');
  expect(log).toEqual([
    'A.processRequest', 'B.processRequest', 'C.processRequest',
    'A.processView',
    'C.processTemplateResponse', 'B.processTemplateResponse', 'A.processTemplateResponse',
    'C.processResponse:200', 'B.processResponse:200', 'A.processResponse:200',
  ]);
  expect(log.join()).not.toContain('unrendered');
});

test('a factory that answers without calling getResponse skips the inner layers', async () => {
  const log: string[] = [];
  const gate = (_getResponse: GetResponse) => async () => {
    log.push('gate answered');
    return new HttpResponse('closed', { status: 503 });
  };
  const app = makeApp({
    rootUrlconf: [path('view/', recordingView(log))],
    middleware: [recorder('A', log), gate, recorder('C', log)],
  });
  const res = await request(app).get('/view/');
  expect(res.status).toBe(503);
  expect(res.text).toBe('closed');
  expect(log).toEqual(['A.processRequest', 'gate answered', 'A.processResponse:503']);
});

test('a HEAD request runs the same hooks and sends no body', async () => {
  const log: string[] = [];
  const res = await request(appWith(log, {})).head('/view/');
  expect(res.status).toBe(200);
  expect(res.text).toBeUndefined();
  expect(res.headers['content-length']).toBe('4');
  expect(log).toContain('view');
});
