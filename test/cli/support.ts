import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DataSource } from 'typeorm';

/** The repository root, and the CLI run from its TypeScript source through tsx. */
export const REPO = resolve(__dirname, '..', '..');
const CLI = join(REPO, 'src', 'cli', 'main.ts');

/** What a finished command printed and how it exited. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A throw-away project in the OS temp folder: node_modules linked to the repository's, a
 * tsconfig.json mapping 'express-generic-views' to the source (and compiling it with legacy
 * decorators), and the given files.
 */
export function makeProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'egv-cli-'));
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'commonjs',
      strict: true,
      esModuleInterop: true,
      experimentalDecorators: true,
      skipLibCheck: true,
      paths: { 'express-generic-views': [join(REPO, 'src', 'index.ts')] },
    },
    include: ['**/*', join(REPO, 'src', '**', '*')],
  };
  writeProject(dir, { 'package.json': JSON.stringify({ name: 'egv-cli-test', private: true }), 'tsconfig.json': JSON.stringify(tsconfig), ...files });
  return dir;
}

/** Write (or overwrite) files of a project. */
export function writeProject(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}

/** Remove a project made by makeProject. */
export function removeProject(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** Start the CLI in `cwd` with `args`. */
export function spawnCli(cwd: string, args: string[], env: Record<string, string | undefined> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Run the CLI to completion; `input` is written to its stdin (then closed). */
export function runCli(cwd: string, args: string[], options: { input?: string; env?: Record<string, string | undefined> } = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawnCli(cwd, args, options.env);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin!.end(options.input ?? '');
  });
}

/** A running `runserver`: its port, what it printed so far, and a way to wait for output. */
export interface RunningServer {
  child: ChildProcess;
  port: number;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

/** Start `runserver` and wait until it prints its address (or fail with what it printed). */
export async function startServer(cwd: string, args: string[], timeoutMs = 30_000): Promise<RunningServer> {
  const child = spawnCli(cwd, ['runserver', ...args]);
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (d: Buffer) => {
    output += d;
    listeners.forEach((l) => l());
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  const waitFor = (pattern: RegExp, ms = timeoutMs) =>
    new Promise<void>((resolveWait, reject) => {
      const check = () => {
        if (pattern.test(output)) {
          cleanup();
          resolveWait();
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`runserver did not print ${pattern} within ${ms} ms; it printed:\n${output}`));
      }, ms);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });
  await Promise.race([
    waitFor(/Quit the server with CONTROL-C/),
    exited.then((code) => {
      throw new Error(`runserver exited (${code}) before serving:\n${output}`);
    }),
  ]);
  const port = Number(/at http:\/\/[^:]+:(\d+)\//.exec(output)?.[1]);
  return { child, port, output: () => output, waitFor, exited };
}

/** GET a URL of a local server: status and body. */
export async function get(port: number, path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { connection: 'close' } });
  return { status: response.status, body: await response.text() };
}

/**
 * The files of a small shop project: sessions and auth installed, a `shop` app with an entity,
 * a migrations folder and two commands (`seed`, which reports progress, and `explode`, which
 * fails), a template, and a urlconf. The DataSource is SQLite in the project folder, or
 * DATABASE_URL's PostgreSQL in `schema`.
 */
export function shopProject(options: { schema?: string; sqlite?: boolean } = {}): Record<string, string> {
  const url = process.env.DATABASE_URL;
  const pg = !options.sqlite && url !== undefined && /^postgres/.test(url);
  const dataSource = pg
    ? `new DataSource({ type: 'postgres', url: ${JSON.stringify(url)}, schema: ${JSON.stringify(options.schema ?? 'public')}, entities })`
    : `new DataSource({ type: 'better-sqlite3', database: join(__dirname, 'db.sqlite3'), entities })`;
  return {
    'settings.ts': `import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { authApp, defaultMiddleware, PBKDF2PasswordHasher, path, include, sessionsApp, type Settings } from 'express-generic-views';
import { shopApp, shopUrls } from './shop';

const entities = [...sessionsApp.entities, ...authApp.entities, ...shopApp.entities];

export default async function settings(): Promise<Settings> {
  return {
    debug: true,
    secretKey: 'cli-test-secret',
    installedApps: [sessionsApp, authApp, shopApp],
    middleware: defaultMiddleware(),
    passwordHashers: [new PBKDF2PasswordHasher({ iterations: 1000 })],
    templates: { dirs: [join(__dirname, 'templates')] },
    dataSource: ${dataSource},
    rootUrlconf: [path('', include(shopUrls, { namespace: 'shop' }))],
  };
}
`,
    'shop/index.ts': `import { join } from 'node:path';
import { defineApp } from 'express-generic-views';
import { Product } from './entities';
import { home, ProductDetail } from './views';
import { path } from 'express-generic-views';

export const shopUrls = [path('', home, { name: 'home' }), path('products/<int:pk>/', ProductDetail.asView(), { name: 'detail' })];

export const shopApp = defineApp({
  label: 'shop',
  entities: [Product],
  migrations: join(__dirname, 'migrations'),
  commands: [
    {
      name: 'seed',
      description: 'insert demo products',
      arguments: ['[count]'],
      options: [{ flags: '--prefix <text>', description: 'name prefix', default: 'item' }],
      async handle({ args, options, dataSource, progress, log }) {
        const count = Number(args[0] ?? 10);
        const bar = progress('Seeding products', count);
        for (let i = 0; i < count; i++) {
          await dataSource!.getRepository(Product).insert({ name: \`\${options.prefix}-\${i}\` });
          bar.tick();
        }
        bar.done(\`Seeded \${count} products.\`);
        log('done');
      },
    },
    {
      name: 'explode',
      description: 'always fails',
      handle() {
        throw new Error('out of stock');
      },
    },
  ],
});
`,
    'shop/entities.ts': `import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('shop_product')
export class Product {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 100 }) name!: string;
}
`,
    'shop/views.ts': `import { HttpResponse, DetailView, type HttpRequest } from 'express-generic-views';
import { Product } from './entities';

export function home(_request: HttpRequest) {
  return new HttpResponse('home');
}

export class ProductDetail extends DetailView<Product> {
  override model = Product;
  override templateName = 'product.pug';
}
`,
    'templates/product.pug': 'h1= object.name\n',
  };
}

/**
 * A DataSource (no entities) on a project's database, for the tests to look at rows: the
 * project's SQLite file, or DATABASE_URL's PostgreSQL when `postgres` is true.
 */
export async function inspectDatabase(dir: string, postgres = false): Promise<DataSource> {
  const dataSource = postgres
    ? new DataSource({ type: 'postgres', url: process.env.DATABASE_URL })
    : new DataSource({ type: 'better-sqlite3', database: join(dir, 'db.sqlite3') });
  return dataSource.initialize();
}
