import type { HttpRequest } from '../http/request';
import type { HttpResponse } from '../http/response';
import type { Kwargs, ViewFunction } from '../urls/types';

/** Properties a view function carries that a wrapper must keep. */
const CARRIED = ['viewClass', 'viewInitkwargs', 'csrfExempt', 'noAppendSlash', 'loginNotRequired', 'xframeOptionsExempt'] as const;

/** Whether `view` is a View class (has a static asView). */
export function isViewClass(view: unknown): view is Function & { asView(initkwargs?: Record<string, unknown>): ViewFunction } {
  return typeof view === 'function' && typeof (view as { asView?: unknown }).asView === 'function';
}

/** A wrapper around a view function that keeps its name and markers. */
export function wrapViewFunction(
  view: ViewFunction,
  wrapper: (request: HttpRequest, kwargs: Kwargs, args?: string[]) => Promise<HttpResponse>,
): ViewFunction {
  const wrapped = wrapper as ViewFunction;
  Object.defineProperty(wrapped, 'name', { value: view.name });
  for (const key of CARRIED) {
    const value = (view as unknown as Record<string, unknown>)[key];
    if (value !== undefined) (wrapped as unknown as Record<string, unknown>)[key] = value;
  }
  return wrapped;
}

/**
 * Apply a view-function decorator to a function view, or to a View class (Django's
 * method_decorator on dispatch): the class gets a subclass whose `asView()` returns the decorated
 * function, so `@decorator class X extends View {}` and `decorator(X)` both work.
 */
export function decorateView<T>(view: T, decorate: (fn: ViewFunction) => ViewFunction, decoratorName: string): T {
  if (isViewClass(view)) {
    const Base = view as unknown as { new (): unknown; asView(initkwargs?: Record<string, unknown>): ViewFunction; name: string };
    const Decorated = class extends (Base as unknown as new () => object) {
      static asView(initkwargs?: Record<string, unknown>): ViewFunction {
        return decorate((Base.asView as (this: unknown, i?: Record<string, unknown>) => ViewFunction).call(this, initkwargs));
      }
    };
    Object.defineProperty(Decorated, 'name', { value: Base.name });
    return Decorated as unknown as T;
  }
  if (typeof view !== 'function') throw new TypeError(`${decoratorName}() takes a view function or a View class, got ${view === null ? 'null' : typeof view}.`);
  return decorate(view as unknown as ViewFunction) as unknown as T;
}

/**
 * A copy of a view function or View class carrying `marker` (asView copies class markers to the
 * function it returns). The original is left unchanged, so the same view can be used marked
 * and unmarked.
 */
export function markView<T>(view: T, marker: string, decoratorName: string): T {
  if (isViewClass(view)) {
    const Base = view as unknown as new () => object;
    const Marked = class extends Base {};
    Object.defineProperty(Marked, 'name', { value: (view as unknown as Function).name });
    (Marked as unknown as Record<string, unknown>)[marker] = true;
    return Marked as unknown as T;
  }
  if (typeof view !== 'function') throw new TypeError(`${decoratorName}() takes a view function or a View class, got ${view === null ? 'null' : typeof view}.`);
  const fn = view as unknown as ViewFunction;
  const wrapped = wrapViewFunction(fn, async (request, kwargs, args) => fn(request, kwargs, args));
  (wrapped as unknown as Record<string, unknown>)[marker] = true;
  return wrapped as unknown as T;
}
