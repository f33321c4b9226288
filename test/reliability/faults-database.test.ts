/**
 * PostgreSQL failing under an app running in this process — always through a loopback proxy in
 * front of the machine's PostgreSQL that the test cuts, black-holes and restores (never the
 * server itself): unreachable, gone mid-request, too slow, silent, down at start-up, a wrong
 * database name, a transaction cut in the middle, an idle connection dying. Each costs a 503 (or
 * the documented 500), never a hang or the process; afterwards the same app serves again; no
 * QueryRunner is left held and nothing waits on the pool. Needs PostgreSQL: fails if it is
 * unreachable. Rows are checked through a direct connection, never through the proxy.
 */
import { runInThisContext } from 'node:vm';
import request from 'supertest';
import { Column, DataSource, Entity, PrimaryGeneratedColumn, type EntityManager, type QueryRunner } from 'typeorm';
import { HttpResponse, atomic, currentManager, nonAtomicRequests, path, type FrameworkApp, type HttpRequest, type Settings } from '../../src';
import { RETRY_DELAY_MS } from '../../src/db/startup';
import { makeApp } from '../helpers';
import { leaks } from './support/invariants';
import { PG_SCHEMA, PG_URL, pgUrlVia, requireService } from './support/services';
import { TcpProxy } from './support/tcp-proxy';

/** This run's own table and marker: another run of this file, or another suite, may use the schema at the same time. */
const RUN = `r${process.pid}x${Date.now().toString(36)}`;
const TABLE = `rel_fault_db_${RUN}`;

@Entity(TABLE)
class Note {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 50 }) text!: string;
}

const CONNECT_TIMEOUT = 1_000;
const STATEMENT_TIMEOUT = 1_000;
/** The client gives up on a silent server 2 s after statement_timeout (src/db/timeouts.ts). */
const READ_TIMEOUT = STATEMENT_TIMEOUT + 2_000;
const SECRET = 'test-secret-key-that-is-long-enough-for-tests';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Wait until `condition` holds, polling every `every` ms, at most `tries` times; returns whether it held. */
async function until(condition: () => boolean | Promise<boolean>, tries = 100, every = 20): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await condition()) return true;
    await sleep(every);
  }
  return condition();
}

/** `promise`, or a rejection naming `what` after `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A promise and its resolver. */
interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}
function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

// Jest gives a test file a copy of `process` whose listeners never hear the real process's
// events: listen on the real one (the main context's global).
const hostProcess = runInThisContext('process') as NodeJS.Process;
const unhandled: string[] = [];
const onRejection = (reason: unknown) => unhandled.push(`unhandledRejection: ${String(reason)}`);
const onException = (error: unknown) => unhandled.push(`uncaughtException: ${String(error)}`);

/** A direct connection to PostgreSQL (not through the proxy): what is really committed. */
let direct: DataSource | undefined;
let pgPort: number;

async function sql<Row = Record<string, unknown>>(query: string, parameters: unknown[] = []): Promise<Row[]> {
  return direct!.query(query, parameters);
}

async function committed(marker: string): Promise<number> {
  const [{ n }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${PG_SCHEMA}"."${TABLE}" WHERE text LIKE $1`, [`${marker}%`]);
  return n;
}

/**
 * A logger that records (as test/helpers' quietLogger), with the message of any error: the
 * socket errors of node:net come from outside Jest's realm, so `instanceof Error` misses them.
 */
function recordingLogger() {
  const lines: string[] = [];
  const text = (error: unknown) => {
    const message = (error as { message?: unknown } | null)?.message;
    return typeof message === 'string' ? ` ${message}` : '';
  };
  return {
    lines,
    error: (message: string, error?: unknown) => lines.push(`ERROR ${message}${text(error)}`),
    warn: (message: string) => lines.push(`WARN ${message}`),
    debug: (message: string) => lines.push(`DEBUG ${message}`),
  };
}
type Logger = ReturnType<typeof recordingLogger>;

/** An app on a DataSource reached through `proxy`: every QueryRunner it takes and every initialisation attempt recorded. */
interface PgApp {
  app: FrameworkApp;
  dataSource: DataSource;
  logger: Logger;
  runners: QueryRunner[];
  /** When each DataSource initialisation started and ended. */
  attempts: Array<{ start: number; end?: number }>;
}

function pgApp(proxy: TcpProxy, settings: Partial<Settings>, url = pgUrlVia(proxy.port)): PgApp {
  const dataSource = new DataSource({ type: 'postgres', url, schema: PG_SCHEMA, entities: [Note], synchronize: false, poolSize: 3, logging: false });
  const runners: QueryRunner[] = [];
  const createQueryRunner = dataSource.createQueryRunner.bind(dataSource);
  dataSource.createQueryRunner = (...args: Parameters<typeof createQueryRunner>) => {
    const runner = createQueryRunner(...args);
    runners.push(runner);
    return runner;
  };
  // Wrapped before createApp, which starts the initialisation.
  const attempts: PgApp['attempts'] = [];
  const initialize = dataSource.initialize.bind(dataSource);
  dataSource.initialize = async () => {
    const attempt: PgApp['attempts'][number] = { start: Date.now() };
    attempts.push(attempt);
    try {
      return await initialize();
    } finally {
      attempt.end = Date.now();
    }
  };
  const logger = recordingLogger();
  const app = makeApp({
    logger,
    dataSource,
    databaseConnectTimeout: CONNECT_TIMEOUT,
    databaseStatementTimeout: STATEMENT_TIMEOUT,
    ...settings,
  });
  return { app, dataSource, logger, runners, attempts };
}

/** The node-postgres pool of a PostgreSQL DataSource. */
interface Pool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}
function poolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}

/** After a fault: every QueryRunner the app took was released, the driver holds none, nothing waits on the pool. */
function expectNothingHeld({ dataSource, runners }: PgApp): void {
  expect(runners.filter((r) => !r.isReleased)).toHaveLength(0);
  expect((dataSource.driver as unknown as { connectedQueryRunners: unknown[] }).connectedQueryRunners).toHaveLength(0);
  expect(poolOf(dataSource).waitingCount).toBe(0);
}

/** A 503 that says when to retry, with nothing internal in it. */
function expect503(res: request.Response): void {
  expect(res.status).toBe(503);
  expect(res.headers['retry-after']).toBe('5');
  expect(leaks({ text: res.text, headers: res.headers as Record<string, unknown> }, SECRET)).toEqual([]);
  expect(res.text).not.toMatch(/postgres|127\.0\.0\.1|timeout|terminated|released/i);
}

/** The lines logged since `from`. */
const since = (logger: Logger, from: number) => logger.lines.slice(from);

/** A GET that can never hang the test: supertest gives up after 10 s. */
const get = (app: FrameworkApp, target: string) => request(app).get(target).timeout(10_000);

beforeAll(async () => {
  hostProcess.on('unhandledRejection', onRejection);
  hostProcess.on('uncaughtException', onException);
  pgPort = (await requireService('PostgreSQL')).port;
  direct = await new DataSource({ type: 'postgres', url: PG_URL.href, poolSize: 1, logging: false }).initialize();
  try {
    await sql(`CREATE SCHEMA IF NOT EXISTS "${PG_SCHEMA}"`);
  } catch (error) {
    // Another suite created it at the same moment.
    if (!['23505', '42P06'].includes((error as { code?: string }).code ?? '')) throw error;
  }
  await sql(`CREATE TABLE "${PG_SCHEMA}"."${TABLE}" (id serial PRIMARY KEY, text varchar(50) NOT NULL)`);
});

afterAll(async () => {
  if (direct?.isInitialized) {
    // Statements of this run still sleeping on the server after their client was cut off.
    await sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE $1 AND pid <> pg_backend_pid()`, [`%${RUN}%`]);
    await sql(`DROP TABLE IF EXISTS "${PG_SCHEMA}"."${TABLE}"`);
    await direct.destroy();
  }
  hostProcess.off('unhandledRejection', onRejection);
  hostProcess.off('uncaughtException', onException);
});

describe('PostgreSQL going away under a running app', () => {
  let proxy: TcpProxy;
  let db: PgApp;

  beforeAll(async () => {
    proxy = await new TcpProxy(pgPort).start();
    db = pgApp(proxy, {
      atomicRequests: true,
      rootUrlconf: [
        path('count/', async () => new HttpResponse(String(await currentManager().getRepository(Note).count()))),
        path('slow/', async () => {
          await currentManager().query(`SELECT pg_sleep(5) -- slow ${RUN}`);
          return new HttpResponse('slept');
        }),
        path('in-flight/', async () => {
          // Longer than the statement timeout for this one transaction, so only the cut can end it.
          await currentManager().query('SET LOCAL statement_timeout = 10000');
          await currentManager().query(`SELECT pg_sleep(8) -- in-flight ${RUN}`);
          return new HttpResponse('slept');
        }),
      ],
    });
    await db.app.ready();
  });
  afterAll(async () => {
    await db?.app.close({ timeout: 1_000 });
    await proxy?.close();
  });
  afterEach(() => proxy.restore());

  const served = async () => {
    const res = await get(db.app, '/count/');
    expect(res.status).toBe(200);
    expect(res.text).toBe('0');
  };

  test('unreachable: 503 + Retry-After 5 logged as "Service Unavailable", failing fast while down; restored: served, no restart', async () => {
    await served();
    proxy.cut();
    const logged = db.logger.lines.length;
    for (let i = 0; i < 5; i++) {
      const started = Date.now();
      const res = await get(db.app, '/count/');
      expect503(res);
      expect(Date.now() - started).toBeLessThan(CONNECT_TIMEOUT); // refused at once: no timeout waited for
    }
    const lines = since(db.logger, logged).filter((l) => l.startsWith('ERROR'));
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toMatch(/^ERROR Service Unavailable: GET \/count\/ .*(ECONNRESET|ECONNREFUSED|terminated)/);
    expectNothingHeld(db);
    proxy.restore();
    await served();
    expectNothingHeld(db);
  });

  test('going away mid-request (a statement in flight): 503 at once, not 500; served after', async () => {
    await served();
    const logged = db.logger.lines.length;
    const pending = get(db.app, '/in-flight/').then((res) => res);
    const running = () =>
      sql<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1 AND pid <> pg_backend_pid()`, [`%in-flight ${RUN}%`]).then(
        ([{ n }]) => n === 1,
      );
    expect(await until(running, 100, 20)).toBe(true);
    const started = Date.now();
    proxy.cut();
    const res = await pending;
    expect503(res);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(since(db.logger, logged).join('\n')).toMatch(/ERROR Service Unavailable: GET \/in-flight\/ .*(ECONNRESET|terminated)/);
    expectNothingHeld(db);
    proxy.restore();
    await served();
  });

  test('a statement over databaseStatementTimeout: 503 after about that long', async () => {
    await served();
    const logged = db.logger.lines.length;
    const started = Date.now();
    const res = await get(db.app, '/slow/');
    const took = Date.now() - started;
    expect503(res);
    expect(took).toBeGreaterThanOrEqual(STATEMENT_TIMEOUT - 50);
    expect(took).toBeLessThan(STATEMENT_TIMEOUT + 1_000);
    expect(since(db.logger, logged)).toEqual([expect.stringMatching(/^ERROR Service Unavailable: GET \/slow\/ canceling statement due to statement timeout/)]);
    expectNothingHeld(db);
    await served();
  });

  test('a network gone silent (black hole): 503 within the connect and read timeouts, never a hang; served after', async () => {
    await served();
    // One idle connection in the pool: the first request uses it (the read timeout ends it), the second opens a new one (the connect timeout ends it).
    expect(poolOf(db.dataSource).idleCount).toBe(1);
    proxy.blackhole();
    const logged = db.logger.lines.length;
    const took: number[] = [];
    for (let i = 0; i < 2; i++) {
      const started = Date.now();
      const res = await get(db.app, '/count/');
      took.push(Date.now() - started);
      expect503(res);
      expectNothingHeld(db);
    }
    expect(took[0]).toBeGreaterThanOrEqual(READ_TIMEOUT - 50);
    expect(took[0]).toBeLessThan(READ_TIMEOUT + 1_000);
    expect(took[1]).toBeGreaterThanOrEqual(CONNECT_TIMEOUT - 50);
    expect(took[1]).toBeLessThan(CONNECT_TIMEOUT + 1_000);
    const lines = since(db.logger, logged).filter((l) => l.startsWith('ERROR'));
    expect(lines).toEqual([
      expect.stringMatching(/^ERROR Service Unavailable: GET \/count\/ Query read timeout/),
      expect.stringMatching(/^ERROR Service Unavailable: GET \/count\/ (Connection terminated due to connection timeout|timeout exceeded when trying to connect)/),
    ]);
    proxy.restore();
    await served();
    expectNothingHeld(db);
  }, 15_000);

  test('an idle connection that died: the pool error goes to the app logger, nothing thrown; served after', async () => {
    await served();
    expect(poolOf(db.dataSource).idleCount).toBeGreaterThanOrEqual(1);
    const logged = db.logger.lines.length;
    proxy.cut();
    expect(await until(() => since(db.logger, logged).some((l) => l.startsWith('WARN Database pool: an idle connection failed')))).toBe(true);
    expect(await until(() => poolOf(db.dataSource).totalCount === 0)).toBe(true);
    expect(since(db.logger, logged).filter((l) => l.startsWith('ERROR'))).toEqual([]);
    expect(unhandled).toEqual([]);
    expectNothingHeld(db);
    proxy.restore();
    await served();
  });
});

describe('a transaction cut in the middle writes nothing', () => {
  let proxy: TcpProxy;
  let db: PgApp;
  /** The view's checkpoint between its two inserts: it tells the test where it is, then waits for the test. */
  let checkpoint: { reached: Deferred<{ manager: EntityManager; seen: number }>; proceed: Deferred<void> };

  /** Insert row 1, stop until the test has cut the connection, then try row 2. */
  async function twoRows(marker: string): Promise<HttpResponse> {
    const manager = currentManager();
    await manager.getRepository(Note).insert({ text: `${marker}-1` });
    const seen = await manager.getRepository(Note).count({ where: { text: `${marker}-1` } });
    checkpoint.reached.resolve({ manager, seen });
    await checkpoint.proceed.promise;
    await manager.getRepository(Note).insert({ text: `${marker}-2` });
    return new HttpResponse('both written');
  }

  beforeAll(async () => {
    proxy = await new TcpProxy(pgPort).start();
    db = pgApp(proxy, {
      atomicRequests: true,
      rootUrlconf: [
        path('tx/atomic-requests/<str:marker>/', (_request: HttpRequest, { marker }) => twoRows(marker as string)),
        path('tx/atomic/<str:marker>/', nonAtomicRequests((_request: HttpRequest, { marker }) => atomic(() => twoRows(marker as string)))),
        path('count/', async () => new HttpResponse(String(await currentManager().getRepository(Note).count()))),
      ],
    });
    await db.app.ready();
  });
  afterAll(async () => {
    await db?.app.close({ timeout: 1_000 });
    await proxy?.close();
  });
  afterEach(() => {
    checkpoint?.proceed.resolve(); // a failed test must not leave its view waiting
    proxy.restore();
  });

  test.each([['atomicRequests', 'atomic-requests'], ['atomic()', 'atomic']])('%s: row 1 written, the connection cut, row 2 refused: nothing committed, a 503', async (_label, route) => {
    const marker = `${RUN}-${route}`;
    checkpoint = { reached: deferred(), proceed: deferred() };
    const pending = get(db.app, `/tx/${route}/${marker}/`).then((res) => res);
    const { manager, seen } = await within(checkpoint.reached.promise, 5_000, 'the view reaching its checkpoint');
    // Row 1 went through the transaction's own connection: it sees the row, nobody else does.
    const runner = manager.queryRunner!;
    expect(runner).toBeDefined();
    expect(runner.isTransactionActive).toBe(true);
    expect(seen).toBe(1);
    expect(await committed(marker)).toBe(0);
    // Cut while the view waits between its two inserts: COMMIT cannot have been sent yet.
    proxy.cut();
    expect(await until(() => runner.isReleased)).toBe(true); // the app saw its connection die
    checkpoint.proceed.resolve();
    const res = await pending;
    expect503(res);
    expect(res.text).not.toBe('both written');
    expect(await committed(marker)).toBe(0);
    expectNothingHeld(db);
    proxy.restore();
    // Served again; still nothing of the cut transaction.
    const again = await get(db.app, '/count/');
    expect(again.status).toBe(200);
    expect(await committed(marker)).toBe(0);
    expectNothingHeld(db);
  });
});

describe('start-up', () => {
  let proxy: TcpProxy;
  const apps: PgApp[] = [];

  beforeAll(async () => {
    proxy = await new TcpProxy(pgPort).start();
  });
  afterAll(async () => {
    for (const db of apps) await db.app.close({ timeout: 1_000 });
    await proxy?.close();
  });
  afterEach(() => proxy.restore());

  const startupApp = (url?: string): PgApp => {
    const db = pgApp(proxy, { rootUrlconf: [path('count/', async () => new HttpResponse(String(await currentManager().getRepository(Note).count())))] }, url);
    apps.push(db);
    return db;
  };

  test('database down at start: 503 meanwhile, retried by a request at most once a second; up: served, app.ready() resolves', async () => {
    proxy.cut();
    const db = startupApp();
    await expect(db.app.ready()).rejects.toThrow();
    expect(db.attempts).toHaveLength(1);
    expect(db.logger.lines.join('\n')).toMatch(/dataSource: the database is unreachable; requests get a 503/);
    let requests = 0;
    // Requests right after the failure: 503, and no new attempt within the retry delay.
    for (let i = 0; i < 5; i++) {
      const res = await get(db.app, '/count/');
      requests++;
      expect503(res);
    }
    // Keep asking until a request starts the next attempt (at least RETRY_DELAY_MS after the failure).
    expect(
      await until(async () => {
        const res = await get(db.app, '/count/');
        requests++;
        expect503(res);
        return db.attempts.length >= 2;
      }, 40, 100),
    ).toBe(true);
    proxy.restore();
    let status = 0;
    for (let i = 0; i < 40 && status !== 200; i++) {
      const res = await get(db.app, '/count/');
      requests++;
      status = res.status;
      if (status !== 200) {
        expect503(res);
        await sleep(100);
      }
    }
    expect(status).toBe(200);
    await expect(db.app.ready()).resolves.toBeUndefined();
    // Never two attempts less than RETRY_DELAY_MS apart, and far fewer attempts than requests.
    for (let i = 1; i < db.attempts.length; i++) expect(db.attempts[i].start - db.attempts[i - 1].end!).toBeGreaterThanOrEqual(RETRY_DELAY_MS);
    expect(db.attempts.length).toBeLessThan(requests);
    expect(db.logger.lines.filter((l) => l.startsWith('ERROR Service Unavailable: GET /count/')).length).toBeGreaterThanOrEqual(6);
    expectNothingHeld(db);
    expect((await get(db.app, '/count/')).status).toBe(200);
  }, 15_000);

  test('a wrong database name: a 500 with the reason logged, not retried', async () => {
    const url = new URL(pgUrlVia(proxy.port));
    url.pathname = `/egv_no_such_database_${RUN}`;
    const db = startupApp(url.href);
    await expect(db.app.ready()).rejects.toThrow(/does not exist/);
    expect(db.logger.lines.join('\n')).toMatch(/ERROR dataSource: initialisation failed; requests will get a 500 until it is fixed\. database "egv_no_such_database_\w+" does not exist/);
    const first = await get(db.app, '/count/');
    expect(first.status).toBe(500);
    expect(first.headers['retry-after']).toBeUndefined();
    // Past the retry delay: still a 500, and no new attempt.
    await sleep(RETRY_DELAY_MS + 100);
    const later = await get(db.app, '/count/');
    expect(later.status).toBe(500);
    expect(db.attempts).toHaveLength(1);
    expect(db.logger.lines.filter((l) => l.startsWith('ERROR Internal Server Error: GET /count/'))).toHaveLength(2);
  });
});

test('nothing reached the process unhandled', () => {
  expect(hostProcess.listeners('unhandledRejection')).toContain(onRejection); // listening all along
  expect(hostProcess.listeners('uncaughtException')).toContain(onException);
  expect(unhandled).toEqual([]);
});
