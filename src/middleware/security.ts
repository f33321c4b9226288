import type { NormalizedSettings } from '../conf/settings';
import { boolSetting, intSetting, noteSettings } from '../contrib/conf';
import { Middleware, type GetResponse } from '../core/middleware';
import { ImproperlyConfigured } from '../http/exceptions';
import type { HttpRequest } from '../http/request';
import { HttpResponsePermanentRedirect, type HttpResponse } from '../http/response';

function optionalString(name: string, value: unknown, fallback: string | null): string | null {
  if (value === undefined) return fallback;
  if (value === null) return null;
  if (typeof value !== 'string') throw new ImproperlyConfigured(`${name} must be a string or null (got ${JSON.stringify(value)}).`);
  return value;
}

/**
 * Security headers and the HTTPS redirect (Django's SecurityMiddleware): `secureSslRedirect`
 * sends plain-HTTP requests to https (301) except paths matching `secureRedirectExempt`;
 * responses to HTTPS requests get Strict-Transport-Security when `secureHstsSeconds` > 0; every
 * response gets X-Content-Type-Options: nosniff, Referrer-Policy and Cross-Origin-Opener-Policy
 * unless already set. Put it first.
 */
export class SecurityMiddleware extends Middleware {
  private readonly hsts: string | null;
  private readonly redirect: boolean;
  private readonly redirectHost: string | null;
  private readonly redirectExempt: readonly RegExp[];
  private readonly nosniff: boolean;
  private readonly referrerPolicy: string | null;
  private readonly coop: string | null;

  constructor(getResponse: GetResponse, settings: NormalizedSettings) {
    super(getResponse, settings);
    noteSettings(settings);
    const s = settings as NormalizedSettings & Record<string, unknown>;
    const seconds = intSetting('secureHstsSeconds', s.secureHstsSeconds, 0);
    let hsts: string | null = null;
    if (seconds > 0) {
      hsts = `max-age=${seconds}`;
      if (boolSetting('secureHstsIncludeSubdomains', s.secureHstsIncludeSubdomains, false)) hsts += '; includeSubDomains';
      if (boolSetting('secureHstsPreload', s.secureHstsPreload, false)) hsts += '; preload';
    }
    this.hsts = hsts;
    this.redirect = boolSetting('secureSslRedirect', s.secureSslRedirect, false);
    this.redirectHost = optionalString('secureSslHost', s.secureSslHost, null);
    const exempt = s.secureRedirectExempt ?? [];
    if (!Array.isArray(exempt) || exempt.some((e) => !(e instanceof RegExp) && typeof e !== 'string')) {
      throw new ImproperlyConfigured('secureRedirectExempt must be an array of regular expressions, e.g. [/^healthz\\/$/].');
    }
    this.redirectExempt = exempt.map((e) => (typeof e === 'string' ? new RegExp(e) : new RegExp(e.source, e.flags.replace(/[gy]/g, ''))));
    this.nosniff = boolSetting('secureContentTypeNosniff', s.secureContentTypeNosniff, true);
    const policy = s.secureReferrerPolicy === undefined ? 'same-origin' : s.secureReferrerPolicy;
    if (Array.isArray(policy)) this.referrerPolicy = policy.map((p) => String(p).trim()).join(',');
    else this.referrerPolicy = optionalString('secureReferrerPolicy', policy, 'same-origin');
    this.coop = optionalString('secureCrossOriginOpenerPolicy', s.secureCrossOriginOpenerPolicy, 'same-origin');
  }

  override processRequest(request: HttpRequest): HttpResponse | undefined {
    const path = request.path.replace(/^\/+/, '');
    if (this.redirect && !request.isSecure() && !this.redirectExempt.some((re) => re.test(path))) {
      const host = this.redirectHost || request.getHost();
      return new HttpResponsePermanentRedirect(`https://${host}${request.getFullPath()}`);
    }
    return undefined;
  }

  override processResponse(request: HttpRequest, response: HttpResponse): HttpResponse {
    const headers = response.headers;
    if (this.hsts && request.isSecure() && !headers.has('Strict-Transport-Security')) headers.set('Strict-Transport-Security', this.hsts);
    if (this.nosniff) headers.setDefault('X-Content-Type-Options', 'nosniff');
    if (this.referrerPolicy) headers.setDefault('Referrer-Policy', this.referrerPolicy);
    if (this.coop) headers.setDefault('Cross-Origin-Opener-Policy', this.coop);
    return response;
  }
}
