import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { defineApp, formsApp, HttpResponse, type FrameworkApp, type Settings, type UrlPattern } from '../../src';
import { testDataSource } from '../db/test-datasource';
import { makeApp, quietLogger } from '../helpers';

/** The folder holding `editing/*.pug`: the templates folder of the installed app 'editing'. */
export const EDITING_TEMPLATES = join(__dirname, '..', 'fixtures', 'templates');

/** A test app with the installed apps 'forms' and 'editing', on a fresh database when entities are given. */
export interface EditingApp {
  app: FrameworkApp;
  dataSource: DataSource | undefined;
  logger: ReturnType<typeof quietLogger>;
}

/**
 * Create an app whose installed app 'editing' lists `entities` (on a real, fresh database when
 * there are any). Its 404 handler shows the Http404 message.
 */
export async function editingApp(entities: Function[], rootUrlconf: UrlPattern[], overrides: Partial<Settings> = {}): Promise<EditingApp> {
  const dataSource = entities.length ? testDataSource(entities) : undefined;
  const logger = quietLogger();
  const app = makeApp({
    dataSource,
    rootUrlconf,
    logger,
    installedApps: [formsApp, defineApp({ label: 'editing', entities, templates: EDITING_TEMPLATES })],
    handler404: (_request, kwargs) => new HttpResponse(`404: ${(kwargs.exception as Error).message}`, { status: 404 }),
    ...overrides,
  });
  await app.ready();
  return { app, dataSource, logger };
}

/** What editing/_dump.pug rendered. */
export interface Dump {
  template: string;
  keys: string[];
  form?: {
    cls: string;
    bound: boolean;
    errors: Record<string, string[]> | null;
    fields: string[];
    values: Record<string, unknown>;
    instance: unknown;
    html: string;
  };
  object?: any;
  view?: string;
  thingy?: any;
  author?: any;
}

/** The context an editing/*.pug template rendered. */
export function dump(res: { text: string; status: number }): Dump {
  if (res.status !== 200) throw new Error(`Expected a rendered page, got ${res.status}: ${res.text.slice(0, 300)}`);
  return JSON.parse(res.text) as Dump;
}
