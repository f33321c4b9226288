import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import type { AppRegistry } from '../conf/apps';
import { ImproperlyConfigured } from '../http/exceptions';

/** What the data-access helpers need from one app: its DataSource, installed apps and secret key. */
export interface Database {
  /** `settings.dataSource`, or undefined when the app has none. */
  readonly dataSource: DataSource | undefined;
  /** The app's installed apps (entity → app label). */
  readonly apps: AppRegistry;
  /** `settings.secretKey` (signs pagination cursors). */
  readonly secretKey: string;
  /** `settings.logger`: where data-access warnings go. */
  readonly logger?: { warn(message: string): void };
}

/** The database scope of the code running now: the app, and the transaction's manager inside `atomic()`. */
export interface DatabaseScope {
  readonly database: Database;
  /** The manager of the open transaction, if any. */
  readonly manager?: EntityManager;
}

const storage = new AsyncLocalStorage<DatabaseScope>();
const byConfig = new WeakMap<object, Database>();
let lastCreated: Database | null = null;
let lastWithDataSource: Database | null = null;

/**
 * Record an app's database (called by createApp). `key` is the app's per-request configuration
 * object (`request.config`), so a request always finds its own app.
 */
export function registerDatabase(key: object, database: Database): Database {
  byConfig.set(key, database);
  lastCreated = database;
  if (database.dataSource) lastWithDataSource = database;
  return database;
}

/** Run `fn` with `scope` as the current database scope. */
export function runInScope<T>(scope: DatabaseScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The scope set by the current request or `atomic()` block, if any. */
export function currentScope(): DatabaseScope | undefined {
  return storage.getStore();
}

/** Whether a request of `database` needs its own scope (it is not the default the helpers fall back to). */
export function needsScope(database: Database): boolean {
  // Matches databaseFor()'s fallback: the app that fallback finds needs no AsyncLocalStorage scope,
  // which keeps async-hook costs off every promise of the common one-app process.
  return database !== (lastWithDataSource ?? lastCreated);
}

/**
 * The database of `request` (anything carrying the `config` of an app made by createApp), else
 * of the current scope, else of the app created last that has a dataSource.
 */
export function databaseFor(request?: { config?: unknown } | null): Database {
  const own = request?.config && typeof request.config === 'object' ? byConfig.get(request.config) : undefined;
  const database = own ?? storage.getStore()?.database ?? lastWithDataSource ?? lastCreated;
  if (!database) {
    throw new ImproperlyConfigured('No app has been created yet: call createApp({ dataSource, … }) before using the database helpers.');
  }
  return database;
}

/** The DataSource of `database`; ImproperlyConfigured (naming the setting) when the app has none. */
export function requireDataSource(database: Database): DataSource {
  if (!database.dataSource) {
    throw new ImproperlyConfigured(
      'This app has no database: set settings.dataSource to a TypeORM DataSource (new DataSource({ type: "better-sqlite3", … })).',
    );
  }
  return database.dataSource;
}

/**
 * The DataSource of the current request's app (see `databaseFor`).
 *
 * @example
 * ```ts
 * const movies = await currentDataSource().getRepository(Movie).find();
 * ```
 */
export function currentDataSource(request?: { config?: unknown } | null): DataSource {
  return requireDataSource(databaseFor(request));
}

/**
 * The EntityManager to use now: the open transaction's (inside `atomic()` or a view under
 * `atomicRequests`), else the DataSource's own. Use it so your writes join the request's transaction.
 *
 * @example
 * ```ts
 * await currentManager().getRepository(Movie).save(movie);
 * ```
 */
export function currentManager(request?: { config?: unknown } | null): EntityManager {
  const database = databaseFor(request);
  const scope = storage.getStore();
  if (scope?.manager && scope.database === database) return scope.manager;
  return requireDataSource(database).manager;
}

/**
 * Report a data-access warning (an unordered paginated query, …) to the logger of the current
 * app; without an app, as a process warning.
 */
export function dbWarning(message: string, request?: { config?: unknown } | null): void {
  let logger: { warn(message: string): void } | undefined;
  try {
    logger = databaseFor(request).logger;
  } catch {
    logger = undefined;
  }
  if (logger) logger.warn(message);
  else process.emitWarning(message, 'DataAccessWarning');
}
