import type { HttpRequest } from '../http/request';
import { HttpResponse } from '../http/response';
import { methodNotAllowed } from './http-decorators';
import type { Kwargs, MaybePromise, ViewFunction } from '../urls/types';

/** The HTTP methods a view answers, lower-case (Django's http_method_names). */
export const HTTP_METHOD_NAMES = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'] as const;

type Handler = (request: HttpRequest) => MaybePromise<HttpResponse>;

/** A View subclass (the constructor side). */
export type ViewClass<V extends View = View> = (new () => V) & typeof View;

/**
 * The base of class-based views (Django's View). `asView()` returns a view function that makes a
 * fresh instance per request, copies the initkwargs onto it, calls `setup()` then `dispatch()`,
 * which calls the method named after the HTTP method (`get`, `post`, …).
 */
export class View {
  /** Methods this view may answer. */
  httpMethodNames: readonly string[] = HTTP_METHOD_NAMES;
  /** The current request (set by setup). */
  request!: HttpRequest;
  /** Positional URL parameters (rePath groups). */
  args: string[] = [];
  /** Keyword URL parameters, after converters. */
  kwargs: Kwargs = {};

  /** A view function for URL patterns; `initkwargs` must name existing attributes. */
  static asView<T extends typeof View>(this: T, initkwargs: Record<string, unknown> = {}): ViewFunction {
    const cls = this as unknown as new () => View;
    const probe = new cls();
    for (const key of Object.keys(initkwargs)) {
      if ((probe.httpMethodNames as readonly string[]).includes(key)) {
        throw new TypeError(`The method name ${key} is not accepted as a keyword argument to ${this.name}().`);
      }
      if (!(key in probe)) {
        throw new TypeError(
          `${this.name}() received an invalid keyword '${key}'. asView only accepts arguments that are already attributes of the class.`,
        );
      }
    }
    const keys = Object.keys(initkwargs);
    const view: ViewFunction = function (request: HttpRequest, kwargs: Kwargs, args?: string[]) {
      const self = new cls();
      for (let i = 0; i < keys.length; i++) (self as unknown as Record<string, unknown>)[keys[i]] = initkwargs[keys[i]];
      self.setup(request, kwargs, args ?? []);
      if (!self.request) {
        throw new TypeError(
          `${cls.name} instance has no 'request' attribute. Did you override setup() and forget to call super.setup()?`,
        );
      }
      return self.dispatch(request);
    };
    Object.defineProperty(view, 'name', { value: this.name });
    view.viewClass = this;
    view.viewInitkwargs = initkwargs;
    // Markers set on the class by decorators (csrfExempt, noAppendSlash …) carry over to the function.
    for (const marker of ['csrfExempt', 'noAppendSlash', 'loginNotRequired', 'xframeOptionsExempt']) {
      const value = (this as unknown as Record<string, unknown>)[marker];
      if (value !== undefined) (view as unknown as Record<string, unknown>)[marker] = value;
    }
    return view;
  }

  /** Keep the request and URL parameters on the instance; HEAD falls back to GET. */
  setup(request: HttpRequest, kwargs: Kwargs = {}, args: string[] = []): void {
    const self = this as unknown as Record<string, unknown>;
    if (typeof self.get === 'function' && typeof self.head !== 'function') self.head = self.get;
    this.request = request;
    this.kwargs = kwargs;
    this.args = args;
  }

  /** Call the handler for the request's method, or httpMethodNotAllowed. */
  dispatch(request: HttpRequest): MaybePromise<HttpResponse> {
    const method = request.method.toLowerCase();
    if (this.httpMethodNames.includes(method)) {
      const handler = (this as unknown as Record<string, unknown>)[method];
      if (typeof handler === 'function') return (handler as Handler).call(this, request);
    }
    return this.httpMethodNotAllowed(request);
  }

  /** 405 with `Allow` listing the methods this view answers (logged: "Method Not Allowed (PUT): /path"). */
  httpMethodNotAllowed(request: HttpRequest): HttpResponse {
    return methodNotAllowed(request, this.allowedMethods());
  }

  /** OPTIONS: 200 with `Allow` and an empty body. */
  options(_request: HttpRequest): MaybePromise<HttpResponse> {
    return new HttpResponse('', { headers: { Allow: this.allowedMethods().join(', '), 'Content-Length': '0' } });
  }

  /** Upper-case names of the methods this instance has handlers for. */
  allowedMethods(): string[] {
    const self = this as unknown as Record<string, unknown>;
    return this.httpMethodNames
      .filter((m) => typeof self[m] === 'function')
      .map((m) => m.toUpperCase());
  }
}
