/**
 * app.close(): in-flight requests finish, new ones get 503 + Connection: close, the listener
 * stops, keep-alive connections close, the DataSource is closed — within a timeout. A stream of
 * keep-alive clients through a shutdown loses no request.
 */
import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { HttpResponse, currentManager, path, type FrameworkApp, type HttpRequest } from '../../src';
import { makeApp, quietLogger } from '../helpers';
import { listen, type Live } from '../http/util';
import { fetchOnce, stream } from './support/load';
import { sqliteDataSource } from './support/sqlite';

@Entity('rel_shutdown_hit')
class Hit {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 20 }) path!: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolvers waiting for the next request to reach the slow view: "in flight" is observed, not guessed by a sleep. */
const slowWaiters: Array<() => void> = [];
const nextSlowArrival = () => new Promise<void>((resolve) => slowWaiters.push(resolve));

const urls = [
  path('slow/', async (request: HttpRequest) => {
    slowWaiters.splice(0).forEach((resolve) => resolve());
    await sleep(Number(request.GET.get('ms') ?? 600));
    await currentManager().getRepository(Hit).insert({ path: 'slow' });
    return new HttpResponse('slow done');
  }),
  path('work/', async () => {
    await sleep(2 + Math.floor(Math.random() * 8));
    return new HttpResponse('done');
  }),
  path('forever/', () => new Promise<HttpResponse>(() => undefined)),
];

function makeShutdownApp(): { app: FrameworkApp; logger: ReturnType<typeof quietLogger>; dataSource: ReturnType<typeof sqliteDataSource> } {
  const dataSource = sqliteDataSource([Hit]);
  const logger = quietLogger();
  return { app: makeApp({ dataSource, logger, rootUrlconf: urls, shutdownSignals: [] }), logger, dataSource };
}

describe('app.close() on a server from app.listen()', () => {
  test('drains the in-flight request, answers new ones 503 + Connection: close, stops listening, closes the DataSource', async () => {
    const { app, dataSource } = makeShutdownApp();
    await app.ready();
    const live = await listen(app);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    // A keep-alive connection that is open when closing starts.
    expect((await fetchOnce(live.port, '/work/', agent)).status).toBe(200);
    const arrived = nextSlowArrival();
    const slow = request(live.server).get('/slow/?ms=600').then((r) => r);
    await arrived;
    const started = Date.now();
    const closing = app.close({ timeout: 5_000 });
    // The open keep-alive connection gets an answer telling it to go away, not a reset.
    const during = await fetchOnce(live.port, '/work/', agent);
    expect(during.status).toBe(503);
    expect(during.headers.connection).toBe('close');
    expect(during.headers['retry-after']).toBe('5');
    const done = await slow;
    expect(done.status).toBe(200);
    expect(done.text).toBe('slow done');
    expect(done.headers.connection).toBe('close');
    await closing;
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(live.server.listening).toBe(false);
    await expect(fetchOnce(live.port, '/work/', new http.Agent())).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(dataSource.isInitialized).toBe(false);
    agent.destroy();
  });

  test('an idle keep-alive connection is closed by the server, and close() resolves', async () => {
    const { app } = makeShutdownApp();
    const live = await listen(app);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    await fetchOnce(live.port, '/work/', agent);
    const socket = Object.values(agent.freeSockets).flat()[0]!;
    const socketClosed = new Promise((resolve) => socket.once('close', resolve));
    const started = Date.now();
    await app.close({ timeout: 5_000 });
    await socketClosed;
    expect(Date.now() - started).toBeLessThan(1_500);
    agent.destroy();
  });

  test('a request that never ends is cut at the timeout: close() still resolves, and says so in the log', async () => {
    const { app, logger } = makeShutdownApp();
    const live = await listen(app);
    const hanging = fetchOnce(live.port, '/forever/', new http.Agent()).then(
      () => 'answered',
      (error: NodeJS.ErrnoException) => error.code,
    );
    await sleep(50);
    const started = Date.now();
    await app.close({ timeout: 400 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await hanging).toBe('ECONNRESET');
    expect(logger.lines.join('\n')).toContain('1 request(s) still running after 400 ms');
  });

  test('close() twice is the same close', async () => {
    const { app } = makeShutdownApp();
    await listen(app);
    const first = app.close();
    expect(app.close()).toBe(first);
    await first;
  });
});

describe('a stream of keep-alive requests through app.close()', () => {
  test('zero dropped connections: every request gets a response or a refused connection', async () => {
    const { app } = makeShutdownApp();
    const live: Live = await listen(app);
    let stopAt = Infinity;
    const loads = stream(live.port, '/work/', 16, () => Date.now() > stopAt);
    // Close in the middle of a stream in full flow: counted, not timed, so a slow machine waits longer.
    await loads.answered(100);
    const closed = app.close({ timeout: 5_000 });
    stopAt = Date.now() + 1_500;
    await closed;
    const outcomes = await loads.finished;
    expect(outcomes.dropped).toEqual([]);
    expect(outcomes.statuses[200]).toBeGreaterThanOrEqual(100);
    // Whatever came after the start of close() was told to go away: 503 + Connection: close, then refused.
    expect(outcomes.statuses[503] ?? 0).toBe(outcomes.closing503);
    expect(Object.keys(outcomes.statuses).sort()).toEqual(outcomes.statuses[503] ? ['200', '503'] : ['200']);
    // Each client ended told (503) or refused, none by an error.
    expect(outcomes.closing503 + outcomes.refused).toBe(16);
  });
});

describe('app.close() when mounted in a host Express app', () => {
  test('in-flight requests of the app finish; new ones get 503 + Connection: close; the host keeps its own routes', async () => {
    const { app, dataSource } = makeShutdownApp();
    await app.ready();
    const host = express();
    host.get('/health', (_req, res) => {
      res.send('host ok');
    });
    host.use('/shop', app);
    const server = http.createServer(host).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const arrived = nextSlowArrival();
      const slow = request(server).get('/shop/slow/?ms=400').then((r) => r);
      await arrived;
      const closing = app.close({ timeout: 3_000 });
      const during = await request(server).get('/shop/work/');
      expect(during.status).toBe(503);
      expect(during.headers.connection).toBe('close');
      expect((await slow).status).toBe(200);
      await closing;
      expect(dataSource.isInitialized).toBe(false);
      expect((await fetchOnce(port, '/health', new http.Agent())).body).toBe('host ok');
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
