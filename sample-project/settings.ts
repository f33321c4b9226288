import { join } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import {
  authApp,
  defaultContextProcessors,
  defaultMiddleware,
  formsApp,
  messagesApp,
  sessionsApp,
  type Settings,
} from 'express-generic-views';
import { bookingsApp } from './bookings';
import { moviesApp } from './movies';
import { screeningsApp } from './screenings';
import { theaterApp } from './theater';
import { theaterContext } from './theater/context';
import { TimingMiddleware, staticFiles } from './theater/middleware';
import { urlpatterns } from './urls';

/** The secret key used when SECRET_KEY is not set: fine for DEBUG, refused without it. */
export const DEFAULT_SECRET = 'insecure-sample-project-secret-change-me';

/** The SQLite file used when DATABASE_URL is not set. */
export const DEFAULT_DATABASE = join(__dirname, 'db.sqlite3');

/**
 * TypeORM options for `DATABASE_URL`: `postgres://user:pass@host:5432/db` for PostgreSQL,
 * `sqlite:path/to/file.sqlite3` (or nothing: `sample-project/db.sqlite3`) for SQLite. The schema
 * comes from the migrations, never from `synchronize`.
 */
export function databaseOptions(databaseUrl: string | undefined): DataSourceOptions {
  if (databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl)) return { type: 'postgres', url: databaseUrl, synchronize: false, logging: false };
  if (databaseUrl && !databaseUrl.startsWith('sqlite:')) {
    throw new Error(`DATABASE_URL must start with postgres:// or sqlite: (got '${databaseUrl.split(':')[0]}:…').`);
  }
  const file = databaseUrl ? databaseUrl.slice('sqlite:'.length).replace(/^\/\//, '') : DEFAULT_DATABASE;
  return { type: 'better-sqlite3', database: file, synchronize: false, logging: false };
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

/**
 * The project's settings (Django's settings.py), read from the environment:
 * `DEBUG` (default on), `SECRET_KEY` (required when DEBUG is off), `DATABASE_URL`,
 * `ALLOWED_HOSTS` (comma-separated), `TIME_ZONE` (sets the process time zone, as Django does),
 * `LOG_REQUESTS` (one line per request; default: on in debug). `overrides` replace any setting
 * (tests give a fast password hasher; the mounted example a static URL under its prefix).
 *
 * The `npx egv` command line (here `npm run manage --`) loads this module's default export.
 */
export function projectSettings(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Settings> = {}): Settings {
  const debug = flag(env.DEBUG, true);
  const secretKey = env.SECRET_KEY || DEFAULT_SECRET;
  if (!debug && secretKey === DEFAULT_SECRET) {
    throw new Error('SECRET_KEY: set it to a long random value before running with DEBUG=false (the default key is public).');
  }
  if (env.TIME_ZONE) process.env.TZ = env.TIME_ZONE;
  TimingMiddleware.log = flag(env.LOG_REQUESTS, debug);
  return {
    debug,
    secretKey,
    allowedHosts: env.ALLOWED_HOSTS ? env.ALLOWED_HOSTS.split(',').map((h) => h.trim()) : ['localhost', '127.0.0.1', '[::1]'],
    installedApps: [sessionsApp, authApp, messagesApp, formsApp, theaterApp, moviesApp, screeningsApp, bookingsApp],
    dataSource: new DataSource(databaseOptions(env.DATABASE_URL)),
    // The timing middleware is outermost so that it times everything, static files included.
    middleware: [TimingMiddleware, staticFiles(), ...defaultMiddleware()],
    rootUrlconf: urlpatterns,
    templates: { contextProcessors: [...defaultContextProcessors, theaterContext] },
    loginUrl: 'login',
    loginRedirectUrl: 'home',
    logoutRedirectUrl: 'home',
    ...overrides,
  };
}

export default projectSettings;
