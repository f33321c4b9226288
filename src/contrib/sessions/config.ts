import type { NormalizedSettings } from '../../conf/settings';
import { ImproperlyConfigured } from '../../http/exceptions';
import { boolSetting, checkKeys, intSetting, sameSiteSetting, stringSetting } from '../conf';
import { SignedCookieSessionStore } from './cookie-store';
import { DatabaseSessionStore } from './db-store';
import { RedisSessionStore } from './redis-store';
import type { SessionStore } from './store';

/** The session settings after defaults and checks. */
export interface SessionConfig {
  readonly store: SessionStore;
  readonly cookieName: string;
  readonly cookieAge: number;
  readonly cookieDomain: string | undefined;
  readonly cookiePath: string;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly sameSite: 'Lax' | 'Strict' | 'None' | false;
  readonly saveEveryRequest: boolean;
  readonly expireAtBrowserClose: boolean;
}

const KEYS = [
  'store', 'redisUrl', 'cookieName', 'cookieAge', 'cookieDomain', 'cookiePath', 'secure', 'httpOnly', 'sameSite',
  'saveEveryRequest', 'expireAtBrowserClose',
] as const;

const configs = new WeakMap<object, SessionConfig>();
const created = new Set<SessionStore>();

function isStore(value: unknown): value is SessionStore {
  const s = value as SessionStore;
  return !!s && typeof s === 'object' && ['load', 'save', 'exists', 'delete', 'clearExpired'].every((m) => typeof (s as unknown as Record<string, unknown>)[m] === 'function');
}

function makeStore(settings: NormalizedSettings, options: Record<string, unknown>): SessionStore {
  const store = options.store ?? 'db';
  if (isStore(store)) return store;
  if (store === 'cookie') return new SignedCookieSessionStore(settings.secretKey);
  if (store === 'redis') {
    const made = new RedisSessionStore({ url: stringSetting('session.redisUrl', options.redisUrl, 'redis://127.0.0.1:6379') });
    created.add(made);
    return made;
  }
  if (store === 'db') {
    const dataSource = settings.dataSource as import('typeorm').DataSource | undefined;
    if (!dataSource) {
      throw new ImproperlyConfigured(
        "session.store is 'db' (the default) but settings.dataSource is not set: give the app a DataSource, or choose session: { store: 'cookie' } or { store: 'redis' }.",
      );
    }
    return new DatabaseSessionStore(dataSource);
  }
  throw new ImproperlyConfigured(`session.store must be 'db', 'cookie', 'redis' or an object implementing SessionStore (got ${JSON.stringify(store)}).`);
}

/** The session configuration of an app: checked once, at start-up (ImproperlyConfigured naming the setting). */
export function sessionConfig(settings: NormalizedSettings): SessionConfig {
  let config = configs.get(settings);
  if (config) return config;
  const options = checkKeys('session', (settings as { session?: unknown }).session, KEYS);
  const sameSite = sameSiteSetting('session.sameSite', options.sameSite, 'Lax');
  const domain = options.cookieDomain;
  if (domain !== undefined && domain !== null && typeof domain !== 'string') throw new ImproperlyConfigured('session.cookieDomain must be a string or null.');
  config = Object.freeze({
    store: makeStore(settings, options),
    cookieName: stringSetting('session.cookieName', options.cookieName, 'sessionid'),
    cookieAge: intSetting('session.cookieAge', options.cookieAge, 1_209_600),
    cookieDomain: (domain as string | null | undefined) ?? undefined,
    cookiePath: stringSetting('session.cookiePath', options.cookiePath, '/'),
    secure: boolSetting('session.secure', options.secure, false),
    httpOnly: boolSetting('session.httpOnly', options.httpOnly, true),
    sameSite,
    saveEveryRequest: boolSetting('session.saveEveryRequest', options.saveEveryRequest, false),
    expireAtBrowserClose: boolSetting('session.expireAtBrowserClose', options.expireAtBrowserClose, false),
  });
  configs.set(settings, config);
  return config;
}

/** Close the connections of every store made from a `session.store` string ('redis'); for tests and shutdown. */
export async function closeSessionStores(): Promise<void> {
  const stores = [...created];
  created.clear();
  await Promise.all(stores.map((s) => s.close?.()));
}

/** Close the store the app with `settings` made from a `session.store` string (on app.close()); a store object you passed is yours to close. */
export async function closeSessionStoreOf(settings: object): Promise<void> {
  const store = configs.get(settings)?.store;
  if (!store || !created.has(store)) return;
  created.delete(store);
  await store.close?.();
}
