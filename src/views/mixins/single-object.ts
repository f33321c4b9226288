import type { EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { fetchOne, filterBy, isQueryBuilder, queryFor } from '../../db/lookups';
import { contextName, verboseName } from '../../db/names';
import { entityOfInstance, viewQueryset, type QuerysetSpec } from '../../db/queryset';
import { Http404, ImproperlyConfigured } from '../../http/exceptions';
import type { Context } from '../../templates/engine';
import type { MaybePromise } from '../../urls/types';
import type { Constructor } from './context';
import type { ContextView } from './multiple-object';

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * Adds Django's SingleObjectMixin: which row a URL names (`pkUrlKwarg`, `slugUrlKwarg`,
 * `slugField`, `queryPkAndSlug`), where it is looked for (`model`, `queryset`, `getQueryset()`),
 * and the context: `object` and `<model>` (or `contextObjectName`). A URL value that cannot
 * match (missing, not a number for an integer key, …) is a 404, never a wider query.
 *
 * @example
 * ```ts
 * class MovieDetail extends DetailView<Movie> {
 *   override model = Movie;
 *   override slugField = 'slug';
 * }
 * path('movies/<slug:slug>/', MovieDetail.asView())
 * ```
 */
export function SingleObjectMixin<TBase extends Constructor<ContextView>>(Base: TBase) {
  class SingleObjectMixinView extends Base {
    /** The entity looked up when `queryset` is not set. */
    model: EntityTarget<any> | null = null;
    /** Where to look: a query builder, or a function of the EntityManager returning one. */
    queryset: QuerysetSpec<any> | null = null;
    /** The column compared with the slug URL parameter. */
    slugField = 'slug';
    /** The name of the slug URL parameter. */
    slugUrlKwarg = 'slug';
    /** The name of the primary-key URL parameter. */
    pkUrlKwarg = 'pk';
    /** When true and both pk and slug are in the URL, both must match (by default the pk alone is used). */
    queryPkAndSlug = false;
    /** The context name of the object; default the model's camelCase name (`movieScreening`). */
    contextObjectName: string | null = null;
    /** The object of this request (set by `get()`). */
    object: any = null;

    /** Where the object is looked for: `queryset`, else `model`. May be async. */
    getQueryset(): MaybePromise<SelectQueryBuilder<any>> {
      const list = viewQueryset(this.constructor.name, this.model, this.queryset, this.request);
      if (!isQueryBuilder(list)) {
        throw new ImproperlyConfigured(`${this.constructor.name}.queryset must be a query builder to look one object up in, not an array.`);
      }
      return list;
    }

    /** The column compared with the slug; `slugField` by default. */
    getSlugField(): string {
      return this.slugField;
    }

    /**
     * The object the URL names, from `queryset` or `getQueryset()`: Http404 when none matches,
     * MultipleObjectsReturned when several do, an error when the URL has neither pk nor slug.
     */
    async getObject(queryset?: SelectQueryBuilder<any> | null): Promise<any> {
      const qb = queryset ? queryFor(queryset, this.request) : queryFor(await this.getQueryset(), this.request);
      const pk = this.kwargs[this.pkUrlKwarg];
      const slug = this.kwargs[this.slugUrlKwarg];
      const main = qb.expressionMap.mainAlias!;
      const name = main.hasMetadata ? verboseName(main.metadata.target as EntityTarget<ObjectLiteral>) : main.name;
      const notFound = () => new Http404(`No ${name} found matching the query`);
      let ok = true;
      if (present(pk)) {
        const primary = main.metadata.primaryColumns;
        if (primary.length !== 1) {
          throw new ImproperlyConfigured(`${this.constructor.name}: ${main.metadata.name} has a composite primary key; look it up by slug or override getObject().`);
        }
        ok = filterBy(qb, { [primary[0].propertyPath]: pk });
      }
      if (present(slug) && (!present(pk) || this.queryPkAndSlug)) {
        ok = filterBy(qb, { [this.getSlugField()]: slug }) && ok;
      }
      if (!present(pk) && !present(slug)) {
        throw new TypeError(`Generic detail view ${this.constructor.name} must be called with either an object pk or a slug in the URLconf.`);
      }
      if (!ok) throw notFound();
      return fetchOne(qb, notFound);
    }

    /** The context name of `obj`: `contextObjectName`, else the camelCase name of its entity, else null. */
    getContextObjectName(obj: unknown): string | null {
      if (this.contextObjectName) return this.contextObjectName;
      const entity = entityOfInstance(obj, this.request);
      return entity ? contextName(entity) : null;
    }

    /** `object` and its context name (when there is an object), then `kwargs`, then the base context. */
    override getContextData(kwargs: Context = {}): MaybePromise<Context> {
      const context: Context = {};
      if (this.object) {
        context.object = this.object;
        const name = this.getContextObjectName(this.object);
        if (name) context[name] = this.object;
      }
      Object.assign(context, kwargs);
      return super.getContextData(context);
    }
  }
  return SingleObjectMixinView;
}
