import type { HttpRequest } from '../http/request';
import type { Context } from './engine';
import { templatesFor } from './registry';

/**
 * A function whose result joins the context of every template rendered with a request
 * (TemplateResponse, render()). It runs per render; the view's own context wins over it.
 *
 * @example
 * ```ts
 * const siteName: ContextProcessor = () => ({ siteName: 'Cinema' });
 * createApp({ ..., templates: { dirs: [dir], contextProcessors: [...defaultContextProcessors, siteName] } });
 * ```
 */
export type ContextProcessor = (request: HttpRequest) => Context | Promise<Context>;

/** Adds `request` (Django's context_processors.request). */
export function requestContextProcessor(request: HttpRequest): Context {
  return { request };
}

/** Adds `debug`: the app's debug setting (Django's context_processors.debug). */
export function debugContextProcessor(request: HttpRequest): Context {
  return { debug: request.config.debug };
}

/** Adds `staticUrl`: the `staticUrl` setting (Django's context_processors.static). */
export function staticContextProcessor(request: HttpRequest): Context {
  return { staticUrl: templatesFor(request).staticUrl };
}

/** The processors used when `templates.contextProcessors` is not set: debug, request, static. */
export const defaultContextProcessors: readonly ContextProcessor[] = Object.freeze([
  debugContextProcessor,
  requestContextProcessor,
  staticContextProcessor,
]);

const builtins: ContextProcessor[] = [];

/**
 * Run `processor` for every template rendered with a request in every app, before the
 * configured ones, whatever `templates.contextProcessors` says (as Django does for CSRF). Meant
 * for contrib packages (csrf, messages); an app's own processors belong in its settings.
 */
export function registerBuiltinContextProcessor(processor: ContextProcessor): void {
  if (typeof processor !== 'function') throw new TypeError('registerBuiltinContextProcessor() takes a function (request) => object.');
  if (!builtins.includes(processor)) builtins.push(processor);
}

/** The processors registered with registerBuiltinContextProcessor, in order. */
export function builtinContextProcessors(): readonly ContextProcessor[] {
  return builtins;
}
