import type { Logger } from '../conf/settings';
import { ImproperlyConfigured } from '../http/exceptions';
import type { HttpRequest } from '../http/request';
import type { ContextProcessor } from './context-processors';
import type { TemplateEngine } from './engine';

/** The template set-up of one app: its engine and what every render adds to the context. */
export interface AppTemplates {
  readonly engine: TemplateEngine;
  /** `templates.contextProcessors`, or the defaults (debug, request, static). */
  readonly contextProcessors: readonly ContextProcessor[];
  readonly staticUrl: string;
  readonly debug: boolean;
  readonly logger: Logger;
}

const byConfig = new WeakMap<object, AppTemplates>();
let lastInstalled: AppTemplates | null = null;

/** Register an app's template set-up under its per-request config object (`request.config`). */
export function registerTemplates(config: object, templates: AppTemplates): void {
  byConfig.set(config, templates);
  lastInstalled = templates;
}

/**
 * The template set-up serving `request` (through `request.config`); without a request, or for a
 * request not made by an app, the app created last.
 */
export function templatesFor(request?: HttpRequest | null): AppTemplates {
  const found = (request && byConfig.get(request.config)) || lastInstalled;
  if (!found) throw new ImproperlyConfigured('No app has been created yet: call createApp(settings) before rendering templates.');
  return found;
}
