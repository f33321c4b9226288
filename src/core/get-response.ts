import { HttpResponse } from '../http/response';
import type { HttpRequest } from '../http/request';
import type { Resolver } from '../urls/resolver';
import { runWithUrlContext } from '../urls/context';
import type { ViewFunction } from '../urls/types';
import type { CollectedHooks } from './chain';
import type { GetResponse } from './middleware';

/** What the centre of the chain needs. */
export interface ViewRunnerOptions {
  /** The app's compiled urlconf. */
  resolver: Resolver;
  /** The resolver for a request that set `request.urlconf`. */
  resolverFor(urlconf: unknown): Resolver;
  /** Wraps the view call, e.g. in a database transaction (atomicRequests). */
  wrapView?(request: HttpRequest, call: () => Promise<HttpResponse>): Promise<HttpResponse>;
}

function viewName(view: ViewFunction): string {
  return view.viewClass?.name ?? (view.name || 'anonymous view');
}

function checkResponse(response: unknown, what: string): asserts response is HttpResponse {
  if (response instanceof HttpResponse) return;
  const got = response === undefined ? 'undefined' : response === null ? 'null' : `${typeof response} (${Object.prototype.toString.call(response)})`;
  throw new TypeError(`${what} didn't return an HttpResponse object. It returned ${got} instead.`);
}

function isUnrendered(response: HttpResponse): response is HttpResponse & { render(): Promise<HttpResponse> } {
  const r = response as HttpResponse & { render?: unknown; isRendered?: boolean };
  return typeof r.render === 'function' && r.isRendered === false;
}

/**
 * The centre of the chain (Django's _get_response): resolve the URL, read the body, run the
 * processView hooks, call the view, run processException on failure, then processTemplateResponse
 * and rendering.
 */
export function viewRunner(options: ViewRunnerOptions): (hooks: CollectedHooks) => GetResponse {
  return (hooks) => {
    const processException = async (request: HttpRequest, error: unknown): Promise<HttpResponse> => {
      for (const hook of hooks.exception) {
        const response = await hook(request, error);
        if (response) return response;
      }
      throw error;
    };

    const respond = async (request: HttpRequest, resolver: Resolver): Promise<HttpResponse> => {
      const match = resolver.resolve(request.pathInfo);
      request.resolverMatch = match;
      const { func: view, args, kwargs } = match;
      const loading = request.loadBody();
      if (loading) await loading;

      let response: HttpResponse | void | undefined | null;
      for (const hook of hooks.view) {
        response = await hook(request, view, args, kwargs);
        if (response) {
          checkResponse(response, 'A processView hook');
          break;
        }
      }
      if (!response) {
        try {
          response = options.wrapView
            ? await options.wrapView(request, async () => view(request, kwargs, args))
            : await view(request, kwargs, args);
        } catch (error) {
          response = await processException(request, error);
        }
        checkResponse(response, `The view ${viewName(view)}`);
      }
      if (isUnrendered(response)) {
        for (const { name, hook } of hooks.templateResponse) {
          response = await hook(request, response);
          checkResponse(response, `${name}.processTemplateResponse`);
        }
        if (isUnrendered(response)) {
          try {
            response = await response.render();
          } catch (error) {
            response = await processException(request, error);
            if (isUnrendered(response)) response = await response.render();
          }
        }
      }
      return response;
    };

    return function getResponse(request: HttpRequest): Promise<HttpResponse> {
      if (!request.urlconf) return respond(request, options.resolver);
      // A middleware switched this request's urlconf: reverse() and resolve() follow it, as in Django.
      const resolver = options.resolverFor(request.urlconf);
      return runWithUrlContext({ resolver, prefix: request.scriptPrefix }, () => respond(request, resolver));
    };
  };
}
