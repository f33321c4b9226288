import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { DataSource } from 'typeorm';
import { PBKDF2PasswordHasher, type Settings } from 'express-generic-views';
import { startProject, type StartOptions, type StartedProject } from '../project';
import { Screening } from '../screenings/entities';

/** Which database the tests run on: PostgreSQL when DATABASE_URL says so (the PG pass), else a fresh SQLite file. */
export const databaseKind = process.env.DATABASE_URL?.startsWith('postgres') ? 'postgres' : 'sqlite';

/** The environment of a test project: production-like (debug off), its own database. */
export function testEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const url = databaseKind === 'postgres' ? process.env.DATABASE_URL : `sqlite:${join(mkdtempSync(join(tmpdir(), 'egv-theater-')), 'db.sqlite3')}`;
  return { DEBUG: 'false', SECRET_KEY: 'sample-project-test-secret-key-long-enough', DATABASE_URL: url, ALLOWED_HOSTS: '127.0.0.1,localhost,testserver', ...extra };
}

/** Log lines instead of printing them. */
export function quietLogger() {
  const lines: string[] = [];
  return { lines, error: (m: string, e?: unknown) => void lines.push(`ERROR ${m} ${e instanceof Error ? e.stack : ''}`), warn: (m: string) => void lines.push(`WARN ${m}`) };
}

/** Settings every test project gets: a fast password hasher (hashing is not what these tests are about). */
export const testOverrides = (): Partial<Settings> => ({
  passwordHashers: [new PBKDF2PasswordHasher({ iterations: 1000 })],
  logger: quietLogger(),
});

/**
 * The project as `npm start` builds it (migrations, permissions, seed, demo accounts) on a fresh
 * database with a small seed: 30 movies, 3 days of screenings from today.
 */
export function testProject(options: StartOptions = {}): Promise<StartedProject> {
  return startProject({
    env: testEnv(),
    seed: { movies: 30, days: 3 },
    demoUsers: true,
    dropSchema: true,
    ...options,
    overrides: { ...testOverrides(), ...options.overrides },
  });
}

/** A browser: a supertest agent that keeps cookies. */
export type Browser = TestAgent;

/** The CSRF token in a page's form. */
export function csrfOf(html: string): string {
  const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`No CSRF field in the page:\n${html.slice(0, 500)}`);
  return token;
}

/** Load the page at `url` (for its CSRF token and cookie), then post `fields` to `action` (default the same URL). */
export async function submit(agent: Browser, url: string, fields: Record<string, string | string[]>, action = url) {
  const page = await agent.get(url);
  if (page.status !== 200) throw new Error(`GET ${url} answered ${page.status}`);
  const body = new URLSearchParams();
  body.append('csrfmiddlewaretoken', csrfOf(page.text));
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  return agent.post(action).type('form').send(body.toString());
}

/** A new browser on `app`, logged in as `username` (the demo passwords are `<username>-password`). */
export async function loggedIn(app: StartedProject['app'], username: string): Promise<Browser> {
  const agent = request.agent(app);
  const res = await submit(agent, '/accounts/login/', { username, password: `${username}-password` });
  if (res.status !== 302) throw new Error(`Logging in as ${username} answered ${res.status}`);
  return agent;
}

/** The texts of the messages shown on a page. */
export function messagesOf(html: string): string[] {
  return [...html.matchAll(/<li class="message[^"]*" role="status">([^<]*)<\/li>/g)].map((m) => decodeEntities(m[1]));
}

/** `&amp;` → `&` … for comparing page text. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|apos|#39);/gi, (whole, code: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (named[code.toLowerCase()]) return named[code.toLowerCase()];
    return String.fromCodePoint(code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10));
  });
}

/** The next screening that has not started, in the room named `room` when given. */
export async function futureScreening(dataSource: DataSource, room?: string): Promise<Screening> {
  const qb = dataSource
    .getRepository(Screening)
    .createQueryBuilder('screening')
    .innerJoinAndSelect('screening.movie', 'movie')
    .innerJoinAndSelect('screening.room', 'room')
    .where('screening.startsAt > :now', { now: new Date(Date.now() + 60_000) })
    .orderBy('screening.startsAt')
    .addOrderBy('screening.id');
  if (room) qb.andWhere('room.name = :room', { room });
  const screening = await qb.getOne();
  if (!screening) throw new Error('The test seed has no future screening.');
  return screening;
}
