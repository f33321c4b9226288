import { defineApp, type AppConfig } from '../../conf/apps';
import type { NormalizedSettings } from '../../conf/settings';
import { ImproperlyConfigured } from '../../http/exceptions';
import { sessionConfig } from './config';
import { DjangoSession } from './models';

/** The sessions app: add it to `installedApps`; its entity (DjangoSession) holds 'db' sessions. */
export const sessionsApp: AppConfig = defineApp({ label: 'sessions', entities: [DjangoSession] });

/**
 * Delete expired sessions from the app's session store (Django's `clearsessions` command); the
 * database store deletes expired rows, Redis and signed cookies expire by themselves (0).
 * Pass the app made by createApp (or its settings). Resolves to how many were removed.
 *
 * @example
 * ```ts
 * setInterval(() => clearExpiredSessions(app), 3600_000).unref();
 * ```
 */
export async function clearExpiredSessions(app: { conf: NormalizedSettings } | NormalizedSettings): Promise<number> {
  const settings = 'conf' in app && app.conf ? app.conf : (app as NormalizedSettings);
  if (!settings || typeof settings !== 'object' || typeof settings.secretKey !== 'string') {
    throw new ImproperlyConfigured('clearExpiredSessions() takes the app made by createApp() (or its settings).');
  }
  return sessionConfig(settings).store.clearExpired();
}
