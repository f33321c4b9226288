import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { ServiceUnavailable } from '../http/exceptions';
import { isDatabaseUnavailable } from './availability';

/** node-postgres's read timeout (`query_timeout`): the statement got no answer; it is still in flight on that connection. */
const NO_ANSWER = /^Query read timeout$/;

function describe(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

function gotNoAnswer(error: unknown): boolean {
  const e = error as { message?: unknown; driverError?: { message?: unknown }; cause?: { message?: unknown } } | null;
  return [e?.message, e?.driverError?.message, e?.cause?.message].some((m) => typeof m === 'string' && NO_ANSWER.test(m));
}

/**
 * What to throw once the transaction on `runner` failed with `error`, after giving its connection
 * the right end:
 * - The driver released the runner under the transaction: its connection failed (node-postgres
 *   reports a connection that died, even while the view was between two statements, and TypeORM
 *   then refuses every further statement with "Query runner already released"). The transaction
 *   died with the connection; the failure is the database going away: a ServiceUnavailable (503),
 *   not the 500 the "already released" error would give.
 * - A statement got no answer (read timeout): the connection is stuck with it in flight. A
 *   ROLLBACK would queue behind it and wait a whole read timeout more, then the connection — its
 *   transaction still open — would go back to the pool for the next request. It is discarded
 *   instead; the server rolls the transaction back when the connection closes.
 * - Anything else: ROLLBACK, as TypeORM does.
 */
async function abandon(runner: QueryRunner, error: unknown): Promise<unknown> {
  if (runner.isReleased) {
    if (isDatabaseUnavailable(error)) return error;
    const lost = new ServiceUnavailable(`The database connection was lost during the transaction (${describe(error)}).`);
    Object.defineProperty(lost, 'cause', { value: error, configurable: true, writable: true });
    return lost;
  }
  const discard = (runner as unknown as { releasePostgresConnection?: (error: unknown) => Promise<void> }).releasePostgresConnection;
  if (gotNoAnswer(error) && typeof discard === 'function') {
    await discard.call(runner, error); // Released with an error: the pool closes the connection instead of reusing it.
    return error;
  }
  try {
    await runner.rollbackTransaction();
  } catch {
    // The original error is the one that matters (as in TypeORM's own transaction()).
  }
  return error;
}

/**
 * `dataSource.transaction(fn)` (a transaction on a connection of its own, or on `runner`:
 * committed when `fn` resolves, rolled back when it throws), that also copes with the
 * connection failing under it (see `abandon`).
 */
export async function runTransaction<T>(dataSource: DataSource, fn: (manager: EntityManager) => Promise<T>, runner = dataSource.createQueryRunner()): Promise<T> {
  try {
    await runner.startTransaction();
    const result = await fn(runner.manager);
    await runner.commitTransaction();
    return result;
  } catch (error) {
    throw await abandon(runner, error);
  } finally {
    await runner.release();
  }
}
