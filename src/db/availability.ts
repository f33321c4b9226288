/**
 * Telling "the database is unreachable or too slow right now" (a 503: try again) apart from
 * "this query is wrong" (a 500: a bug). Drivers report the first kind in several shapes: socket
 * error codes, node-postgres messages, PostgreSQL SQLSTATE classes; TypeORM wraps them in a
 * QueryFailedError whose `driverError` is the original.
 */

/** Socket errors (the server is not there, went away, the network is down), MySQL and SQLite "busy". */
const SOCKET_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN',
  'EHOSTDOWN', 'EAI_AGAIN', 'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_CON_COUNT_ERROR',
  'SQLITE_BUSY', 'SQLITE_BUSY_TIMEOUT',
]);

/**
 * PostgreSQL SQLSTATEs meaning "not now": connection exceptions (08…), too many connections,
 * the server shutting down or starting, a statement cancelled by statement_timeout (57014).
 */
const SQLSTATE = /^(08[0-9A-Z]{3}|53300|53400|57014|57P01|57P02|57P03|57P05)$/;

/** node-postgres / pg-pool errors without a code. */
const MESSAGES = [
  /^Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /^Query read timeout$/i,
  /Client has encountered a connection error and is not queryable/i,
  /^Client was closed and is not queryable$/i,
  /^Cannot use a pool after calling end on the pool$/i,
];

function oneIsUnavailable(error: unknown, depth: number): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (SOCKET_CODES.has(e.code) || SQLSTATE.test(e.code))) return true;
  if (typeof e.message === 'string' && MESSAGES.some((re) => re.test(e.message as string))) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => oneIsUnavailable(inner, depth + 1))) return true; // AggregateError (happy eyeballs)
  return oneIsUnavailable(e.driverError, depth + 1) || oneIsUnavailable(e.cause, depth + 1);
}

/**
 * Whether `error` means the database is unreachable, went away mid-query, or timed out (connect,
 * statement or read timeout): the handler answers those with 503 and Retry-After instead of 500.
 * A socket error (refused, reset, timed out) of any other service a view calls counts too: it is
 * as unavailable.
 *
 * @example
 * ```ts
 * try { await repo.find(); } catch (error) { if (isDatabaseUnavailable(error)) retryLater(); else throw error; }
 * ```
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return oneIsUnavailable(error, 0);
}
