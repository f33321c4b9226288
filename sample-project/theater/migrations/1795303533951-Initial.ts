import type { MigrationInterface, QueryRunner } from 'typeorm';
import * as postgres from './sql/initial.postgres';
import * as sqlite from './sql/initial.sqlite';

/** The statements for the database this migration runs on: PostgreSQL or SQLite. */
function statements(queryRunner: QueryRunner) {
  const type = queryRunner.connection.options.type;
  if (type === 'postgres') return postgres;
  if (type === 'better-sqlite3') return sqlite;
  throw new Error(`The Initial migration has SQL for PostgreSQL and SQLite, not for ${type}.`);
}

/**
 * Every table of the project: the contrib apps' (sessions, auth: they ship no migrations) and
 * the movies, screenings and bookings apps'. `makemigrations` writes SQL for the database it
 * compares against, so it was run once on an empty SQLite file and once on an empty PostgreSQL
 * database, and this migration picks the right list (Django generates per backend the same way).
 */
export class Initial1795303533951 implements MigrationInterface {
  name = 'Initial1795303533951';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of statements(queryRunner).up) await queryRunner.query(sql);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of statements(queryRunner).down) await queryRunner.query(sql);
  }
}
