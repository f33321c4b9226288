import type { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ImproperlyConfigured } from '../http/exceptions';
import { currentManager, databaseFor } from './context';
import { isQueryBuilder, queryFor } from './lookups';

/**
 * A view's `queryset`: a query builder (cloned per request), an array, or a function of the
 * EntityManager returning one. The function form is evaluated per request, inside the request's
 * transaction — a class field such as `queryset = (m) => m.getRepository(Movie).createQueryBuilder('movie')`
 * is the lazy equivalent of Django's class-level `queryset = Movie.objects.all()`.
 */
export type QuerysetSpec<T extends ObjectLiteral> =
  | SelectQueryBuilder<T>
  | readonly T[]
  | ((manager: EntityManager) => SelectQueryBuilder<T> | readonly T[]);

/** What a view's query set resolves to per request: a query builder or an array. */
export type ObjectList<T extends ObjectLiteral> = SelectQueryBuilder<T> | readonly T[];

/**
 * The query set of a view for this request (Django's get_queryset() without ordering): `queryset`
 * (a fresh clone, or the function's result), else a query builder on `model` aliased by the
 * model's camelCase name; ImproperlyConfigured when neither is set.
 */
export function viewQueryset<T extends ObjectLiteral>(
  viewName: string,
  model: EntityTarget<T> | null | undefined,
  queryset: QuerysetSpec<T> | null | undefined,
  request: { config?: unknown } | null | undefined,
): ObjectList<T> {
  if (queryset !== null && queryset !== undefined) {
    const value = typeof queryset === 'function' ? queryset(currentManager(request)) : queryset;
    if (isQueryBuilder(value)) return queryFor(value as SelectQueryBuilder<T>, request);
    if (Array.isArray(value)) return value as readonly T[];
    throw new ImproperlyConfigured(`${viewName}.queryset must be a query builder, an array, or a function of the EntityManager returning one.`);
  }
  if (model !== null && model !== undefined) return queryFor(model, request);
  throw new ImproperlyConfigured(
    `${viewName} is missing a QuerySet. Define ${viewName}.model, ${viewName}.queryset, or override ${viewName}.getQueryset().`,
  );
}

/** The entity class a query builder selects, or null (arrays and raw queries know none). */
export function modelOf(list: unknown): Function | null {
  if (!isQueryBuilder(list)) return null;
  const main = list.expressionMap.mainAlias;
  return main?.hasMetadata && typeof main.metadata.target === 'function' ? main.metadata.target : null;
}

/** The entity class of `object` when it is an instance of an entity of the request's DataSource, else null. */
export function entityOfInstance(object: unknown, request: { config?: unknown } | null | undefined): Function | null {
  if (typeof object !== 'object' || object === null) return null;
  const cls = (object as object).constructor;
  if (typeof cls !== 'function' || cls === Object) return null;
  const dataSource = databaseFor(request).dataSource;
  return dataSource?.hasMetadata(cls) ? cls : null;
}
