/**
 * The project through the command line (`npm run manage -- <command>`, Django's manage.py): the
 * migrations apply and match the entities, and the app's `seed` command fills the database.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../settings';
import { testEnv } from './support';

const ROOT = join(__dirname, '..', '..');
const env = testEnv();

/** Run `tsx src/cli/main.ts --settings sample-project/settings.ts <args>`; resolves to its exit code and output. */
function manage(...args: string[]) {
  const result = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/cli/main.ts', '--settings', 'sample-project/settings.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

let dataSource: DataSource;
beforeAll(async () => {
  // An empty database (on PostgreSQL, the shared test database is emptied first).
  dataSource = new DataSource({ ...databaseOptions(env.DATABASE_URL), dropSchema: true } as never);
  await dataSource.initialize();
});
afterAll(() => dataSource.destroy());

test('migrate, then makemigrations finds nothing to change, then seed fills the database', async () => {
  const migrate = manage('migrate');
  expect(migrate.out).toContain('Applying theater.Initial1795303533951... OK');
  expect(migrate.out).toContain('Created 44 permissions.');
  expect(migrate.status).toBe(0);

  const check = manage('makemigrations', '--check');
  expect(check.out).toContain('No changes detected');
  expect(check.status).toBe(0);

  const seed = manage('seed', '--movies', '20', '--days', '2');
  expect(seed.out).toContain('Seeded 20 movies, 160 people, 12 genres, 4 rooms, 24 screenings.');
  expect(seed.out).toContain('Created the demo accounts: alice, staff.');
  expect(seed.status).toBe(0);
  const [{ count }] = await dataSource.query('SELECT COUNT(*) AS count FROM movies_movie');
  expect(Number(count)).toBe(20);

  const again = manage('seed');
  expect(again.out).toContain('error: The database has movies already: run seed --fresh to replace them.');
  expect(again.status).toBe(1);
}, 120_000);
