import type { NormalizedSettings } from '../../conf/settings';
import { Middleware, type GetResponse } from '../../core/middleware';
import { DisallowedHost, ImproperlyConfigured } from '../../http/exceptions';
import { patchVaryHeaders } from '../../http/headers';
import type { HttpRequest } from '../../http/request';
import type { HttpResponse } from '../../http/response';
import type { Kwargs, ViewFunction } from '../../urls/types';
import { bindRequestSettings, noteSettings } from '../conf';
import { isSameDomain, urlSplit, type SplitUrl } from '../urls';
import { csrfConfig, type CsrfConfig } from './config';
import { REASONS } from './failure';
import {
  COOKIE_META,
  CSRF_FIELD_NAME,
  CSRF_SESSION_KEY,
  CSRF_TOKEN_LENGTH,
  DONE_META,
  InvalidTokenFormat,
  NEEDS_UPDATE_META,
  checkTokenFormat,
  doesTokenMatch,
  rotateToken,
  unmaskCipherToken,
} from './tokens';

class RejectRequest extends Error {}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** `x-csrftoken` → `X-Csrftoken`, as Django names the header in its messages. */
function displayHeaderName(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
    .join('-');
}

/**
 * Cross-site request forgery protection with Django's semantics (CsrfViewMiddleware). The secret
 * lives in the `csrftoken` cookie (or the session with `csrf.useSessions`); pages get masked
 * tokens through `getToken()`, `csrfToken` and `csrfInput()`. Unsafe requests (not GET, HEAD,
 * OPTIONS, TRACE) to views not marked `csrfExempt` must pass the Origin check (or, over HTTPS
 * without Origin, the Referer check) and carry a token for the secret in the
 * `csrfmiddlewaretoken` field or the `X-CSRFToken` header; otherwise `csrf.failureView` answers (403).
 */
export class CsrfViewMiddleware extends Middleware {
  /** The checked CSRF settings of this app. */
  readonly config: CsrfConfig;

  constructor(getResponse: GetResponse, settings: NormalizedSettings) {
    super(getResponse, settings);
    noteSettings(settings);
    this.config = csrfConfig(settings);
  }

  /** The secret from the cookie or session; null when there is none; InvalidTokenFormat for a malformed cookie. */
  protected async getSecret(request: HttpRequest): Promise<string | null> {
    let secret: unknown;
    if (this.config.useSessions) {
      if (!request.session || typeof request.session.get !== 'function') {
        throw new ImproperlyConfigured('csrf.useSessions is on, but request.session is not set: SessionMiddleware must come before CsrfViewMiddleware in the middleware setting.');
      }
      secret = await request.session.get(CSRF_SESSION_KEY);
      if (typeof secret !== 'string') return null;
    } else {
      secret = request.COOKIES[this.config.cookieName];
      if (secret === undefined) return null;
      checkTokenFormat(secret);
    }
    const text = secret as string;
    // Secrets stored masked (older versions) are unmasked.
    return text.length === CSRF_TOKEN_LENGTH ? unmaskCipherToken(text) : text;
  }

  override async processRequest(request: HttpRequest): Promise<void> {
    bindRequestSettings(request, this.settings);
    let secret: string | null;
    try {
      secret = await this.getSecret(request);
    } catch (error) {
      if (!(error instanceof InvalidTokenFormat)) throw error;
      // A malformed cookie is replaced on the response; an unsafe request carrying it is still refused.
      rotateToken(request);
      return;
    }
    if (secret !== null) request.meta[COOKIE_META] = secret;
  }

  override async processView(request: HttpRequest, view: ViewFunction, _args: string[], _kwargs: Kwargs): Promise<HttpResponse | null> {
    if (request.meta[DONE_META]) return null;
    if (view.csrfExempt) return null;
    if (SAFE_METHODS.has(request.method)) return this.accept(request);
    const origin = request.headers.get('origin');
    try {
      if (origin !== undefined) {
        if (!this.originVerified(request, origin)) throw new RejectRequest(REASONS.BAD_ORIGIN(origin));
      } else if (request.isSecure()) {
        this.checkReferer(request);
      }
      await this.checkToken(request);
    } catch (error) {
      if (error instanceof RejectRequest) return this.reject(request, error.message);
      throw error;
    }
    return this.accept(request);
  }

  override async processResponse(request: HttpRequest, response: HttpResponse): Promise<HttpResponse> {
    if (request.meta[NEEDS_UPDATE_META]) {
      await this.setCsrfCookie(request, response);
      request.meta[NEEDS_UPDATE_META] = false;
    }
    return response;
  }

  /** Mark the request checked. */
  protected accept(request: HttpRequest): null {
    request.meta[DONE_META] = true;
    return null;
  }

  /** Answer a refused request with the failure view, and log why. */
  protected async reject(request: HttpRequest, reason: string): Promise<HttpResponse | null> {
    const response = await this.config.failureView(request, reason);
    this.settings.logger?.warn?.(`Forbidden (${reason}): ${request.path}`);
    return response;
  }

  private originVerified(request: HttpRequest, origin: string): boolean {
    try {
      const good = `${request.isSecure() ? 'https' : 'http'}://${request.getHost()}`;
      if (origin === good) return true;
    } catch (error) {
      if (!(error instanceof DisallowedHost)) throw error;
    }
    if (this.config.allowedOriginsExact.has(origin)) return true;
    let parsed: SplitUrl;
    try {
      parsed = urlSplit(origin);
    } catch {
      return false;
    }
    const hosts = this.config.allowedOriginSubdomains.get(parsed.scheme) ?? [];
    return hosts.some((host) => isSameDomain(parsed.netloc, host));
  }

  private checkReferer(request: HttpRequest): void {
    const raw = request.headers.get('referer');
    if (raw === undefined) throw new RejectRequest(REASONS.NO_REFERER);
    let referer: SplitUrl;
    try {
      referer = urlSplit(raw);
    } catch {
      throw new RejectRequest(REASONS.MALFORMED_REFERER);
    }
    if (!referer.scheme || !referer.netloc) throw new RejectRequest(REASONS.MALFORMED_REFERER);
    if (referer.scheme !== 'https') throw new RejectRequest(REASONS.INSECURE_REFERER);
    if (this.config.trustedOriginHosts.some((host) => isSameDomain(referer.netloc, host))) return;
    let good = this.config.useSessions ? this.config.sessionCookieDomain : this.config.cookieDomain;
    if (good === undefined) {
      try {
        good = request.getHost();
      } catch (error) {
        if (error instanceof DisallowedHost) throw new RejectRequest(REASONS.BAD_REFERER(raw));
        throw error;
      }
    } else {
      const port = request.getPort();
      if (port !== '443' && port !== '80') good = `${good}:${port}`;
    }
    if (!isSameDomain(referer.netloc, good)) throw new RejectRequest(REASONS.BAD_REFERER(raw));
  }

  private async checkToken(request: HttpRequest): Promise<void> {
    let secret: string | null;
    try {
      secret = await this.getSecret(request);
    } catch (error) {
      if (error instanceof InvalidTokenFormat) throw new RejectRequest(`CSRF cookie ${error.reason}.`);
      throw error;
    }
    if (secret === null) throw new RejectRequest(REASONS.NO_CSRF_COOKIE);
    let token: unknown = '';
    if (request.method === 'POST') {
      try {
        token = request.POST.get(CSRF_FIELD_NAME, '');
      } catch {
        token = '';
      }
    }
    let source: string;
    if (token === '' || token === undefined) {
      token = request.headers.get(this.config.headerName);
      if (token === undefined) throw new RejectRequest(REASONS.CSRF_TOKEN_MISSING);
      source = `the '${displayHeaderName(this.config.headerName)}' HTTP header`;
    } else {
      source = 'POST';
    }
    try {
      checkTokenFormat(token);
    } catch (error) {
      if (error instanceof InvalidTokenFormat) throw new RejectRequest(`CSRF token from ${source} ${error.reason}.`);
      throw error;
    }
    if (!doesTokenMatch(token, secret)) throw new RejectRequest(`CSRF token from ${source} incorrect.`);
  }

  private async setCsrfCookie(request: HttpRequest, response: HttpResponse): Promise<void> {
    const secret = request.meta[COOKIE_META] as string;
    const config = this.config;
    if (config.useSessions) {
      if ((await request.session.get(CSRF_SESSION_KEY)) !== secret) await request.session.set(CSRF_SESSION_KEY, secret);
      return;
    }
    response.setCookie(config.cookieName, secret, {
      maxAge: config.cookieAge,
      domain: config.cookieDomain,
      path: config.cookiePath,
      secure: config.cookieSecure,
      httpOnly: config.cookieHttpOnly,
      sameSite: config.cookieSameSite,
    });
    patchVaryHeaders(response.headers, ['Cookie']);
  }
}
