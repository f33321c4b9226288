import type { Kwargs, ViewFunction } from './types';
import { routesOf } from './route-decorator';

/** Options of `path()` and `rePath()`. */
export interface PathOptions {
  /** The name reverse() finds this pattern by. */
  name?: string;
  /** Extra keyword arguments passed to the view (override captured ones). */
  kwargs?: Kwargs;
}

/** Options of `include()`. */
export interface IncludeOptions {
  /** The instance namespace: names inside are reversed as `namespace:name`. */
  namespace?: string;
  /** The application namespace; defaults to the namespace (and the namespace defaults to it). */
  appName?: string;
}

/** What `include()` returns: patterns to mount under a prefix. */
export class Included {
  constructor(
    readonly patterns: UrlPattern[],
    readonly appName: string | null,
    readonly namespace: string | null,
  ) {}
}

/** How a level of a pattern is written: Django route syntax or a regular expression. */
export interface PatternSyntax {
  readonly kind: 'route' | 'regex';
  readonly source: string;
}

/** An endpoint: a pattern and the view it leads to (Django's URLPattern). */
export class UrlEndpoint {
  readonly kind = 'endpoint';
  constructor(
    readonly syntax: PatternSyntax,
    readonly callback: ViewFunction,
    readonly defaultArgs: Kwargs,
    readonly name: string | null,
  ) {}

  toString(): string {
    return `<URLPattern '${this.syntax.source}'${this.name ? ` [name='${this.name}']` : ''}>`;
  }
}

/** A prefix under which other patterns are mounted (Django's URLResolver). */
export class UrlInclude {
  readonly kind = 'include';
  constructor(
    readonly syntax: PatternSyntax,
    readonly patterns: UrlPattern[],
    readonly defaultKwargs: Kwargs,
    readonly appName: string | null,
    readonly namespace: string | null,
  ) {}

  toString(): string {
    return `<URLResolver '${this.syntax.source}'${this.namespace ? ` (${this.appName}:${this.namespace})` : ''}>`;
  }
}

/** One entry of a urlconf. */
export type UrlPattern = UrlEndpoint | UrlInclude;

function isViewClass(view: unknown): view is { name: string; asView: unknown } {
  return typeof view === 'function' && typeof (view as { asView?: unknown }).asView === 'function';
}

function makePattern(syntax: PatternSyntax, view: unknown, options: PathOptions = {}): UrlPattern {
  if (typeof syntax.source !== 'string') {
    throw new TypeError(`${syntax.kind === 'route' ? 'path' : 'rePath'}() needs a string pattern, got ${typeof syntax.source}.`);
  }
  const kwargs = options.kwargs ?? {};
  if (kwargs === null || typeof kwargs !== 'object' || Array.isArray(kwargs)) {
    throw new TypeError(`kwargs argument must be an object, but got ${Array.isArray(kwargs) ? 'array' : typeof kwargs}.`);
  }
  // A plain list of patterns is include(list): DESIGN.md's `path(route, UrlPattern[])`.
  if (Array.isArray(view)) view = include(view as UrlPattern[]);
  if (view instanceof Included) {
    return new UrlInclude(syntax, view.patterns, kwargs, view.appName, view.namespace);
  }
  if (isViewClass(view)) {
    throw new TypeError(`view must be a callable, pass ${view.name}.asView(), not ${view.name}.`);
  }
  if (typeof view !== 'function') {
    throw new TypeError(
      `view must be a view function or the result of include(), not ${view === null ? 'null' : typeof view}.`,
    );
  }
  return new UrlEndpoint(syntax, view as ViewFunction, kwargs, options.name ?? null);
}

/**
 * A URL pattern in Django's route syntax: `'articles/<int:year>/<slug:slug>/'`, no leading slash.
 * `view` is a view function (`MyView.asView()`), `include(...)`, or a list of patterns (included
 * without a namespace).
 */
export function path(route: string, view: ViewFunction | Included | UrlPattern[], options?: PathOptions): UrlPattern {
  return makePattern({ kind: 'route', source: route }, view, options);
}

/**
 * A URL pattern as a regular expression (Python's `(?P<name>…)` groups are accepted). Named groups
 * become kwargs (strings); without named groups, unnamed ones become positional args.
 */
export function rePath(regex: string, view: ViewFunction | Included | UrlPattern[], options?: PathOptions): UrlPattern {
  return makePattern({ kind: 'regex', source: regex }, view, options);
}

/**
 * Mount patterns under a prefix: a list of patterns and/or classes decorated with `@route`.
 * With a namespace, the names inside are reversed as `namespace:name`.
 */
export function include(patterns: Array<UrlPattern | Function> | Included, options: IncludeOptions = {}): Included {
  if (patterns instanceof Included) {
    const appName = options.appName ?? patterns.appName;
    return new Included(patterns.patterns, appName, options.namespace ?? patterns.namespace ?? appName);
  }
  if (!Array.isArray(patterns)) {
    throw new TypeError('include() takes a list of URL patterns or @route-decorated view classes.');
  }
  const flat: UrlPattern[] = [];
  for (const entry of patterns) {
    if (entry instanceof UrlEndpoint || entry instanceof UrlInclude) {
      flat.push(entry);
      continue;
    }
    const routes = typeof entry === 'function' ? routesOf(entry) : undefined;
    if (!routes || routes.length === 0) {
      const label = typeof entry === 'function' ? entry.name : String(entry);
      throw new TypeError(
        `include() got ${label}, which is neither a URL pattern nor a class decorated with @route(...).`,
      );
    }
    for (const r of routes) flat.push(path(r.route, r.view(), { name: r.name, kwargs: r.kwargs }));
  }
  // As Django: the application namespace defaults to the instance namespace and vice versa, so
  // include(patterns, { appName: 'polls' }) is reversed as 'polls:…'.
  const appName = options.appName ?? options.namespace ?? null;
  return new Included(flat, appName, options.namespace ?? appName);
}
