import { unescape as unescapeQuery } from 'node:querystring';
import { TooManyFieldsSent } from './exceptions';

/** Anything a QueryDict can be built from. */
export type QueryInit =
  | string
  | QueryDict
  | Iterable<readonly [string, unknown]>
  | Record<string, unknown>;

/**
 * A multi-valued map of form or query fields (Django's QueryDict). Keys never touch an object
 * prototype: `__proto__` is an ordinary key here.
 */
export class QueryDict {
  private readonly data = new Map<string, string[]>();

  constructor(
    init?: QueryInit,
    private mutable = false,
  ) {
    if (init === undefined || init === '') return;
    if (typeof init === 'string') {
      parseInto(this.data, init, Infinity);
      return;
    }
    const pairs =
      init instanceof QueryDict
        ? init.items()
        : Symbol.iterator in init
          ? (init as Iterable<readonly [string, unknown]>)
          : Object.entries(init);
    for (const [key, value] of pairs) {
      const values = Array.isArray(value) ? value : [value];
      for (const v of values) appendTo(this.data, key, String(v));
    }
  }

  /** Parse `query` (`a=1&a=2&b=`), refusing more than `maxFields` fields. */
  static parse(query: string, maxFields = 1000): QueryDict {
    const dict = new QueryDict();
    parseInto(dict.data, query, maxFields);
    return dict;
  }

  /** The last value of `key` (as Django), or `defaultValue`. */
  get(key: string): string | undefined;
  get<D>(key: string, defaultValue: D): string | D;
  get(key: string, defaultValue?: unknown): unknown {
    const list = this.data.get(key);
    return list && list.length > 0 ? list[list.length - 1] : defaultValue;
  }

  /** Every value of `key`, in order (empty when absent). */
  getList(key: string): string[] {
    return [...(this.data.get(key) ?? [])];
  }

  /** Whether `key` was sent. */
  has(key: string): boolean {
    return this.data.has(key);
  }

  /** The field names, in first-seen order. */
  keys(): string[] {
    return [...this.data.keys()];
  }

  /** `[key, value]` for every value (repeated keys repeat). */
  *items(): IterableIterator<[string, string]> {
    for (const [key, list] of this.data) for (const value of list) yield [key, value];
  }

  /** `[key, values[]]` per key. */
  *lists(): IterableIterator<[string, string[]]> {
    for (const [key, list] of this.data) yield [key, [...list]];
  }

  /** How many distinct keys. */
  get size(): number {
    return this.data.size;
  }

  /** A plain object mapping each key to its last value (null prototype). */
  dict(): Record<string, string> {
    const out: Record<string, string> = Object.create(null);
    for (const [key, list] of this.data) out[key] = list[list.length - 1];
    return out;
  }

  /** A mutable copy. */
  copy(): QueryDict {
    return new QueryDict(this, true);
  }

  /** Replace `key` with one value. */
  set(key: string, value: string): void {
    this.assertMutable();
    this.data.set(key, [value]);
  }

  /** Replace `key` with several values. */
  setList(key: string, values: string[]): void {
    this.assertMutable();
    this.data.set(key, [...values]);
  }

  /** Add a value to `key`. */
  appendList(key: string, value: string): void {
    this.assertMutable();
    appendTo(this.data, key, value);
  }

  /** Remove `key`. */
  delete(key: string): boolean {
    this.assertMutable();
    return this.data.delete(key);
  }

  /** Encode back to `a=1&a=2` (spaces as `+`). */
  urlencode(): string {
    const parts: string[] = [];
    for (const [key, value] of this.items()) parts.push(`${encodeQueryPart(key)}=${encodeQueryPart(value)}`);
    return parts.join('&');
  }

  toString(): string {
    return this.urlencode();
  }

  private assertMutable(): void {
    if (!this.mutable) throw new TypeError('This QueryDict instance is immutable: call copy() first.');
  }
}

/** Percent-encode one query key or value, spaces as `+` (application/x-www-form-urlencoded). */
export function encodeQueryPart(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}

/** Encode a query mapping (`{ a: [1, 2] }`, pairs or a QueryDict) as `a=1&a=2`. */
export function encodeQuery(query: QueryInit): string {
  return (query instanceof QueryDict ? query : new QueryDict(query)).urlencode();
}

function appendTo(lists: Map<string, string[]>, key: string, value: string): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}

function decodePart(text: string): string {
  if (text.indexOf('+') !== -1) text = text.replace(/\+/g, ' ');
  // querystring.unescape never throws: broken escapes stay as they are and invalid UTF-8 becomes U+FFFD, as Django's QueryDict.
  return text.indexOf('%') === -1 ? text : unescapeQuery(text);
}

function parseInto(lists: Map<string, string[]>, query: string, maxFields: number): void {
  let count = 0;
  let start = 0;
  const length = query.length;
  while (start <= length) {
    let end = query.indexOf('&', start);
    if (end === -1) end = length;
    if (end > start) {
      if (++count > maxFields) {
        throw new TooManyFieldsSent(
          `The number of GET/POST parameters exceeded dataUploadMaxNumberFields (${maxFields}).`,
        );
      }
      const eq = query.indexOf('=', start);
      const hasValue = eq !== -1 && eq < end;
      const key = decodePart(query.slice(start, hasValue ? eq : end));
      const value = hasValue ? decodePart(query.slice(eq + 1, end)) : '';
      appendTo(lists, key, value);
    }
    start = end + 1;
  }
}
