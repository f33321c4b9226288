import type { EntityTarget, ObjectLiteral, QueryRunner, SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { Http404, ImproperlyConfigured } from '../http/exceptions';
import { currentManager, currentScope } from './context';
import { MultipleObjectsReturned } from './errors';
import { contextName, objectName } from './names';
import { resolveField } from './ordering';
import { lookupValue, NO_MATCH } from './values';

/** What the lookup helpers accept: an entity class (its repository) or a query builder (the "queryset"). */
export type QuerySource<T extends ObjectLiteral> = EntityTarget<T> | SelectQueryBuilder<T>;

/**
 * Equality conditions: `{ id: 3 }`, `{ slug: 'alien' }`, `{ 'director.name': 'Ridley Scott' }` or
 * `{ director: { id: 4 } }` (many-to-one relations are joined). `null` means IS NULL. For other
 * conditions, pass a query builder that has them.
 */
export type Lookup = Record<string, unknown>;

/** Whether `value` is a SelectQueryBuilder (checked by shape, so two copies of TypeORM still work). */
export function isQueryBuilder(value: unknown): value is SelectQueryBuilder<ObjectLiteral> {
  return typeof value === 'object' && value !== null && typeof (value as SelectQueryBuilder<ObjectLiteral>).getMany === 'function'
    && typeof (value as SelectQueryBuilder<ObjectLiteral>).clone === 'function' && 'expressionMap' in value;
}

/**
 * A fresh query builder for `source`: a clone of a given query builder, or
 * `manager.getRepository(entity).createQueryBuilder(alias)` with the entity's camelCase name as
 * alias (`MovieScreening` → `movieScreening`). Inside a transaction (`atomic()`, `atomicRequests`)
 * it runs on the transaction's connection.
 */
export function queryFor<T extends ObjectLiteral>(source: QuerySource<T>, request?: { config?: unknown } | null): SelectQueryBuilder<T> {
  if (isQueryBuilder(source)) {
    const qb = (source as SelectQueryBuilder<T>).clone();
    const scope = currentScope();
    const runner = scope?.manager?.queryRunner as QueryRunner | undefined;
    const own = (qb as unknown as { queryRunner?: QueryRunner }).queryRunner;
    if (runner && !own && qb.dataSource === runner.dataSource && !runner.isReleased) qb.setQueryRunner(runner);
    return qb;
  }
  if (source === null || source === undefined) {
    throw new ImproperlyConfigured('Expected an entity class or a query builder, got nothing.');
  }
  return currentManager(request).getRepository(source as EntityTarget<T>).createQueryBuilder(contextName(source as EntityTarget<T>));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function flatten(where: Lookup, prefix = '', out: Array<[string, unknown]> = []): Array<[string, unknown]> {
  for (const key of Object.keys(where)) {
    const value = where[key];
    const path = prefix + key;
    if (isPlainObject(value)) flatten(value, `${path}.`, out);
    else out.push([path, value]);
  }
  return out;
}

/**
 * Add equality conditions to `qb` (AND). Every field is checked against the entity's columns and
 * every value converted for its column; returns false when some value can match no row
 * (undefined, NaN, `'abc'` for an integer column, …): the caller must then find nothing, never
 * drop the condition.
 */
export function filterBy<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, where: Lookup): boolean {
  if (!isPlainObject(where)) {
    throw new ImproperlyConfigured(`A lookup must be an object such as { id: 3 } or { slug: 'alien' } (got ${Array.isArray(where) ? 'an array' : typeof where}).`);
  }
  let ok = true;
  const taken = qb.expressionMap.parameters;
  let n = Object.keys(taken).length;
  for (const [field, raw] of flatten(where)) {
    if (typeof raw === 'object' && raw !== null && !(raw instanceof Date) && !Buffer.isBuffer(raw)) {
      throw new ImproperlyConfigured(
        `Lookup '${field}': only plain values are compared for equality here. Put other conditions on a query builder and pass that.`,
      );
    }
    const { column, target } = lookupTarget(qb, field);
    const value = lookupValue(column, raw, qb.dataSource);
    if (value === NO_MATCH) {
      ok = false;
      continue;
    }
    if (value === null) {
      qb.andWhere(`${target} IS NULL`);
      continue;
    }
    let name = `egv_lookup_${n++}`;
    while (name in taken) name = `egv_lookup_${n++}`;
    qb.andWhere(`${target} = :${name}`, { [name]: value });
  }
  return ok;
}

/**
 * The column a lookup compares: a column of the entity or of a joined relation, or — for a
 * many-to-one / owning one-to-one relation given a plain value (`{ author: 5 }`, `{ author: null }`) —
 * its foreign-key column.
 */
function lookupTarget<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, field: string): { column: ColumnMetadata; target: string } {
  const main = qb.expressionMap.mainAlias;
  const relation = main?.hasMetadata ? main.metadata.findRelationWithPropertyPath(field) : undefined;
  if (main && relation && relation.joinColumns.length === 1) {
    const fk = relation.joinColumns[0];
    return { column: fk, target: `${qb.escape(main.name)}.${qb.escape(fk.databaseName)}` };
  }
  const { alias, column } = resolveField(qb, field);
  return { column, target: `${alias}.${column.propertyPath}` };
}

function entityName(qb: SelectQueryBuilder<ObjectLiteral>): string {
  const main = qb.expressionMap.mainAlias;
  return main?.hasMetadata ? main.metadata.name : main?.name ?? 'object';
}

/**
 * The one row matching `where` (Django's get_object_or_404): Http404 when there is none, or
 * when a value cannot match (a missing or malformed URL value is never dropped from the query);
 * MultipleObjectsReturned when there are several.
 *
 * @example
 * ```ts
 * const movie = await getObjectOr404(Movie, { slug: kwargs.slug });
 * const mine = await getObjectOr404(repo.createQueryBuilder('m').where('m.ownerId = :u', { u }), { id: kwargs.pk });
 * ```
 */
export async function getObjectOr404<T extends ObjectLiteral>(source: QuerySource<T>, where: Lookup = {}, request?: { config?: unknown } | null): Promise<T> {
  const qb = queryFor(source, request);
  const name = isQueryBuilder(source) ? entityName(qb) : objectName(source as EntityTarget<T>);
  if (!filterBy(qb, where)) throw new Http404(`No ${name} matches the given query.`);
  return fetchOne(qb, () => new Http404(`No ${name} matches the given query.`), name);
}

/** The single row of `qb`; `missing()` when none, MultipleObjectsReturned when several. */
export async function fetchOne<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, missing: () => Error, name = entityName(qb)): Promise<T> {
  const rows = await qb.take(2).getMany();
  if (rows.length === 0) throw missing();
  if (rows.length > 1) {
    throw new MultipleObjectsReturned(`get() returned more than one ${name}: the lookup must match one row (use a unique field such as the primary key).`);
  }
  return rows[0];
}

/**
 * The rows matching `where` (Django's get_list_or_404): Http404 when there are none.
 *
 * @example
 * ```ts
 * const screenings = await getListOr404(Screening, { 'movie.slug': kwargs.slug });
 * ```
 */
export async function getListOr404<T extends ObjectLiteral>(source: QuerySource<T>, where: Lookup = {}, request?: { config?: unknown } | null): Promise<T[]> {
  const qb = queryFor(source, request);
  const name = isQueryBuilder(source) ? entityName(qb) : objectName(source as EntityTarget<T>);
  const rows = filterBy(qb, where) ? await qb.getMany() : [];
  if (rows.length === 0) throw new Http404(`No ${name} matches the given query.`);
  return rows;
}
