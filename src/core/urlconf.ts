import { ImproperlyConfigured } from '../http/exceptions';
import type { UrlPattern } from '../urls/patterns';
import { Resolver } from '../urls/resolver';

const compiled = new WeakMap<object, Resolver>();

/**
 * The compiled Resolver for a urlconf (an array of patterns), compiled once per array: the app's
 * `rootUrlconf`, or a `request.urlconf` set by a middleware. `setting` names it in error messages.
 */
export function resolverForUrlconf(urlconf: unknown, setting = 'request.urlconf'): Resolver {
  if (!Array.isArray(urlconf)) {
    throw new ImproperlyConfigured(`${setting} must be an array of URL patterns (path(), rePath(), include()).`);
  }
  let resolver = compiled.get(urlconf);
  if (!resolver) compiled.set(urlconf, (resolver = new Resolver(urlconf as UrlPattern[], setting)));
  return resolver;
}
