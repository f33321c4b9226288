import type { NormalizedSettings } from '../conf/settings';
import { registerSettings } from '../conf/settings';
import { ImproperlyConfigured } from '../http/exceptions';
import type { HttpRequest } from '../http/request';
import type { HttpResponse } from '../http/response';
import { templatesFor } from '../templates/registry';

/**
 * Settings of the contrib packages, and how a request finds the settings of the app serving it.
 * Names are Django's, camelCased; nested objects group the session and CSRF ones.
 */

/** `settings.session` (Django's SESSION_* settings). */
export interface SessionSettings {
  /** Where sessions live: 'db' (default; the DjangoSession entity), 'cookie' (signed cookie), 'redis', or a store object. */
  store?: 'db' | 'cookie' | 'redis' | import('./sessions/store').SessionStore;
  /** Redis URL for store 'redis'. Default 'redis://127.0.0.1:6379'. */
  redisUrl?: string;
  /** Cookie name. Default 'sessionid'. */
  cookieName?: string;
  /** Lifetime in seconds. Default 1,209,600 (two weeks). */
  cookieAge?: number;
  /** Cookie domain, e.g. '.example.com'. Default: the host only. */
  cookieDomain?: string | null;
  /** Cookie path. Default '/'. */
  cookiePath?: string;
  /** Send the cookie over HTTPS only. Default false. */
  secure?: boolean;
  /** Hide the cookie from JavaScript. Default true. */
  httpOnly?: boolean;
  /** SameSite attribute. Default 'Lax'. */
  sameSite?: 'Lax' | 'Strict' | 'None' | false;
  /** Save the session (and refresh the cookie) on every request. Default false. */
  saveEveryRequest?: boolean;
  /** A browser-session cookie (no Max-Age). Default false. */
  expireAtBrowserClose?: boolean;
}

/** `settings.csrf` (Django's CSRF_* settings). */
export interface CsrfSettings {
  /** Default 'csrftoken'. */
  cookieName?: string;
  /** Seconds. Default 31,449,600 (one year). */
  cookieAge?: number | null;
  cookieDomain?: string | null;
  /** Default '/'. */
  cookiePath?: string;
  /** Default false. */
  cookieSecure?: boolean;
  /** Default false (JavaScript reads the token from the cookie). */
  cookieHttpOnly?: boolean;
  /** Default 'Lax'. */
  cookieSameSite?: 'Lax' | 'Strict' | 'None' | false;
  /** Header carrying the token for AJAX. Default 'X-CSRFToken'. */
  headerName?: string;
  /** Origins trusted for unsafe requests: 'https://example.com', 'https://*.example.com'. */
  trustedOrigins?: string[];
  /** Keep the secret in the session instead of a cookie. Default false. */
  useSessions?: boolean;
  /** The view answering a rejected request: `(request, reason) => response` (default: a 403 page). */
  failureView?: (request: HttpRequest, reason: string) => HttpResponse | Promise<HttpResponse>;
}

/** Every setting name the contrib packages and security middleware read. */
export const CONTRIB_SETTINGS = [
  'session', 'csrf', 'loginUrl', 'loginRedirectUrl', 'logoutRedirectUrl', 'authUserModel', 'authenticationBackends',
  'passwordHashers', 'messageStorage', 'messageLevel', 'messageTags', 'secureSslRedirect', 'secureSslHost',
  'secureRedirectExempt', 'secureHstsSeconds', 'secureHstsIncludeSubdomains', 'secureHstsPreload',
  'secureContentTypeNosniff', 'secureReferrerPolicy', 'secureCrossOriginOpenerPolicy', 'xFrameOptions',
] as const;

registerSettings(...CONTRIB_SETTINGS);

const byConfig = new WeakMap<object, NormalizedSettings>();
let lastNoted: NormalizedSettings | null = null;

/**
 * Record the settings of an app under its per-request config (`request.config`), so that
 * decorators and functions such as `login()` find them from a request. createApp should call
 * this; contrib middleware also does, on the first request it sees.
 */
export function registerAppSettings(config: object, settings: NormalizedSettings): void {
  byConfig.set(config, settings);
  lastNoted = settings;
}

/** Note the settings of an app being built (contrib middleware constructors call this). */
export function noteSettings(settings: NormalizedSettings): void {
  lastNoted = settings;
}

/** Map `request.config` to `settings` if not done yet (cheap; contrib middleware call it per request). */
export function bindRequestSettings(request: HttpRequest, settings: NormalizedSettings): void {
  if (!byConfig.has(request.config)) byConfig.set(request.config, settings);
}

const fallbacks = new WeakMap<object, NormalizedSettings>();

/**
 * The settings of the app serving `request`. For a request of an app not registered (no
 * registerAppSettings call, no contrib middleware), defaults with its secret key and debug flag;
 * without a request, the app whose contrib middleware was built last.
 */
export function settingsFor(request?: HttpRequest | null): NormalizedSettings {
  if (request) {
    const found = byConfig.get(request.config);
    if (found) return found;
  } else {
    if (lastNoted) return lastNoted;
    throw new ImproperlyConfigured('No app with contrib middleware has been created yet: call createApp(settings) first.');
  }
  let made = fallbacks.get(request.config);
  if (!made) {
    let logger: unknown = console;
    try {
      logger = templatesFor(request).logger;
    } catch {
      // Not a request of an app made by createApp: log to the console.
    }
    made = { debug: request.config.debug, secretKey: request.config.secretKey, logger } as unknown as NormalizedSettings;
    fallbacks.set(request.config, made);
  }
  return made;
}

/** Check a boolean setting (ImproperlyConfigured naming it otherwise). */
export function boolSetting(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw new ImproperlyConfigured(`${name} must be true or false (got ${JSON.stringify(value)}).`);
  return value;
}

/** Check a non-negative integer setting. */
export function intSetting(name: string, value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ImproperlyConfigured(`${name} must be a non-negative whole number of seconds (got ${JSON.stringify(value)}).`);
  }
  return value;
}

/** Check a string setting. */
export function stringSetting(name: string, value: unknown, fallback: string): string {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string') throw new ImproperlyConfigured(`${name} must be a string (got ${JSON.stringify(value)}).`);
  return value;
}

/** Check a SameSite setting: 'Lax', 'Strict', 'None' or false. */
export function sameSiteSetting(name: string, value: unknown, fallback: 'Lax' | 'Strict' | 'None' | false): 'Lax' | 'Strict' | 'None' | false {
  if (value === undefined || value === null) return fallback;
  if (value === false) return false;
  const lower = String(value).toLowerCase();
  if (lower === 'lax') return 'Lax';
  if (lower === 'strict') return 'Strict';
  if (lower === 'none') return 'None';
  throw new ImproperlyConfigured(`${name} must be 'Lax', 'Strict', 'None' or false (got ${JSON.stringify(value)}).`);
}

/** Check that an object setting only has known keys (a typo fails at start-up). */
export function checkKeys(name: string, value: unknown, known: readonly string[]): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new ImproperlyConfigured(`${name} must be an object.`);
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      const hint = known.find((k) => distance(k.toLowerCase(), key.toLowerCase()) <= 2);
      throw new ImproperlyConfigured(`Unknown setting '${name}.${key}'.${hint ? ` Did you mean '${name}.${hint}'?` : ''}`);
    }
  }
  return value as Record<string, unknown>;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j];
      row[j] = next;
    }
  }
  return row[b.length];
}
