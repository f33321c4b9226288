import { NoReverseMatch } from './http/exceptions';
import type { HttpRequest } from './http/request';
import { HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect, type ResponseInit } from './http/response';
import type { Context } from './templates/engine';
import { renderToString } from './templates/loader-api';
import { reverse } from './urls/base';
import type { ViewFunction } from './urls/types';

/**
 * Render a template now and return an ordinary HttpResponse (Django's `render()`): context
 * processors run, but middleware can no longer change the context (use TemplateResponse for that).
 *
 * @example
 * ```ts
 * async function movieList(request: HttpRequest) {
 *   return render(request, 'movies/movie_list.pug', { movies: await repo.find() });
 * }
 * ```
 */
export async function render(
  request: HttpRequest,
  templateName: string | readonly string[],
  context: Context | null = null,
  init: ResponseInit = {},
): Promise<HttpResponse> {
  const content = await renderToString(templateName, context, { request });
  return new HttpResponse(content, init);
}

/** Something with a URL of its own, as a model with Django's `get_absolute_url()`. */
export interface HasAbsoluteUrl {
  getAbsoluteUrl(): string;
}

/** What redirect() and resolveUrl() accept. */
export type RedirectTarget = string | ViewFunction | HasAbsoluteUrl | { toString(): string };

/** Options of redirect(). */
export interface RedirectOptions {
  /** Positional parameters when `to` is a pattern name. */
  args?: unknown[];
  /** Keyword parameters when `to` is a pattern name. */
  kwargs?: Record<string, unknown>;
  /** 301 instead of 302 (308 instead of 307 with preserveRequest). */
  permanent?: boolean;
  /** Keep the method and body: 307/308 instead of 302/301. */
  preserveRequest?: boolean;
}

const OPTION_KEYS = new Set(['args', 'kwargs', 'permanent', 'preserveRequest']);

/**
 * The URL for `to` (Django's `resolve_url`): an object's `getAbsoluteUrl()`; a string starting
 * with `./` or `../` as is; else `reverse(to, { args, kwargs })`, and when nothing matches,
 * `to` itself if it looks like a URL (contains `/` or `.`), otherwise the NoReverseMatch.
 */
export function resolveUrl(to: RedirectTarget, options: Pick<RedirectOptions, 'args' | 'kwargs'> = {}): string {
  if (to !== null && typeof to === 'object' && typeof (to as HasAbsoluteUrl).getAbsoluteUrl === 'function') {
    return String((to as HasAbsoluteUrl).getAbsoluteUrl());
  }
  const target: string | ViewFunction = typeof to === 'function' ? (to as ViewFunction) : String(to);
  if (typeof target === 'string' && (target.startsWith('./') || target.startsWith('../'))) return target;
  try {
    return reverse(target, { args: options.args, kwargs: options.kwargs });
  } catch (error) {
    if (!(error instanceof NoReverseMatch)) throw error;
    if (typeof target === 'function') throw error;
    if (!target.includes('/') && !target.includes('.')) throw error;
    return target;
  }
}

function isOptions(value: unknown): value is RedirectOptions {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A redirect (302, or 301 with `permanent`; 307/308 with `preserveRequest`) to a URL, a
 * pattern name, a view function or an object with `getAbsoluteUrl()` (Django's `redirect()`).
 * Parameters go in `{ args, kwargs }`, or follow `to` directly as positional args.
 *
 * @example
 * ```ts
 * return redirect('movies:detail', { kwargs: { slug: movie.slug } });
 * return redirect('movies:detail', movie.slug);       // positional args
 * return redirect(movie, { permanent: true });         // movie.getAbsoluteUrl()
 * return redirect('/thanks/');
 * ```
 */
export function redirect(to: RedirectTarget, ...rest: unknown[]): HttpResponseRedirect | HttpResponsePermanentRedirect {
  let options: RedirectOptions = {};
  if (rest.length === 1 && isOptions(rest[0])) {
    options = rest[0];
    for (const key of Object.keys(options)) {
      if (!OPTION_KEYS.has(key)) {
        throw new TypeError(
          `redirect(): unknown option '${key}'. URL parameters go in { kwargs: { ${key}: … } } or { args: [ … ] }; the options are args, kwargs, permanent, preserveRequest.`,
        );
      }
    }
  } else if (rest.length > 0) {
    options = { args: rest };
  }
  const url = resolveUrl(to, options);
  const init = { preserveRequest: options.preserveRequest === true };
  return options.permanent ? new HttpResponsePermanentRedirect(url, init) : new HttpResponseRedirect(url, init);
}

/** `getObjectOr404` and `getListOr404` live with the data access code; they are shortcuts too, as in Django. */
export { getObjectOr404, getListOr404 } from './db/lookups';
