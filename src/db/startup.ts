import type { Logger } from '../conf/settings';
import { isDatabaseUnavailable } from './availability';

/** Something with TypeORM's DataSource initialisation. */
interface Initialisable {
  initialize(): Promise<unknown>;
}

/** The state of an app's DataSource initialisation, as requests see it. */
export interface DatabaseStartup {
  /** What a request must wait for: null once the DataSource is ready; else the current attempt (which may have failed). */
  pending(): Promise<void> | null;
  /** The latest attempt (what `app.ready()` returns). */
  latest(): Promise<void>;
}

/** Wait at least this long after a failed attempt before a request triggers the next one. */
export const RETRY_DELAY_MS = 1_000;

/**
 * Initialise the app's DataSource, and keep trying while the database is unreachable: a process
 * started before its database (a container, a reboot) answers 503 until the database is up, then
 * serves, without a restart. Each new attempt is made by a request at least RETRY_DELAY_MS after
 * the last failure, never two at once. Any other failure (bad credentials, a broken entity) is
 * final: requests get a 500 and the log says why.
 */
export function startDatabase(dataSource: Initialisable, logger: Logger, retryDelayMs = RETRY_DELAY_MS): DatabaseStartup {
  let state: 'starting' | 'ready' | 'unavailable' | 'failed' = 'starting';
  let failedAt = 0;
  let attempt: Promise<void>;

  const start = (): Promise<void> => {
    state = 'starting';
    attempt = dataSource.initialize().then(
      () => {
        state = 'ready';
      },
      (error: unknown) => {
        failedAt = Date.now();
        if (isDatabaseUnavailable(error)) {
          state = 'unavailable';
          logger.error('dataSource: the database is unreachable; requests get a 503 until it answers (the app retries, no restart needed).', error);
        } else {
          state = 'failed';
          logger.error('dataSource: initialisation failed; requests will get a 500 until it is fixed.', error);
        }
        throw error;
      },
    );
    // The rejection reaches every request waiting on it and app.ready(); it must never be unhandled.
    attempt.catch(() => undefined);
    return attempt;
  };
  start();

  return {
    pending() {
      if (state === 'ready') return null;
      if (state === 'unavailable' && Date.now() - failedAt >= retryDelayMs) start();
      return attempt;
    },
    latest: () => attempt,
  };
}
