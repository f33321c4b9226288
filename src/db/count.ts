import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * The number of rows of a query builder, counted the way Django counts a queryset: `COUNT(*)`.
 *
 * Why not `getCount()`: TypeORM writes `COUNT(1)` for a query without joins, and SQLite answers
 * only a bare `COUNT(*)` from its b-tree page counts; `COUNT(1)` reads every row (1.3 ms against
 * 15 µs on a 100,000-row table). A query that joins, groups, selects distinct rows or has find
 * options' `select` still goes through `getCount()`, whose `COUNT(DISTINCT <primary key>)` counts
 * entities, not joined rows.
 */
export async function countRows(qb: SelectQueryBuilder<ObjectLiteral>): Promise<number> {
  if (!countsByStar(qb)) return qb.getCount();
  const row = await qb
    .clone()
    .orderBy()
    .offset(undefined)
    .limit(undefined)
    .skip(undefined)
    .take(undefined)
    .select('COUNT(*)', 'cnt')
    .setOption('disable-global-order')
    .getRawOne<{ cnt: number | string }>();
  // PostgreSQL returns COUNT as a bigint string.
  return row ? Number(row.cnt) : 0;
}

/** Whether every row of the query is one entity, so `COUNT(*)` is the number of entities. */
function countsByStar(qb: SelectQueryBuilder<ObjectLiteral>): boolean {
  const map = qb.expressionMap;
  const findSelect = (qb as unknown as { findOptions?: { select?: unknown } }).findOptions?.select;
  return (
    map.joinAttributes.length === 0 &&
    map.relationIdAttributes.length === 0 &&
    map.groupBys.length === 0 &&
    map.havings.length === 0 &&
    !map.selectDistinct &&
    map.selectDistinctOn.length === 0 &&
    map.lockMode === undefined &&
    map.mainAlias?.hasMetadata === true &&
    findSelect === undefined
  );
}
