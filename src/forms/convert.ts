import secureJson from 'secure-json-parse';
import { UploadedFile } from '../http/uploads';
import type { FieldSpec } from './fields';
import { charCount, showValue } from './messages';

/** A conversion failure: a message code and its parameters. */
export interface Failure {
  code: string;
  params?: Record<string, unknown>;
}

/** The result of converting one raw value. */
export type Converted = { ok: true; value: unknown; empty: boolean } | { ok: false; failure: Failure };

const EMPTY: Converted = { ok: true, value: null, empty: true };
const INTEGER = /^[+-]?\d+(?:\.0*)?$/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const FALSE = new Set(['false', '0', 'off', 'no', '']);

function fail(code: string, params?: Record<string, unknown>): Converted {
  return { ok: false, failure: { code, params } };
}

function ok(value: unknown): Converted {
  return { ok: true, value, empty: false };
}

/** A scalar from the post as text; objects and lists are refused. */
function asText(raw: unknown): string | Failure {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'bigint') return String(raw);
  if (typeof raw === 'boolean') return raw ? 'true' : 'false';
  if (Array.isArray(raw)) return { code: 'singleValue' };
  return { code: 'invalid' };
}

function validDate(y: number, m: number, d: number): boolean {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

function toDate(text: string): Date | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validDate(y, mo, d)) return null;
  const date = new Date(y, mo - 1, d);
  date.setFullYear(y);
  return date;
}

function toDateTime(text: string): Date | null {
  const m = DATETIME.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [h, mi, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  if (!validDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return null;
  if (m[8]) {
    const zone = m[8].toUpperCase();
    let offset = 0;
    if (zone !== 'Z') {
      const digits = zone.replace(':', '');
      const hours = Number(digits.slice(1, 3));
      const minutes = Number(digits.slice(3, 5));
      if (hours > 23 || minutes > 59) return null;
      offset = (hours * 60 + minutes) * (digits[0] === '-' ? -1 : 1);
    }
    const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms) - offset * 60_000);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  const date = new Date(y, mo - 1, d, h, mi, s, ms);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Convert one posted value (never a list) for `spec` (Django's Field.to_python). */
export function convertScalar(spec: FieldSpec, raw: unknown): Converted {
  if (raw === undefined || raw === null) return spec.kind === 'boolean' && !spec.choices ? ok(false) : EMPTY;
  if (spec.kind === 'file') {
    if (!(raw instanceof UploadedFile)) return fail('invalid');
    return raw.size === 0 && raw.name === '' ? EMPTY : raw.size === 0 ? fail('emptyFile') : ok(raw);
  }
  if (spec.kind === 'boolean' && !spec.choices) {
    if (typeof raw === 'boolean') return ok(raw);
    const text = asText(raw);
    if (typeof text !== 'string') return fail(text.code);
    return ok(!FALSE.has(text.trim().toLowerCase()));
  }
  if (spec.kind === 'json' && typeof raw !== 'string') return ok(raw);
  if ((spec.kind === 'date' || spec.kind === 'datetime') && raw instanceof Date) return Number.isNaN(raw.getTime()) ? fail('invalid') : ok(raw);
  const text = asText(raw);
  if (typeof text !== 'string') return fail(text.code);
  if (text.includes('\0')) return fail('nullCharacters');
  const value = spec.strip || spec.kind !== 'string' ? text.trim() : text;
  if (value === '') return EMPTY;
  if (spec.choices && spec.kind !== 'model') {
    const found = spec.choices.find(([choice]) => String(choice) === value);
    return found ? ok(found[0]) : fail('invalidChoice', { value: showValue(value) });
  }
  switch (spec.kind) {
    case 'integer': {
      if (typeof raw === 'number') return Number.isInteger(raw) ? ok(raw) : fail('invalid');
      if (!INTEGER.test(value)) return fail('invalid');
      const n = Number(value.replace(/\.0*$/, ''));
      if (n > Number.MAX_SAFE_INTEGER) return fail('max', { limit: Number.MAX_SAFE_INTEGER });
      if (n < Number.MIN_SAFE_INTEGER) return fail('min', { limit: Number.MIN_SAFE_INTEGER });
      return ok(n);
    }
    case 'number': {
      const n = typeof raw === 'number' ? raw : NUMBER.test(value) ? Number(value) : NaN;
      return Number.isFinite(n) ? ok(n) : fail('invalid');
    }
    case 'date': {
      const date = toDate(value);
      return date ? ok(date) : fail('invalid');
    }
    case 'datetime': {
      const date = toDateTime(value);
      return date ? ok(date) : fail('invalid');
    }
    case 'json':
      try {
        return ok(secureJson.parse(value, undefined, { protoAction: 'error', constructorAction: 'error' }));
      } catch {
        return fail('invalid');
      }
    default:
      return ok(value);
  }
}

function digits(n: number): { whole: number; decimals: number } {
  const text = Math.abs(n).toString();
  if (/e/i.test(text)) {
    const [mantissa, exp] = text.split(/e/i);
    const [w, f = ''] = mantissa.split('.');
    const e = Number(exp);
    const decimals = Math.max(0, f.length - e);
    const whole = Math.max(0, w.replace(/^0+/, '').length + e);
    return { whole, decimals };
  }
  const [w, f = ''] = text.split('.');
  return { whole: w.replace(/^0+/, '').length, decimals: f.length };
}

function typeMatches(accepted: string, contentType: string): boolean {
  const want = accepted.toLowerCase().trim();
  const type = contentType.toLowerCase().split(';')[0].trim();
  return want.endsWith('/*') ? type.startsWith(want.slice(0, -1)) : type === want;
}

/** The form's own checks on a converted, non-empty value (lengths, bounds, digits, file size and type). */
export function runChecks(spec: FieldSpec, value: unknown): Failure | null {
  const c = spec.checks;
  if (typeof value === 'string') {
    const count = charCount(value);
    if (c.maxLength !== undefined && count > c.maxLength) return { code: 'maxLength', params: { limit: c.maxLength, count } };
    if (c.minLength !== undefined && count < c.minLength) return { code: 'minLength', params: { limit: c.minLength, count } };
    if (c.uuid && !UUID.test(value)) return { code: 'isUUID' };
  }
  if (typeof value === 'number') {
    if (c.max !== undefined && value > c.max) return { code: 'max', params: { limit: c.max } };
    if (c.min !== undefined && value < c.min) return { code: 'min', params: { limit: c.min } };
    if (c.maxDigits !== undefined || c.decimalPlaces !== undefined) {
      const { whole, decimals } = digits(value);
      if (c.maxDigits !== undefined && whole + decimals > c.maxDigits) {
        if (c.decimalPlaces !== undefined && decimals <= c.decimalPlaces) return { code: 'maxWholeDigits', params: { limit: c.maxDigits - c.decimalPlaces } };
        return { code: 'maxDigits', params: { limit: c.maxDigits } };
      }
      if (c.decimalPlaces !== undefined && decimals > c.decimalPlaces) return { code: 'maxDecimalPlaces', params: { limit: c.decimalPlaces } };
    }
  }
  if (value instanceof UploadedFile) {
    if (c.maxSize !== undefined && value.size > c.maxSize) return { code: 'maxSize', params: { limit: c.maxSize, size: value.size } };
    if (c.contentTypes?.length && !c.contentTypes.some((t) => typeMatches(t, value.contentType))) return { code: 'contentType', params: { type: value.contentType || 'unknown' } };
  }
  return null;
}
