/**
 * The scenarios every peer implements, and the data they share (framework-free: peers load only
 * what their own stack needs). A server process serves ONE scenario, chosen by SCENARIO:
 *
 *   hello   GET /hello/ → 'hello' (ROUTES=N: N-1 other static routes first, hello/ the last)
 *   json    GET /movies/500/ → the movie as JSON, by primary key, from SQLite (404 when missing)
 *   list    GET /movies/ → page 1 (20 rows) of 1,000 movies: COUNT + LIMIT 20, rendered with Pug
 *   table   GET /table/ → a 20-row table from memory through a cached / precompiled Pug template (issue 3)
 *   page    GET /entries/?page=N → 20 rows of 100,000 (ORDER BY rank; COUNT + LIMIT/OFFSET) through Pug (issue 4)
 *   cursor  GET /entries/cursor/[?page=<cursor>] → keyset pagination of the same table (framework only)
 *   form    POST /movies/new/ (urlencoded) → validate, insert a row, 302 to /movies/ (issue 5)
 *   stack   GET /page/ behind sessions + CSRF + security headers (+ auth and messages in the framework):
 *           reads the session, renders a CSRF token (issue 6); GET /start/ creates the session
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type Scenario = 'hello' | 'json' | 'list' | 'table' | 'page' | 'cursor' | 'form' | 'stack';

const SCENARIOS: readonly Scenario[] = ['hello', 'json', 'list', 'table', 'page', 'cursor', 'form', 'stack'];

/** SCENARIO from the environment (default hello). */
export function scenario(): Scenario {
  const value = (process.env.SCENARIO ?? 'hello') as Scenario;
  if (!SCENARIOS.includes(value)) throw new Error(`SCENARIO must be one of ${SCENARIOS.join(', ')}, not '${value}'.`);
  return value;
}

/** How many routes the server registers (the hello route is always the last): env ROUTES, default 1. */
export function routeCount(): number {
  const n = Number(process.env.ROUTES ?? 1);
  if (!Number.isInteger(n) || n < 1) throw new Error(`ROUTES must be a positive integer, not ${process.env.ROUTES}`);
  return n;
}

/** The templates folder (bench/servers/templates), from the sources or from the build under bench/results/build. */
export const TEMPLATES = [join(__dirname, 'templates'), resolve(__dirname, '../../../../servers/templates')].find((dir) => existsSync(dir))!;
/** Templates of the peers (plain Pug: `res.render`, `reply.view`, `@Render`, `pug.compileFile`). */
export const PEER_TEMPLATES = join(TEMPLATES, 'peers');
/** Templates of the framework (the installed app 'bench': bench/movie_list.pug …). */
export const FW_TEMPLATES = join(TEMPLATES, 'fw');

/** Rows per page in every list. */
export const PER_PAGE = 20;
/** Movies in the small table (json, list, form). */
export const MOVIES = 1_000;
/** Entries in the big table (page, cursor). */
export const ENTRIES = 100_000;

/** The 20 rows of the `table` scenario (issue 3), in memory. */
export const TABLE_ROWS = Array.from({ length: 20 }, (_, i) => ({
  id: i + 1,
  title: `Row <${i + 1}> & "friends"`,
  year: 1990 + i,
  rating: ((i * 37) % 100) / 10,
}));

/** The valid form post of the `form` scenario. */
export const FORM_BODY = 'title=A+bench+movie&year=1999&rating=7.5';

/** Page values the list templates of the peers get (the framework's templates use pageObj/paginator). */
export interface PageInfo {
  number: number;
  numPages: number;
  count: number;
  hasNext: boolean;
  hasPrevious: boolean;
}

/**
 * Django's page validation, as a hand-written handler does it: an integer from 1 to the last page
 * (1 for an empty list), else null (→ 404).
 */
export function pageNumber(raw: unknown, count: number): PageInfo | null {
  const value = raw === undefined || raw === null || raw === '' ? '1' : String(raw);
  if (!/^\d+$/.test(value)) return null;
  const number = Number(value);
  const numPages = Math.max(1, Math.ceil(count / PER_PAGE));
  if (number < 1 || number > numPages) return null;
  return { number, numPages, count, hasNext: number < numPages, hasPrevious: number > 1 };
}
