import type { DataSource } from 'typeorm';
import { normalizeSettings, type NormalizedSettings, type Settings } from '../conf/settings';
import { createApp, coreOf, type FrameworkApp } from '../core/app';
import { registerAppSettings } from '../contrib/conf';
import { closeSessionStores } from '../contrib/sessions/config';
import { loadAppMigrations, type AppMigration } from './migrations/loader';
import { CommandError, oneLine } from './output';
import { findSettingsModule, loadSettings, type SettingsLocation } from './settings-module';
import { applyDatabaseTimeouts } from '../db/timeouts';

/** A project opened by a command: its settings, its app (createApp) and its database, ready to use. */
export interface Project {
  readonly location: SettingsLocation;
  /** The settings as the module exported them. */
  readonly settings: Settings;
  /** The app made from them; its DataSource (if any) is initialised. */
  readonly app: FrameworkApp;
  /** The settings after validation and defaults. */
  readonly conf: NormalizedSettings;
  readonly dataSource: DataSource | undefined;
  /** The migrations of the installed apps (their `migrations` folders), in order. */
  readonly migrations: readonly AppMigration[];
  /** Close the database and session stores. */
  close(): Promise<void>;
}

/** How a command wants the project opened. */
export interface OpenOptions {
  /** `--settings`. */
  settings?: string;
  /** For migration commands: never synchronize the schema or run migrations on connect. */
  migrating?: boolean;
}

function isDataSource(value: unknown): value is DataSource {
  return typeof value === 'object' && value !== null && typeof (value as DataSource).initialize === 'function';
}

/** Where the database is, without credentials, for messages. */
export function describeDatabase(dataSource: DataSource): string {
  const options = dataSource.options as { type: string; database?: unknown; url?: string; host?: string; schema?: string };
  if (options.url) return `${options.type} ${options.url.replace(/\/\/[^@/]*@/, '//')}`;
  return `${options.type} ${String(options.database ?? options.host ?? '')}`.trim();
}

/**
 * Find and load the settings module, validate it, connect to the database and build the app,
 * turning each failure into a CommandError that says what to change.
 */
export async function openProject(options: OpenOptions = {}): Promise<Project> {
  const location = findSettingsModule(options.settings);
  const settings = await loadSettings(location);
  let conf: NormalizedSettings;
  try {
    conf = normalizeSettings(settings);
  } catch (error) {
    throw new CommandError(`Invalid settings (${location.file}): ${oneLine(error)}`, 1, { cause: error });
  }
  const source = conf.dataSource as unknown;
  if (source !== undefined && !isDataSource(source)) {
    throw new CommandError('settings.dataSource must be a TypeORM DataSource (new DataSource({ … })).');
  }
  const dataSource = source as DataSource | undefined;
  const migrations = await loadAppMigrations(conf.installedApps);
  if (dataSource?.isInitialized && options.migrating && migrations.length > 0) {
    throw new CommandError(
      "settings.dataSource is already initialised, so the apps' migrations cannot be added to it: leave initialize() to the framework (createApp does it).",
    );
  }
  if (dataSource && !dataSource.isInitialized) {
    const existing = dataSource.options.migrations;
    const own = Array.isArray(existing) ? existing : existing ? Object.values(existing) : [];
    const extra: Partial<Record<string, unknown>> = { migrations: [...own, ...migrations.map((m) => m.migration)] };
    // The installed apps' entities join the DataSource, as createApp() does: it is initialised
    // here, before createApp() runs, so createApp() would leave it as it is.
    const entities = dataSource.options.entities;
    if (entities === undefined || Array.isArray(entities)) {
      const merged = [...(entities ?? [])];
      for (const entity of conf.installedApps.flatMap((a) => a.entities)) if (!merged.includes(entity)) merged.push(entity);
      extra.entities = merged;
    }
    if (options.migrating) Object.assign(extra, { synchronize: false, migrationsRun: false, dropSchema: false });
    dataSource.setOptions(extra as never);
    // The connect/statement timeouts createApp() gives a DataSource it initialises (not to migrations, which may run long).
    if (!options.migrating) applyDatabaseTimeouts(dataSource, { connectTimeout: conf.databaseConnectTimeout, statementTimeout: conf.databaseStatementTimeout }, conf.logger);
    try {
      await dataSource.initialize();
    } catch (error) {
      throw new CommandError(`Cannot use the database (${describeDatabase(dataSource)}): ${oneLine(error)}`, 1, { cause: error });
    }
  }
  let app: FrameworkApp;
  try {
    app = createApp(settings);
  } catch (error) {
    if (dataSource?.isInitialized) await dataSource.destroy();
    throw new CommandError(`Invalid settings (${location.file}): ${oneLine(error)}`, 1, { cause: error });
  }
  const core = coreOf(app);
  // So that createUser() & co. find this app's authUserModel and hashers without a request.
  if (core) registerAppSettings(core.config, app.conf);
  return {
    location,
    settings,
    app,
    conf: app.conf,
    dataSource,
    migrations,
    async close() {
      await closeSessionStores().catch(() => undefined);
      if (dataSource?.isInitialized) await dataSource.destroy().catch(() => undefined);
    },
  };
}

/** The project's DataSource, or a CommandError saying how to configure one. */
export function requireDataSource(project: Project, command: string): DataSource {
  if (!project.dataSource) {
    throw new CommandError(`${command} needs a database: set settings.dataSource to a TypeORM DataSource (new DataSource({ type: 'better-sqlite3', … })).`);
  }
  return project.dataSource;
}
