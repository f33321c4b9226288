/**
 * makemigrations / migrate / showmigrations / revert as child processes, on SQLite and (with
 * DATABASE_URL=postgres://…) on PostgreSQL in a schema of its own. A migration that fails
 * halfway is rolled back with the migrations before it in the same run.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { inspectDatabase, makeProject, removeProject, runCli, shopProject, writeProject } from './support';

const url = process.env.DATABASE_URL;
const pg = url !== undefined && /^postgres/.test(url);
const schema = `egv_cli_${process.pid}_${Date.now() % 100000}`;
let dir: string;
let database: DataSource | undefined;

/** The tables of the project's database (its schema on PostgreSQL). */
async function tables(): Promise<string[]> {
  database ??= await inspectDatabase(dir, pg);
  const rows: Array<{ name: string }> = pg
    ? await database.query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1', [schema])
    : await database.query("SELECT name FROM sqlite_master WHERE type = 'table'");
  return rows.map((r) => r.name).sort();
}

/** The names in the migrations table, in the order they were applied. */
async function applied(): Promise<string[]> {
  database ??= await inspectDatabase(dir, pg);
  const rows: Array<{ name: string }> = await database.query(`SELECT name FROM ${q('migrations')} ORDER BY id`);
  return rows.map((r) => r.name);
}

const migration = (name: string, statements: string[], down: string[]) => `import type { MigrationInterface, QueryRunner } from 'typeorm';
export class ${name} implements MigrationInterface {
  name = '${name}';
  async up(queryRunner: QueryRunner): Promise<void> {
${statements.map((s) => `    await queryRunner.query(${JSON.stringify(s)});`).join('\n')}
  }
  async down(queryRunner: QueryRunner): Promise<void> {
${down.map((s) => `    await queryRunner.query(${JSON.stringify(s)});`).join('\n')}
  }
}
`;

beforeAll(async () => {
  dir = makeProject(shopProject({ schema }));
  if (pg) {
    database = await inspectDatabase(dir, true);
    await database.query(`CREATE SCHEMA "${schema}"`);
  }
}, 30_000);

afterAll(async () => {
  if (pg) await database?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await database?.destroy();
  removeProject(dir);
});

/** A table name, qualified with the test's schema on PostgreSQL. */
const q = (name: string) => (pg ? `"${schema}"."${name}"` : `"${name}"`);

it('makemigrations writes the initial migration, migrate applies it, showmigrations lists it', async () => {
  const before = await runCli(dir, ['showmigrations']);
  expect(before).toMatchObject({ code: 0, stdout: 'shop\n (no migrations)\n' });

  const made = await runCli(dir, ['makemigrations']);
  expect(made.code).toBe(0);
  expect(made.stdout).toMatch(/^Migrations for 'shop':\n  shop\/migrations\/\d{13}-Initial\.ts\n/);
  expect(made.stdout).toMatch(/- CREATE TABLE .*shop_product/);
  const [file] = readdirSync(join(dir, 'shop', 'migrations'));
  const name = `Initial${file.slice(0, 13)}`;

  const pending = await runCli(dir, ['makemigrations']);
  expect(pending.code).toBe(1);
  expect(pending.stderr).toBe(`error: 1 migration is not applied yet (${name}): run migrate first; changes are computed against the database.\n`);
  expect(await runCli(dir, ['migrate', '--check'])).toMatchObject({ code: 1, stdout: `1 unapplied migration:\n  shop.${name}\n` });

  const migrated = await runCli(dir, ['migrate']);
  expect(migrated.code).toBe(0);
  expect(migrated.stdout).toContain(`Operations to perform:\n  Apply all migrations: shop\nRunning migrations:\n  Applying shop.${name}... OK\n`);
  expect(await tables()).toEqual(expect.arrayContaining(['auth_user', 'django_session', 'migrations', 'shop_product']));
  expect(await applied()).toEqual([name]);

  const [shown, check] = await Promise.all([runCli(dir, ['showmigrations']), runCli(dir, ['makemigrations', '--check'])]);
  expect(shown).toMatchObject({ code: 0, stdout: `shop\n [X] ${name}\n` });
  expect(check).toMatchObject({ code: 0, stdout: 'No changes detected\n' });
}, 60_000);

it('rolls back every migration of a run when one fails halfway, and names it', async () => {
  const folder = join(dir, 'shop', 'migrations');
  const base = Number(readdirSync(folder)[0].slice(0, 13));
  writeProject(dir, {
    [`shop/migrations/${base + 1}-Good.ts`]: migration(`Good${base + 1}`, [`CREATE TABLE ${q('shop_good')} (id integer PRIMARY KEY)`], [`DROP TABLE ${q('shop_good')}`]),
    [`shop/migrations/${base + 2}-Broken.ts`]: migration(
      `Broken${base + 2}`,
      [`CREATE TABLE ${q('shop_half')} (id integer PRIMARY KEY)`, `INSERT INTO ${q('shop_missing')} VALUES (1)`],
      [],
    ),
  });
  const failed = await runCli(dir, ['migrate']);
  expect(failed.code).toBe(1);
  expect(failed.stdout).toContain(`  Applying shop.Good${base + 1}... OK\n  Applying shop.Broken${base + 2}... FAILED\n`);
  const [line, ...rest] = failed.stderr.split('\n');
  expect(line).toMatch(new RegExp(`^error: Migration shop\\.Broken${base + 2} failed: .*shop_missing.*\\. The transaction was rolled back: no migration of this run was applied\\.$`));
  expect(rest.join('\n')).not.toMatch(/^\s+at /m);
  const after = await tables();
  expect(after).not.toContain('shop_good');
  expect(after).not.toContain('shop_half');
  expect((await applied()).length).toBe(1);
  rmSync(join(folder, `${base + 2}-Broken.ts`));
}, 60_000);

it('revert unapplies the last applied migration', async () => {
  const migrated = await runCli(dir, ['migrate']);
  expect(migrated.code).toBe(0);
  expect(migrated.stdout).toMatch(/Applying shop\.Good\d+\.\.\. OK/);
  expect(await tables()).toContain('shop_good');

  const reverted = await runCli(dir, ['revert']);
  expect(reverted.code).toBe(0);
  expect(reverted.stdout).toMatch(/^Reverting migrations:\n  Unapplying shop\.Good\d+\.\.\. OK\n$/);
  expect(await tables()).not.toContain('shop_good');
  const shown = await runCli(dir, ['showmigrations']);
  expect(shown.stdout).toMatch(/^shop\n \[X\] Initial\d+\n \[ \] Good\d+\n$/);
}, 60_000);
