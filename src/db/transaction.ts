import type { DataSource, EntityManager } from 'typeorm';
import type { HttpRequest } from '../http/request';
import type { HttpResponse } from '../http/response';
import { currentScope, databaseFor, needsScope, requireDataSource, runInScope, type Database } from './context';
import { ConnectionGate } from './connection-gate';
import { runTransaction } from './run-transaction';

/**
 * Run `fn` in a database transaction (Django's `transaction.atomic`): committed when `fn`
 * resolves, rolled back when it throws. Inside, `currentManager()` (and the generic views) use
 * the transaction. Nested calls become savepoints. On SQLite, which has a single connection,
 * transactions of concurrent requests are queued, never nested into each other, and statements
 * sent from outside wait until the transaction has ended (see ConnectionGate).
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
  const gate = ConnectionGate.of(dataSource);
  return gate ? gate.exclusive((runner) => runTransaction(dataSource, body, runner)) : runTransaction(dataSource, body);
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
