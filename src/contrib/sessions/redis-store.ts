import type { Redis as RedisClient, RedisOptions } from 'ioredis';
import { ServiceUnavailable } from '../../http/exceptions';
import { CreateError, UpdateError, type SessionData, type SessionStore } from './store';

/** Options of the Redis store. */
export interface RedisSessionStoreOptions {
  /** `redis://host:port/db`. Default 'redis://127.0.0.1:6379'. */
  url?: string;
  /** An ioredis client to use instead of connecting to `url` (it is not closed by `close()`). */
  client?: RedisClient;
  /** Prefix of the keys. Default 'egv:session:'. */
  keyPrefix?: string;
  /** Extra ioredis options. */
  redisOptions?: RedisOptions;
}

/**
 * Sessions in Redis through ioredis (Django's cache backend on a Redis cache): each session is
 * one key with a TTL, so Redis expires them itself and several app processes share them. When
 * Redis is unreachable a request fails with a ServiceUnavailable (503) naming the URL, and the
 * app keeps running.
 */
export class RedisSessionStore implements SessionStore {
  private clientPromise: Promise<RedisClient> | null = null;
  private readonly ownsClient: boolean;
  readonly url: string;
  readonly keyPrefix: string;

  constructor(private readonly options: RedisSessionStoreOptions = {}) {
    this.url = options.url ?? 'redis://127.0.0.1:6379';
    this.keyPrefix = options.keyPrefix ?? 'egv:session:';
    this.ownsClient = !options.client;
    if (options.client) this.clientPromise = Promise.resolve(options.client);
  }

  /** The ioredis client (connected on first use). */
  client(): Promise<RedisClient> {
    if (!this.clientPromise) {
      this.clientPromise = import('ioredis').then(({ Redis }) => {
        const client = new Redis(this.url, {
          lazyConnect: true,
          maxRetriesPerRequest: 1,
          connectTimeout: 2000,
          // A Redis that stops answering (a dead network) fails the command instead of hanging the request.
          commandTimeout: 2000,
          // disconnect() of a client whose socket already closed waits this long for a 'close' that never comes.
          disconnectTimeout: 100,
          ...this.options.redisOptions,
        });
        // Connection errors reach the command that needed the connection; this only keeps them off the 'error' event.
        client.on('error', () => undefined);
        return client;
      });
    }
    return this.clientPromise;
  }

  private async run<T>(what: string, fn: (client: RedisClient) => Promise<T>): Promise<T> {
    const client = await this.client();
    try {
      return await fn(client);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const message = `Session store: Redis at ${this.url} failed on ${what} (${reason}). Check that Redis is running and session.redisUrl is right.`;
      // A reply from Redis (WRONGTYPE, …) is a bug: a 500. Anything else means Redis is not reachable now: a 503.
      throw (error as { name?: string })?.name === 'ReplyError' ? new Error(message) : new ServiceUnavailable(message);
    }
  }

  private keyOf(key: string): string {
    return this.keyPrefix + key;
  }

  async load(key: string): Promise<SessionData | null> {
    const text = await this.run('GET', (c) => c.get(this.keyOf(key)));
    if (text === null) return null;
    try {
      const data = JSON.parse(text);
      return data && typeof data === 'object' && !Array.isArray(data) ? data : {};
    } catch {
      return {};
    }
  }

  async save(key: string | null, data: SessionData, expiresAt: Date, mustCreate: boolean): Promise<string> {
    if (key === null) throw new TypeError('RedisSessionStore.save() needs a key.');
    const ttl = Math.max(1, Math.ceil((expiresAt.getTime() - Date.now()) / 1000));
    const value = JSON.stringify(data);
    const result = mustCreate
      ? await this.run('SET NX', (c) => c.set(this.keyOf(key), value, 'EX', ttl, 'NX'))
      : await this.run('SET XX', (c) => c.set(this.keyOf(key), value, 'EX', ttl, 'XX'));
    if (result === null) {
      if (mustCreate) throw new CreateError(`Session key ${key.slice(0, 4)}… exists.`);
      throw new UpdateError('The session no longer exists.');
    }
    return key;
  }

  async exists(key: string): Promise<boolean> {
    return (await this.run('EXISTS', (c) => c.exists(this.keyOf(key)))) > 0;
  }

  async delete(key: string): Promise<void> {
    await this.run('DEL', (c) => c.del(this.keyOf(key)));
  }

  /** Redis expires sessions itself (TTL): nothing to do. */
  async clearExpired(): Promise<number> {
    return 0;
  }

  /** Disconnect (only a client this store created). */
  async close(): Promise<void> {
    if (!this.clientPromise || !this.ownsClient) return;
    const client = await this.clientPromise;
    this.clientPromise = null;
    if (client.status !== 'ready') {
      // Not connected (or reconnecting): stop trying, without waiting for a server that is not there.
      client.disconnect();
      return;
    }
    await client.quit().catch(() => client.disconnect());
  }
}
