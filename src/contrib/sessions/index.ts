export { Session, EXPIRY_KEY, type SessionOptions } from './session';
export { SessionMiddleware } from './middleware';
export { CreateError, UpdateError, SessionInterrupted, type SessionStore, type SessionData } from './store';
export { SignedCookieSessionStore } from './cookie-store';
export { DatabaseSessionStore } from './db-store';
export { RedisSessionStore, type RedisSessionStoreOptions } from './redis-store';
export { DjangoSession } from './models';
export { sessionsApp, clearExpiredSessions } from './app';
export { sessionConfig, closeSessionStores, type SessionConfig } from './config';
