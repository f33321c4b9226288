import { encodeQuery } from '../http/querydict';
import { currentUrlContext } from './context';
import type { ReverseOptions } from './resolver';
import type { ResolverMatch } from './resolver-match';
import type { ViewFunction } from './types';

/**
 * The URL of a named pattern (`'movies:detail'`) or view function, with the mount prefix of the
 * current request's app. Throws NoReverseMatch.
 */
export function reverse(viewName: string | ViewFunction, options: ReverseOptions = {}): string {
  const { resolver, prefix } = currentUrlContext();
  let url = prefix + resolver.reverse(viewName, options);
  if (options.query !== undefined) {
    const query = encodeQuery(options.query);
    if (query) url += `?${query}`;
  }
  if (options.fragment !== undefined) url += `#${options.fragment}`;
  return url;
}

/** A lazily evaluated reverse(), for class attributes such as `successUrl`; `String(lazy)` resolves it. */
export function reverseLazy(viewName: string, options: ReverseOptions = {}): { toString(): string } {
  return { toString: () => reverse(viewName, options) };
}

/** Resolve a path (below the mount prefix) against the current urlconf; throws Resolver404. */
export function resolve(path: string): ResolverMatch {
  return currentUrlContext().resolver.resolve(path);
}
