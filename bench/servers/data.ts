/**
 * The database side of the scenarios, shared by every peer: the TypeORM entities, the form's DTO
 * (class-validator), and one fresh SQLite file per server process.
 *
 * Each server process gets its own copy of a template database (1,000 movies, 100,000 entries
 * with an index on the ordering columns), made once per bench run. Files live in BENCH_TMP
 * (set by the harness: a folder on /dev/shm when there is one, removed after the run) and are
 * deleted when the server exits. All peers open SQLite the same way: WAL, synchronous=NORMAL.
 */
import 'reflect-metadata';
import Database from 'better-sqlite3';
import { IsInt, IsNumber, IsString, Length, Max, Min } from 'class-validator';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Column, DataSource, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ENTRIES, MOVIES } from './scenario';
import { onExit } from './serve';

@Entity('bench_movie')
export class Movie {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 200 }) title!: string;
  @Column('integer') year!: number;
  @Column('real') rating!: number;
}

/** The 100,000-row table of issue 4: listed by `rank` (unique, not the primary key), indexed with the id. */
@Entity('bench_entry')
@Index('bench_entry_rank_id', ['rank', 'id'])
export class Entry {
  @PrimaryGeneratedColumn() id!: number;
  @Column('integer') rank!: number;
  @Column('varchar', { length: 200 }) title!: string;
  @Column('integer') year!: number;
}

/** What the peers validate a posted movie against (the framework's form declares the same rules). */
export class MovieInput {
  @IsString() @Length(1, 200) title!: string;
  @IsInt() @Min(1888) @Max(2100) year!: number;
  @IsNumber() @Min(0) @Max(10) rating!: number;
}

const SCHEMA = `
CREATE TABLE "bench_movie" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "title" varchar(200) NOT NULL, "year" integer NOT NULL, "rating" real NOT NULL);
CREATE TABLE "bench_entry" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "rank" integer NOT NULL, "title" varchar(200) NOT NULL, "year" integer NOT NULL);
CREATE INDEX "bench_entry_rank_id" ON "bench_entry" ("rank", "id");
`;

function benchTmp(): string {
  const dir = process.env.BENCH_TMP || join(tmpdir(), 'egv-bench');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The template database of this run (made once, atomically: write elsewhere, then rename). */
export function templateDatabase(): string {
  const file = join(benchTmp(), 'template-v1.sqlite3');
  if (existsSync(file)) return file;
  const partial = `${file}.${process.pid}.tmp`;
  const db = new Database(partial);
  db.pragma('journal_mode = DELETE');
  db.exec(SCHEMA);
  const movie = db.prepare('INSERT INTO bench_movie (id, title, year, rating) VALUES (?, ?, ?, ?)');
  // rank: a permutation of the ids (7919 is prime to 100,003, itself prime), so the listing order is not the id order.
  const entry = db.prepare('INSERT INTO bench_entry (id, rank, title, year) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (let i = 1; i <= MOVIES; i++) movie.run(i, `Movie ${i}`, 1950 + ((i * 7) % 70), ((i * 37) % 100) / 10);
    for (let i = 1; i <= ENTRIES; i++) entry.run(i, (i * 7919) % 100_003, `Entry ${i}`, 1900 + (i % 120));
  })();
  db.exec('ANALYZE');
  db.close();
  renameSync(partial, file);
  return file;
}

let ownFile: string | null = null;

/** This process's own database: a fresh copy of the template, removed when the process exits. */
export function databaseFile(): string {
  if (ownFile) return ownFile;
  const template = templateDatabase();
  const file = join(benchTmp(), `db-${process.pid}.sqlite3`);
  copyFileSync(template, file);
  ownFile = file;
  onExit(() => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
  });
  return file;
}

/** The pragmas every peer uses (WAL, synchronous=NORMAL: a commit is not an fsync). */
export function preparePragmas(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
}

/** A TypeORM DataSource on this process's database (not initialised). */
export function benchDataSource(entities: Function[] = [Movie, Entry], synchronize = false): DataSource {
  return new DataSource({
    type: 'better-sqlite3',
    database: databaseFile(),
    entities,
    synchronize,
    // BENCH_SQL_LOG=1 prints every query (to compare what the peers run).
    logging: process.env.BENCH_SQL_LOG === '1' ? ['query'] : false,
    prepareDatabase: preparePragmas,
  });
}

/** better-sqlite3 directly (the raw node:http peer). */
export function rawDatabase(): Database.Database {
  const db = new Database(databaseFile());
  preparePragmas(db);
  return db;
}
