import { join } from 'node:path';
import { defineApp, syncPermissions, type AppCommand } from 'express-generic-views';
import { Movie } from '../movies/entities';
import { clearDatabase, expectedRows, seedDatabase, seedUsers } from './seed';

function positive(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number (got '${String(value)}').`);
  return n;
}

/**
 * `seed`: fill the database with generated movies and a month of screenings (Django's custom
 * management command). `npm run manage -- seed --fresh --movies 500`.
 */
export const seedCommand: AppCommand = {
  name: 'seed',
  description: 'fill the database with generated movies, people, rooms and screenings (and the demo accounts)',
  options: [
    { flags: '--movies <count>', description: 'how many movies (default 300)' },
    { flags: '--days <count>', description: 'days of screenings from today on (default 30)' },
    { flags: '--fresh', description: 'delete the existing movies, screenings and bookings first' },
    { flags: '--no-users', description: 'do not create the demo accounts alice and staff' },
  ],
  async handle({ options, dataSource, progress, log }) {
    if (!dataSource) throw new Error('The settings have no dataSource.');
    const manager = dataSource.manager;
    if (options.fresh) await clearDatabase(manager);
    else if ((await manager.getRepository(Movie).count()) > 0) {
      throw new Error('The database has movies already: run seed --fresh to replace them.');
    }
    const movies = positive(options.movies, 'movies', 300);
    const days = positive(options.days, 'days', 30);
    const bar = progress('Seeding', expectedRows(movies, days));
    const result = await seedDatabase(manager, { movies, days, tick: (n) => bar.tick(n) });
    bar.done(`Seeded ${result.movies} movies, ${result.people} people, ${result.genres} genres, ${result.rooms} rooms, ${result.screenings} screenings.`);
    if (options.users !== false) {
      await syncPermissions();
      const created = await seedUsers(manager);
      if (created.length > 0) log(`Created the demo accounts: ${created.join(', ')}.`);
    }
  },
};

/**
 * The project's own app: the layout and home page templates, the static files, the migrations of
 * every table (the contrib apps' too: they ship no migrations) and the `seed` command.
 */
export const theaterApp = defineApp({
  label: 'theater',
  templates: join(__dirname, 'templates'),
  migrations: join(__dirname, 'migrations'),
  commands: [seedCommand],
});
