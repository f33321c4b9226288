import type { NormalizedSettings } from '../../conf/settings';
import { ImproperlyConfigured } from '../../http/exceptions';
import type { HttpRequest } from '../../http/request';
import { settingsFor, stringSetting } from '../conf';
import { setPasswordHashers } from './hashers';
import { User } from './models';

/** A user as the auth functions handle it: any entity object; the AbstractBaseUser methods are used when present. */
export type AuthUser = object & {
  isActive?: boolean;
  isAuthenticated?: boolean;
  password?: string;
  lastLogin?: Date | null;
  getSessionAuthHash?(secretKey: string): string;
  checkPassword?(raw: unknown): Promise<boolean>;
};

/**
 * An authentication backend (Django's AUTHENTICATION_BACKENDS entries): checks credentials and
 * loads the user of a session. `name` is what the session stores to find it again.
 */
export interface AuthBackend {
  /** Stable name stored in the session; default the class name. */
  readonly name?: string;
  /** The user the credentials identify, or null. Throw PermissionDenied to stop trying other backends. */
  authenticate(request: HttpRequest | null, credentials: Record<string, unknown>): Promise<AuthUser | null>;
  /** The user with primary key `id`, or null. */
  getUser(id: string, request?: HttpRequest | null): Promise<AuthUser | null>;
  /** Permissions this backend grants (`app.codename`). */
  getAllPermissions?(user: AuthUser): Promise<Set<string>>;
}

/** The auth settings after defaults. */
export interface AuthConfig {
  readonly userModel: Function;
  readonly backends: readonly AuthBackend[];
  readonly loginUrl: string;
  readonly loginRedirectUrl: string;
  readonly logoutRedirectUrl: string | null;
}

const configs = new WeakMap<object, AuthConfig>();
let defaultBackends: (() => AuthBackend[]) | null = null;

/** Set the backends used when `authenticationBackends` is not set (backends.ts registers ModelBackend). */
export function setDefaultBackends(make: () => AuthBackend[]): void {
  defaultBackends = make;
}

/** The name of a backend as stored in the session. */
export function backendName(backend: AuthBackend): string {
  return backend.name ?? backend.constructor.name;
}

/** The auth configuration of an app (checked once; ImproperlyConfigured naming the setting). */
export function authConfig(settings: NormalizedSettings): AuthConfig {
  let config = configs.get(settings);
  if (config) return config;
  const s = settings as NormalizedSettings & Record<string, unknown>;
  const userModel = s.authUserModel ?? User;
  if (typeof userModel !== 'function') throw new ImproperlyConfigured('authUserModel must be an entity class, e.g. authUserModel: Customer.');
  const backends = (s.authenticationBackends as AuthBackend[] | undefined) ?? defaultBackends?.() ?? [];
  if (!Array.isArray(backends) || backends.some((b) => !b || typeof b.authenticate !== 'function' || typeof b.getUser !== 'function')) {
    throw new ImproperlyConfigured('authenticationBackends must be an array of backends with authenticate() and getUser(), e.g. [new ModelBackend()].');
  }
  if (s.passwordHashers !== undefined) setPasswordHashers(s.passwordHashers as never);
  const logout = s.logoutRedirectUrl;
  if (logout !== undefined && logout !== null && typeof logout !== 'string') throw new ImproperlyConfigured('logoutRedirectUrl must be a URL, a URL name, or null.');
  config = Object.freeze({
    userModel,
    backends: Object.freeze([...backends]),
    loginUrl: stringSetting('loginUrl', s.loginUrl, '/accounts/login/'),
    loginRedirectUrl: stringSetting('loginRedirectUrl', s.loginRedirectUrl, '/accounts/profile/'),
    logoutRedirectUrl: (logout as string | null | undefined) ?? null,
  });
  configs.set(settings, config);
  return config;
}

/** The auth configuration for `request` (or the app created last). */
export function authConfigFor(request?: HttpRequest | null): AuthConfig {
  let settings: NormalizedSettings;
  try {
    settings = settingsFor(request);
  } catch {
    // No app with contrib middleware yet (a script creating users): the defaults.
    settings = NO_SETTINGS;
  }
  return authConfig(settings);
}

const NO_SETTINGS = Object.freeze({}) as NormalizedSettings;
