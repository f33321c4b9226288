import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../../conf/apps';
import { CommandError, oneLine } from '../output';
import { loadModule } from '../settings-module';

/** A migration class found in an installed app's `migrations` folder. */
export interface AppMigration {
  /** The label of the app whose folder holds it. */
  readonly app: string;
  /** The migration's name (TypeORM's: the class name, ending in its timestamp). */
  readonly name: string;
  readonly file: string;
  /** The class, as TypeORM's `migrations` option takes it. */
  readonly migration: Function;
}

const MIGRATION_FILE = /^(?!index\.)[^.].*(?<!\.d)\.(ts|mts|cts|js|mjs|cjs)$/;

/** The migration files of a folder, in name order (timestamp-prefixed names sort by time). */
export function migrationFiles(folder: string): string[] {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return [];
  return readdirSync(folder)
    .filter((name) => MIGRATION_FILE.test(name) && !/\.(test|spec)\.[cm]?[jt]s$/.test(name))
    .sort()
    .map((name) => join(folder, name));
}

function isMigrationClass(value: unknown): value is Function {
  return typeof value === 'function' && typeof value.prototype?.up === 'function' && typeof value.prototype?.down === 'function';
}

/** Import the migrations of every installed app that has a `migrations` folder. */
export async function loadAppMigrations(apps: readonly AppConfig[]): Promise<AppMigration[]> {
  const found: AppMigration[] = [];
  for (const app of apps) {
    if (!app.migrations) continue;
    for (const file of migrationFiles(app.migrations)) {
      let mod: Record<string, unknown>;
      try {
        mod = await loadModule(file);
      } catch (error) {
        throw new CommandError(`The migration file ${file} (app '${app.label}') failed to load: ${oneLine(error)}`, 1, { cause: error });
      }
      const classes = [...new Set(Object.values(mod).filter(isMigrationClass))];
      if (classes.length === 0) {
        throw new CommandError(`The migration file ${file} (app '${app.label}') exports no migration class (a class with up() and down()).`);
      }
      for (const migration of classes) {
        const instanceName = (new (migration as new () => { name?: unknown })()).name;
        const name = typeof instanceName === 'string' ? instanceName : migration.name;
        found.push({ app: app.label, name, file, migration });
      }
    }
  }
  return found;
}
