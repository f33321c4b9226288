import { BadRequest } from '../../http/exceptions';

/** The data of one session: JSON-serialisable values by key. */
export type SessionData = Record<string, unknown>;

/**
 * Where sessions are kept (Django's SessionBase backends). One store serves every request of
 * an app; the per-request `Session` object calls it. Implement it to keep sessions elsewhere
 * and pass an instance as `session: { store }`.
 */
export interface SessionStore {
  /**
   * True when the cookie itself carries the data (the signed-cookie store): `save` then returns
   * the new cookie value, and keys are not generated.
   */
  readonly stateless?: boolean;
  /** The data of session `key`, or null when it does not exist or has expired. */
  load(key: string, cookieAge: number): Promise<SessionData | null>;
  /**
   * Store `data` under `key` until `expiresAt`. With `mustCreate`, throw CreateError when `key`
   * exists; without it, throw UpdateError when it does not (any more). Resolves to the key.
   */
  save(key: string | null, data: SessionData, expiresAt: Date, mustCreate: boolean): Promise<string>;
  /** Whether session `key` exists. */
  exists(key: string): Promise<boolean>;
  /** Remove session `key` (nothing when it does not exist). */
  delete(key: string): Promise<void>;
  /** Remove expired sessions; resolves to how many were removed (0 when the store expires them itself). */
  clearExpired(): Promise<number>;
  /** Release connections (Redis); optional. */
  close?(): Promise<void>;
}

/** A new session's key is already taken: the session picks another one. */
export class CreateError extends Error {}

/** The session being saved no longer exists in the store. */
export class UpdateError extends Error {}

/**
 * The session was deleted while this request was using it (e.g. the user logged out in another
 * tab): a 400, as Django's SessionInterrupted.
 */
export class SessionInterrupted extends BadRequest {}
