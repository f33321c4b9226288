import * as cookie from 'cookie';
import type { IncomingMessage, ServerResponse } from 'node:http';
import secureJson from 'secure-json-parse';
import { BadRequest, DisallowedHost } from './exceptions';
import { iriToUri } from './response';
import { RequestHeaders } from './headers';
import { QueryDict } from './querydict';
import { FileDict } from './uploads';
import { hasBody, mediaType, parseBody, type BodyLimits, type ParsedBody } from './body';
import { unsignCookie } from './signed-cookie';
import type { ResolverMatch } from '../urls/resolver-match';

/** What a request needs to know about the app that serves it. */
export interface RequestConfig {
  readonly debug: boolean;
  readonly secretKey: string;
  readonly bodyLimits: BodyLimits;
  readonly secureProxySslHeader: readonly [string, string] | null;
  readonly useXForwardedHost: boolean;
  /** Whether a host (lower-case, port stripped) is in `allowedHosts`. */
  isAllowedHost(domain: string): boolean;
}

/** The Express (or bare Node) request and response behind an HttpRequest: the escape hatch. */
export interface ExpressPair {
  req: IncomingMessage & { body?: unknown; _body?: boolean; baseUrl?: string };
  res: ServerResponse;
}

const HOST_PATTERN = /^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(:[0-9]+)?$/;

/** Split `host[:port]` into a lower-case domain and port; '' when the host is malformed (Django's split_domain_port). */
export function splitDomainPort(host: string): [domain: string, port: string] {
  const lower = host.toLowerCase();
  const match = HOST_PATTERN.exec(lower);
  if (!match) return ['', ''];
  let domain = match[1];
  if (domain.endsWith('.')) domain = domain.slice(0, -1);
  return [domain, match[2] ? match[2].slice(1) : ''];
}

/**
 * One HTTP request as views and middleware see it (Django's HttpRequest). Query, cookies and
 * headers are parsed on first use; the body is read once, within the configured limits.
 */
export class HttpRequest {
  /** Upper-case method. */
  readonly method: string;
  /** The full path, mount prefix included (decoded). */
  readonly path: string;
  /** The path below the mount prefix (decoded): what URL patterns match. */
  readonly pathInfo: string;
  /** The mount prefix, '' when served at the root. */
  readonly scriptPrefix: string;
  /** The raw query string, without `?`. */
  readonly queryString: string;
  /** The Express/Node request and response, for what this API does not cover. */
  readonly express: ExpressPair;
  /** The URL match, set once the URL is resolved. */
  resolverMatch: ResolverMatch | null = null;
  /** Patterns to resolve this request against instead of `rootUrlconf` (set it in processRequest). */
  urlconf: unknown = null;
  /** The session, set by SessionMiddleware. */
  session: any = undefined;
  /** Where `user` lives when AuthenticationMiddleware installed a lazily loaded user; null otherwise. */
  userSlot: { get(): any; set(value: any): void } | null = null;
  private _user: any = undefined;
  /** A place for middleware to hang per-request data. */
  readonly meta: Record<string, unknown> = Object.create(null);

  private _get?: QueryDict;
  private _cookies?: Record<string, string | undefined>;
  private _headers?: RequestHeaders;
  private _body?: ParsedBody;
  private _json?: { value: unknown };
  private _host?: string;

  constructor(
    req: ExpressPair['req'],
    res: ServerResponse,
    pathInfo: string,
    queryString: string,
    scriptPrefix: string,
    /** The app configuration this request is served under. */
    readonly config: RequestConfig,
  ) {
    this.express = { req, res };
    this.method = req.method ?? 'GET';
    this.pathInfo = pathInfo;
    this.scriptPrefix = scriptPrefix;
    this.path = scriptPrefix ? scriptPrefix + pathInfo : pathInfo;
    this.queryString = queryString;
  }

  /** The user, set by AuthenticationMiddleware (or by hand). */
  get user(): any {
    return this.userSlot === null ? this._user : this.userSlot.get();
  }

  set user(value: any) {
    if (this.userSlot === null) this._user = value;
    else this.userSlot.set(value);
  }

  /** Query-string parameters. */
  get GET(): QueryDict {
    return (this._get ??= QueryDict.parse(this.queryString, this.config.bodyLimits.dataUploadMaxNumberFields));
  }

  /** Form fields of a urlencoded or multipart body (empty for other bodies). */
  get POST(): QueryDict {
    return this.loaded().post;
  }

  /** Files of a multipart body. */
  get FILES(): FileDict {
    return this.loaded().files;
  }

  /** The raw body bytes (empty for multipart bodies, whose parts are in POST and FILES). */
  get body(): Buffer {
    return this.loaded().raw;
  }

  /** Cookies sent with the request. */
  get COOKIES(): Record<string, string | undefined> {
    if (!this._cookies) {
      const header = this.express.req.headers.cookie;
      this._cookies = header ? cookie.parse(header) : Object.create(null);
    }
    return this._cookies as Record<string, string | undefined>;
  }

  /** Request headers, case-insensitive. */
  get headers(): RequestHeaders {
    return (this._headers ??= new RequestHeaders(this.express.req.headers));
  }

  /** The media type of the body (`application/json`), lower-case, without parameters. */
  get contentType(): string {
    return mediaType(this.express.req.headers['content-type']);
  }

  /** The parsed JSON body; malformed JSON, or `__proto__`/`constructor.prototype` keys, throw BadRequest. */
  json<T = unknown>(): T {
    if (!this._json) {
      const preParsed = this.express.req.body;
      if (this.loaded().preParsed && preParsed !== undefined && typeof preParsed === 'object' && !Buffer.isBuffer(preParsed)) {
        // An Express body parser (express.json()) got here first: use what it parsed.
        this._json = { value: preParsed };
      } else {
        const text = this.body.toString('utf8');
        try {
          this._json = { value: secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }) };
        } catch (error) {
          throw new BadRequest(`The request body is not valid JSON: ${(error as Error).message}`);
        }
      }
    }
    return this._json.value as T;
  }

  /**
   * Read and parse the body within the app's limits; the handler calls it before the view runs.
   * As in Django, only POST requests fill `POST` and `FILES`; other methods keep the raw `body`.
   */
  loadBody(): Promise<void> | void {
    if (this._body) return;
    const req = this.express.req;
    const form = this.method === 'POST';
    if (!req._body && !hasBody(req) && !(form && this.contentType === 'multipart/form-data')) {
      // No body: nothing to wait for (the common GET), so no promise either.
      this._body = EMPTY_BODY;
      return;
    }
    if (req._body || req.readableEnded) {
      // An Express body parser got here first: take what it parsed.
      const parsed = req.body;
      const post =
        form && parsed && typeof parsed === 'object' && !Buffer.isBuffer(parsed) && this.contentType === 'application/x-www-form-urlencoded'
          ? new QueryDict(parsed as Record<string, unknown>)
          : new QueryDict();
      const raw = Buffer.isBuffer(parsed) ? parsed : typeof parsed === 'string' ? Buffer.from(parsed) : Buffer.alloc(0);
      this._body = { raw, post, files: new FileDict(), preParsed: true };
      return;
    }
    return this.readBody(req, form);
  }

  private async readBody(req: ExpressPair['req'], form: boolean): Promise<void> {
    this._body = await parseBody(req, this.config.bodyLimits, form);
    this.removeTempFilesAfterResponse(this._body.files);
  }

  /** Uploaded files spilled to disk live as long as the response: remove them once it is sent (or the client left). */
  private removeTempFilesAfterResponse(files: FileDict): void {
    const spilled = [...files.all()].filter((file) => file.tempPath !== null);
    if (spilled.length === 0) return;
    const remove = () => {
      for (const file of spilled) void file.cleanup();
    };
    const res = this.express.res as ServerResponse | undefined;
    if (!res || typeof res.once !== 'function' || res.destroyed || res.writableFinished) remove();
    else res.once('close', remove);
  }
  /** Whether the body has been read. */
  get bodyLoaded(): boolean {
    return this._body !== undefined;
  }

  /** `https` or `http` (honouring `secureProxySslHeader`). */
  get scheme(): string {
    const proxy = this.config.secureProxySslHeader;
    if (proxy) {
      const value = this.express.req.headers[proxy[0]];
      if (value !== undefined) {
        const first = (Array.isArray(value) ? value[0] : value).split(',')[0].trim();
        return first === proxy[1] ? 'https' : 'http';
      }
    }
    return (this.express.req.socket as { encrypted?: boolean } | undefined)?.encrypted ? 'https' : 'http';
  }

  /** Whether the request came over HTTPS. */
  isSecure(): boolean {
    return this.scheme === 'https';
  }

  /** The host the client asked for, checked against `allowedHosts` (DisallowedHost → 400 otherwise). */
  getHost(): string {
    if (this._host !== undefined) return this._host;
    const host = this.rawHost();
    const [domain] = splitDomainPort(host);
    if (domain && this.config.isAllowedHost(domain)) return (this._host = host);
    let message = `Invalid HTTP_HOST header: '${host}'.`;
    if (domain) message += ` You may need to add '${domain}' to allowedHosts.`;
    else message += ' The domain name provided is not valid according to RFC 1034/1035.';
    throw new DisallowedHost(message);
  }

  /** The Host header as sent (X-Forwarded-Host when `useXForwardedHost`), unchecked. */
  rawHost(): string {
    const headers = this.express.req.headers;
    if (this.config.useXForwardedHost) {
      const forwarded = headers['x-forwarded-host'];
      if (typeof forwarded === 'string' && forwarded) return forwarded.split(',')[0].trim();
    }
    if (headers.host) return headers.host;
    const socket = this.express.req.socket;
    const address = socket?.localAddress ?? '127.0.0.1';
    return `${address.includes(':') ? `[${address}]` : address}:${socket?.localPort ?? 80}`;
  }

  /** The port of the host the client asked for. */
  getPort(): string {
    const [, port] = splitDomainPort(this.rawHost());
    return port || (this.isSecure() ? '443' : '80');
  }

  /** The path (URL-encoded) with the query string: `/shop/list/?page=2`. */
  getFullPath(forceAppendSlash = false): string {
    let path = escapePath(this.path);
    if (forceAppendSlash && !path.endsWith('/')) path += '/';
    if (path.startsWith('//')) path = '/%2F' + path.slice(2);
    return this.queryString ? `${path}?${this.queryString}` : path;
  }

  /**
   * An absolute URL for `location` (default this request's full path), as Django's
   * build_absolute_uri: absolute URLs are kept, `/rooted` paths get this request's scheme and
   * host, anything else is joined to the current path. Backslashes stay path characters
   * (`/\\evil.com` never becomes another host).
   */
  buildAbsoluteUri(location?: string): string {
    const current = `${this.scheme}://${this.getHost()}`;
    if (location === undefined) return current + this.getFullPath();
    const loc = String(location);
    const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.exec(loc)?.[0];
    if (scheme && loc.startsWith('//', scheme.length)) return iriToUri(loc);
    if (!scheme && loc.startsWith('/') && !loc.startsWith('//') && !/\/\.\.?(\/|$)/.test(loc.split(/[?#]/, 1)[0])) {
      return iriToUri(current + loc);
    }
    const joined = new URL(iriToUri(loc).replace(/\\/g, '%5C'), current + escapePath(this.path));
    return joined.toString();
  }

  /**
   * A cookie set with `setSignedCookie` (Django's get_signed_cookie), or `defaultValue` when it is
   * missing, tampered with, signed for another name or salt, or — with `maxAge` (seconds) — signed
   * longer ago than that.
   */
  getSignedCookie(name: string, defaultValue?: string, salt = '', maxAge?: number | null): string | undefined {
    const value = this.COOKIES[name];
    if (value === undefined) return defaultValue;
    return unsignCookie(name, value, this.config.secretKey, salt, maxAge) ?? defaultValue;
  }

  /** Whether the client asked for JSON or HTML first (Accept header). */
  accepts(mediaTypeName: string): boolean {
    const accept = this.express.req.headers.accept;
    if (!accept) return true;
    return accept.split(',').some((part) => {
      const type = part.split(';')[0].trim().toLowerCase();
      return type === '*/*' || type === mediaTypeName || (type.endsWith('/*') && mediaTypeName.startsWith(type.slice(0, -1)));
    });
  }

  toString(): string {
    return `<HttpRequest: ${this.method} '${this.getFullPath()}'>`;
  }

  private loaded(): ParsedBody {
    if (!this._body) {
      throw new Error(
        'The request body has not been read yet: it is read after URL resolution. In processRequest, call `await request.loadBody()` first.',
      );
    }
    return this._body;
  }
}

const EMPTY_BODY: ParsedBody = { raw: Buffer.alloc(0), post: new QueryDict(), files: new FileDict() };

/**
 * Percent-encode a decoded path for use in a URL, as Django's escape_uri_path: keeps letters,
 * digits, `/` and `:@&+$,-_.!~*'()`; `;`, `=`, `?`, `#` and `%` are escaped so they keep their
 * meaning as path characters.
 */
export function escapePath(path: string): string {
  return path.replace(/[^A-Za-z0-9\-._~!$&'()*+,:@/]/gu, (ch) => encodeURIComponent(ch));
}
