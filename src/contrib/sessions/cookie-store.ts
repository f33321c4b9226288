import { dumps, loads } from '../crypto';
import type { SessionData, SessionStore } from './store';

const SALT = 'express-generic-views.contrib.sessions.backends.signed_cookies';

/**
 * Sessions kept in the cookie itself, signed with the secret key (Django's signed_cookies
 * backend): nothing is stored on the server, anyone can read the data, nobody can change it. A
 * tampered or expired cookie is an empty session. Keep the data small (browsers cap cookies near 4 KB).
 */
export class SignedCookieSessionStore implements SessionStore {
  readonly stateless = true;

  constructor(private readonly secretKey: string) {}

  async load(key: string, cookieAge: number): Promise<SessionData | null> {
    const data = loads(key, this.secretKey, { salt: SALT, maxAge: cookieAge });
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as SessionData) : null;
  }

  async save(_key: string | null, data: SessionData): Promise<string> {
    return dumps(data, this.secretKey, { salt: SALT, compress: true });
  }

  async exists(): Promise<boolean> {
    return false;
  }

  async delete(): Promise<void> {}

  async clearExpired(): Promise<number> {
    return 0;
  }
}
