import type { DataSource } from 'typeorm';
import type { Logger } from '../conf/settings';

/** The timeouts of `settings` that apply to a DataSource (ms; 0: none). */
export interface DatabaseTimeouts {
  /** Opening a connection (and waiting for one from the pool). */
  readonly connectTimeout: number;
  /** One statement, enforced by the server; the client gives up a little later if no answer comes at all. */
  readonly statementTimeout: number;
}

/** How much longer than statement_timeout the client waits before it gives up on a silent server. */
const READ_TIMEOUT_GRACE_MS = 2_000;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Give a PostgreSQL DataSource that the app is about to initialise the timeouts and pool error
 * handling a server needs, without overriding any the user set: a connect timeout (a database
 * that does not answer fails the request instead of hanging it), `statement_timeout` on the
 * server, a client read timeout for a network that went silent, TCP keep-alive, and pool `error`
 * events (an idle connection that died) reported to the app's logger instead of lost.
 * Other drivers are left as they are.
 */
export function applyDatabaseTimeouts(dataSource: DataSource | undefined, timeouts: DatabaseTimeouts, logger: Logger): void {
  if (!dataSource || dataSource.isInitialized || dataSource.options?.type !== 'postgres') return;
  const options = dataSource.options as DataSource['options'] & {
    connectTimeoutMS?: number;
    extra?: Record<string, unknown>;
    poolErrorHandler?: (error: unknown) => unknown;
  };
  const extra: Record<string, unknown> = { ...(options.extra ?? {}) };
  const changes: Record<string, unknown> = {};
  if (options.connectTimeoutMS === undefined && extra.connectionTimeoutMillis === undefined && timeouts.connectTimeout > 0) {
    changes.connectTimeoutMS = timeouts.connectTimeout;
  }
  if (timeouts.statementTimeout > 0) {
    if (extra.statement_timeout === undefined) extra.statement_timeout = timeouts.statementTimeout;
    if (extra.query_timeout === undefined) extra.query_timeout = timeouts.statementTimeout + READ_TIMEOUT_GRACE_MS;
  }
  if (extra.keepAlive === undefined) extra.keepAlive = true;
  changes.extra = extra;
  if (options.poolErrorHandler === undefined) {
    changes.poolErrorHandler = (error: unknown) =>
      logger.warn(`Database pool: an idle connection failed (${describe(error)}); it was discarded, and a new one is opened when needed.`);
  }
  dataSource.setOptions(changes as Partial<DataSource['options']>);
}
