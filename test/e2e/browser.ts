import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startProject, type StartedProject } from '../../sample-project/project';
import { testEnv, testOverrides } from '../../sample-project/tests/support';

/** Debian's Chromium (installed by .ci/run); never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** Where each test saves its screenshot (git-ignored). */
export const SCREENSHOTS = join(__dirname, 'screenshots');

/** The sample project on a real port, and a headless Chromium with a fresh profile. */
export interface Site {
  project: StartedProject;
  server: Server;
  /** `http://127.0.0.1:<port>` */
  base: string;
  context: BrowserContext;
  page: Page;
  /** Save a full-page screenshot of `page` as screenshots/<name>.png. */
  screenshot(name: string, page?: Page): Promise<void>;
  close(): Promise<void>;
}

/**
 * Start the project (migrations, a small seed, the demo accounts) on a fresh SQLite file, serve
 * it on a free port, and open Chromium headless with a fresh user-data-dir.
 */
export async function openSite(): Promise<Site> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium).`);
  const database = join(mkdtempSync(join(tmpdir(), 'egv-e2e-')), 'db.sqlite3');
  const project = await startProject({
    env: testEnv({ DATABASE_URL: `sqlite:${database}` }),
    overrides: testOverrides(),
    seed: { movies: 40, days: 3 },
    demoUsers: true,
    dropSchema: true,
  });
  const server = await new Promise<Server>((resolve) => {
    const s = project.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const profile = mkdtempSync(join(tmpdir(), 'egv-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    project,
    server,
    base,
    context,
    page,
    async screenshot(name, which = page) {
      await which.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await context.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await project.dataSource.destroy();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
