import type { NormalizedSettings } from '../../conf/settings';
import { Middleware, type GetResponse } from '../../core/middleware';
import { ImproperlyConfigured } from '../../http/exceptions';
import type { HttpRequest } from '../../http/request';
import type { HttpResponse } from '../../http/response';
import { bindRequestSettings, noteSettings, sameSiteSetting } from '../conf';
import { DEFAULT_TAGS, INFO } from './constants';
import { CookieStorage, FallbackStorage, SessionStorage, type MessageCookieOptions } from './backends';
import type { MessageStorage, StorageOptions } from './storage';

/** The request.meta key of the message storage. */
export const STORAGE_META = '_messages';

/** The storage attached to `request` by MessageMiddleware, if any. */
export function storageOf(request: HttpRequest): MessageStorage | undefined {
  return request.meta[STORAGE_META] as MessageStorage | undefined;
}

/**
 * Gives each request a message storage (Django's MessageMiddleware): `messages.success(request,
 * '…')` queues a message; the next page that shows them (usually after a redirect) reads them.
 * Storage by `messageStorage`: 'fallback' (cookie, then session; default), 'cookie', 'session'.
 */
export class MessageMiddleware extends Middleware {
  private readonly kind: 'fallback' | 'cookie' | 'session';
  private readonly options: StorageOptions;
  private readonly cookie: MessageCookieOptions;

  constructor(getResponse: GetResponse, settings: NormalizedSettings) {
    super(getResponse, settings);
    noteSettings(settings);
    const s = settings as NormalizedSettings & Record<string, unknown>;
    const kind = s.messageStorage ?? 'fallback';
    if (kind !== 'fallback' && kind !== 'cookie' && kind !== 'session') {
      throw new ImproperlyConfigured(`messageStorage must be 'fallback', 'cookie' or 'session' (got ${JSON.stringify(kind)}).`);
    }
    this.kind = kind;
    const level = s.messageLevel ?? INFO;
    if (typeof level !== 'number' || !Number.isFinite(level)) throw new ImproperlyConfigured('messageLevel must be a number, e.g. 20 (INFO).');
    const tags = s.messageTags ?? {};
    if (typeof tags !== 'object' || tags === null) throw new ImproperlyConfigured("messageTags must be an object such as { 40: 'danger' }.");
    this.options = { level, tags: Object.freeze({ ...DEFAULT_TAGS, ...(tags as Record<number, string>) }) };
    const session = (s.session ?? {}) as Record<string, unknown>;
    this.cookie = {
      domain: typeof session.cookieDomain === 'string' ? session.cookieDomain : undefined,
      secure: session.secure === true,
      httpOnly: session.httpOnly !== false,
      sameSite: sameSiteSetting('session.sameSite', session.sameSite, 'Lax'),
    };
  }

  override processRequest(request: HttpRequest): void {
    bindRequestSettings(request, this.settings);
    let storage: MessageStorage;
    if (this.kind === 'cookie') storage = new CookieStorage(request, this.options, this.cookie);
    else if (this.kind === 'session') storage = new SessionStorage(request, this.options);
    else storage = new FallbackStorage(request, this.options, this.cookie);
    request.meta[STORAGE_META] = storage;
  }

  override async processResponse(request: HttpRequest, response: HttpResponse): Promise<HttpResponse> {
    const storage = storageOf(request);
    if (storage) {
      const unstored = await storage.update(response);
      if (unstored.length > 0 && this.settings.debug) throw new Error('Not all temporary messages could be stored.');
    }
    return response;
  }
}
