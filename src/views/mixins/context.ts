import type { Context } from '../../templates/engine';
import type { MaybePromise } from '../../urls/types';

/** Any class: what a class-mixin function extends. */
export type Constructor<T = object> = new (...args: any[]) => T;

/**
 * Adds Django's ContextMixin: `extraContext` and `getContextData(kwargs)`, which puts the view
 * itself under `view` (unless given) and merges `extraContext` over the result. Overrides build
 * their own object and call `super.getContextData`, so later keys win; they may be async, so
 * callers `await` the result.
 *
 * @example
 * ```ts
 * class Dashboard extends TemplateView {
 *   override templateName = 'dashboard.pug';
 *   override async getContextData(kwargs: Context = {}) {
 *     const context = await super.getContextData(kwargs);
 *     return { ...context, stats: await loadStats() };
 *   }
 * }
 * ```
 */
export function ContextMixin<TBase extends Constructor>(Base: TBase) {
  class ContextMixinView extends Base {
    /** Variables added to every context of this view (`asView({ extraContext: { title: 'About' } })`). */
    extraContext: Context | null = null;

    /** The template context: `kwargs`, `view`, then `extraContext`. */
    getContextData(kwargs: Context = {}): MaybePromise<Context> {
      const context: Context = { ...kwargs };
      if (!('view' in context)) context.view = this;
      if (this.extraContext !== null && this.extraContext !== undefined) Object.assign(context, this.extraContext);
      return context;
    }
  }
  return ContextMixinView;
}
