import type { NormalizedSettings } from '../../conf/settings';
import type { HttpRequest } from '../../http/request';
import type { HttpResponse } from '../../http/response';
import type { Kwargs, ViewFunction } from '../../urls/types';
import { settingsFor } from '../conf';
import { decorateView, markView, wrapViewFunction } from '../view-decorators';
import { CsrfViewMiddleware } from './middleware';
import { getToken } from './tokens';

/** Like CsrfViewMiddleware, but never refuses: only makes the token available (Django's requires_csrf_token). */
class RequiresCsrfTokenMiddleware extends CsrfViewMiddleware {
  protected override async reject(): Promise<HttpResponse | null> {
    return null;
  }
}

/** Never refuses, and always sends the CSRF cookie (Django's _EnsureCsrfCookie). */
class EnsureCsrfCookieMiddleware extends RequiresCsrfTokenMiddleware {
  override async processView(request: HttpRequest, view: ViewFunction, args: string[], kwargs: Kwargs): Promise<HttpResponse | null> {
    const result = await super.processView(request, view, args, kwargs);
    getToken(request);
    return result;
  }
}

type MiddlewareClass = new (g: (r: HttpRequest) => Promise<HttpResponse>, s: NormalizedSettings) => CsrfViewMiddleware;
const instances = new Map<MiddlewareClass, WeakMap<object, CsrfViewMiddleware>>();

function instanceFor(cls: MiddlewareClass, settings: NormalizedSettings): CsrfViewMiddleware {
  let bySettings = instances.get(cls);
  if (!bySettings) instances.set(cls, (bySettings = new WeakMap()));
  let instance = bySettings.get(settings);
  if (!instance) {
    instance = new cls(() => Promise.reject(new Error('unused')), settings);
    bySettings.set(settings, instance);
  }
  return instance;
}

function isUnrendered(response: HttpResponse): response is HttpResponse & { addPostRenderCallback(cb: (r: HttpResponse) => unknown): unknown } {
  const r = response as HttpResponse & { isRendered?: boolean; addPostRenderCallback?: unknown };
  return r.isRendered === false && typeof r.addPostRenderCallback === 'function';
}

/** Run a view inside one middleware, as Django's decorator_from_middleware. */
function fromMiddleware(cls: MiddlewareClass, name: string) {
  return <T>(view: T): T =>
    decorateView(
      view,
      (fn) =>
        wrapViewFunction(fn, async (request, kwargs, args) => {
          const middleware = instanceFor(cls, settingsFor(request));
          await middleware.processRequest(request);
          const early = await middleware.processView(request, fn, args ?? [], kwargs);
          if (early) return early;
          const response = await fn(request, kwargs, args);
          if (isUnrendered(response)) {
            // Set the cookie once the template (which may ask for a token) is rendered.
            response.addPostRenderCallback((rendered) => middleware.processResponse(request, rendered));
            return response;
          }
          return middleware.processResponse(request, response);
        }),
      name,
    );
}

/**
 * Mark a view (function or View class) exempt from CSRF checks (Django's csrf_exempt), e.g. a
 * webhook authenticated otherwise.
 */
export function csrfExempt<T>(view: T): T {
  return markView(view, 'csrfExempt', 'csrfExempt');
}

/** Give one view (function or View class) CSRF protection when CsrfViewMiddleware is not in the middleware (Django's csrf_protect). */
export const csrfProtect: <T>(view: T) => T = fromMiddleware(CsrfViewMiddleware, 'csrfProtect');

/** Make the CSRF token available to a view's templates without refusing anything (Django's requires_csrf_token). */
export const requiresCsrfToken: <T>(view: T) => T = fromMiddleware(RequiresCsrfTokenMiddleware, 'requiresCsrfToken');

/** Always send the CSRF cookie with this view's responses, even when its page has no form (Django's ensure_csrf_cookie). */
export const ensureCsrfCookie: <T>(view: T) => T = fromMiddleware(EnsureCsrfCookieMiddleware, 'ensureCsrfCookie');
