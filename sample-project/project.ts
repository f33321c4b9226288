import type { DataSource } from 'typeorm';
import { createApp, syncPermissions, type FrameworkApp, type Settings } from 'express-generic-views';
import { Movie } from './movies/entities';
import { projectSettings } from './settings';
import { migrations } from './theater/migrations';
import { seedDatabase, seedUsers, type SeedOptions, type SeedResult } from './theater/seed';

/** How `startProject` prepares the database. */
export interface StartOptions {
  /** The environment to read the settings from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Settings replacing the ones from the environment. */
  overrides?: Partial<Settings>;
  /** Seed an empty database (default true); options pass on to the generator. */
  seed?: boolean | SeedOptions;
  /** Create the demo accounts alice and staff when missing (default: in debug). */
  demoUsers?: boolean;
  /** Drop every table first (tests). */
  dropSchema?: boolean;
}

/** A started project: the app, its DataSource, and what start-up did. */
export interface StartedProject {
  app: FrameworkApp;
  dataSource: DataSource;
  /** The migrations applied now (their names). */
  migrated: string[];
  /** What was seeded, or null when the database had movies already (or seeding was off). */
  seeded: SeedResult | null;
  /** The demo accounts created now. */
  users: string[];
}

/**
 * Build the app and make its database ready, as `npm start` does: apply the pending migrations
 * (the same classes `npm run manage -- migrate` applies), create the auth permissions, seed an
 * empty database, create the demo accounts. Resolves once the app can serve.
 */
export async function startProject(options: StartOptions = {}): Promise<StartedProject> {
  const settings = projectSettings(options.env ?? process.env, options.overrides);
  const dataSource = settings.dataSource as DataSource;
  // The command line adds the app's migrations itself; here they are given to the DataSource
  // before createApp() initialises it.
  dataSource.setOptions({ migrations, migrationsTransactionMode: 'all', ...(options.dropSchema ? { dropSchema: true } : {}) } as never);
  const app = createApp(settings);
  await app.ready();
  const migrated = (await dataSource.runMigrations({ transaction: 'all' })).map((m) => m.name);
  await syncPermissions();
  let seeded: SeedResult | null = null;
  if (options.seed !== false && (await dataSource.getRepository(Movie).count()) === 0) {
    seeded = await seedDatabase(dataSource.manager, typeof options.seed === 'object' ? options.seed : {});
  }
  const users = (options.demoUsers ?? settings.debug) ? await seedUsers(dataSource.manager) : [];
  return { app, dataSource, migrated, seeded, users };
}
