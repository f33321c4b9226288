import type { ObjectLiteral } from 'typeorm';
import { ImproperlyConfigured, PermissionDenied } from '../../http/exceptions';
import type { HttpRequest } from '../../http/request';
import { constantTimeEquals } from '../crypto';
import { rotateToken } from '../csrf/tokens';
import { AnonymousUser } from './anonymous';
import { authConfigFor, backendName, setDefaultBackends, type AuthBackend, type AuthUser } from './config';
import { MAX_PASSWORD_LENGTH, makePassword } from './hashers';
import { AbstractBaseUser } from './models';
import { managerFor, permissionsOf } from './permissions';

/** Session keys (Django's). */
export const SESSION_KEY = '_auth_user_id';
export const BACKEND_SESSION_KEY = '_auth_user_backend';
export const HASH_SESSION_KEY = '_auth_user_hash';

const BACKEND_OF = new WeakMap<object, string>();

/** The primary key of a user entity, as the string stored in the session. */
export function userPk(user: object, request?: HttpRequest | null): string {
  const metadata = managerFor(request).connection.getMetadata(user.constructor);
  const id = metadata.getEntityIdMap(user as ObjectLiteral);
  const column = metadata.primaryColumns[0];
  if (!id || !column) throw new TypeError(`login(): the ${user.constructor.name} has no primary key value (save it first).`);
  return String(column.getEntityValue(user as ObjectLiteral));
}

/**
 * Authentication against the user entity (Django's ModelBackend): username and password,
 * inactive users refused, permissions from the user's own and its groups'.
 */
export class ModelBackend implements AuthBackend {
  readonly name: string = 'ModelBackend';

  async authenticate(request: HttpRequest | null, credentials: Record<string, unknown>): Promise<AuthUser | null> {
    const model = authConfigFor(request).userModel as Function & { usernameField?: string };
    const field = model.usernameField ?? 'username';
    const username = credentials.username ?? credentials[field];
    const password = credentials.password;
    if (typeof username !== 'string' || typeof password !== 'string') return null;
    // Bounded cost: a megabyte "password" is refused before any hashing.
    if (password.length > MAX_PASSWORD_LENGTH || username.length > MAX_PASSWORD_LENGTH) return null;
    const user = (await managerFor(request).getRepository(model).findOne({ where: { [field]: username } })) as AuthUser | null;
    if (!user) {
      // Hash once anyway, so an unknown user name takes as long as a wrong password.
      await makePassword(password);
      return null;
    }
    const ok = typeof user.checkPassword === 'function' ? await user.checkPassword(password) : false;
    return ok && this.userCanAuthenticate(user) ? user : null;
  }

  /** Inactive users are refused. */
  userCanAuthenticate(user: AuthUser): boolean {
    return user.isActive !== false;
  }

  async getUser(id: string, request?: HttpRequest | null): Promise<AuthUser | null> {
    const model = authConfigFor(request).userModel;
    const repository = managerFor(request).getRepository(model);
    const column = repository.metadata.primaryColumns[0];
    const value = column.type === Number || /int|serial/i.test(String(column.type)) ? Number(id) : id;
    if (typeof value === 'number' && !Number.isSafeInteger(value)) return null;
    const user = (await repository.findOne({ where: { [column.propertyName]: value } })) as AuthUser | null;
    return user && this.userCanAuthenticate(user) ? user : null;
  }

  async getAllPermissions(user: AuthUser): Promise<Set<string>> {
    return permissionsOf(user as AuthUser & { constructor: Function }, 'all');
  }
}

setDefaultBackends(() => [new ModelBackend()]);

/**
 * The user the credentials identify, trying each backend in order, or null (Django's
 * authenticate). The user remembers which backend accepted it, for `login()`.
 *
 * @example
 * ```ts
 * const user = await authenticate(request, { username, password });
 * if (user) await login(request, user);
 * ```
 */
export async function authenticate(request: HttpRequest | null, credentials: Record<string, unknown>): Promise<AuthUser | null> {
  for (const backend of authConfigFor(request).backends) {
    let user: AuthUser | null;
    try {
      user = await backend.authenticate(request, credentials);
    } catch (error) {
      // PermissionDenied: this user may not log in at all; stop trying.
      if (error instanceof PermissionDenied) return null;
      throw error;
    }
    if (user) {
      BACKEND_OF.set(user, backendName(backend));
      return user;
    }
  }
  return null;
}

function sessionOf(request: HttpRequest, what: string) {
  const session = request.session;
  if (!session || typeof session.get !== 'function') {
    throw new ImproperlyConfigured(`${what} needs request.session: add SessionMiddleware to the middleware setting (defaultMiddleware() has it).`);
  }
  return session as import('../sessions/session').Session;
}

/**
 * Log `user` in: the session key changes (no session fixation; a session of another user is
 * flushed), the user id, backend and password hash are stored, the CSRF secret is rotated, and
 * `lastLogin` is updated (Django's login).
 */
export async function login(request: HttpRequest, user: AuthUser, backend?: AuthBackend | string): Promise<void> {
  const session = sessionOf(request, 'login()');
  const config = authConfigFor(request);
  const secretKey = request.config.secretKey;
  const hash = typeof user.getSessionAuthHash === 'function' ? user.getSessionAuthHash(secretKey) : '';
  const pk = userPk(user, request);
  if (await session.has(SESSION_KEY)) {
    const current = await session.get(SESSION_KEY);
    if (String(current) !== pk || (hash && !constantTimeEquals(await session.get(HASH_SESSION_KEY, ''), hash))) await session.flush();
  } else {
    await session.cycleKey();
  }
  let name = typeof backend === 'string' ? backend : backend ? backendName(backend) : BACKEND_OF.get(user);
  if (!name) {
    if (config.backends.length !== 1) {
      throw new ImproperlyConfigured('You have multiple authentication backends configured; pass the backend to login(request, user, backend), or log in a user returned by authenticate().');
    }
    name = backendName(config.backends[0]);
  }
  await session.set(SESSION_KEY, pk);
  await session.set(BACKEND_SESSION_KEY, name);
  await session.set(HASH_SESSION_KEY, hash);
  request.user = user;
  rotateToken(request);
  if ('lastLogin' in user) {
    user.lastLogin = new Date();
    const manager = managerFor(request);
    const metadata = manager.connection.getMetadata(user.constructor);
    const id = metadata.getEntityIdMap(user as ObjectLiteral);
    if (id && metadata.findColumnWithPropertyName('lastLogin')) {
      await manager.getRepository(user.constructor).update(id, { lastLogin: user.lastLogin } as ObjectLiteral);
    }
  }
}

/** Log out: the session is flushed (data deleted, new key) and `request.user` becomes AnonymousUser (Django's logout). */
export async function logout(request: HttpRequest): Promise<void> {
  const session = sessionOf(request, 'logout()');
  await session.flush();
  request.user = new AnonymousUser();
}

/**
 * The user of the request's session, verified against the password hash stored at login (a
 * changed password ends other sessions), or AnonymousUser (Django's get_user). Reads the
 * session and the database each call: use `request.user` / `requestUser(request)` in views.
 */
export async function getUser(request: HttpRequest): Promise<AuthUser | AnonymousUser> {
  const session = sessionOf(request, 'getUser()');
  const id = await session.get(SESSION_KEY);
  const name = await session.get(BACKEND_SESSION_KEY);
  if (id === undefined || typeof name !== 'string') return new AnonymousUser();
  const backend = authConfigFor(request).backends.find((b) => backendName(b) === name);
  if (!backend) return new AnonymousUser();
  const user = await backend.getUser(String(id), request);
  if (!user) return new AnonymousUser();
  if (typeof user.getSessionAuthHash === 'function') {
    const stored = await session.get(HASH_SESSION_KEY);
    if (!stored || !constantTimeEquals(stored, user.getSessionAuthHash(request.config.secretKey))) {
      await session.flush();
      return new AnonymousUser();
    }
  }
  BACKEND_OF.set(user, name);
  return user;
}

/**
 * After a user changed their own password, keep this session logged in (other sessions end):
 * Django's update_session_auth_hash.
 */
export async function updateSessionAuthHash(request: HttpRequest, user: AuthUser): Promise<void> {
  const session = sessionOf(request, 'updateSessionAuthHash()');
  await session.cycleKey();
  if (typeof user.getSessionAuthHash === 'function' && String(await session.get(SESSION_KEY)) === userPk(user, request)) {
    await session.set(HASH_SESSION_KEY, user.getSessionAuthHash(request.config.secretKey));
  }
}

/** Whether `user` is a logged-in user object (not AnonymousUser). */
export function isAuthenticatedUser(user: unknown): user is AbstractBaseUser {
  return !!user && (user as { isAuthenticated?: boolean }).isAuthenticated === true;
}
