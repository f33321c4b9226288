import type { Kwargs, ViewFunction } from './types';

/** Options of `@route`. */
export interface RouteOptions {
  /** The name reverse() finds the route by. */
  name?: string;
  /** Extra keyword arguments passed to the view. */
  kwargs?: Kwargs;
  /** Arguments for `asView()`. */
  initkwargs?: Record<string, unknown>;
}

interface RouteRecord {
  route: string;
  name?: string;
  kwargs?: Kwargs;
  view(): ViewFunction;
}

const routes = new WeakMap<Function, RouteRecord[]>();

/** The routes `@route` attached to a class (outermost decorator first). */
export function routesOf(target: Function): RouteRecord[] | undefined {
  return routes.get(target);
}

type ViewClassLike = Function & { asView(initkwargs?: Record<string, unknown>): ViewFunction };

/**
 * Attach a route to a view class, to be mounted with `include([...classes])`. Works as a legacy
 * (`experimentalDecorators`) and as a standard decorator; needs no decorator metadata.
 */
export function route(routeString: string, options: RouteOptions = {}) {
  return function <C extends ViewClassLike>(target: C, _context?: unknown): void {
    if (typeof target !== 'function' || typeof target.asView !== 'function') {
      throw new TypeError(`@route('${routeString}') decorates a View class (one with asView()).`);
    }
    const list = routes.get(target) ?? [];
    // Decorators apply bottom-up; unshift keeps the written order.
    list.unshift({
      route: routeString,
      name: options.name,
      kwargs: options.kwargs,
      view: () => target.asView(options.initkwargs),
    });
    routes.set(target, list);
  };
}
