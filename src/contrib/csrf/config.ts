import type { NormalizedSettings } from '../../conf/settings';
import { ImproperlyConfigured } from '../../http/exceptions';
import type { HttpRequest } from '../../http/request';
import type { HttpResponse } from '../../http/response';
import { boolSetting, checkKeys, intSetting, sameSiteSetting, stringSetting } from '../conf';
import { urlSplit } from '../urls';
import { csrfFailure } from './failure';

/** The CSRF settings after defaults and checks. */
export interface CsrfConfig {
  readonly cookieName: string;
  readonly cookieAge: number | undefined;
  readonly cookieDomain: string | undefined;
  readonly cookiePath: string;
  readonly cookieSecure: boolean;
  readonly cookieHttpOnly: boolean;
  readonly cookieSameSite: 'Lax' | 'Strict' | 'None' | false;
  /** Lower-case header name. */
  readonly headerName: string;
  readonly useSessions: boolean;
  readonly failureView: (request: HttpRequest, reason: string) => HttpResponse | Promise<HttpResponse>;
  /** trustedOrigins without wildcards. */
  readonly allowedOriginsExact: ReadonlySet<string>;
  /** scheme → ['.example.com'] from `scheme://*.example.com`. */
  readonly allowedOriginSubdomains: ReadonlyMap<string, readonly string[]>;
  /** The hosts of trustedOrigins, for the Referer check. */
  readonly trustedOriginHosts: readonly string[];
  /** The session cookie domain (the Referer check uses it with useSessions). */
  readonly sessionCookieDomain: string | undefined;
}

const KEYS = [
  'cookieName', 'cookieAge', 'cookieDomain', 'cookiePath', 'cookieSecure', 'cookieHttpOnly', 'cookieSameSite', 'headerName',
  'trustedOrigins', 'useSessions', 'failureView',
] as const;

const configs = new WeakMap<object, CsrfConfig>();

/** The CSRF configuration of an app, checked once (ImproperlyConfigured naming the setting). */
export function csrfConfig(settings: NormalizedSettings): CsrfConfig {
  let config = configs.get(settings);
  if (config) return config;
  const options = checkKeys('csrf', (settings as { csrf?: unknown }).csrf, KEYS);
  const origins = options.trustedOrigins ?? [];
  if (!Array.isArray(origins) || origins.some((o) => typeof o !== 'string')) {
    throw new ImproperlyConfigured("csrf.trustedOrigins must be an array of origins such as ['https://example.com', 'https://*.example.com'].");
  }
  for (const origin of origins as string[]) {
    if (!origin.includes('://')) {
      throw new ImproperlyConfigured(`csrf.trustedOrigins entry '${origin}' must start with a scheme (usually 'https://'), e.g. 'https://${origin}'.`);
    }
  }
  const subdomains = new Map<string, string[]>();
  for (const origin of (origins as string[]).filter((o) => o.includes('*'))) {
    const parts = urlSplit(origin);
    subdomains.set(parts.scheme, [...(subdomains.get(parts.scheme) ?? []), parts.netloc.replace(/^\*+/, '')]);
  }
  const failureView = options.failureView ?? csrfFailure;
  if (typeof failureView !== 'function') throw new ImproperlyConfigured('csrf.failureView must be a function (request, reason) => response.');
  const domain = options.cookieDomain;
  const session = (settings as { session?: { cookieDomain?: string | null } }).session;
  const age = options.cookieAge === null ? undefined : intSetting('csrf.cookieAge', options.cookieAge, 31_449_600);
  config = Object.freeze({
    cookieName: stringSetting('csrf.cookieName', options.cookieName, 'csrftoken'),
    cookieAge: age,
    cookieDomain: typeof domain === 'string' ? domain : undefined,
    cookiePath: stringSetting('csrf.cookiePath', options.cookiePath, '/'),
    cookieSecure: boolSetting('csrf.cookieSecure', options.cookieSecure, false),
    cookieHttpOnly: boolSetting('csrf.cookieHttpOnly', options.cookieHttpOnly, false),
    cookieSameSite: sameSiteSetting('csrf.cookieSameSite', options.cookieSameSite, 'Lax'),
    headerName: stringSetting('csrf.headerName', options.headerName, 'X-CSRFToken').toLowerCase(),
    useSessions: boolSetting('csrf.useSessions', options.useSessions, false),
    failureView: failureView as CsrfConfig['failureView'],
    allowedOriginsExact: new Set((origins as string[]).filter((o) => !o.includes('*'))),
    allowedOriginSubdomains: subdomains,
    trustedOriginHosts: (origins as string[]).map((o) => urlSplit(o).netloc.replace(/^\*+/, '')),
    sessionCookieDomain: session?.cookieDomain ?? undefined,
  });
  configs.set(settings, config);
  return config;
}
