import type { HttpRequest } from '../http/request';
import type { HttpResponse } from '../http/response';
import type { NormalizedSettings } from '../conf/settings';
import type { Kwargs, MaybePromise, ViewFunction } from '../urls/types';

/** The next layer of the chain: the inner middleware, or at the centre, the view. */
export type GetResponse = (request: HttpRequest) => Promise<HttpResponse>;

/** The hooks Django calls around the view, each optional. */
export interface MiddlewareHooks {
  /** Before URL resolution; a response skips the inner layers and the view. */
  processRequest?(request: HttpRequest): MaybePromise<HttpResponse | void | undefined | null>;
  /** After URL resolution, before the view (outermost first); a response skips the view. */
  processView?(
    request: HttpRequest,
    view: ViewFunction,
    args: string[],
    kwargs: Kwargs,
  ): MaybePromise<HttpResponse | void | undefined | null>;
  /** When the view returned an unrendered TemplateResponse (innermost first); must return a response. */
  processTemplateResponse?(request: HttpRequest, response: HttpResponse): MaybePromise<HttpResponse>;
  /** When the view (or rendering) threw (innermost first); a response stops the search. */
  processException?(request: HttpRequest, error: unknown): MaybePromise<HttpResponse | void | undefined | null>;
  /** On the way out (innermost first); must return a response. */
  processResponse?(request: HttpRequest, response: HttpResponse): MaybePromise<HttpResponse>;
}

/**
 * Hook-style middleware (Django's MiddlewareMixin). Subclass it, define any of the hooks, and list
 * the class in `settings.middleware`. It is constructed once, at start-up; throw
 * MiddlewareNotUsed from the constructor to leave it out.
 */
export abstract class Middleware implements MiddlewareHooks {
  constructor(
    /** The next layer. */
    protected readonly getResponse: GetResponse,
    /** The app's settings. */
    protected readonly settings: NormalizedSettings,
  ) {
    if (typeof getResponse !== 'function') throw new TypeError('getResponse must be provided.');
  }

  processRequest?(request: HttpRequest): MaybePromise<HttpResponse | void | undefined | null>;
  processView?(request: HttpRequest, view: ViewFunction, args: string[], kwargs: Kwargs): MaybePromise<HttpResponse | void | undefined | null>;
  processTemplateResponse?(request: HttpRequest, response: HttpResponse): MaybePromise<HttpResponse>;
  processException?(request: HttpRequest, error: unknown): MaybePromise<HttpResponse | void | undefined | null>;
  processResponse?(request: HttpRequest, response: HttpResponse): MaybePromise<HttpResponse>;

  /** Run this layer: processRequest, else the inner layers; then processResponse. Override for full control. */
  call(request: HttpRequest): Promise<HttpResponse> {
    // Plain `.then` chains rather than `await`s: a hook that answers synchronously (most do) costs
    // no microtask turn, and the request crosses every layer twice.
    try {
      if (this.processRequest) {
        const early = this.processRequest(request);
        if (isThenable(early)) return Promise.resolve(early).then((response) => (response ? this.#respond(request, response) : this.#inner(request)));
        if (early) return this.#respond(request, early);
      }
      return this.#inner(request);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The inner layers, then processResponse. */
  #inner(request: HttpRequest): Promise<HttpResponse> {
    const response = this.getResponse(request);
    return this.processResponse ? response.then((r) => this.processResponse!(request, r)) : response;
  }

  /** processResponse on a response this layer made itself. */
  #respond(request: HttpRequest, response: HttpResponse): Promise<HttpResponse> {
    if (!this.processResponse) return Promise.resolve(response);
    try {
      return Promise.resolve(this.processResponse(request, response));
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

/** A middleware written as a function: given the next layer, returns this layer. */
export type MiddlewareFactory = (
  getResponse: GetResponse,
  settings: NormalizedSettings,
) => ((request: HttpRequest) => Promise<HttpResponse>) & MiddlewareHooks;

/** A Middleware subclass. */
export type MiddlewareClass = new (getResponse: GetResponse, settings: NormalizedSettings) => Middleware;

/** One entry of `settings.middleware`. */
export type MiddlewareEntry = MiddlewareClass | MiddlewareFactory;
