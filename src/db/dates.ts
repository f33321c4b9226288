import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { Http404, ImproperlyConfigured } from '../http/exceptions';
import { resolveField } from './ordering';
import { columnType, lookupValue } from './values';

/**
 * Calendar arithmetic and date queries for the date-based views. A calendar date is a JS Date at
 * midnight UTC; in queries it is the text `YYYY-MM-DD`, so day boundaries are the database's
 * own (UTC for datetime columns on SQLite, the session time zone on PostgreSQL).
 */

/** A period of the date-based views. */
export type Period = 'year' | 'month' | 'week' | 'day';

/** Week formats: `%U` weeks start on Sunday, `%W` and ISO `%V` on Monday. */
export type WeekFormat = '%U' | '%W' | '%V';

const DAY = 86_400_000;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A calendar date (midnight UTC); Http404 "Date out of range" outside years 1–9999. */
export function calendarDate(year: number, month: number, day: number): Date {
  if (year < 1 || year > 9999) throw new Http404('Date out of range');
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date;
}

/** `YYYY-MM-DD` of a calendar date. */
export function isoDate(date: Date): string {
  return `${String(date.getUTCFullYear()).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

/** The calendar date of `YYYY-MM-DD` text (as SQL date functions return it). */
export function parseIsoDate(text: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m) throw new TypeError(`Not a date: ${JSON.stringify(text)}`);
  return calendarDate(+m[1], +m[2], +m[3]);
}

/** Today's calendar date in the server's time zone (Django's `date.today()`). */
export function today(): Date {
  const now = new Date();
  return calendarDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/** `date` plus `days` days; Http404 "Date out of range" past year 9999. */
export function addDays(date: Date, days: number): Date {
  const result = new Date(date.getTime() + days * DAY);
  const year = result.getUTCFullYear();
  if (year < 1 || year > 9999) throw new Http404('Date out of range');
  return result;
}

/** Days since the start of the week: Sunday = 0 for `%U`, Monday = 0 for `%W` and `%V`. */
export function weekday(date: Date, weekFormat: string): number {
  if (weekFormat === '%W' || weekFormat === '%V') return (date.getUTCDay() + 6) % 7;
  if (weekFormat === '%U') return date.getUTCDay();
  throw new ImproperlyConfigured(`Unknown week format '${weekFormat}'. Choices are: %U, %V, %W.`);
}

/** The first day of the period holding `date`. */
export function periodStart(period: Period, date: Date, weekFormat = '%U'): Date {
  if (period === 'year') return calendarDate(date.getUTCFullYear(), 1, 1);
  if (period === 'month') return calendarDate(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  if (period === 'week') return addDays(date, -weekday(date, weekFormat));
  return date;
}

/** The first day of the period after the one holding `date`. */
export function nextPeriodStart(period: Period, date: Date, weekFormat = '%U'): Date {
  if (period === 'year') return calendarDate(date.getUTCFullYear() + 1, 1, 1);
  if (period === 'month') {
    const month = date.getUTCMonth() + 1;
    return month === 12 ? calendarDate(date.getUTCFullYear() + 1, 1, 1) : calendarDate(date.getUTCFullYear(), month + 1, 1);
  }
  if (period === 'week') return addDays(date, 7 - weekday(date, weekFormat));
  return addDays(date, 1);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** One `%x` directive of a date string, as Python's strptime reads it. */
function readPart(value: string, format: string, out: { year?: number; month?: number; day?: number; week?: number; weekday?: number }): boolean {
  switch (format) {
    case '%Y':
    case '%G':
      if (!/^\d{4}$/.test(value)) return false;
      out.year = +value;
      return true;
    case '%y':
      if (!/^\d{1,2}$/.test(value)) return false;
      out.year = +value < 69 ? 2000 + +value : 1900 + +value;
      return true;
    case '%m':
      if (!/^\d{1,2}$/.test(value) || +value < 1 || +value > 12) return false;
      out.month = +value;
      return true;
    case '%b':
    case '%B': {
      const names = format === '%b' ? MONTHS : MONTH_NAMES;
      const index = names.indexOf(value.toLowerCase());
      if (index === -1) return false;
      out.month = index + 1;
      return true;
    }
    case '%d':
      if (!/^\d{1,2}$/.test(value) || +value < 1 || +value > 31) return false;
      out.day = +value;
      return true;
    case '%U':
    case '%W':
    case '%V':
      if (!/^\d{1,2}$/.test(value) || +value > 53 || (format === '%V' && +value < 1)) return false;
      out.week = +value;
      return true;
    case '%w':
      if (!/^[0-6]$/.test(value)) return false;
      out.weekday = +value;
      return true;
    case '':
      return value === '';
    default:
      throw new ImproperlyConfigured(`Unsupported date format '${format}'. Use %Y, %G or %y; %b, %B or %m; %d; %U, %W or %V.`);
  }
}

/** The date of `week` (Sunday- or Monday-based, Python's strptime rules for %U / %W / %V). */
function weekDate(year: number, week: number, dayOfWeek: number, format: string): Date {
  const monday0 = (dayOfWeek + 6) % 7;
  if (format === '%V') {
    const jan4 = calendarDate(year, 1, 4);
    const week1Monday = addDays(jan4, -((jan4.getUTCDay() + 6) % 7));
    return addDays(week1Monday, (week - 1) * 7 + monday0);
  }
  let first = (calendarDate(year, 1, 1).getUTCDay() + 6) % 7;
  let day = monday0;
  if (format === '%U') {
    first = (first + 1) % 7;
    day = (day + 1) % 7;
  }
  const week0Length = (7 - first) % 7;
  const julian = week === 0 ? 1 + day - first : 1 + week0Length + 7 * (week - 1) + day;
  if (julian <= 0) return addDays(calendarDate(year - 1, 1, 1), julian - 1 + (isLeap(year - 1) ? 366 : 365));
  return addDays(calendarDate(year, 1, 1), julian - 1);
}

/**
 * The calendar date of URL values read with their formats (Django's `_date_from_string`):
 * `dateFromString([['2008', '%Y'], ['oct', '%b'], ['01', '%d']])`. Http404 when they do not make a date.
 */
export function dateFromString(parts: Array<[unknown, string]>): Date {
  const datestr = parts.map(([v]) => String(v ?? '')).join('__');
  const format = parts.map(([, f]) => f).join('__');
  const invalid = () => new Http404(`Invalid date string “${datestr}” given format “${format}”`);
  const out: { year?: number; month?: number; day?: number; week?: number; weekday?: number } = {};
  for (const [value, fmt] of parts) if (!readPart(String(value ?? ''), fmt, out)) throw invalid();
  const year = out.year ?? 1900;
  const weekFormat = parts.find(([, f]) => f === '%U' || f === '%W' || f === '%V')?.[1];
  if (weekFormat && out.week !== undefined && out.weekday !== undefined) {
    try {
      return weekDate(year, out.week, out.weekday, weekFormat);
    } catch {
      throw invalid();
    }
  }
  const month = out.month ?? 1;
  const day = out.day ?? 1;
  const date = calendarDate(year, month, day);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) throw invalid();
  return date;
}

const DATETIME_TYPES = new Set(['datetime', 'datetime2', 'timestamp', 'timestamptz', 'timestamp without time zone', 'timestamp with time zone', 'smalldatetime']);

/** The date column of a view's query, and whether it holds date-times. */
export interface DateColumn {
  /** `alias.propertyPath`, for conditions and ordering. */
  readonly path: string;
  /** The escaped `alias.column`, for SQL functions. */
  readonly sql: string;
  readonly column: ColumnMetadata;
  /** True for datetime/timestamp columns, false for date columns. */
  readonly isDatetime: boolean;
}

/** Resolve `field` of `qb` as the date column of a date-based view. */
export function dateColumn(qb: SelectQueryBuilder<ObjectLiteral>, field: string): DateColumn {
  const { alias, column } = resolveField(qb, field);
  const type = columnType(column);
  if (type !== 'date' && !DATETIME_TYPES.has(type)) {
    throw new ImproperlyConfigured(`dateField '${field}' is a ${type} column; the date-based views need a date or datetime column.`);
  }
  return { path: `${alias}.${column.propertyPath}`, sql: `${qb.escape(alias)}.${qb.escape(column.databaseName)}`, column, isDatetime: type !== 'date' };
}

/** SQL giving the first day (`YYYY-MM-DD` text) of the year, month or day of `sql`, in the database's dialect. */
export function truncateSql(qb: SelectQueryBuilder<ObjectLiteral>, sql: string, kind: 'year' | 'month' | 'day'): string {
  const type = String(qb.dataSource.options.type);
  if (['better-sqlite3', 'sqlite', 'sqljs', 'capacitor', 'cordova', 'expo', 'react-native', 'nativescript'].includes(type)) {
    return `strftime('${kind === 'year' ? '%Y-01-01' : kind === 'month' ? '%Y-%m-01' : '%Y-%m-%d'}', ${sql})`;
  }
  if (['postgres', 'cockroachdb', 'aurora-postgres'].includes(type)) {
    return kind === 'year' ? `to_char(${sql}, 'YYYY') || '-01-01'` : kind === 'month' ? `to_char(${sql}, 'YYYY-MM') || '-01'` : `to_char(${sql}, 'YYYY-MM-DD')`;
  }
  if (['mysql', 'mariadb', 'aurora-mysql'].includes(type)) {
    return `DATE_FORMAT(${sql}, '${kind === 'year' ? '%Y-01-01' : kind === 'month' ? '%Y-%m-01' : '%Y-%m-%d'}')`;
  }
  throw new ImproperlyConfigured(`The date-based views do not support the '${type}' database yet (SQLite, PostgreSQL and MySQL are).`);
}

let parameterCount = 0;

/** Add `column op value` to `qb`, the value bound as a parameter (a calendar date as `YYYY-MM-DD`, an instant through the driver). */
export function whereDate(qb: SelectQueryBuilder<ObjectLiteral>, column: DateColumn, op: '<' | '<=' | '>=' | '=', value: Date, instant = false): void {
  const name = `egv_date_${(parameterCount = (parameterCount + 1) % 1_000_000)}`;
  const bound = instant ? lookupValue(column.column, value, qb.dataSource) : isoDate(value);
  qb.andWhere(`${column.path} ${op} :${name}`, { [name]: bound });
}

/** The distinct periods (calendar dates) of `column` in `qb` (Django's `dates()` / `datetimes()`). */
export async function datesOf(qb: SelectQueryBuilder<ObjectLiteral>, column: DateColumn, kind: 'year' | 'month' | 'day', order: 'ASC' | 'DESC'): Promise<Date[]> {
  const rows = await qb
    .clone()
    .select(truncateSql(qb, column.sql, kind), 'egv_period')
    .distinct(true)
    .orderBy('egv_period', order)
    .offset(undefined)
    .limit(undefined)
    .skip(undefined)
    .take(undefined)
    .getRawMany<{ egv_period: string }>();
  return rows.map((row) => parseIsoDate(String(row.egv_period)));
}

/** The day (calendar date) of the first row of `qb` in `order` of `column`, or null when it has none. */
export async function firstDay(qb: SelectQueryBuilder<ObjectLiteral>, column: DateColumn, order: 'ASC' | 'DESC'): Promise<Date | null> {
  const row = await qb
    .clone()
    .select(truncateSql(qb, column.sql, 'day'), 'egv_day')
    .orderBy(column.path, order)
    .limit(1)
    .getRawOne<{ egv_day: string }>();
  return row ? parseIsoDate(String(row.egv_day)) : null;
}
