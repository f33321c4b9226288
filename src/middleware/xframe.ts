import type { NormalizedSettings } from '../conf/settings';
import { noteSettings } from '../contrib/conf';
import { decorateView, markView, wrapViewFunction } from '../contrib/view-decorators';
import { Middleware, type GetResponse } from '../core/middleware';
import { ImproperlyConfigured } from '../http/exceptions';
import type { HttpRequest } from '../http/request';
import type { HttpResponse } from '../http/response';


/**
 * Clickjacking protection (Django's XFrameOptionsMiddleware): `X-Frame-Options` from the
 * `xFrameOptions` setting ('DENY' by default, or 'SAMEORIGIN') on every response that does not
 * set it itself, except views marked with `xframeOptionsExempt`.
 */
export class XFrameOptionsMiddleware extends Middleware {
  private readonly value: string;

  constructor(getResponse: GetResponse, settings: NormalizedSettings) {
    super(getResponse, settings);
    noteSettings(settings);
    const value = (settings as NormalizedSettings & { xFrameOptions?: unknown }).xFrameOptions ?? 'DENY';
    if (typeof value !== 'string') throw new ImproperlyConfigured(`xFrameOptions must be 'DENY' or 'SAMEORIGIN' (got ${JSON.stringify(value)}).`);
    this.value = value.toUpperCase();
  }

  override processResponse(request: HttpRequest, response: HttpResponse): HttpResponse {
    if (response.headers.has('X-Frame-Options')) return response;
    if (request.resolverMatch?.func?.xframeOptionsExempt) return response;
    response.headers.set('X-Frame-Options', this.getXframeOptionsValue(request, response));
    return response;
  }

  /** The header value; override to vary it per request. */
  getXframeOptionsValue(_request: HttpRequest, _response: HttpResponse): string {
    return this.value;
  }
}

/** Let this view's pages be framed (no X-Frame-Options), function or View class (Django's xframe_options_exempt). */
export function xframeOptionsExempt<T>(view: T): T {
  return markView(view, 'xframeOptionsExempt', 'xframeOptionsExempt');
}

function withHeader(value: string, name: string) {
  return <T>(view: T): T =>
    decorateView(
      view,
      (fn) =>
        wrapViewFunction(fn, async (request, kwargs, args) => {
          const response = await fn(request, kwargs, args);
          if (!response.headers.has('X-Frame-Options')) response.headers.set('X-Frame-Options', value);
          return response;
        }),
      name,
    );
}

/** `X-Frame-Options: DENY` on this view's responses (Django's xframe_options_deny). */
export const xframeOptionsDeny: <T>(view: T) => T = withHeader('DENY', 'xframeOptionsDeny');
/** `X-Frame-Options: SAMEORIGIN` on this view's responses (Django's xframe_options_sameorigin). */
export const xframeOptionsSameorigin: <T>(view: T) => T = withHeader('SAMEORIGIN', 'xframeOptionsSameorigin');
