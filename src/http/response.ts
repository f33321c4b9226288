import type { SerializeOptions } from 'cookie';
import { STATUS_CODES } from 'node:http';
import { ResponseHeaders } from './headers';
import { DisallowedRedirect } from './exceptions';

/** Options every response constructor takes. */
export interface ResponseInit {
  /** HTTP status code, 100–599. */
  status?: number;
  /** Content-Type; default `text/html; charset=utf-8`. */
  contentType?: string;
  /** Extra headers. */
  headers?: Record<string, string | number>;
  /** Reason phrase; default the standard one for the status. */
  reason?: string;
}

/** Cookie options, as Django's `set_cookie` (camelCase). */
export interface CookieOptions {
  maxAge?: number;
  expires?: Date;
  path?: string;
  domain?: string;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: 'Lax' | 'Strict' | 'None' | 'lax' | 'strict' | 'none' | false;
}

/** A cookie waiting to be written; `signSalt` set means the writer signs it with the secret key. */
export interface PendingCookie {
  value: string;
  options: SerializeOptions;
  signSalt?: string;
}

/** The body a response holds: text or bytes, or a stream for streaming responses. */
export type Body = string | Buffer;

/**
 * An HTTP response that a view returns and middleware can change on the way out. Nothing is
 * written to the socket until the chain has finished.
 */
export class HttpResponse {
  /** The default status of this class. */
  static readonly defaultStatus: number = 200;

  statusCode: number;
  readonly headers: ResponseHeaders;
  readonly cookies = new Map<string, PendingCookie>();
  /** True for responses whose body is an async stream. */
  readonly streaming: boolean = false;
  private _reason?: string;
  protected _body: Body = '';

  constructor(content: Body = '', init: ResponseInit = {}) {
    const status = init.status ?? (new.target as typeof HttpResponse).defaultStatus;
    if (!Number.isInteger(status) || status < 100 || status > 599) {
      throw new TypeError(`HTTP status code must be an integer from 100 to 599, not ${status}.`);
    }
    this.statusCode = status;
    this._reason = init.reason;
    this.headers = new ResponseHeaders(init.headers);
    if (init.contentType !== undefined) {
      if (init.headers && Object.keys(init.headers).some((h) => h.toLowerCase() === 'content-type')) {
        throw new TypeError("'headers' must not contain 'Content-Type' when the 'contentType' parameter is provided.");
      }
      this.headers.set('Content-Type', init.contentType);
    } else if (!this.headers.has('Content-Type') && this.hasDefaultContentType()) {
      this.headers.setTrusted('content-type', 'Content-Type', 'text/html; charset=utf-8');
    }
    this._body = content;
  }

  /** The reason phrase sent on the status line. */
  get reasonPhrase(): string {
    return this._reason ?? STATUS_CODES[this.statusCode] ?? 'Unknown Status Code';
  }
  set reasonPhrase(value: string) {
    this._reason = value;
  }

  /** The body as bytes. */
  get content(): Buffer {
    return typeof this._body === 'string' ? Buffer.from(this._body, 'utf8') : this._body;
  }
  set content(value: Body) {
    this._body = value;
  }

  /** The body as text (UTF-8). */
  get text(): string {
    return typeof this._body === 'string' ? this._body : this._body.toString('utf8');
  }

  /** The body as the writer sends it (string or Buffer, no copy). */
  get body(): Body {
    return this._body;
  }

  /** Append to the body (Django's `response.write`). */
  write(chunk: Body): void {
    this._body =
      typeof this._body === 'string' && typeof chunk === 'string'
        ? this._body + chunk
        : Buffer.concat([this.content, typeof chunk === 'string' ? Buffer.from(chunk) : chunk]);
  }

  /**
   * Set a cookie on the response (the value is percent-encoded on the wire and decoded in
   * `request.COOKIES`). `maxAge` (seconds) also sets `Expires`; it cannot be combined with `expires`.
   */
  setCookie(name: string, value: string, options: CookieOptions = {}): void {
    this.cookies.set(checkCookieName(name), { value: String(value), options: toSerializeOptions(options) });
  }

  /**
   * Set a cookie signed with the app's secret key, the cookie's name and `salt`, stamped with the
   * time it is written (read back with `request.getSignedCookie`, which can refuse old ones).
   */
  setSignedCookie(name: string, value: string, options: CookieOptions & { salt?: string } = {}): void {
    const { salt = '', ...rest } = options;
    this.cookies.set(checkCookieName(name), { value: String(value), options: toSerializeOptions(rest), signSalt: salt });
  }

  /** Expire a cookie in the browser (same path and domain as it was set with). */
  deleteCookie(name: string, options: Pick<CookieOptions, 'path' | 'domain' | 'sameSite'> = {}): void {
    const secure =
      name.startsWith('__Secure-') || name.startsWith('__Host-') || String(options.sameSite ?? '').toLowerCase() === 'none';
    this.cookies.set(checkCookieName(name), {
      value: '',
      options: { ...toSerializeOptions({ ...options, secure }), maxAge: 0, expires: new Date(0) },
    });
  }

  /** Whether this class sets `text/html` when no Content-Type is given. */
  protected hasDefaultContentType(): boolean {
    return true;
  }

  /** A short description for logs and tests. */
  toString(): string {
    return `<${this.constructor.name} status_code=${this.statusCode}, "${this.headers.get('Content-Type') ?? ''}">`;
  }
}

const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function checkCookieName(name: string): string {
  if (!COOKIE_NAME.test(name)) {
    throw new TypeError(`Illegal cookie name ${JSON.stringify(name)}: use letters, digits and !#$%&'*+-.^_\`|~ only.`);
  }
  return name;
}

function toSerializeOptions(options: CookieOptions): SerializeOptions {
  const out: SerializeOptions = { path: options.path ?? '/' };
  if (options.maxAge !== undefined && options.expires !== undefined) {
    throw new TypeError("'expires' and 'maxAge' can't be used together.");
  }
  if (options.sameSite && !['lax', 'strict', 'none'].includes(String(options.sameSite).toLowerCase())) {
    throw new TypeError('sameSite must be "Lax", "None", or "Strict".');
  }
  if (options.maxAge !== undefined) {
    if (typeof options.maxAge !== 'number' || !Number.isFinite(options.maxAge)) {
      throw new TypeError(`maxAge must be a number of seconds, got ${JSON.stringify(options.maxAge)}.`);
    }
    out.maxAge = Math.floor(options.maxAge);
    if (!options.expires) out.expires = new Date(Date.now() + options.maxAge * 1000);
  }
  if (options.expires) out.expires = options.expires;
  if (options.domain) out.domain = options.domain;
  if (options.secure) out.secure = true;
  if (options.httpOnly) out.httpOnly = true;
  if (options.sameSite) out.sameSite = options.sameSite.toLowerCase() as 'lax' | 'strict' | 'none';
  return out;
}

/** The longest redirect target accepted by default (Django's MAX_URL_REDIRECT_LENGTH). */
export const MAX_URL_REDIRECT_LENGTH = 16384;

/** Percent-encode an IRI into a URI, leaving reserved characters and existing escapes alone (iri_to_uri). */
export function iriToUri(iri: string): string {
  return iri.replace(/[^A-Za-z0-9\-._~!#$&'()*+,/:;=?@[\]%]/gu, (ch) => encodeURIComponent(ch));
}

/** The scheme a browser would see in `url`, lower-case ('' for none), parsed as Python's urlsplit does. */
function schemeOf(url: string): string {
  // Browsers (and urlsplit) drop leading C0 controls and spaces, and every tab and newline.
  const cleaned = url.replace(/^[\0-\x20]+/, '').replace(/[\t\r\n]/g, '');
  return /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(cleaned)?.[1]?.toLowerCase() ?? '';
}

/** Options of the redirect responses. */
export interface RedirectInit extends ResponseInit {
  /** 307/308 instead of 302/301: the client repeats the method and body. */
  preserveRequest?: boolean;
  /** Longest accepted target (default 16,384 characters); null for no limit. */
  maxLength?: number | null;
}

/** Base of the redirect responses: checks the scheme and the length, and sets `Location`. */
export abstract class HttpResponseRedirectBase extends HttpResponse {
  /** Schemes a redirect may point to; anything else is DisallowedRedirect (a 400). */
  static allowedSchemes: readonly string[] = ['http', 'https', 'ftp'];

  constructor(redirectTo: string, init: RedirectInit = {}) {
    const { maxLength = MAX_URL_REDIRECT_LENGTH, preserveRequest: _ignored, ...rest } = init;
    super('', rest);
    const target = String(redirectTo);
    const location = iriToUri(target);
    if (maxLength !== null && location.length > maxLength) {
      throw new DisallowedRedirect(`Unsafe redirect exceeding ${maxLength} characters`);
    }
    const scheme = schemeOf(target);
    if (scheme && !(new.target as typeof HttpResponseRedirectBase).allowedSchemes.includes(scheme)) {
      throw new DisallowedRedirect(`Unsafe redirect to URL with protocol '${scheme}'`);
    }
    this.headers.set('Location', location);
  }

  /** The redirect target. */
  get url(): string {
    return this.headers.get('Location') ?? '';
  }
}

/** 302 Found (307 with `preserveRequest`). */
export class HttpResponseRedirect extends HttpResponseRedirectBase {
  static override readonly defaultStatus: number = 302;
  constructor(redirectTo: string, init: RedirectInit = {}) {
    const { preserveRequest, ...rest } = init;
    super(redirectTo, { status: preserveRequest ? 307 : undefined, ...rest });
  }
}

/** 301 Moved Permanently (308 with `preserveRequest`). */
export class HttpResponsePermanentRedirect extends HttpResponseRedirectBase {
  static override readonly defaultStatus: number = 301;
  constructor(redirectTo: string, init: RedirectInit = {}) {
    const { preserveRequest, ...rest } = init;
    super(redirectTo, { status: preserveRequest ? 308 : undefined, ...rest });
  }
}

/** 304 Not Modified: no body and no Content-Type. */
export class HttpResponseNotModified extends HttpResponse {
  static override readonly defaultStatus: number = 304;
  constructor(init: ResponseInit = {}) {
    super('', init);
  }
  override get content(): Buffer {
    return Buffer.alloc(0);
  }
  override set content(value: Body) {
    if (value.length > 0) throw new TypeError('You cannot set content to a 304 (Not Modified) response');
  }
  protected override hasDefaultContentType(): boolean {
    return false;
  }
}

/** 400 Bad Request. */
export class HttpResponseBadRequest extends HttpResponse {
  static override readonly defaultStatus: number = 400;
}

/** 404 Not Found. */
export class HttpResponseNotFound extends HttpResponse {
  static override readonly defaultStatus: number = 404;
}

/** 403 Forbidden. */
export class HttpResponseForbidden extends HttpResponse {
  static override readonly defaultStatus: number = 403;
}

/** 405 Method Not Allowed with `Allow` listing `permittedMethods`. */
export class HttpResponseNotAllowed extends HttpResponse {
  static override readonly defaultStatus: number = 405;
  constructor(permittedMethods: string[], content: Body = '', init: ResponseInit = {}) {
    super(content, init);
    this.headers.set('Allow', permittedMethods.map((m) => m.toUpperCase()).join(', '));
  }
}

/** 410 Gone. */
export class HttpResponseGone extends HttpResponse {
  static override readonly defaultStatus: number = 410;
}

/** 500 Internal Server Error. */
export class HttpResponseServerError extends HttpResponse {
  static override readonly defaultStatus: number = 500;
}
