import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

/** A fresh SQLite file DataSource (not initialised) with `entities`: for tests that are about the app, not the database. */
export function sqliteDataSource(entities: Function[]): DataSource {
  const file = join(mkdtempSync(join(tmpdir(), 'egv-rel-')), 'db.sqlite3');
  return new DataSource({ type: 'better-sqlite3', database: file, entities, synchronize: true, logging: false });
}
