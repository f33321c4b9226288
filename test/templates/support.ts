import { join } from 'node:path';
import { defineApp, type FrameworkApp, type Settings } from '../../src';
import { makeApp, quietLogger } from '../helpers';

/** Real .pug files used by the template and view tests. */
export const FIXTURES = join(__dirname, '..', 'fixtures', 'templates');
/** `templates.dirs[0]` of the test apps. */
export const PROJECT_DIR = join(FIXTURES, 'project');
/** The templates folder of the installed app 'movies'. */
export const APP_DIR = join(FIXTURES, 'app');
/** A file next to the template folders that must never be served. */
export const SECRET_FILE = join(FIXTURES, 'secret.txt');
export const SECRET = 'TOP-SECRET-CONTENT';

/** An app with the fixture templates: templates.dirs = [project], installed app 'movies' with its own folder. */
export function templateApp(overrides: Partial<Settings> = {}): FrameworkApp {
  return makeApp({
    templates: { dirs: [PROJECT_DIR] },
    installedApps: [defineApp({ label: 'movies', templates: APP_DIR })],
    ...overrides,
  });
}

/** A debug app with a recording logger. */
export function debugTemplateApp(overrides: Partial<Settings> = {}) {
  const logger = quietLogger();
  return { app: templateApp({ debug: true, logger, ...overrides }), logger };
}
