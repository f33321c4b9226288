import type { HttpRequest } from '../http/request';
import { reverse } from '../urls/base';
import type { ReverseOptions } from '../urls/resolver';
import { builtinContextProcessors, type ContextProcessor } from './context-processors';
import type { Context } from './engine';
import type { AppTemplates } from './registry';
import { markSafe } from './safe';

const URL_OPTIONS = new Set(['args', 'kwargs', 'query', 'fragment', 'currentApp']);

/**
 * The `url(name, { args?, kwargs?, query?, fragment? })` helper of templates: reverse() with the
 * current request's namespace as `currentApp`, so `url('polls:index')` picks the instance that
 * served the page.
 */
export function urlHelper(request: HttpRequest | null): (name: string, options?: ReverseOptions) => string {
  return function url(name, options = {}) {
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      throw new TypeError(`url('${name}', …): the second argument must be { args?, kwargs?, query?, fragment? }.`);
    }
    for (const key of Object.keys(options)) {
      if (!URL_OPTIONS.has(key)) {
        throw new TypeError(
          `url('${name}', …): unknown option '${key}'. Pass URL parameters as url('${name}', { kwargs: { ${key}: … } }) or { args: [ … ] }.`,
        );
      }
    }
    const currentApp = options.currentApp ?? (request?.resolverMatch?.namespace || undefined);
    return reverse(name, currentApp === undefined ? options : { ...options, currentApp });
  };
}

const UNSAFE_IN_PATH = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/gu;

/** The `static(path)` helper: `staticUrl` joined with the percent-encoded path (`static('css/site.css')`). */
export function staticHelper(staticUrl: string): (path: string) => string {
  return function staticPath(path) {
    return staticUrl + String(path).replace(/^\/+/, '').replace(UNSAFE_IN_PATH, (ch) => encodeURIComponent(ch));
  };
}

const staticHelpers = new WeakMap<AppTemplates, (path: string) => string>();

function merge(context: Context, processor: ContextProcessor, value: unknown): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(
      `The context processor ${processor.name || '(anonymous)'} returned ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}; it must return an object of template variables.`,
    );
  }
  Object.assign(context, value);
}

/**
 * The variables a template sees, lowest priority first: the helpers `url`, `static` and `safe`;
 * with a request, the built-in then the configured context processors; then `data` (the view's
 * context) over all of them.
 */
export async function makeContext(templates: AppTemplates, request: HttpRequest | null, data?: Context | null): Promise<Context> {
  const context: Context = Object.create(null);
  context.url = urlHelper(request);
  let helper = staticHelpers.get(templates);
  if (!helper) staticHelpers.set(templates, (helper = staticHelper(templates.staticUrl)));
  context.static = helper;
  context.safe = markSafe;
  if (request) {
    for (const list of [builtinContextProcessors(), templates.contextProcessors]) {
      for (const processor of list) {
        const value = processor(request);
        merge(context, processor, value instanceof Promise ? await value : value);
      }
    }
  }
  if (data !== null && data !== undefined) {
    if (typeof data !== 'object' || Array.isArray(data)) {
      throw new TypeError(`A template context must be an object of variables, got ${Array.isArray(data) ? 'an array' : typeof data}.`);
    }
    Object.assign(context, data);
  }
  return context;
}
