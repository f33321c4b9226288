import type { DataSource } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/** Returned by `lookupValue` for a value that no row can match (a 404, never a widened query). */
export const NO_MATCH: unique symbol = Symbol('no match');

const INT_RANGES: Record<string, [bigint, bigint]> = {
  tinyint: [-128n, 127n],
  smallint: [-32768n, 32767n],
  int2: [-32768n, 32767n],
  mediumint: [-8388608n, 8388607n],
  int: [-2147483648n, 2147483647n],
  integer: [-2147483648n, 2147483647n],
  int4: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
  int8: [-9223372036854775808n, 9223372036854775807n],
};
const FLOAT_TYPES = new Set(['float', 'float4', 'float8', 'double', 'double precision', 'real', 'decimal', 'numeric', 'dec', 'money']);
const STRING_TYPES = new Set(['varchar', 'character varying', 'char', 'character', 'nchar', 'nvarchar', 'text', 'tinytext', 'mediumtext', 'longtext', 'citext', 'string', 'varchar2', 'clob']);
const DATETIME_TYPES = new Set(['datetime', 'datetime2', 'timestamp', 'timestamptz', 'timestamp without time zone', 'timestamp with time zone', 'smalldatetime']);
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The normalised type name of a column (`'integer'`, `'varchar'`, or the JS type for inferred columns). */
export function columnType(column: ColumnMetadata): string {
  const type = column.type;
  if (typeof type === 'string') return type.toLowerCase();
  if (type === Number) return column.generationStrategy === 'increment' ? 'integer' : 'number';
  if (type === String) return 'varchar';
  if (type === Date) return 'datetime';
  if (type === Boolean) return 'boolean';
  return String((type as { name?: string }).name ?? type).toLowerCase();
}

/** Whether the database keeps 64-bit integers in every integer column (SQLite). */
function wideIntegers(dataSource: DataSource): boolean {
  return !['postgres', 'cockroachdb', 'mysql', 'mariadb', 'mssql', 'oracle', 'aurora-postgres', 'aurora-mysql'].includes(String(dataSource.options.type));
}

function integerValue(value: unknown, type: string, dataSource: DataSource): unknown {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return NO_MATCH;
    text = value.toFixed(0);
  } else if (typeof value === 'bigint') text = value.toString();
  else if (typeof value === 'string' && INTEGER.test(value)) text = value;
  else return NO_MATCH;
  const big = BigInt(text);
  const range = wideIntegers(dataSource) ? INT_RANGES.bigint : (INT_RANGES[type] ?? INT_RANGES.bigint);
  if (big < range[0] || big > range[1]) return NO_MATCH;
  return Number.isSafeInteger(Number(big)) ? Number(big) : big.toString();
}

function isValidDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

function typedValue(value: unknown, type: string, dataSource: DataSource): unknown {
  if (type in INT_RANGES) return integerValue(value, type, dataSource);
  if (FLOAT_TYPES.has(type) || type === 'number') {
    if (typeof value === 'number') return Number.isFinite(value) ? value : NO_MATCH;
    if (typeof value === 'string' && DECIMAL.test(value)) return type === 'number' ? Number(value) : value;
    return NO_MATCH;
  }
  if (type === 'uuid') return typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : NO_MATCH;
  if (type === 'date') {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? NO_MATCH : value;
    return typeof value === 'string' && isValidDate(value) ? value : NO_MATCH;
  }
  if (DATETIME_TYPES.has(type)) {
    const date = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
    return date && !Number.isNaN(date.getTime()) ? date : NO_MATCH;
  }
  if (type === 'boolean' || type === 'bool') {
    if (typeof value === 'boolean') return value;
    const text = String(value).toLowerCase();
    if (['true', 't', '1'].includes(text)) return true;
    if (['false', 'f', '0'].includes(text)) return false;
    return NO_MATCH;
  }
  if (STRING_TYPES.has(type)) {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'bigint') return String(value);
    return NO_MATCH;
  }
  return typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value) ? NO_MATCH : value;
}

/**
 * The database value of a URL or lookup value for `column`, converted as Django's field would
 * (`'42'` → 42 for an integer column), or NO_MATCH when no row can have it: undefined, NaN,
 * `'abc'` for an integer, a number outside the column's range, a malformed UUID or date.
 * The column's transformers and the driver's own conversion (dates, booleans on SQLite) are applied.
 */
export function lookupValue(column: ColumnMetadata, value: unknown, dataSource: DataSource): unknown {
  if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) return NO_MATCH;
  if (value === null) return null;
  const typed = typedValue(value, columnType(column), dataSource);
  if (typed === NO_MATCH) return NO_MATCH;
  return dataSource.driver.preparePersistentValue(typed, column);
}
