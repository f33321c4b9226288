import type { DataSource, EntityManager } from 'typeorm';
import type { HttpRequest } from '../http/request';
import type { HttpResponse } from '../http/response';
import { currentScope, databaseFor, needsScope, requireDataSource, runInScope, type Database } from './context';
import { runTransaction } from './run-transaction';

/** Drivers with a single connection, on which two transactions must never overlap. */
const SINGLE_CONNECTION = new Set(['better-sqlite3', 'sqlite', 'sqljs', 'capacitor', 'cordova', 'expo', 'react-native', 'nativescript']);

/** A FIFO lock: one holder at a time. */
class Lock {
  private tail: Promise<void> = Promise.resolve();

  /** Wait for the lock; resolves with the function that releases it. */
  private acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => held);
    return ready;
  }

  /** Run `fn` holding the lock. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

const locks = new WeakMap<DataSource, Lock>();

function lockFor(dataSource: DataSource): Lock | null {
  if (!SINGLE_CONNECTION.has(String(dataSource.options.type))) return null;
  let lock = locks.get(dataSource);
  if (!lock) locks.set(dataSource, (lock = new Lock()));
  return lock;
}

/**
 * Run `fn` in a database transaction (Django's `transaction.atomic`): committed when `fn`
 * resolves, rolled back when it throws. Inside, `currentManager()` (and the generic views) use
 * the transaction. Nested calls become savepoints. On SQLite, which has a single connection,
 * transactions of concurrent requests are queued, never nested into each other.
 *
 * @example
 * ```ts
 * await atomic(async (manager) => {
 *   await manager.getRepository(Account).decrement({ id: from }, 'balance', 10);
 *   await manager.getRepository(Account).increment({ id: to }, 'balance', 10);
 * });
 * ```
 */
export function atomic<T>(fn: (manager: EntityManager) => Promise<T> | T, request?: HttpRequest | null): Promise<T> {
  return transact(databaseFor(request), fn, true);
}

/**
 * `atomic()` for framework code that uses only the manager it is given (a model form's save):
 * the same transaction or savepoint, without making it the current scope, so no
 * AsyncLocalStorage is entered (entering one turns on promise hooks for the whole process).
 */
export function inTransaction<T>(fn: (manager: EntityManager) => Promise<T>, request?: HttpRequest | null): Promise<T> {
  return transact(databaseFor(request), fn, false);
}

async function transact<T>(database: Database, fn: (manager: EntityManager) => Promise<T> | T, enterScope: boolean): Promise<T> {
  const dataSource = requireDataSource(database);
  const body = enterScope
    ? (manager: EntityManager) => runInScope({ database, manager }, async () => fn(manager))
    : async (manager: EntityManager) => fn(manager);
  const scope = currentScope();
  // Inside a transaction of the same app: a savepoint on the same connection.
  if (scope?.manager && scope.database === database) return scope.manager.transaction(body);
  const lock = lockFor(dataSource);
  return lock ? lock.run(() => runTransaction(dataSource, body)) : runTransaction(dataSource, body);
}

/**
 * Run a write that is not part of any transaction (a session save from middleware). On a
 * single-connection driver (SQLite) a statement sent while another request's transaction is
 * open would become part of it, and vanish with its rollback: the write waits until no
 * transaction is open. Inside an `atomic()` block of the same DataSource it runs at once, in it.
 */
export async function outsideTransactions<T>(dataSource: DataSource, fn: () => Promise<T>): Promise<T> {
  const lock = lockFor(dataSource);
  if (!lock) return fn();
  const scope = currentScope();
  if (scope?.manager && scope.database.dataSource === dataSource) return fn();
  return lock.run(fn);
}

/** A view function or class marked by `nonAtomicRequests`. */
interface Markable {
  nonAtomicRequests?: boolean;
  viewClass?: { nonAtomicRequests?: boolean };
}

/**
 * Exclude a view (function or class) from `atomicRequests` (Django's `non_atomic_requests`):
 * it manages its own transactions, e.g. with `atomic()`.
 *
 * @example
 * ```ts
 * path('import/', nonAtomicRequests(ImportView).asView())
 * ```
 */
export function nonAtomicRequests<V extends Function>(view: V): V {
  (view as unknown as Markable).nonAtomicRequests = true;
  return view;
}

function isNonAtomic(request: HttpRequest): boolean {
  const view = request.resolverMatch?.func as Markable | undefined;
  return !!view && (view.nonAtomicRequests === true || view.viewClass?.nonAtomicRequests === true);
}

/**
 * The hook that wraps every view call of an app (`wrapView` of the view runner): the view runs
 * with its app as the current database scope and, with `atomicRequests`, inside one
 * transaction that is rolled back when the view throws.
 */
export function viewWrapper(
  database: Database,
  atomicRequests: boolean,
): (request: HttpRequest, call: () => Promise<HttpResponse>) => Promise<HttpResponse> {
  return (request, call) => {
    if (atomicRequests && database.dataSource && !isNonAtomic(request)) return atomic(() => call(), request);
    if (needsScope(database)) return runInScope({ database }, call);
    return call();
  };
}
