import type { HttpRequest } from '../http/request';
import type { HttpResponse } from '../http/response';

/** A value or a promise of it. */
export type MaybePromise<T> = T | Promise<T>;

/** URL keyword parameters (after converters) merged with a pattern's extra kwargs. */
export type Kwargs = Record<string, any>;

/**
 * A view: takes the request and the URL's keyword parameters (positional ones, from rePath groups,
 * come third) and returns a response.
 */
export interface ViewFunction {
  (request: HttpRequest, kwargs: Kwargs, args?: string[]): MaybePromise<HttpResponse>;
  /** The class whose `asView()` made this function. */
  viewClass?: { name: string } & Function;
  /** The initkwargs given to `asView()`. */
  viewInitkwargs?: Record<string, unknown>;
  /** Set by `csrfExempt()`. */
  csrfExempt?: boolean;
  /** Set by `noAppendSlash()`: CommonMiddleware never redirects to this view with a slash added. */
  noAppendSlash?: boolean;
  /** Set by `loginNotRequired()`. */
  loginNotRequired?: boolean;
  /** Set by `xframeOptionsExempt()`. */
  xframeOptionsExempt?: boolean;
}
