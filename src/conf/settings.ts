import { ImproperlyConfigured } from '../http/exceptions';
import type { BodyLimits } from '../http/body';
import type { MiddlewareEntry } from '../core/middleware';
import type { UrlPattern } from '../urls/patterns';
import type { ViewFunction } from '../urls/types';
import type { AppConfig } from './apps';

/** Where the framework reports errors; `console` by default. Never given request bodies or secrets. */
export interface Logger {
  error(message: string, error?: unknown): void;
  warn(message: string): void;
  debug?(message: string): void;
}

/** Template settings (see the templates issue). */
export interface TemplateSettings {
  /** Folders searched first, in order. */
  dirs?: string[];
  /** Functions `(request) => object` whose results join every template context. */
  contextProcessors?: Array<(request: any) => Record<string, unknown> | Promise<Record<string, unknown>>>;
  /** Keep compiled templates (default: when debug is off). */
  cache?: boolean;
}

/** The settings of one app, as given to `createApp`. Names are camelCase ports of Django's. */
export interface Settings {
  /** Show technical 404/500 pages (never in production). Default false. */
  debug?: boolean;
  /** Signs cookies, sessions and CSRF tokens. Required. */
  secretKey: string;
  /** Host names this app serves: `'example.com'`, `'.example.com'` (and subdomains), `'*'`. */
  allowedHosts?: string[];
  /** The URL patterns. */
  rootUrlconf: UrlPattern[];
  /** Middleware, outermost first. */
  middleware?: MiddlewareEntry[];
  /** Installed apps (defineApp). */
  installedApps?: AppConfig[];
  templates?: TemplateSettings;
  /** A TypeORM DataSource; initialised by the app when it is not yet. */
  dataSource?: any;
  /** CommonMiddleware: redirect `/x` to `/x/` when only the latter matches. Default true. */
  appendSlash?: boolean;
  /** CommonMiddleware: redirect `example.com` to `www.example.com`. Default false. */
  prependWww?: boolean;
  /** CommonMiddleware: User-Agent patterns refused with 403. */
  disallowedUserAgents?: RegExp[];
  /** One database transaction per view, rolled back when it throws. Default false. */
  atomicRequests?: boolean;
  /** Views for error responses; each gets `{ exception }` in its kwargs. */
  handler400?: ViewFunction;
  handler403?: ViewFunction;
  handler404?: ViewFunction;
  handler500?: ViewFunction;
  /** When mounted in an Express app: send URLs that match no pattern on to the host app's next routes. */
  fallthrough?: boolean;
  /** `['x-forwarded-proto', 'https']`: trust this header (set by your proxy) to mean HTTPS. */
  secureProxySslHeader?: [string, string] | null;
  /** Trust X-Forwarded-Host (behind a proxy that sets it). Default false. */
  useXForwardedHost?: boolean;
  /** Largest request body, files excluded (bytes). Default 2.5 MB. */
  dataUploadMaxMemorySize?: number;
  /** Most fields in a query string or form. Default 1,000. */
  dataUploadMaxNumberFields?: number;
  /** Most files in one form. Default 100. */
  dataUploadMaxNumberFiles?: number;
  /** Uploaded files above this size go to a temporary file. Default 2.5 MB. */
  fileUploadMaxMemorySize?: number;
  /** Largest single uploaded file. Default 100 MB. */
  fileUploadMaxSize?: number;
  /** Where errors are logged. Default: console. */
  logger?: Logger;
  /** app.listen(): ms a client has to send the request headers (slow clients get 408). Default 15,000. */
  headersTimeout?: number;
  /** app.listen(): ms a client has to send the whole request, body included (0: no limit). Default 30,000. */
  requestTimeout?: number;
  /** app.close() and the shutdown signals: ms in-flight requests get to finish. Default 10,000. */
  shutdownTimeout?: number;
  /** app.listen(): signals that close the app gracefully, then end the process, unless the program handles them itself. Default ['SIGTERM', 'SIGINT']. */
  shutdownSignals?: NodeJS.Signals[];
  /** PostgreSQL DataSource the app initialises: ms to open a connection (0: no limit). Default 5,000. */
  databaseConnectTimeout?: number;
  /** PostgreSQL DataSource the app initialises: ms a statement may run (0: no limit). Default 30,000. */
  databaseStatementTimeout?: number;
  /** URL prefix of static files (templates' `static()`). Default '/static/'. */
  staticUrl?: string;
  /** Folder the static files are collected into (for serving them, e.g. with express.static). */
  staticRoot?: string;
  // Contrib settings (read by src/contrib and src/middleware; checked when their middleware is built).
  /** Sessions: store ('db' | 'cookie' | 'redis' | a SessionStore), cookie name, age, flags. */
  session?: import('../contrib/conf').SessionSettings;
  /** CSRF: cookie, header name, trustedOrigins, useSessions, failureView. */
  csrf?: import('../contrib/conf').CsrfSettings;
  /** Where LoginRequiredMixin & co. send anonymous users (a URL or URL name). Default '/accounts/login/'. */
  loginUrl?: string;
  /** Where LoginView goes without `next`. Default '/accounts/profile/'. */
  loginRedirectUrl?: string;
  /** Where LogoutView goes without `next`; default: renders its template. */
  logoutRedirectUrl?: string | null;
  /** The user entity (Django's AUTH_USER_MODEL). Default: User. */
  authUserModel?: Function;
  /** Authentication backends, tried in order. Default: [new ModelBackend()]. */
  authenticationBackends?: import('../contrib/auth/config').AuthBackend[];
  /** Password hashers; the first hashes new passwords, all verify. Default: PBKDF2-SHA256, PBKDF2-SHA1, scrypt. */
  passwordHashers?: import('../contrib/auth/hashers').PasswordHasher[];
  /** Message storage: 'fallback' (cookie, then session; default), 'cookie' or 'session'. */
  messageStorage?: 'fallback' | 'cookie' | 'session';
  /** Messages below this level are dropped. Default 20 (INFO). */
  messageLevel?: number;
  /** CSS tags by level, merged over the defaults ({ 40: 'danger' }). */
  messageTags?: Record<number, string>;
  /** SecurityMiddleware: redirect http to https. Default false. */
  secureSslRedirect?: boolean;
  /** SecurityMiddleware: host of the https redirect. Default: the request's host. */
  secureSslHost?: string | null;
  /** SecurityMiddleware: paths (without leading slash) never redirected to https. */
  secureRedirectExempt?: RegExp[];
  /** SecurityMiddleware: Strict-Transport-Security max-age. Default 0 (not sent). */
  secureHstsSeconds?: number;
  secureHstsIncludeSubdomains?: boolean;
  secureHstsPreload?: boolean;
  /** SecurityMiddleware: X-Content-Type-Options: nosniff. Default true. */
  secureContentTypeNosniff?: boolean;
  /** SecurityMiddleware: Referrer-Policy. Default 'same-origin'. */
  secureReferrerPolicy?: string | string[] | null;
  /** SecurityMiddleware: Cross-Origin-Opener-Policy. Default 'same-origin'. */
  secureCrossOriginOpenerPolicy?: string | null;
  /** XFrameOptionsMiddleware: 'DENY' (default) or 'SAMEORIGIN'. */
  xFrameOptions?: string;
}

/** Settings after defaults and validation; what middleware and views receive. */
export interface NormalizedSettings
  extends Readonly<Omit<Settings, 'logger' | 'allowedHosts' | 'middleware' | 'installedApps' | 'disallowedUserAgents' | 'secureProxySslHeader' | 'shutdownSignals'>> {
  readonly debug: boolean;
  readonly allowedHosts: readonly string[];
  readonly middleware: readonly MiddlewareEntry[];
  readonly installedApps: readonly AppConfig[];
  readonly appendSlash: boolean;
  readonly prependWww: boolean;
  readonly disallowedUserAgents: readonly RegExp[];
  readonly atomicRequests: boolean;
  readonly fallthrough: boolean;
  readonly secureProxySslHeader: readonly [string, string] | null;
  readonly useXForwardedHost: boolean;
  readonly bodyLimits: BodyLimits;
  readonly logger: Logger;
  readonly staticUrl: string;
  readonly headersTimeout: number;
  readonly requestTimeout: number;
  readonly shutdownTimeout: number;
  readonly shutdownSignals: readonly NodeJS.Signals[];
  readonly databaseConnectTimeout: number;
  readonly databaseStatementTimeout: number;
}

/** Setting names this package knows; a misspelt one fails at start-up. */
const KNOWN = new Set<string>([
  'debug', 'secretKey', 'allowedHosts', 'rootUrlconf', 'middleware', 'installedApps', 'templates', 'dataSource',
  'appendSlash', 'prependWww', 'disallowedUserAgents', 'atomicRequests', 'handler400', 'handler403', 'handler404',
  'handler500', 'fallthrough', 'secureProxySslHeader', 'useXForwardedHost', 'dataUploadMaxMemorySize',
  'dataUploadMaxNumberFields', 'dataUploadMaxNumberFiles', 'fileUploadMaxMemorySize', 'fileUploadMaxSize', 'logger',
  'staticUrl', 'staticRoot', 'headersTimeout', 'requestTimeout', 'shutdownTimeout', 'shutdownSignals',
  'databaseConnectTimeout', 'databaseStatementTimeout',
]);

/** Let a contrib package declare the settings it reads, so they are not reported as unknown. */
export function registerSettings(...names: string[]): void {
  for (const name of names) KNOWN.add(name);
}

const DEFAULT_LOGGER: Logger = {
  error: (message, error) => console.error(message, error instanceof Error ? `\n${error.stack}` : ''),
  warn: (message) => console.warn(message),
};

function closest(name: string): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const known of KNOWN) {
    const score = editDistance(name.toLowerCase(), known.toLowerCase());
    if (score < bestScore) [best, bestScore] = [known, score];
  }
  return bestScore <= 3 ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

function positiveInt(settings: Settings, name: keyof Settings, fallback: number): number {
  const value = settings[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ImproperlyConfigured(`${String(name)} must be a non-negative integer (got ${JSON.stringify(value)}).`);
  }
  return value;
}

function optionalBoolean(settings: Settings, name: keyof Settings, fallback: boolean): boolean {
  const value = settings[name] ?? fallback;
  if (typeof value !== 'boolean') {
    throw new ImproperlyConfigured(`${String(name)} must be true or false (got ${JSON.stringify(value)}).`);
  }
  return value;
}

function checkTemplates(templates: unknown): void {
  if (templates === undefined) return;
  if (!templates || typeof templates !== 'object' || Array.isArray(templates)) {
    throw new ImproperlyConfigured("templates must be an object such as { dirs: [join(__dirname, 'templates')] }.");
  }
  const { dirs, contextProcessors, cache } = templates as TemplateSettings;
  if (dirs !== undefined && (!Array.isArray(dirs) || dirs.some((d) => typeof d !== 'string'))) {
    throw new ImproperlyConfigured('templates.dirs must be an array of folder paths.');
  }
  if (contextProcessors !== undefined && (!Array.isArray(contextProcessors) || contextProcessors.some((p) => typeof p !== 'function'))) {
    throw new ImproperlyConfigured('templates.contextProcessors must be an array of functions (request) => object.');
  }
  if (cache !== undefined && typeof cache !== 'boolean') {
    throw new ImproperlyConfigured(`templates.cache must be true or false (got ${JSON.stringify(cache)}).`);
  }
}

/** Check every setting and fill in defaults; throws ImproperlyConfigured naming the setting and the fix. */
export function normalizeSettings(settings: Settings): NormalizedSettings {
  if (!settings || typeof settings !== 'object') {
    throw new ImproperlyConfigured('createApp(settings) needs a settings object with at least secretKey and rootUrlconf.');
  }
  for (const key of Object.keys(settings)) {
    if (!KNOWN.has(key)) {
      const hint = closest(key);
      throw new ImproperlyConfigured(`Unknown setting '${key}'.${hint ? ` Did you mean '${hint}'?` : ''}`);
    }
  }
  const debug = optionalBoolean(settings, 'debug', false);
  if (typeof settings.secretKey !== 'string' || settings.secretKey.length === 0) {
    throw new ImproperlyConfigured(
      "The secretKey setting must not be empty. Set it to a long random string, e.g. require('node:crypto').randomBytes(50).toString('base64url').",
    );
  }
  if (!Array.isArray(settings.rootUrlconf)) {
    throw new ImproperlyConfigured(
      `rootUrlconf must be an array of URL patterns (path(), rePath(), include()), got ${settings.rootUrlconf === null ? 'null' : typeof settings.rootUrlconf}.`,
    );
  }
  let allowedHosts = settings.allowedHosts ?? [];
  if (!Array.isArray(allowedHosts) || allowedHosts.some((h) => typeof h !== 'string')) {
    throw new ImproperlyConfigured("allowedHosts must be an array of host names, e.g. ['example.com', '.example.com'].");
  }
  for (const host of allowedHosts) {
    // Such entries would never match (the port is not part of the check), so say so now.
    if (host.includes('/') || /^[^:[\]]+:\d*$/.test(host) || /^\[.*\]:\d*$/.test(host)) {
      throw new ImproperlyConfigured(
        `allowedHosts entry '${host}' is not a host name: list names without scheme, port or path, e.g. 'example.com'.`,
      );
    }
  }
  if (allowedHosts.length === 0) {
    if (!debug) {
      throw new ImproperlyConfigured(
        "allowedHosts is empty and debug is false: every request would be refused. List the host names this app serves, e.g. allowedHosts: ['example.com'].",
      );
    }
    allowedHosts = ['.localhost', '127.0.0.1', '[::1]'];
  }
  const middleware = settings.middleware ?? [];
  if (!Array.isArray(middleware)) {
    throw new ImproperlyConfigured('middleware must be an array of Middleware classes or factories, outermost first.');
  }
  const installedApps = settings.installedApps ?? [];
  if (!Array.isArray(installedApps)) {
    throw new ImproperlyConfigured('installedApps must be an array of apps made with defineApp().');
  }
  for (const handler of ['handler400', 'handler403', 'handler404', 'handler500'] as const) {
    const value = settings[handler];
    if (value !== undefined && typeof value !== 'function') {
      throw new ImproperlyConfigured(`${handler} must be a view function (e.g. MyView.asView()), got ${typeof value}.`);
    }
  }
  const proxy = settings.secureProxySslHeader ?? null;
  if (proxy !== null && (!Array.isArray(proxy) || proxy.length !== 2 || proxy.some((p) => typeof p !== 'string'))) {
    throw new ImproperlyConfigured("secureProxySslHeader must be a pair such as ['x-forwarded-proto', 'https'].");
  }
  const agents = settings.disallowedUserAgents ?? [];
  if (!Array.isArray(agents) || agents.some((a) => !(a instanceof RegExp))) {
    throw new ImproperlyConfigured('disallowedUserAgents must be an array of regular expressions.');
  }
  const logger = settings.logger ?? DEFAULT_LOGGER;
  if (typeof logger.error !== 'function' || typeof logger.warn !== 'function') {
    throw new ImproperlyConfigured('logger must have error(message, error) and warn(message) methods.');
  }
  checkTemplates(settings.templates);
  const staticUrl = settings.staticUrl ?? '/static/';
  if (typeof staticUrl !== 'string' || !staticUrl.endsWith('/')) {
    throw new ImproperlyConfigured(`staticUrl must end in a slash, e.g. '/static/' (got ${JSON.stringify(staticUrl)}).`);
  }
  const requestTimeout = positiveInt(settings, 'requestTimeout', 30_000);
  const headersTimeout = positiveInt(settings, 'headersTimeout', Math.min(15_000, requestTimeout || 15_000));
  if (requestTimeout > 0 && headersTimeout > requestTimeout) {
    throw new ImproperlyConfigured(`headersTimeout (${headersTimeout}) must not be larger than requestTimeout (${requestTimeout}).`);
  }
  const signals = settings.shutdownSignals ?? ['SIGTERM', 'SIGINT'];
  if (!Array.isArray(signals) || signals.some((s) => typeof s !== 'string' || !/^SIG[A-Z0-9]+$/.test(s))) {
    throw new ImproperlyConfigured("shutdownSignals must be an array of signal names such as ['SIGTERM', 'SIGINT'] ([] to handle none).");
  }
  return Object.freeze({
    ...settings,
    debug,
    allowedHosts: Object.freeze([...allowedHosts]),
    middleware: Object.freeze([...middleware]),
    installedApps: Object.freeze([...installedApps]),
    appendSlash: optionalBoolean(settings, 'appendSlash', true),
    prependWww: optionalBoolean(settings, 'prependWww', false),
    // Without g/y flags: a stateful lastIndex would make every other test() call miss.
    disallowedUserAgents: Object.freeze(agents.map((re) => (re.global || re.sticky ? new RegExp(re.source, re.flags.replace(/[gy]/g, '')) : re))),
    atomicRequests: optionalBoolean(settings, 'atomicRequests', false),
    fallthrough: optionalBoolean(settings, 'fallthrough', false),
    secureProxySslHeader: proxy ? (Object.freeze([proxy[0].toLowerCase(), proxy[1]]) as readonly [string, string]) : null,
    useXForwardedHost: optionalBoolean(settings, 'useXForwardedHost', false),
    bodyLimits: Object.freeze({
      dataUploadMaxMemorySize: positiveInt(settings, 'dataUploadMaxMemorySize', 2_621_440),
      dataUploadMaxNumberFields: positiveInt(settings, 'dataUploadMaxNumberFields', 1000),
      dataUploadMaxNumberFiles: positiveInt(settings, 'dataUploadMaxNumberFiles', 100),
      fileUploadMaxMemorySize: positiveInt(settings, 'fileUploadMaxMemorySize', 2_621_440),
      fileUploadMaxSize: positiveInt(settings, 'fileUploadMaxSize', 100 * 1024 * 1024),
    }),
    logger,
    staticUrl,
    headersTimeout,
    requestTimeout,
    shutdownTimeout: positiveInt(settings, 'shutdownTimeout', 10_000),
    shutdownSignals: Object.freeze([...signals]),
    databaseConnectTimeout: positiveInt(settings, 'databaseConnectTimeout', 5_000),
    databaseStatementTimeout: positiveInt(settings, 'databaseStatementTimeout', 30_000),
  });
}

/** A host check compiled from `allowedHosts` (Django's validate_host). */
export function hostValidator(allowedHosts: readonly string[]): (domain: string) => boolean {
  if (allowedHosts.includes('*')) return () => true;
  const exact = new Set<string>();
  const suffixes: string[] = [];
  for (const pattern of allowedHosts) {
    const lower = pattern.toLowerCase();
    if (lower.startsWith('.')) {
      exact.add(lower.slice(1));
      suffixes.push(lower);
    } else exact.add(lower);
  }
  return (domain) => exact.has(domain) || suffixes.some((s) => domain.endsWith(s));
}
