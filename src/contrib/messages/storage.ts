import type { HttpRequest } from '../../http/request';
import type { HttpResponse } from '../../http/response';
import { Message } from './constants';

/** How a storage was configured: the level below which messages are dropped, and the level tags. */
export interface StorageOptions {
  level: number;
  tags: Readonly<Record<number, string>>;
}

/** Turn stored JSON back into messages; anything malformed is dropped. */
export function decodeMessages(value: unknown, tags: Readonly<Record<number, string>>): Message[] | null {
  if (!Array.isArray(value)) return null;
  const out: Message[] = [];
  for (const item of value) {
    if (Array.isArray(item) && typeof item[0] === 'number' && typeof item[1] === 'string') {
      out.push(new Message(item[0], item[1], typeof item[2] === 'string' ? item[2] : '', tags));
    }
  }
  return out;
}

/**
 * Where a request's messages are kept between requests (Django's BaseStorage): new ones are
 * queued; reading (iterating, `length`) marks them used; on the way out the unread ones are
 * stored again, used ones are dropped.
 */
export abstract class MessageStorage implements Iterable<Message> {
  /** Whether the messages were read in this request. */
  used = false;
  /** Whether a message was added in this request. */
  addedNew = false;
  protected queued: Message[] = [];
  protected loadedMessages: Message[] | null = null;
  private levelValue: number;

  constructor(
    protected readonly request: HttpRequest,
    protected readonly options: StorageOptions,
  ) {
    this.levelValue = options.level;
  }

  /** The stored messages, and whether they are all there (false: look in the next storage). */
  protected abstract fetch(): Promise<[messages: Message[] | null, allRetrieved: boolean]>;

  /** Store `messages`; resolves to those that did not fit. */
  abstract store(messages: Message[], response: HttpResponse, removeOldest?: boolean): Promise<Message[]>;

  /** Read the stored messages (once). */
  async load(): Promise<void> {
    if (this.loadedMessages !== null) return;
    const [messages] = await this.fetch();
    this.loadedMessages ??= messages ?? [];
  }

  /** Messages below this level are dropped. */
  get level(): number {
    return this.levelValue;
  }
  set level(value: number) {
    this.levelValue = value;
  }

  /** Queue a message; empty messages and those below `level` are ignored. */
  add(level: number, message: string, extraTags = ''): void {
    if (!message) return;
    const numeric = Number(level);
    if (!Number.isFinite(numeric)) throw new TypeError(`Message level must be a number, got ${JSON.stringify(level)}.`);
    if (numeric < this.level) return;
    this.addedNew = true;
    this.queued.push(new Message(numeric, String(message), extraTags ?? '', this.options.tags));
  }

  /** Stored then queued messages, marking them used. Call `await load()` (or use `list()`) first. */
  [Symbol.iterator](): Iterator<Message> {
    return this.read()[Symbol.iterator]();
  }

  /** How many messages there are (stored and queued); reading it counts as reading them. */
  get length(): number {
    return this.read().length;
  }

  /** Every message, marking them used (they will not be shown again). */
  async list(): Promise<Message[]> {
    await this.load();
    return [...this.read()];
  }

  /** The messages, for templates: an array that marks them used when read (`each message in messages`). */
  templateList(): Message[] {
    const read = () => this.read();
    return new Proxy([] as Message[], {
      get: (_target, prop) => {
        const list = read();
        const value = Reflect.get(list, prop, list);
        return typeof value === 'function' ? value.bind(list) : value;
      },
      has: (_target, prop) => Reflect.has(read(), prop),
    });
  }

  /** Mark read and return the list (stored first, then queued). */
  protected read(): Message[] {
    if (this.loadedMessages === null) {
      throw new Error('The messages have not been loaded: call `await storage.load()` or `await storage.list()` first.');
    }
    this.used = true;
    this.markAccessed();
    if (this.queued.length > 0) {
      this.loadedMessages.push(...this.queued);
      this.queued = [];
    }
    return this.loadedMessages;
  }

  /** Note that the response depends on where the messages came from (session storage: Vary Cookie). */
  protected markAccessed(): void {}

  /** Store what must survive this request; resolves to what could not be stored. */
  async update(response: HttpResponse): Promise<Message[]> {
    if (this.used) return this.store(this.queued, response);
    if (this.addedNew) {
      await this.load();
      return this.store([...(this.loadedMessages ?? []), ...this.queued], response);
    }
    return [];
  }
}
