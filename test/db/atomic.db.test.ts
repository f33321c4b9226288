/**
 * atomicRequests (Django's ATOMIC_REQUESTS) and atomic(): one transaction per view call, rolled
 * back when the view throws; on SQLite (one connection) concurrent requests are serialised.
 */
import request from 'supertest';
import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
import {
  Http404,
  HttpResponse,
  JsonResponse,
  View,
  atomic,
  currentDataSource,
  currentManager,
  getObjectOr404,
  nonAtomicRequests,
  path,
  type HttpRequest,
} from '../../src';
import { makeApp, quietLogger } from '../helpers';
import { databaseKind, testDataSource } from './test-datasource';

@Entity('atomic_counter')
class Counter {
  @PrimaryGeneratedColumn() id!: number;
  @Column('integer') value!: number;
}

@Entity('atomic_entry')
class Entry {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 100 }) note!: string;
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 1));

/** Read the counter (locked on PostgreSQL inside a transaction, as real code must), yield, write it back plus one, and log an entry. */
async function increment(note: string): Promise<number> {
  const manager = currentManager();
  let qb = manager.getRepository(Counter).createQueryBuilder('counter').where('counter.id = 1');
  if (databaseKind === 'postgres' && manager.queryRunner?.isTransactionActive) qb = qb.setLock('pessimistic_write');
  const counter = await qb.getOneOrFail();
  await pause();
  await manager.getRepository(Counter).update(1, { value: counter.value + 1 });
  await manager.getRepository(Entry).insert({ note });
  return counter.value + 1;
}

class Increment extends View {
  async post(request: HttpRequest) {
    const value = await increment(request.POST.get('note') ?? 'ok');
    if (request.POST.get('fail') === 'error') throw new Error('the view failed after writing');
    if (request.POST.get('fail') === '404') throw new Http404('nothing here, after writing');
    return new JsonResponse({ value });
  }
}

class Savepoint extends View {
  async post() {
    await currentManager().getRepository(Entry).insert({ note: 'outer' });
    try {
      await atomic(async (manager) => {
        await manager.getRepository(Entry).insert({ note: 'inner' });
        throw new Error('inner block fails');
      });
    } catch {
      // The inner block is rolled back to its savepoint; the outer transaction goes on.
    }
    return new HttpResponse('done');
  }
}

class ManualTransactions extends View {
  async post() {
    await atomic((manager) => manager.getRepository(Entry).insert({ note: 'committed by hand' }));
    throw new Error('fails after its own transaction committed');
  }
}

class WriteThenRead extends View {
  async post() {
    await currentManager().getRepository(Entry).insert({ note: 'uncommitted' });
    // A query builder made from the DataSource itself still runs inside the request's transaction.
    const qb = currentDataSource().getRepository(Entry).createQueryBuilder('entry');
    const entry = await getObjectOr404(qb, { note: 'uncommitted' });
    throw new Error(`seen ${entry.note}, now roll back`);
  }
}

class Lookup extends View {
  async get(_request: HttpRequest) {
    const entry = await getObjectOr404(Entry, { note: 'only-in-a' });
    return new HttpResponse(`${entry.note} from ${currentDataSource().options.type}`);
  }
}

/** A promise and its resolve function. */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** The steps of the "write from outside" tests: the atomic view writes, then fails when told to. */
let steps = { written: signal(), outsideStarted: signal(), release: signal() };

class WriteThenWait extends View {
  async post() {
    await currentManager().getRepository(Entry).insert({ note: 'rolled back' });
    steps.written.resolve();
    await steps.release.promise;
    throw new Error('fails after another request wrote');
  }
}

class WriteOutside extends View {
  async post(request: HttpRequest) {
    steps.outsideStarted.resolve();
    const entries = currentDataSource().getRepository(Entry);
    // insert(): one statement; save(): TypeORM's own BEGIN, INSERT, COMMIT.
    if (request.GET.get('how') === 'save') await entries.save(entries.create({ note: 'kept' }));
    else await entries.insert({ note: 'kept' });
    return new HttpResponse('written', { status: 201 });
  }
}

const urls = [
  path('write-then-wait/', WriteThenWait.asView()),
  path('write-outside/', nonAtomicRequests(WriteOutside).asView()),
  path('increment/', Increment.asView()),
  path('savepoint/', Savepoint.asView()),
  path('manual/', nonAtomicRequests(ManualTransactions).asView()),
  path('lookup/', Lookup.asView()),
  path('write-then-read/', WriteThenRead.asView()),
];

describe(`atomicRequests on ${databaseKind}`, () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = testDataSource([Counter, Entry]);
  });
  afterAll(async () => {
    if (ds.isInitialized) await ds.destroy();
  });

  async function appWith(atomicRequests: boolean) {
    const app = makeApp({ dataSource: ds, rootUrlconf: urls, atomicRequests });
    await app.ready();
    await ds.getRepository(Entry).clear();
    await ds.getRepository(Counter).clear();
    await ds.query(databaseKind === 'postgres' ? 'ALTER SEQUENCE atomic_counter_id_seq RESTART WITH 1' : 'DELETE FROM sqlite_sequence');
    await ds.getRepository(Counter).insert({ value: 0 });
    return app;
  }
  const entries = async () => (await ds.getRepository(Entry).find({ order: { id: 'ASC' } })).map((e) => e.note);
  const counter = async () => (await ds.getRepository(Counter).findOneByOrFail({ id: 1 })).value;

  test('a view that returns a response commits', async () => {
    const app = await appWith(true);
    const res = await request(app).post('/increment/').type('form').send({ note: 'one' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ value: 1 });
    expect(await entries()).toEqual(['one']);
  });

  test('a view that throws is rolled back (500)', async () => {
    const app = await appWith(true);
    const res = await request(app).post('/increment/').type('form').send({ note: 'lost', fail: 'error' });
    expect(res.status).toBe(500);
    expect(await entries()).toEqual([]);
    expect(await counter()).toBe(0);
  });

  test('Http404 after a write rolls back too', async () => {
    const app = await appWith(true);
    expect((await request(app).post('/increment/').type('form').send({ fail: '404' })).status).toBe(404);
    expect(await entries()).toEqual([]);
  });

  test('without atomicRequests the write before the error stays', async () => {
    const app = await appWith(false);
    expect((await request(app).post('/increment/').type('form').send({ note: 'kept', fail: 'error' })).status).toBe(500);
    expect(await entries()).toEqual(['kept']);
  });

  test('50 concurrent writing requests: each in its own transaction, none lost', async () => {
    const app = await appWith(true);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => request(app).post('/increment/').type('form').send({ note: `n${i}` })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(responses.map((r) => r.body.value).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await counter()).toBe(50);
    expect((await entries()).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `n${i}`).sort());
  });

  test('50 concurrent requests, every other one failing: exactly the successful ones are kept', async () => {
    const app = await appWith(true);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        request(app)
          .post('/increment/')
          .type('form')
          .send(i % 2 ? { note: `bad${i}`, fail: 'error' } : { note: `good${i}` }),
      ),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(25);
    expect(responses.filter((r) => r.status === 500)).toHaveLength(25);
    expect(await counter()).toBe(25);
    const notes = await entries();
    expect(notes).toHaveLength(25);
    expect(notes.every((n) => n.startsWith('good'))).toBe(true);
  });

  test.each(['insert', 'save'])("a write of another request (%s) is never part of a request's transaction: its rollback keeps it", async (how) => {
    const app = await appWith(true);
    steps = { written: signal(), outsideStarted: signal(), release: signal() };
    const failing = request(app).post('/write-then-wait/').then((res) => res);
    await steps.written.promise;
    const outside = request(app).post(`/write-outside/?how=${how}`).then((res) => res);
    await steps.outsideStarted.promise;
    // Let the other request's statements reach the database (on SQLite: the one connection) while the transaction is open.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    steps.release.resolve();
    const [failed, written] = await Promise.all([failing, outside]);
    expect(failed.status).toBe(500);
    expect(written.status).toBe(201);
    expect(await entries()).toEqual(['kept']);
  });

  test("a bare save() that starts while transactions are queued waits its turn, and nobody deadlocks", async () => {
    const app = await appWith(true);
    steps = { written: signal(), outsideStarted: signal(), release: signal() };
    const failing = request(app).post('/write-then-wait/').then((res) => res);
    await steps.written.promise;
    // A second transaction queues behind the first; then save() (TypeORM's own BEGIN) comes in behind both.
    const queued = request(app).post('/increment/').type('form').send({ note: 'queued' }).then((res) => res);
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    const outside = request(app).post('/write-outside/?how=save').then((res) => res);
    await steps.outsideStarted.promise;
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    steps.release.resolve();
    const [failed, incremented, written] = await Promise.all([failing, queued, outside]);
    expect([failed.status, incremented.status, written.status]).toEqual([500, 200, 201]);
    expect((await entries()).sort()).toEqual(['kept', 'queued']);
  });

  test('atomic() inside a view is a savepoint: its failure leaves the outer transaction', async () => {
    const app = await appWith(true);
    expect((await request(app).post('/savepoint/')).status).toBe(200);
    expect(await entries()).toEqual(['outer']);
  });

  test("a query builder from the DataSource sees the request's own uncommitted writes", async () => {
    const logger = quietLogger();
    const app = makeApp({ dataSource: ds, rootUrlconf: urls, atomicRequests: true, logger });
    await app.ready();
    await ds.getRepository(Entry).clear();
    expect((await request(app).post('/write-then-read/')).status).toBe(500);
    expect(logger.lines.join('\n')).toContain('seen uncommitted, now roll back');
    expect(await entries()).toEqual([]);
  });

  test('nonAtomicRequests: the view manages its own transactions', async () => {
    const app = await appWith(true);
    expect((await request(app).post('/manual/')).status).toBe(500);
    expect(await entries()).toEqual(['committed by hand']);
  });

  test('atomic() outside a request uses the app created last, and rolls back on error', async () => {
    await appWith(false);
    await expect(
      atomic(async (manager) => {
        await manager.getRepository(Entry).insert({ note: 'rolled back' });
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    await atomic((manager) => manager.getRepository(Entry).insert({ note: 'committed' }));
    expect(await entries()).toEqual(['committed']);
  });

  test('each request uses its own app, not the app created last', async () => {
    const app = await appWith(true);
    await ds.getRepository(Entry).insert({ note: 'only-in-a' });
    const other = new DataSource({ ...testDataSource([Entry]).options, dropSchema: false, synchronize: databaseKind !== 'postgres' } as never);
    const appB = makeApp({ dataSource: other, rootUrlconf: urls });
    await appB.ready();
    try {
      const res = await request(app).get('/lookup/');
      expect(res.status).toBe(200);
      expect(res.text).toContain('only-in-a');
      if (databaseKind === 'sqlite') expect((await request(appB).get('/lookup/')).status).toBe(404);
    } finally {
      await other.destroy();
    }
  });
});
