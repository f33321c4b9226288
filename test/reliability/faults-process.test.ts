/**
 * Faults against a real server process (support/fault-server.ts, served by app.listen()): an
 * exception in every middleware hook position and in template rendering, failing and abandoned
 * streams, aborted uploads, slow clients, PostgreSQL and Redis cut and restored. Each costs one
 * response, never the process; at the end the process reports that no rejection or exception
 * reached it unhandled and that no listener was added. Needs PostgreSQL and Redis.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { startChild, type Child } from './support/child';
import { leaks } from './support/invariants';
import { get, sendRaw, withBody, type RawResponse } from './support/raw';
import { PG_SCHEMA, pgUrlVia, requireService } from './support/services';
import { TcpProxy } from './support/tcp-proxy';

interface Report {
  unhandled: string[];
  errors: number;
  streamsClosed: number;
  listeners: Record<string, number>;
}

const SECRET = 'fault-server-secret-key-long-enough-for-tests';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let child: Child;
let port: number;
let pgProxy: TcpProxy;
let redisProxy: TcpProxy;
let uploadDir: string;
let firstReport: Report;

const report = async (): Promise<Report> => {
  const reply = child.message<Report>('report');
  child.process.send({ type: 'report' });
  return reply;
};
const fetch = (target: string, headers: string[] = []) => sendRaw(port, get(target, headers));

beforeAll(async () => {
  const pg = await requireService('PostgreSQL');
  const redis = await requireService('Redis');
  pgProxy = await new TcpProxy(pg.port).start();
  redisProxy = await new TcpProxy(redis.port).start();
  uploadDir = mkdtempSync(join(tmpdir(), 'egv-rel-uploads-'));
  child = startChild(join(__dirname, 'support', 'fault-server.ts'), {
    EGV_PG_URL: pgUrlVia(pgProxy.port),
    EGV_PG_SCHEMA: PG_SCHEMA,
    EGV_REDIS_URL: `redis://127.0.0.1:${redisProxy.port}/0`,
    TMPDIR: uploadDir,
  });
  port = (await child.message<{ port: number }>('listening')).port;
  firstReport = await report();
}, 40_000);

afterAll(async () => {
  if (child) {
    child.process.kill('SIGTERM');
    expect((await child.exited).code).toBe(0);
  }
  await pgProxy?.close();
  await redisProxy?.close();
});

async function expectServed(): Promise<void> {
  const ok = await fetch('/ok/');
  expect(ok.status).toBe(200);
  expect(ok.text).toBe('ok');
}

function expectNoLeak(res: RawResponse): void {
  expect(leaks(res, SECRET)).toEqual([]);
  expect(res.text).not.toContain('exploded');
}

describe('an exception in every middleware hook position', () => {
  test.each([
    ['processRequest', '/page/'],
    ['processView', '/page/'],
    ['processTemplateResponse', '/page/'],
    ['processResponse', '/page/'],
    ['processException (while handling a view error)', '/view-throws/'],
    ['a factory, before getResponse', '/page/'],
    ['a factory, after getResponse', '/page/'],
    ['an Express middleware calling next(err)', '/page/'],
    ['an Express middleware throwing', '/page/'],
    ['an async Express middleware rejecting', '/page/'],
    ['a context processor', '/page/'],
  ])('%s: a 500 from handler500, nothing leaked, the next request served', async (label, target) => {
    const hook = {
      'processException (while handling a view error)': 'processException',
      'a factory, before getResponse': 'factoryBefore',
      'a factory, after getResponse': 'factoryAfter',
      'an Express middleware calling next(err)': 'expressNext',
      'an Express middleware throwing': 'expressThrow',
      'an async Express middleware rejecting': 'expressAsync',
      'a context processor': 'contextProcessor',
    }[label] ?? label;
    const res = await fetch(target, [`X-Fail: ${hook}`]);
    expect(res.status).toBe(500);
    expect(res.text).toBe('custom 500 page');
    expectNoLeak(res);
    await expectServed();
  });

  test('handler500 itself failing: the plain 500 page', async () => {
    const res = await fetch('/view-throws/', ['X-Fail: handler500']);
    expect(res.status).toBe(500);
    expect(res.text).toContain('Server Error (500)');
    expectNoLeak(res);
    await expectServed();
  });
});

describe('views and template rendering', () => {
  test.each([
    ['a view that throws', '/view-throws/'],
    ['a view that returns no response', '/not-a-response/'],
    ['a template that fails while rendering', '/template/runtime/'],
    ['a template that does not exist', '/template/missing/'],
    ['a template with a syntax error', '/template/syntax/'],
    ['a post-render callback that throws', '/template/post-render/'],
  ])('%s: 500, nothing leaked, the next request served', async (_label, target) => {
    const res = await fetch(target);
    expect(res.status).toBe(500);
    expectNoLeak(res);
    await expectServed();
  });
});

describe('streams and clients', () => {
  test('a stream whose source fails mid-body: the connection is cut (the status was sent), the server serves on', async () => {
    const res = await fetch('/stream/fails/');
    expect(res.status).toBe(200);
    expect(res.raw).toContain('first part');
    expect(res.raw).not.toMatch(/\r\n0\r\n\r\n$/); // no clean end of the chunked body
    expectNoLeak(res);
    await expectServed();
  });

  test('a client that leaves mid-stream: the source is stopped at once, not run to its end', async () => {
    const before = (await report()).streamsClosed;
    await new Promise<void>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write(get('/stream/slow/')));
      socket.once('data', () => {
        socket.destroy();
        resolve();
      });
    });
    let closed = before;
    for (let i = 0; i < 50 && closed === before; i++) {
      await sleep(20);
      closed = (await report()).streamsClosed;
    }
    expect(closed).toBe(before + 1); // within a second; the whole stream takes three
    await expectServed();
  });

  test('a client that aborts an upload: the temporary file is removed', async () => {
    const head = ['POST /upload/ HTTP/1.1', 'Host: localhost', 'Content-Type: multipart/form-data; boundary=B', 'Content-Length: 500000', '', ''].join('\r\n');
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(head + '--B\r\nContent-Disposition: form-data; name="doc"; filename="big.bin"\r\n\r\n');
    socket.write(Buffer.alloc(64 * 1024, 0x61));
    let spilled: string[] = [];
    for (let i = 0; i < 50 && spilled.length === 0; i++) {
      await sleep(20);
      spilled = readdirSync(uploadDir).filter((f) => f.startsWith('egv-upload-'));
    }
    expect(spilled).toHaveLength(1); // the upload went to a temporary file
    socket.destroy();
    let left = spilled;
    for (let i = 0; i < 50 && left.length > 0; i++) {
      await sleep(20);
      left = readdirSync(uploadDir).filter((f) => f.startsWith('egv-upload-'));
    }
    expect(left).toEqual([]);
    await expectServed();
  });

  test('a multipart part without a name (it used to throw outside the request): skipped, the process unharmed', async () => {
    const res = await sendRaw(port, withBody('POST', '/upload/', ['Content-Type: multipart/form-data; boundary=B'], '--B\r\nContent-Disposition: form-data\r\n\r\nv\r\n--B--\r\n'));
    expect(res.status).toBe(200);
    expect(res.text).toBe('got 0');
    expect((await report()).unhandled).toEqual([]);
    await expectServed();
  });

  test('headers sent slowly (slowloris): 408 after headersTimeout, the server serves on', async () => {
    const started = Date.now();
    const pieces = ['GET /ok/ HTTP/1.1\r\nHost: localhost\r\n', ...Array.from({ length: 30 }, (_, i) => `X-Slow-${i}: x\r\n`)];
    const res = await sendRaw(port, '', { pieces, gap: 150, timeout: 8_000 });
    expect(res.status).toBe(408);
    expect(Date.now() - started).toBeLessThan(2_500);
    await expectServed();
  });

  test('a body sent slowly: 408 after requestTimeout, the server serves on', async () => {
    const started = Date.now();
    const head = withBody('POST', '/upload/', ['Content-Type: text/plain', 'Content-Length: 100'], '');
    const res = await sendRaw(port, '', { pieces: [head, ...Array.from({ length: 40 }, () => 'x')], gap: 150, timeout: 8_000 });
    expect(res.status).toBe(408);
    expect(Date.now() - started).toBeLessThan(3_500);
    await expectServed();
  });
});

describe('the services going away and coming back', () => {
  test('PostgreSQL cut (also mid-request): 503 + Retry-After; restored: served, no restart', async () => {
    expect((await fetch('/db/count/')).status).toBe(200);
    const midRequest = fetch('/db/sleep/');
    await sleep(150);
    pgProxy.cut();
    const cut = await midRequest;
    expect(cut.status).toBe(503);
    expect(cut.headers['retry-after']).toBe('5');
    const down = await fetch('/db/count/');
    expect(down.status).toBe(503);
    expectNoLeak(down);
    await expectServed();
    pgProxy.restore();
    expect((await fetch('/db/count/')).status).toBe(200);
  });

  test('Redis cut: session pages 503, the rest served; restored: sessions work again', async () => {
    expect((await fetch('/session/')).status).toBe(200);
    redisProxy.cut();
    const down = await fetch('/session/');
    expect(down.status).toBe(503);
    expectNoLeak(down);
    await expectServed();
    redisProxy.restore();
    let status = 0;
    for (let i = 0; i < 40 && status !== 200; i++) {
      status = (await fetch('/session/')).status;
      if (status !== 200) await sleep(100);
    }
    expect(status).toBe(200);
  }, 20_000);
});

test('nothing reached the process unhandled, and no process listener was added', async () => {
  const last = await report();
  expect(last.unhandled).toEqual([]);
  expect(last.errors).toBeGreaterThan(20); // the faults above were logged, as errors
  expect(last.listeners).toEqual(firstReport.listeners);
});
