import { ImproperlyConfigured, MiddlewareNotUsed } from '../http/exceptions';
import type { HttpRequest } from '../http/request';
import type { HttpResponse } from '../http/response';
import type { NormalizedSettings } from '../conf/settings';
import { Middleware, type GetResponse, type MiddlewareEntry, type MiddlewareHooks } from './middleware';

type Hook<K extends keyof MiddlewareHooks> = NonNullable<MiddlewareHooks[K]>;

/** The hooks collected from every middleware, in the order Django runs them. */
export interface CollectedHooks {
  /** Outermost first. */
  view: Hook<'processView'>[];
  /** Innermost first. */
  templateResponse: { name: string; hook: Hook<'processTemplateResponse'> }[];
  /** Innermost first. */
  exception: Hook<'processException'>[];
}

function isClass(entry: Function): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(entry));
}

function entryName(entry: unknown): string {
  return typeof entry === 'function' ? entry.name || 'anonymous' : entry === null ? 'null' : typeof entry;
}

/** The error for a middleware layer that returned something that is not a response. */
export function notAResponse(where: string, response: unknown): TypeError {
  const got = response === undefined ? 'undefined' : response === null ? 'null' : typeof response;
  return new TypeError(`${where} didn't return an HttpResponse object. It returned ${got} instead (check that processResponse returns the response).`);
}

/**
 * Compose the middleware list around the innermost handler, once, at start-up (Django's
 * load_middleware): each layer is wrapped so that an exception becomes a response there.
 */
export function buildChain(
  entries: readonly MiddlewareEntry[],
  settings: NormalizedSettings,
  innermost: (hooks: CollectedHooks) => GetResponse,
  /** Wraps a layer so an exception becomes a response there; `where` names a middleware layer, whose result it checks. */
  convert: (inner: GetResponse, where?: string) => GetResponse,
): GetResponse {
  const hooks: CollectedHooks = { view: [], templateResponse: [], exception: [] };
  let handler = convert(innermost(hooks));
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i];
    const where = `middleware[${i}] (${entryName(entry)})`;
    if (typeof entry !== 'function') {
      const got = typeof entry === 'string' ? ` (the string '${entry}': import the middleware and list it, not its name)` : ` (${entryName(entry)})`;
      throw new ImproperlyConfigured(
        `middleware[${i}] is not a middleware${got}: list Middleware subclasses, (getResponse) => (request) => response factories, or fromExpress(...) wrappers.`,
      );
    }
    let layer: ((request: HttpRequest) => Promise<HttpResponse>) & MiddlewareHooks;
    let instance: MiddlewareHooks;
    try {
      if (entry.prototype instanceof Middleware) {
        const object = new (entry as new (g: GetResponse, s: NormalizedSettings) => Middleware)(handler, settings);
        instance = object;
        layer = object.call.bind(object) as typeof layer;
      } else if (isClass(entry)) {
        throw new ImproperlyConfigured(`${where} is a class that does not extend Middleware. Extend Middleware, or write a factory function.`);
      } else {
        const made = (entry as (g: GetResponse, s: NormalizedSettings) => typeof layer)(handler, settings);
        if (typeof made !== 'function') {
          throw new ImproperlyConfigured(`${where}: the middleware factory returned ${made === null ? 'null' : typeof made}; it must return a (request) => Promise<HttpResponse> function.`);
        }
        instance = made;
        layer = made;
      }
    } catch (error) {
      if (error instanceof MiddlewareNotUsed) {
        if (settings.debug) settings.logger.debug?.(`MiddlewareNotUsed(${entryName(entry)})${error.message ? `: ${error.message}` : ''}`);
        continue;
      }
      throw error;
    }
    if (instance.processView) hooks.view.unshift(instance.processView.bind(instance));
    if (instance.processTemplateResponse) {
      hooks.templateResponse.push({ name: entryName(entry), hook: instance.processTemplateResponse.bind(instance) });
    }
    if (instance.processException) hooks.exception.push(instance.processException.bind(instance));
    handler = convert(layer, where);
  }
  return handler;
}
