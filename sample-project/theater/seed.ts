import type { EntityManager } from 'typeorm';
import { Permission, User, createUser } from 'express-generic-views';
import { Credit, Genre, Movie, Person } from '../movies/entities';
import { Room, Screening } from '../screenings/entities';
import { Booking } from '../bookings/entities';
import { CREW_JOBS, FIRST_NAMES, GENRES, LAST_NAMES, Random, slugify, synopsis, title } from './random';

/** What to generate. */
export interface SeedOptions {
  /** How many movies (default 300). */
  movies?: number;
  /** Days of screenings from `start` on (default 30). */
  days?: number;
  /** The first day of screenings (default today, local time). */
  start?: Date;
  /** How many of the most recent movies are on the schedule (default 24). */
  nowShowing?: number;
  /** Seed of the generator: the same seed gives the same movies (default 1895). */
  seed?: number;
  /** Called with the number of rows written, as they are written. */
  tick?: (rows: number) => void;
}

/** How many rows of each kind were written. */
export interface SeedResult {
  genres: number;
  people: number;
  movies: number;
  credits: number;
  rooms: number;
  screenings: number;
}

export const ROOMS = [
  { name: 'Grand Hall', seats: 180 },
  { name: 'Studio 2', seats: 90 },
  { name: 'Studio 3', seats: 60 },
  { name: 'Salon', seats: 24 },
];

/** How many people the seed makes (cast and crew are drawn from them). */
const PEOPLE = 160;

/** Screening start times (hour, minute), local time. */
const SLOTS: Array<[number, number]> = [
  [14, 0],
  [17, 15],
  [20, 30],
];

/** How many rows `seedDatabase` writes for `movies` movies and `days` days (for a progress report). */
export function expectedRows(movies: number, days: number): number {
  return GENRES.length + PEOPLE + movies * (1 + 4 + CREW_JOBS.length) + ROOMS.length + (movies > 0 ? days * ROOMS.length * SLOTS.length : 0);
}

/** Insert `rows` in chunks (one statement per chunk keeps PostgreSQL and SQLite under their parameter limits). */
async function insertAll<T extends object>(manager: EntityManager, entity: new () => T, rows: Partial<T>[], tick?: (n: number) => void): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    const result = await manager.getRepository(entity).insert(chunk as never);
    chunk.forEach((row, j) => out.push({ ...row, id: result.identifiers[j].id } as T));
    tick?.(chunk.length);
  }
  return out;
}

/**
 * Fill an empty database with generated genres, people, movies (with cast and crew), rooms and
 * `days` days of screenings of the most recent movies. Movies are the same on every run with the
 * same `seed`; screenings start on `start`. Runs in one transaction.
 */
export async function seedDatabase(manager: EntityManager, options: SeedOptions = {}): Promise<SeedResult> {
  const random = new Random(options.seed ?? 1895);
  const movieCount = options.movies ?? 300;
  const days = options.days ?? 30;
  const start = options.start ?? new Date();
  return manager.transaction(async (tx) => {
    const genres = await insertAll(tx, Genre, GENRES.map((name) => ({ name, slug: slugify(name) })), options.tick);
    const names = new Set<string>();
    while (names.size < PEOPLE) names.add(`${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`);
    const people = await insertAll(tx, Person, [...names].map((name) => ({ name })), options.tick);

    const slugs = new Set<string>();
    const drafts: Array<{ row: Partial<Movie>; genres: Genre[]; cast: Person[] }> = [];
    const first = Date.UTC(1965, 0, 1);
    const span = Date.UTC(2025, 11, 31) - first;
    for (let i = 0; i < movieCount; i++) {
      const made = title(random);
      const releasedOn = new Date(first + Math.floor(random.next() * span)).toISOString().slice(0, 10);
      let name = made.title;
      let slug = `${slugify(name)}-${releasedOn.slice(0, 4)}`;
      for (let n = 2; slugs.has(slug); n++) {
        name = `${made.title} ${['II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII'][n - 2] ?? n}`;
        slug = `${slugify(name)}-${releasedOn.slice(0, 4)}`;
      }
      slugs.add(slug);
      const cast = random.sample(people, 4);
      const text = synopsis(random, cast.map((p) => p.name.split(' ')[0]), made.noun, made.place);
      const row = { title: name, slug, releasedOn, runtime: random.int(78, 172), synopsis: text };
      drafts.push({ row, genres: random.sample(genres, random.int(1, 3)), cast });
    }
    const movies = await insertAll(tx, Movie, drafts.map((d) => d.row), options.tick);
    const credits: Partial<Credit>[] = [];
    const links: Array<{ movie_id: number; genre_id: number }> = [];
    movies.forEach((movie, i) => {
      drafts[i].cast.forEach((person, position) => {
        const role = `${random.pick(FIRST_NAMES)} ${random.pick(['', 'the Elder', 'Jr.', ''])}`.trim();
        credits.push({ movie, person, kind: 'cast', role, position });
      });
      CREW_JOBS.forEach((job, position) => credits.push({ movie, person: random.pick(people), kind: 'crew', role: job, position }));
      for (const genre of drafts[i].genres) links.push({ movie_id: movie.id, genre_id: genre.id });
    });
    await insertAll(tx, Credit, credits, options.tick);
    for (let i = 0; i < links.length; i += 300) {
      await tx.createQueryBuilder().insert().into('movies_movie_genres').values(links.slice(i, i + 300)).execute();
    }

    const rooms = await insertAll(tx, Room, ROOMS, options.tick);
    const showing = [...movies].sort((a, b) => b.releasedOn!.localeCompare(a.releasedOn!) || a.id - b.id).slice(0, options.nowShowing ?? 24);
    const screenings: Partial<Screening>[] = [];
    for (let day = 0; day < days && showing.length > 0; day++) {
      const date = new Date(start.getFullYear(), start.getMonth(), start.getDate() + day);
      for (const room of rooms) {
        for (const [hour, minute] of SLOTS) {
          const movie = showing[(day * 7 + room.id * 3 + hour) % showing.length];
          const startsAt = new Date(date.getFullYear(), date.getMonth(), date.getDate(), hour, minute);
          screenings.push({ movie, room, startsAt, priceCents: hour >= 20 ? 1300 : 1050 });
        }
      }
    }
    await insertAll(tx, Screening, screenings, options.tick);
    return {
      genres: genres.length,
      people: people.length,
      movies: movies.length,
      credits: credits.length,
      rooms: rooms.length,
      screenings: screenings.length,
    };
  });
}

/** Delete every row the seed writes (bookings first), for `seed --fresh`. */
export async function clearDatabase(manager: EntityManager): Promise<void> {
  await manager.transaction(async (tx) => {
    for (const entity of [Booking, Screening, Room, Credit]) await tx.createQueryBuilder().delete().from(entity).execute();
    await tx.createQueryBuilder().delete().from('movies_movie_genres').execute();
    for (const entity of [Movie, Person, Genre]) await tx.createQueryBuilder().delete().from(entity).execute();
  });
}

/** The demo accounts the seed can create, and their passwords (shown on the home page in debug). */
export const DEMO_USERS = {
  customer: { username: 'alice', password: 'alice-password' },
  staff: { username: 'staff', password: 'staff-password' },
};

/**
 * Create the demo accounts when they do not exist: `alice` (a customer) and `staff` (isStaff,
 * with the add/change/delete/view permissions of movies). Needs the permissions to exist
 * (syncPermissions(), run by `prepareDatabase`). Resolves to the usernames created.
 */
export async function seedUsers(manager: EntityManager): Promise<string[]> {
  const created: string[] = [];
  const users = manager.getRepository(User);
  if (!(await users.existsBy({ username: DEMO_USERS.customer.username }))) {
    await createUser({ ...DEMO_USERS.customer, email: 'alice@example.com', firstName: 'Alice' });
    created.push(DEMO_USERS.customer.username);
  }
  if (!(await users.existsBy({ username: DEMO_USERS.staff.username }))) {
    const staff = await createUser<User>({ ...DEMO_USERS.staff, email: 'staff@example.com', isStaff: true });
    staff.userPermissions = await manager.getRepository(Permission).findBy({ appLabel: 'movies', codename: 'add_movie' });
    for (const codename of ['change_movie', 'delete_movie', 'view_movie']) {
      staff.userPermissions.push(...(await manager.getRepository(Permission).findBy({ appLabel: 'movies', codename })));
    }
    await users.save(staff);
    created.push(DEMO_USERS.staff.username);
  }
  return created;
}

