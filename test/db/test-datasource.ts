import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../ormconfig';

/** Which database the suite runs on: PostgreSQL when DATABASE_URL is set (scripts/test-services.js), else a SQLite file. */
export const databaseKind = process.env.DATABASE_URL?.startsWith('postgres') ? 'postgres' : 'sqlite';

/** A fresh, uninitialised DataSource on a real database, schema created from `entities`. */
export function testDataSource(entities: Function[]): DataSource {
  const url = databaseKind === 'postgres' ? process.env.DATABASE_URL : `sqlite:${join(mkdtempSync(join(tmpdir(), 'egv-db-')), 'test.sqlite3')}`;
  return new DataSource(dataSourceOptions(entities, { synchronize: true, dropSchema: true, logging: false }, url));
}
