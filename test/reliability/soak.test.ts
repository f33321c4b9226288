/**
 * Soak: list and form pages (GET list, GET page 2, GET form, POST invalid form, POST valid edit,
 * GET edit) of a server process, with autocannon, in ten equal segments after a warm-up. Zero
 * errors and only the expected statuses; p99 of the last segment close to the first; RSS growth
 * under 10% and heap after a full GC flat; every QueryRunner taken was released; no listener,
 * handle or connection left behind.
 *
 * EGV_SOAK_REQUESTS sets the number of requests (default 30,000, what CI runs in about 30 s);
 * docs/reliability.md records the 200,000-request run.
 */
import { join } from 'node:path';
import { startChild, type Child } from './support/child';

/** The part of autocannon's API used here (the package has no types). */
interface Result {
  errors: number;
  timeouts: number;
  '4xx': number;
  '5xx': number;
  requests: { total: number; average: number };
  latency: { p50: number; p99: number; max: number };
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (options: Record<string, unknown>) => Promise<Result>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon: Autocannon = require('autocannon');

interface Report {
  gc: boolean;
  rss: number;
  heapUsed: number;
  unhandled: string[];
  errors: string[];
  errorCount: number;
  queryRunners: { taken: number; released: number };
  connections: number;
  handles: number;
  listeners: Record<string, number>;
}

const TOTAL = Number(process.env.EGV_SOAK_REQUESTS ?? 30_000);
const SEGMENTS = 10;
const WARMUP = Math.min(5_000, Math.max(1_000, Math.round(TOTAL / 10)));
const MB = 1024 * 1024;

let child: Child;
let port: number;

async function report(): Promise<Report> {
  const reply = child.message<Report>('report');
  child.process.send({ type: 'report' });
  return reply;
}

async function csrf(): Promise<{ cookie: string; token: string }> {
  const res = await fetch(`http://127.0.0.1:${port}/movies/new/`, { headers: { Host: 'localhost' } });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('csrftoken='))!.split(';')[0];
  const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(await res.text())![1];
  return { cookie, token };
}

function run(amount: number, requests: Record<string, unknown>[]): Promise<Result> {
  return autocannon({ url: `http://127.0.0.1:${port}`, connections: 8, amount, requests, headers: { host: 'localhost' } });
}

beforeAll(async () => {
  child = startChild(join(__dirname, 'support', 'soak-server.ts'), {}, ['--expose-gc']);
  port = (await child.message<{ port: number }>('listening')).port;
}, 40_000);

afterAll(async () => {
  child?.process.kill('SIGTERM');
  if (child) expect((await child.exited).code).toBe(0);
});

test(`soak: ${TOTAL.toLocaleString('en')} requests over list and form pages`, async () => {
  const { cookie, token } = await csrf();
  const form = { 'content-type': 'application/x-www-form-urlencoded', cookie };
  const requests = [
    { method: 'GET', path: '/movies/' },
    { method: 'GET', path: '/movies/?page=2' },
    { method: 'GET', path: '/movies/new/', headers: { cookie } },
    { method: 'POST', path: '/movies/new/', headers: form, body: `csrfmiddlewaretoken=${token}&title=&year=abc` },
    { method: 'POST', path: '/movies/7/edit/', headers: form, body: `csrfmiddlewaretoken=${token}&title=Movie+7&year=1956` },
    { method: 'GET', path: '/movies/3/edit/' },
  ];

  const warm = await run(WARMUP, requests);
  expect(warm.errors).toBe(0);
  const start = await report();
  expect(start.gc).toBe(true);

  const segments: Result[] = [];
  for (let i = 0; i < SEGMENTS; i++) segments.push(await run(Math.round(TOTAL / SEGMENTS), requests));
  // Latency: the last 10% no slower than the first 10% (nor than the median segment): p99 within 2x + 5 ms.
  // A drift persists; a one-off spike (another process on a shared machine) does not: one more segment decides.
  const p99s = segments.map((s) => s.latency.p99);
  const median = [...p99s].sort((a, b) => a - b)[Math.floor(SEGMENTS / 2)];
  const limit = 2 * Math.max(p99s[0], median) + 5;
  let lastP99 = p99s[SEGMENTS - 1];
  if (lastP99 > limit) {
    const again = await run(Math.round(TOTAL / SEGMENTS), requests);
    segments.push(again);
    lastP99 = Math.min(lastP99, again.latency.p99);
  }
  await new Promise((r) => setTimeout(r, 200)); // autocannon's sockets close
  const end = await report();

  const summary = {
    requests: segments.reduce((n, s) => n + s.requests.total, 0),
    reqPerSec: segments.map((s) => Math.round(s.requests.average)),
    p99: segments.map((s) => s.latency.p99),
    p99Limit: limit,
    rssMB: [start.rss / MB, end.rss / MB].map((n) => Math.round(n * 10) / 10),
    heapMB: [start.heapUsed / MB, end.heapUsed / MB].map((n) => Math.round(n * 10) / 10),
    queryRunners: end.queryRunners,
  };
  process.stdout.write(`soak summary: ${JSON.stringify(summary)}\n`);

  // Zero errors, only the statuses the pages give (200, and 302 after a valid edit).
  for (const s of segments) {
    expect({ errors: s.errors, timeouts: s.timeouts, '4xx': s['4xx'], '5xx': s['5xx'] }).toEqual({ errors: 0, timeouts: 0, '4xx': 0, '5xx': 0 });
    expect(Object.keys(s.statusCodeStats).sort()).toEqual(['200', '302']);
  }
  expect(summary.requests).toBeGreaterThanOrEqual(TOTAL - SEGMENTS);
  expect(end.errorCount).toBe(0);
  expect(end.unhandled).toEqual([]);

  expect(lastP99).toBeLessThanOrEqual(limit);

  // Memory: RSS grows less than 10%; the heap after a full GC stays flat (within 10% or 3 MB).
  expect(end.rss).toBeLessThan(start.rss * 1.1);
  expect(end.heapUsed - start.heapUsed).toBeLessThan(Math.max(start.heapUsed * 0.1, 3 * MB));

  // Every QueryRunner taken was released; nothing left open or listening twice.
  expect(end.queryRunners.taken).toBeGreaterThan(TOTAL / 2);
  expect(end.queryRunners.released).toBe(end.queryRunners.taken);
  expect(end.connections).toBe(0);
  expect(end.listeners).toEqual(start.listeners);
  expect(end.handles).toBeLessThanOrEqual(start.handles);
}, 300_000);
