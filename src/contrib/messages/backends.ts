import { ImproperlyConfigured } from '../../http/exceptions';
import type { HttpRequest } from '../../http/request';
import type { HttpResponse } from '../../http/response';
import { dumps, loads } from '../crypto';
import type { Message } from './constants';
import { MessageStorage, decodeMessages, type StorageOptions } from './storage';

const COOKIE_SALT = 'express-generic-views.contrib.messages';
const NOT_FINISHED = '__messagesnotfinished__';

/** Cookie attributes of the messages cookie (those of the session cookie, as Django). */
export interface MessageCookieOptions {
  domain?: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite: 'Lax' | 'Strict' | 'None' | false;
}

/**
 * Messages in a signed cookie (Django's CookieStorage): no server state; a tampered cookie is
 * ignored and removed. At most `maxCookieSize` bytes: the oldest messages that do not fit are
 * dropped (or, under FallbackStorage, passed on to the session).
 */
export class CookieStorage extends MessageStorage {
  static cookieName = 'messages';
  static maxCookieSize = 2048;
  /** Whether the request carried the cookie. */
  private hadCookie = false;

  constructor(
    request: HttpRequest,
    options: StorageOptions,
    private readonly cookie: MessageCookieOptions,
  ) {
    super(request, options);
  }

  protected async fetch(): Promise<[Message[] | null, boolean]> {
    const raw = this.request.COOKIES[CookieStorage.cookieName];
    if (raw === undefined) return [null, true];
    this.hadCookie = true;
    const data = loads(raw, this.request.config.secretKey, { salt: COOKIE_SALT });
    const messages = decodeMessages(data, this.options.tags);
    if (messages === null) {
      // Something was wrong with the cookie: count it as read so it is removed.
      this.used = true;
      return [null, true];
    }
    const notFinished = Array.isArray(data) && data[data.length - 1] === NOT_FINISHED;
    return [messages, !notFinished];
  }

  private encode(messages: Message[], notFinished: boolean): string {
    const payload: unknown[] = messages.map((m) => m.toJSON());
    if (notFinished) payload.push(NOT_FINISHED);
    return dumps(payload, this.request.config.secretKey, { salt: COOKIE_SALT });
  }

  private tooLarge(value: string): boolean {
    return encodeURIComponent(value).length > CookieStorage.maxCookieSize;
  }

  async store(messages: Message[], response: HttpResponse, removeOldest = true): Promise<Message[]> {
    let kept = [...messages];
    const unstored: Message[] = [];
    let encoded = kept.length > 0 ? this.encode(kept, false) : '';
    while (encoded && this.tooLarge(encoded) && kept.length > 0) {
      if (removeOldest) unstored.push(kept.shift() as Message);
      else unstored.unshift(kept.pop() as Message);
      encoded = this.encode(kept, true);
    }
    if (encoded) {
      response.setCookie(CookieStorage.cookieName, encoded, {
        domain: this.cookie.domain,
        secure: this.cookie.secure,
        httpOnly: this.cookie.httpOnly,
        sameSite: this.cookie.sameSite,
      });
    } else if (this.hadCookie || this.request.COOKIES[CookieStorage.cookieName] !== undefined) {
      response.deleteCookie(CookieStorage.cookieName, { domain: this.cookie.domain, sameSite: this.cookie.sameSite });
    }
    return unstored;
  }
}

/** The session key holding messages. */
export const SESSION_MESSAGES_KEY = '_messages';

/** Messages in the session (Django's SessionStorage); SessionMiddleware must come before MessageMiddleware. */
export class SessionStorage extends MessageStorage {
  constructor(request: HttpRequest, options: StorageOptions) {
    super(request, options);
    const session = request.session;
    if (!session || typeof session.get !== 'function') {
      throw new ImproperlyConfigured(
        'The session-based message storage requires SessionMiddleware to be installed, before MessageMiddleware in the middleware setting.',
      );
    }
  }

  protected async fetch(): Promise<[Message[] | null, boolean]> {
    const value = await this.request.session.peek(SESSION_MESSAGES_KEY);
    return [value === undefined ? null : decodeMessages(value, this.options.tags) ?? [], true];
  }

  protected override markAccessed(): void {
    this.request.session.accessed = true;
  }

  async store(messages: Message[]): Promise<Message[]> {
    if (messages.length > 0) await this.request.session.set(SESSION_MESSAGES_KEY, messages.map((m) => m.toJSON()));
    else await this.request.session.delete(SESSION_MESSAGES_KEY);
    return [];
  }
}

/**
 * Cookie first, session for what does not fit (Django's FallbackStorage, the default). The
 * session is read only when the cookie says messages are waiting there.
 */
export class FallbackStorage extends MessageStorage {
  private readonly storages: MessageStorage[];
  private readonly usedStorages = new Set<MessageStorage>();

  constructor(request: HttpRequest, options: StorageOptions, cookie: MessageCookieOptions) {
    super(request, options);
    this.storages = [new CookieStorage(request, options, cookie), new SessionStorage(request, options)];
  }

  protected async fetch(): Promise<[Message[] | null, boolean]> {
    const all: Message[] = [];
    let allRetrieved = true;
    for (const storage of this.storages) {
      const [messages, complete] = await (storage as unknown as { fetch(): Promise<[Message[] | null, boolean]> }).fetch();
      if (storage.used) {
        // A tampered cookie: drop it on the way out.
        this.usedStorages.add(storage);
        this.used = true;
      }
      if (messages === null) break;
      if (messages.length > 0) this.usedStorages.add(storage);
      all.push(...messages);
      allRetrieved = complete;
      if (complete) break;
    }
    return [all, allRetrieved];
  }

  protected override markAccessed(): void {
    if ([...this.usedStorages].some((s) => s instanceof SessionStorage)) this.request.session.accessed = true;
  }

  async store(messages: Message[], response: HttpResponse): Promise<Message[]> {
    let remaining = messages;
    for (const storage of this.storages) {
      if (remaining.length > 0) remaining = await storage.store(remaining, response, false);
      else if (this.usedStorages.has(storage)) {
        // Emptied: flush what this storage held.
        await storage.store([], response);
        this.usedStorages.delete(storage);
      }
    }
    return remaining;
  }
}
