/**
 * The settings module read from the environment, without a database: DEBUG, SECRET_KEY,
 * DATABASE_URL, ALLOWED_HOSTS, and the deterministic generator behind the seed command.
 */
import type { DataSource } from 'typeorm';
import { DEFAULT_DATABASE, databaseOptions, projectSettings } from '../settings';
import { Random, slugify, title } from '../theater/random';

describe('projectSettings(env)', () => {
  test('debug is on by default, with the default secret and local hosts', () => {
    const settings = projectSettings({});
    expect(settings.debug).toBe(true);
    expect(settings.secretKey).toBe('insecure-sample-project-secret-change-me');
    expect(settings.allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect((settings.dataSource as DataSource).options).toMatchObject({ type: 'better-sqlite3', database: DEFAULT_DATABASE, synchronize: false });
  });

  test('refuses to start with debug off and the default secret key', () => {
    expect(() => projectSettings({ DEBUG: 'false' })).toThrow(/^SECRET_KEY: set it to a long random value before running with DEBUG=false/);
    expect(() => projectSettings({ DEBUG: '0', SECRET_KEY: '' })).toThrow(/SECRET_KEY/);
    expect(projectSettings({ DEBUG: 'false', SECRET_KEY: 'x'.repeat(50) }).debug).toBe(false);
  });

  test('ALLOWED_HOSTS is a comma-separated list; overrides replace settings', () => {
    const settings = projectSettings({ ALLOWED_HOSTS: 'cinema.example, .example.org' }, { staticUrl: '/theater/static/' });
    expect(settings.allowedHosts).toEqual(['cinema.example', '.example.org']);
    expect(settings.staticUrl).toBe('/theater/static/');
  });

  test('DATABASE_URL: postgres://… for PostgreSQL, sqlite:… for a SQLite file, anything else is refused', () => {
    expect(databaseOptions('postgres://u:p@db.example:5432/theater')).toEqual({ type: 'postgres', url: 'postgres://u:p@db.example:5432/theater', synchronize: false, logging: false });
    expect(databaseOptions('postgresql://db/theater')).toMatchObject({ type: 'postgres' });
    expect(databaseOptions('sqlite:/var/lib/theater.sqlite3')).toMatchObject({ type: 'better-sqlite3', database: '/var/lib/theater.sqlite3' });
    expect(databaseOptions('sqlite://relative.sqlite3')).toMatchObject({ database: 'relative.sqlite3' });
    expect(() => databaseOptions('mysql://db/theater')).toThrow("DATABASE_URL must start with postgres:// or sqlite: (got 'mysql:…').");
  });
});

describe('the seed generator', () => {
  test('the same seed gives the same sequence; titles and slugs are well-formed', () => {
    const a = new Random(1895);
    const b = new Random(1895);
    const first = Array.from({ length: 50 }, () => title(a).title);
    expect(Array.from({ length: 50 }, () => title(b).title)).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(30);
    for (const t of first) expect(slugify(t)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(first.some((t) => /^A [AEIOU]/.test(t))).toBe(false);
  });

  test('slugify drops accents and punctuation', () => {
    expect(slugify('Chloé’s  Café: Part II!')).toBe('chloe-s-cafe-part-ii');
  });
});
