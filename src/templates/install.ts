import type { AppRegistry } from '../conf/apps';
import type { NormalizedSettings } from '../conf/settings';
import { ImproperlyConfigured } from '../http/exceptions';
import { defaultContextProcessors, type ContextProcessor } from './context-processors';
import { templateSearchPath } from './loader';
import { PugEngine } from './pug-engine';
import { registerTemplates, type AppTemplates } from './registry';

const TEMPLATE_KEYS = ['dirs', 'contextProcessors', 'cache'];

/**
 * Check `settings.templates`, build the app's engine (a missing folder fails here, naming the
 * setting), and register it under the app's per-request config so that a TemplateResponse finds
 * it from `request.config`. Called once by createApp.
 */
export function installTemplates(config: object, settings: NormalizedSettings, apps: AppRegistry): AppTemplates {
  const options = settings.templates ?? {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ImproperlyConfigured('templates must be an object: { dirs?: string[], contextProcessors?: [...], cache?: boolean }.');
  }
  for (const key of Object.keys(options)) {
    if (!TEMPLATE_KEYS.includes(key)) {
      const hint = TEMPLATE_KEYS.find((k) => k.toLowerCase().startsWith(key.toLowerCase().slice(0, 3)));
      throw new ImproperlyConfigured(`Unknown setting 'templates.${key}'.${hint ? ` Did you mean 'templates.${hint}'?` : ''}`);
    }
  }
  const dirs = options.dirs ?? [];
  if (!Array.isArray(dirs)) throw new ImproperlyConfigured("templates.dirs must be an array of folders, e.g. [join(__dirname, 'templates')].");
  const processors = options.contextProcessors ?? defaultContextProcessors;
  if (!Array.isArray(processors) || processors.some((p) => typeof p !== 'function')) {
    throw new ImproperlyConfigured('templates.contextProcessors must be an array of functions (request) => object.');
  }
  const cache = options.cache ?? !settings.debug;
  if (typeof cache !== 'boolean') throw new ImproperlyConfigured(`templates.cache must be true or false (got ${JSON.stringify(cache)}).`);
  const engine = new PugEngine({ dirs: templateSearchPath(dirs, apps.apps), cache, debug: settings.debug });
  const templates: AppTemplates = Object.freeze({
    engine,
    contextProcessors: Object.freeze([...processors]) as readonly ContextProcessor[],
    staticUrl: settings.staticUrl,
    debug: settings.debug,
    logger: settings.logger,
  });
  registerTemplates(config, templates);
  return templates;
}

