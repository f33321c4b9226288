import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { defineApp, HttpResponse, type FrameworkApp, type Settings, type UrlPattern } from '../../src';
import { makeApp, quietLogger } from '../helpers';
import { testDataSource } from './test-datasource';

/** The folder holding `books/*.pug`: the templates folder of the installed app 'books'. */
export const BOOKS_TEMPLATES = join(__dirname, '..', 'fixtures', 'templates');

/** A test app on a real database with the app 'books' (its entities and templates), ready to serve. */
export interface BooksApp {
  app: FrameworkApp;
  dataSource: DataSource;
  logger: ReturnType<typeof quietLogger>;
}

/**
 * Create an app on a fresh database with `entities` in the installed app 'books'. Its 404
 * handler shows the Http404 message, so tests can check it (as Django's tests read the exception).
 */
export async function booksApp(entities: Function[], rootUrlconf: UrlPattern[], overrides: Partial<Settings> = {}): Promise<BooksApp> {
  const dataSource = testDataSource(entities);
  const logger = quietLogger();
  const app = makeApp({
    dataSource,
    rootUrlconf,
    logger,
    installedApps: [defineApp({ label: 'books', entities, templates: BOOKS_TEMPLATES })],
    handler404: (_request, kwargs) => new HttpResponse(`404: ${(kwargs.exception as Error).message}`, { status: 404 }),
    ...overrides,
  });
  await app.ready();
  return { app, dataSource, logger };
}

/** The context a books/*.pug template rendered (see test/fixtures/templates/books/_dump.pug). */
export function context(res: { text: string; status: number }): Record<string, any> {
  if (res.status !== 200) throw new Error(`Expected a rendered page, got ${res.status}: ${res.text.slice(0, 300)}`);
  return JSON.parse(res.text);
}
