/**
 * The manage commands run as child processes against one temporary SQLite project: showurls,
 * check, app commands, shell, createsuperuser, changepassword, clearsessions and startapp.
 * Independent commands run concurrently to keep the file fast.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { inspectDatabase, makeProject, removeProject, runCli, shopProject, writeProject, type RunResult } from './support';

let dir: string;
const results: Record<string, RunResult> = {};
let database: DataSource;
/** Rows of a query on the project's database. */
const rows = (sql: string): Promise<Array<Record<string, unknown>>> => database.query(sql);
const NO_STACK = /^\s+at /m;
let hashBefore: unknown;
const adminHash = async () => (await rows("SELECT password FROM auth_user WHERE username = 'admin'"))[0]?.password;
const BLOG_CODE = `const post = await dataSource.getRepository(Blog).save({ title: 'Hello scaffold' });
const server = app.listen(0, '127.0.0.1'); await new Promise((r) => server.once('listening', r));
const base = 'http://127.0.0.1:' + server.address().port;
const list = await fetch(base + reverse('blogs:blog-list')); const detail = await fetch(base + '/blog/' + post.id + '/');
console.log(list.status, (await list.text()).includes('Hello scaffold'), detail.status, (await detail.text()).includes('<h1>Hello scaffold</h1>'));
server.close();`;

beforeAll(async () => {
  dir = makeProject(shopProject({ sqlite: true }));
  results.makemigrations = await runCli(dir, ['makemigrations']);
  results.migrate = await runCli(dir, ['migrate']);
  database = await inspectDatabase(dir);
  const insert = 'INSERT INTO django_session (session_key, session_data, expire_date) VALUES (?, ?, ?)';
  await database.query(insert, ['expiredkey00000000000000000000000', '{}', '2001-01-01 00:00:00.000']);
  await database.query(insert, ['livekey0000000000000000000000000', '{}', '2999-01-01 00:00:00.000']);
  writeProject(dir, {
    'settings_bad.ts': `import base from './settings';
import { AuthenticationMiddleware, CsrfViewMiddleware, CommonMiddleware } from 'express-generic-views';
import { join } from 'node:path';
export default async () => ({ ...(await base()), templates: { dirs: [join(__dirname, 'broken')] },
  middleware: [CommonMiddleware, AuthenticationMiddleware, CsrfViewMiddleware] });
`,
    'broken/bad.pug': 'div(class="x"\n  p unclosed attribute list\n',
  });
  const blogSettings = `import { DataSource } from 'typeorm';
import { path } from 'express-generic-views';
import { blogsApp, blogsUrls } from './blogs';
export default { debug: true, secretKey: 's', installedApps: [blogsApp], rootUrlconf: [path('blog/', blogsUrls)],
  dataSource: new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [...blogsApp.entities], synchronize: true }) };
`;
  // Three rounds of commands that do not depend on each other within a round.
  const round = async (commands: Record<string, () => Promise<RunResult>>) => {
    const names = Object.keys(commands);
    const done = await Promise.all(names.map((name) => commands[name]()));
    names.forEach((name, i) => (results[name] = done[i]));
  };
  await round({
    showurls: () => runCli(dir, ['showurls']),
    json: () => runCli(dir, ['showurls', '--json']),
    check: () => runCli(dir, ['check']),
    badCheck: () => runCli(dir, ['--settings', 'settings_bad.ts', 'check']),
    seed: () => runCli(dir, ['seed', '30', '--prefix', 'p']),
    explode: () => runCli(dir, ['explode']),
    shellC: () => runCli(dir, ['shell', '-c', "console.log(reverse('shop:detail', { kwargs: { pk: 7 } }), typeof Product, dataSource.isInitialized)"]),
    repl: () => runCli(dir, ['shell'], { input: '6 * 7\n' }),
    superNoInput: () => runCli(dir, ['createsuperuser', '--no-input', '--username', 'ops', '--email', 'ops@Example.COM'], { env: { EGV_SUPERUSER_PASSWORD: 'env-password-1' } }),
    superMissing: () => runCli(dir, ['createsuperuser', '--no-input']),
    startapp: () => runCli(dir, ['startapp', 'blogs']),
    startappInvalid: () => runCli(dir, ['startapp', '9lives']),
  });
  await round({
    superTaken: () => runCli(dir, ['createsuperuser', '--no-input', '--username', 'ops']),
    superPrompted: () =>
      runCli(dir, ['createsuperuser'], { input: 'admin\nadmin@example.com\nshort\nshort\nn\nlong-enough-1\nmismatch-22\nlong-enough-1\nlong-enough-1\n' }),
    clearsessions: () => runCli(dir, ['clearsessions']),
    changeMissing: () => runCli(dir, ['changepassword', 'nobody']),
    startappTwice: () => runCli(dir, ['startapp', 'blogs']),
    blogCheck: async () => {
      writeProject(dir, { 'settings_blog.ts': blogSettings });
      return runCli(dir, ['--settings', 'settings_blog.ts', 'check']);
    },
    blogShell: () => runCli(dir, ['--settings', 'settings_blog.ts', 'shell', '-c', BLOG_CODE]),
  });
  hashBefore = await adminHash();
  await round({
    changed: () => runCli(dir, ['changepassword', 'admin'], { input: 'new-secret-9\nother-secret-9\nnew-secret-9\nnew-secret-9\n' }),
  });
}, 120_000);

afterAll(async () => {
  await database?.destroy();
  removeProject(dir);
});

it('sets the project up with makemigrations and migrate', () => {
  expect(results.makemigrations).toMatchObject({ code: 0 });
  expect(results.makemigrations.stdout).toContain("Migrations for 'shop':");
  expect(results.migrate).toMatchObject({ code: 0 });
  expect(results.migrate.stdout).toMatch(/Applying shop\.Initial\d{13}\.\.\. OK/);
  expect(results.migrate.stdout).toMatch(/Created \d+ permissions\./);
});

it('showurls lists pattern, name and view as a table and as JSON', () => {
  expect(results.showurls.code).toBe(0);
  const lines = results.showurls.stdout.trim().split('\n');
  expect(lines[0]).toMatch(/^Pattern\s+Name\s+View$/);
  expect(lines[2]).toMatch(/^\/\s+shop:home\s+home$/);
  expect(lines[3]).toMatch(/^\/products\/<int:pk>\/\s+shop:detail\s+ProductDetail$/);
  expect(JSON.parse(results.json.stdout)).toEqual([
    { pattern: '/', name: 'shop:home', view: 'home' },
    { pattern: '/products/<int:pk>/', name: 'shop:detail', view: 'ProductDetail' },
  ]);
});

it('check passes a sound project and fails on middleware order and a broken template', () => {
  expect(results.check).toMatchObject({ code: 0, stdout: 'System check identified no issues.\n' });
  const bad = results.badCheck;
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/ERRORS:\n\?: \(templates\.E001\) .*bad\.pug/);
  expect(bad.stderr).toContain('(middleware.E001) AuthenticationMiddleware needs SessionMiddleware before it');
  expect(bad.stderr).toContain('WARNINGS:\n?: (middleware.W001) CsrfViewMiddleware comes after AuthenticationMiddleware');
  expect(bad.stderr).toMatch(/System check identified 3 issues\./);
});

it('runs an app command with its arguments, options and progress', async () => {
  expect(results.seed.code).toBe(0);
  expect(results.seed.stdout).toContain('Seeding products: 30/30 (100%)');
  expect(results.seed.stdout).toContain('Seeded 30 products.\ndone\n');
  expect(await rows("SELECT count(*) AS n FROM shop_product WHERE name LIKE 'p-%'")).toEqual([{ n: 30 }]);
});

it('reports a failing app command on one line with exit code 1', () => {
  expect(results.explode.code).toBe(1);
  expect(results.explode.stderr.split('\n')[0]).toBe('error: out of stock');
  expect(results.explode.stderr).not.toMatch(NO_STACK);
});

it('shell runs code with the project loaded, and reads a REPL session from stdin', () => {
  expect(results.shellC).toMatchObject({ code: 0, stdout: '/products/7/ function true\n' });
  expect(results.repl.code).toBe(0);
  expect(results.repl.stdout).toContain('In scope: egv, app, settings, dataSource, manager, reverse, resolve');
  expect(results.repl.stdout).toContain('42');
});

it('createsuperuser --no-input takes the user from options and the environment', async () => {
  expect(results.superNoInput).toMatchObject({ code: 0, stdout: 'Superuser created successfully.\n' });
  expect(results.superMissing.code).toBe(1);
  expect(results.superMissing.stderr).toContain('With --no-input, give the user name: --username NAME or EGV_SUPERUSER_USERNAME.');
  expect(results.superTaken).toMatchObject({ code: 1, stderr: 'error: That username is already taken.\n' });
  const [row] = await rows("SELECT email, is_staff, is_superuser, password FROM auth_user WHERE username = 'ops'");
  expect(row).toMatchObject({ email: 'ops@example.com', is_staff: 1, is_superuser: 1 });
  expect(row.password).toMatch(/^pbkdf2_sha256\$1000\$/);
});

it('createsuperuser prompts and validates the password; changepassword changes it', async () => {
  const created = results.superPrompted;
  expect(created.code).toBe(0);
  expect(created.stdout).toContain('Username');
  expect(created.stdout).toContain('Bypass password validation and create user anyway? [y/N]');
  expect(created.stderr).toContain('This password is too short. It must contain at least 8 characters.');
  expect(created.stderr).toContain("Error: Your passwords didn't match.");
  expect(created.stdout).toContain('Superuser created successfully.');
  expect(hashBefore).toMatch(/^pbkdf2_sha256\$/);
  expect(results.changed.code).toBe(0);
  expect(results.changed.stderr).toContain('Passwords do not match. Please try again.');
  expect(results.changed.stdout).toContain("Password changed successfully for user 'admin'");
  expect(await adminHash()).not.toBe(hashBefore);
  expect(results.changeMissing).toMatchObject({ code: 1, stderr: "error: user 'nobody' does not exist\n" });
});

it('clearsessions deletes only expired sessions', async () => {
  expect(results.clearsessions).toMatchObject({ code: 0, stdout: 'Removed 1 expired session.\n' });
  expect(await rows('SELECT session_key FROM django_session')).toEqual([{ session_key: 'livekey0000000000000000000000000' }]);
});

it('startapp writes an app that works: its views, URLs, templates and entity', () => {
  expect(results.startapp.code).toBe(0);
  for (const file of ['index.ts', 'entities.ts', 'views.ts', 'urls.ts', 'templates/blogs/blog_list.pug', 'templates/blogs/blog_detail.pug', 'migrations/.gitkeep', 'tests/blogs.test.ts']) {
    expect(existsSync(join(dir, 'blogs', file))).toBe(true);
  }
  expect(readFileSync(join(dir, 'blogs', 'index.ts'), 'utf8')).toContain("export const blogsApp = defineApp({\n  label: 'blogs',");
  expect(results.startappTwice.code).toBe(1);
  expect(results.startappTwice.stderr).toMatch(/^error: '.*blogs' already exists/);
  expect(results.startappInvalid.code).toBe(1);
  expect(results.startappInvalid.stderr).toContain("'9lives' is not a valid app name");
  expect(results.blogShell).toMatchObject({ code: 0, stdout: '200 true 200 true\n' });
  expect(results.blogCheck).toMatchObject({ code: 0, stdout: 'System check identified no issues.\n' });
});
