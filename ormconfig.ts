import type { DataSourceOptions } from 'typeorm';

/**
 * The TypeORM DataSource options of the sample project and the tests: an embedded SQLite file
 * through better-sqlite3 by default; `DATABASE_URL=postgres://…` switches to PostgreSQL.
 */
export function dataSourceOptions(
  entities: Function[],
  overrides: Partial<DataSourceOptions> = {},
  databaseUrl = process.env.DATABASE_URL,
): DataSourceOptions {
  if (databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl)) {
    return { type: 'postgres', url: databaseUrl, entities, ...overrides } as DataSourceOptions;
  }
  if (databaseUrl && !databaseUrl.startsWith('sqlite:')) {
    throw new Error(`DATABASE_URL must start with postgres:// or sqlite: (got '${databaseUrl.split(':')[0]}:…').`);
  }
  const file = databaseUrl ? databaseUrl.slice('sqlite:'.length).replace(/^\/\//, '') : 'db.sqlite3';
  return { type: 'better-sqlite3', database: file, entities, ...overrides } as DataSourceOptions;
}

export default dataSourceOptions;
