import { randomString } from '../crypto';
import { CreateError, type SessionData, type SessionStore } from './store';

/** Characters of a session key (Django's VALID_KEY_CHARS). */
const KEY_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';
const VALID_KEY = /^[a-z0-9]{8,64}$/;

/** The session settings a Session needs. */
export interface SessionOptions {
  /** Seconds a session lives by default. */
  cookieAge: number;
  /** Whether sessions end with the browser by default. */
  expireAtBrowserClose: boolean;
}

/** The key under which a custom expiry is stored in the session data (Django's). */
export const EXPIRY_KEY = '_session_expiry';

type Op = (data: SessionData) => void;

/**
 * One request's session (`request.session`), loaded from the store only when first used.
 * Reading is async (`await request.session.get('cart')`); writes are recorded at once and
 * applied when the data arrives, so `request.session.set(k, v)` works with or without `await`.
 * Only a modified session is saved.
 */
export class Session {
  /** Whether the data was read or written in this request (the response then varies on Cookie). */
  accessed = false;
  /** Whether the data changed in this request (it is then saved). */
  modified = false;
  private cache: SessionData | null = null;
  private loading: Promise<void> | null = null;
  private ops: Op[] = [];
  private key: string | null;

  constructor(
    /** The store of this app's sessions. */
    readonly store: SessionStore,
    sessionKey: string | null | undefined,
    private readonly options: SessionOptions,
  ) {
    this.key = this.validKey(sessionKey) ? sessionKey : null;
  }

  /** The key of this session (its cookie value), or null when it has none yet. */
  get sessionKey(): string | null {
    return this.key;
  }

  /** Whether the data has been read from the store. */
  get isLoaded(): boolean {
    return this.cache !== null;
  }

  private validKey(key: string | null | undefined): key is string {
    if (typeof key !== 'string') return false;
    return this.store.stateless ? key.length >= 8 : VALID_KEY.test(key);
  }

  /** Read the data from the store (once; later calls wait for the same read). Does not mark the session accessed. */
  load(): Promise<void> {
    if (this.cache !== null) {
      if (this.ops.length > 0) this.applyOps(this.cache);
      return Promise.resolve();
    }
    if (!this.loading) {
      this.loading = this.fetch();
      // A write nobody awaited must not become an unhandled rejection; awaiting callers still see the error.
      this.loading.catch(() => undefined);
    }
    return this.loading;
  }

  private async fetch(): Promise<void> {
    let data: SessionData | null = null;
    if (this.key !== null) {
      try {
        data = await this.store.load(this.key, this.options.cookieAge);
      } catch (error) {
        this.loading = null;
        throw error;
      }
      // An unknown or expired key is never adopted: a new key is made when the session is saved (no fixation).
      if (data === null) this.key = null;
    }
    const cache: SessionData = data && typeof data === 'object' && !Array.isArray(data) ? { ...data } : {};
    this.applyOps(cache);
    this.cache = cache;
  }

  private applyOps(cache: SessionData): void {
    const ops = this.ops;
    this.ops = [];
    for (const op of ops) op(cache);
  }

  private async data(): Promise<SessionData> {
    this.accessed = true;
    await this.load();
    return this.cache as SessionData;
  }

  private write(op: Op): Promise<void> {
    this.accessed = true;
    this.modified = true;
    if (this.cache !== null) {
      op(this.cache);
      return Promise.resolve();
    }
    this.ops.push(op);
    return this.load();
  }

  /** The value stored under `key`, or `defaultValue`. */
  async get<T = unknown>(key: string, defaultValue?: T): Promise<T | undefined> {
    const data = await this.data();
    return Object.prototype.hasOwnProperty.call(data, key) ? (data[key] as T) : defaultValue;
  }

  /** Store a JSON-serialisable `value` under `key`. */
  set(key: string, value: unknown): Promise<void> {
    if (value === undefined) return this.delete(key).then(() => undefined);
    const copy = JSON.parse(JSON.stringify(value));
    return this.write((data) => {
      data[key] = copy;
    });
  }

  /** Remove `key`; resolves to whether it was there. The session counts as modified only if it was. */
  async delete(key: string): Promise<boolean> {
    let had = false;
    this.accessed = true;
    const op: Op = (data) => {
      had = Object.prototype.hasOwnProperty.call(data, key);
      if (had) {
        delete data[key];
        this.modified = true;
      }
    };
    if (this.cache !== null) op(this.cache);
    else {
      this.ops.push(op);
      await this.load();
    }
    return had;
  }

  /** Whether writes wait for the data to arrive (the middleware then loads before deciding to save). */
  get hasPendingWrites(): boolean {
    return this.ops.length > 0;
  }

  /** The value of `key` without marking the session accessed (for framework code that may not use it). */
  async peek(key: string): Promise<unknown> {
    await this.load();
    return (this.cache as SessionData)[key];
  }

  /** Whether `key` is stored. */
  async has(key: string): Promise<boolean> {
    return Object.prototype.hasOwnProperty.call(await this.data(), key);
  }

  /** Remove `key` and resolve to its value (or `defaultValue`). */
  async pop<T = unknown>(key: string, defaultValue?: T): Promise<T | undefined> {
    const data = await this.data();
    if (!Object.prototype.hasOwnProperty.call(data, key)) return defaultValue;
    const value = data[key] as T;
    await this.delete(key);
    return value;
  }

  /** The value of `key`, storing `value` first when it is missing. */
  async setDefault<T = unknown>(key: string, value: T): Promise<T> {
    const data = await this.data();
    if (Object.prototype.hasOwnProperty.call(data, key)) return data[key] as T;
    await this.set(key, value);
    return value;
  }

  /** The stored keys. */
  async keys(): Promise<string[]> {
    return Object.keys(await this.data());
  }

  /** A copy of all the data. */
  async items(): Promise<SessionData> {
    return JSON.parse(JSON.stringify(await this.data()));
  }

  /** Remove all data but keep the key (Django's clear). */
  clear(): Promise<void> {
    this.accessed = true;
    this.modified = true;
    if (this.cache === null && this.loading) {
      // A read is on its way: clear what it brings.
      this.ops.push((data) => {
        for (const key of Object.keys(data)) delete data[key];
      });
      return this.loading;
    }
    this.ops = [];
    this.cache = {};
    return Promise.resolve();
  }

  /** Whether the session has neither a key nor data. */
  isEmpty(): boolean {
    return this.key === null && (this.cache === null || Object.keys(this.cache).length === 0) && this.ops.length === 0;
  }

  /** Delete the session from the store and start a new, empty one with no key (logout). */
  async flush(): Promise<void> {
    const old = this.key;
    await this.clear();
    this.key = null;
    if (old !== null && !this.store.stateless) await this.store.delete(old);
  }

  /** Keep the data under a new key, deleting the old one (login: defeats session fixation). */
  async cycleKey(): Promise<void> {
    const data = await this.data();
    const old = this.key;
    if (this.store.stateless) {
      this.modified = true;
      return;
    }
    await this.create(data);
    if (old !== null) await this.store.delete(old);
  }

  /**
   * Set when this session expires: seconds from the last change (0: when the browser closes), a
   * Date, or null for the default (`session.cookieAge`).
   */
  setExpiry(value: number | Date | null): Promise<void> {
    if (value === null) return this.delete(EXPIRY_KEY).then(() => undefined);
    if (value instanceof Date) return this.set(EXPIRY_KEY, value.toISOString());
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return Promise.reject(new TypeError('setExpiry() takes a number of seconds, a Date, or null.'));
    }
    return this.set(EXPIRY_KEY, Math.floor(value));
  }

  /** Seconds until this session expires, counted from now. */
  async getExpiryAge(): Promise<number> {
    return this.expiryAge(await this.data());
  }

  /** When this session expires. */
  async getExpiryDate(): Promise<Date> {
    return this.expiryDate(await this.data());
  }

  /** Whether the cookie ends with the browser session. */
  async getExpireAtBrowserClose(): Promise<boolean> {
    return this.expireAtBrowserClose(await this.data());
  }

  /** Seconds until expiry from data already loaded (for the middleware). */
  expiryAge(data: SessionData = this.cache ?? {}): number {
    const expiry = data[EXPIRY_KEY];
    if (!expiry) return this.options.cookieAge;
    if (typeof expiry === 'number') return expiry;
    const at = Date.parse(String(expiry));
    return Number.isNaN(at) ? this.options.cookieAge : Math.floor((at - Date.now()) / 1000);
  }

  /** The expiry date from data already loaded. */
  expiryDate(data: SessionData = this.cache ?? {}): Date {
    const expiry = data[EXPIRY_KEY];
    if (typeof expiry === 'string' && !Number.isNaN(Date.parse(expiry))) return new Date(expiry);
    const seconds = typeof expiry === 'number' && expiry > 0 ? expiry : this.options.cookieAge;
    return new Date(Date.now() + seconds * 1000);
  }

  /** Whether the session ends with the browser, from data already loaded. */
  expireAtBrowserClose(data: SessionData = this.cache ?? {}): boolean {
    const expiry = data[EXPIRY_KEY];
    if (expiry === undefined || expiry === null) return this.options.expireAtBrowserClose;
    return expiry === 0;
  }

  /** Write the session to the store (a new key when it has none). The middleware calls it. */
  async save(mustCreate = false): Promise<void> {
    await this.load();
    const data = this.cache as SessionData;
    if (this.store.stateless) {
      this.key = await this.store.save(null, data, this.expiryDate(data), false);
      return;
    }
    if (this.key === null) return this.create(data);
    await this.store.save(this.key, data, this.expiryDate(data), mustCreate);
  }

  private async create(data: SessionData): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const key = randomString(32, KEY_CHARS);
      try {
        await this.store.save(key, data, this.expiryDate(data), true);
      } catch (error) {
        if (error instanceof CreateError && attempt < 10) continue;
        throw error;
      }
      this.key = key;
      this.modified = true;
      return;
    }
  }
}
