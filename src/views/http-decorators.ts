import { settingsFor } from '../contrib/conf';
import { decorateView, wrapViewFunction } from '../contrib/view-decorators';
import { logResponse } from '../core/log-response';
import type { HttpRequest } from '../http/request';
import { HttpResponseNotAllowed } from '../http/response';

/** The 405 for a method a view does not answer, logged as Django logs it ("Method Not Allowed (PUT): /path"). */
export function methodNotAllowed(request: HttpRequest, permitted: readonly string[]): HttpResponseNotAllowed {
  const response = new HttpResponseNotAllowed([...permitted]);
  logResponse(settingsFor(request).logger, `Method Not Allowed (${request.method}): ${request.path}`, response);
  return response;
}

/**
 * Let only the listed HTTP methods through to a view function or View class (Django's
 * require_http_methods): any other gets a 405 with `Allow`.
 *
 * @example
 * ```ts
 * path('vote/', requireHttpMethods(['GET', 'POST'])(vote))
 * ```
 */
export function requireHttpMethods(methods: readonly string[]): <T>(view: T) => T {
  const allowed = methods.map((m) => m.toUpperCase());
  return (view) =>
    decorateView(
      view,
      (fn) =>
        wrapViewFunction(fn, async (request, kwargs, args) => {
          if (!allowed.includes(request.method)) return methodNotAllowed(request, allowed);
          return fn(request, kwargs, args);
        }),
      'requireHttpMethods',
    );
}

/** Only GET (Django's require_GET). */
export const requireGET: <T>(view: T) => T = requireHttpMethods(['GET']);
/** Only POST (Django's require_POST). */
export const requirePOST: <T>(view: T) => T = requireHttpMethods(['POST']);
/** Only GET and HEAD, the methods that change nothing (Django's require_safe). */
export const requireSafe: <T>(view: T) => T = requireHttpMethods(['GET', 'HEAD']);
