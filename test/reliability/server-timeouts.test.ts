/**
 * The server app.listen() makes protects itself from slow clients: headers within 15 s and the
 * whole request within 30 s by default, both settings; bad values fail at start-up.
 */
import type { Server } from 'node:http';
import { HttpResponse, ImproperlyConfigured, path } from '../../src';
import { makeApp } from '../helpers';
import { listen } from '../http/util';
import { sendRaw } from './support/raw';

const urls = [path('ok/', () => new HttpResponse('ok'))];

async function serverOf(overrides: Parameters<typeof makeApp>[0] = {}): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const live = await listen(makeApp({ rootUrlconf: urls, ...overrides }));
  return live;
}

test('by default: headers within 15 s, the whole request within 30 s', async () => {
  const live = await serverOf();
  try {
    expect(live.server.headersTimeout).toBe(15_000);
    expect(live.server.requestTimeout).toBe(30_000);
  } finally {
    await live.close();
  }
});

test('headersTimeout and requestTimeout are settings', async () => {
  const live = await serverOf({ headersTimeout: 300, requestTimeout: 600 });
  try {
    expect(live.server.headersTimeout).toBe(300);
    expect(live.server.requestTimeout).toBe(600);
    const started = Date.now();
    const res = await sendRaw(live.port, '', { pieces: ['GET /ok/ HTTP/1.1\r\n', ...Array.from({ length: 20 }, () => 'X-A: b\r\n')], gap: 100, timeout: 5_000 });
    expect(res.status).toBe(408);
    expect(Date.now() - started).toBeLessThan(1_000);
  } finally {
    await live.close();
  }
});

test('requestTimeout 0 turns the whole-request limit off; headersTimeout then defaults to 15 s', async () => {
  const live = await serverOf({ requestTimeout: 0 });
  try {
    expect(live.server.requestTimeout).toBe(0);
    expect(live.server.headersTimeout).toBe(15_000);
  } finally {
    await live.close();
  }
});

test.each([
  [{ headersTimeout: 40_000 }, 'headersTimeout (40000) must not be larger than requestTimeout (30000)'],
  [{ requestTimeout: -1 }, 'requestTimeout must be a non-negative integer'],
  [{ shutdownTimeout: 1.5 }, 'shutdownTimeout must be a non-negative integer'],
  [{ databaseStatementTimeout: '30s' }, 'databaseStatementTimeout must be a non-negative integer'],
  [{ shutdownSignals: 'SIGTERM' }, 'shutdownSignals must be an array of signal names'],
  [{ shutdownSignals: ['TERM'] }, 'shutdownSignals must be an array of signal names'],
])('%j is refused at start-up', (overrides, message) => {
  expect(() => makeApp({ rootUrlconf: urls, ...(overrides as object) })).toThrow(ImproperlyConfigured);
  expect(() => makeApp({ rootUrlconf: urls, ...(overrides as object) })).toThrow(message);
});
