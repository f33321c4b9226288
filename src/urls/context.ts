import { AsyncLocalStorage } from 'node:async_hooks';
import { ImproperlyConfigured } from '../http/exceptions';
import type { Resolver } from './resolver';

/** The urlconf and mount prefix that reverse() and resolve() use. */
export interface UrlContext {
  readonly resolver: Resolver;
  /** The mount prefix, '' at the root. */
  readonly prefix: string;
}

const storage = new AsyncLocalStorage<UrlContext>();
let lastCreated: UrlContext | null = null;

/** Record the resolver of an app just created: outside a request, reverse() uses the app created last. */
export function registerAppResolver(resolver: Resolver): void {
  lastCreated = { resolver, prefix: '' };
}

/**
 * Whether a request under `prefix` needs its own context: not when it would see exactly what the
 * fallback gives (the app created last, served at the root). Skipping it keeps AsyncLocalStorage off the hot path.
 */
export function needsUrlContext(resolver: Resolver, prefix: string): boolean {
  return prefix !== '' || lastCreated?.resolver !== resolver;
}

/** Run `fn` with `context` as the current urlconf and prefix. */
export function runWithUrlContext<T>(context: UrlContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The current urlconf and prefix: the request's, else the app created last at the root. */
export function currentUrlContext(): UrlContext {
  const context = storage.getStore() ?? lastCreated;
  if (!context) {
    throw new ImproperlyConfigured('No app has been created yet: call createApp(settings) before reverse() or resolve().');
  }
  return context;
}
