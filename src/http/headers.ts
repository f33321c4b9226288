import type { IncomingHttpHeaders } from 'node:http';

/** Response headers: a case-insensitive map that remembers the spelling of the first `set`. */
export class ResponseHeaders {
  private readonly map = new Map<string, [name: string, value: string]>();

  constructor(init?: Record<string, string | number> | Iterable<[string, string]>) {
    if (!init) return;
    const entries = Symbol.iterator in init ? (init as Iterable<[string, string]>) : Object.entries(init);
    for (const [name, value] of entries) this.set(name, String(value));
  }

  /** The value of `name`, or undefined. */
  get(name: string): string | undefined {
    return this.map.get(name.toLowerCase())?.[1];
  }

  /**
   * Set `name` to `value`, replacing any previous value. Newlines are refused (header injection);
   * values outside Latin-1 are MIME-encoded (`=?utf-8?b?…?=`), as Django does.
   */
  set(name: string, value: string | number): void {
    const text = headerValue(name, String(value));
    if (!TOKEN.test(name)) {
      throw new TypeError(
        /[\r\n]/.test(name)
          ? `Header name ${JSON.stringify(name)} contains a newline: header injection is refused.`
          : `Header name ${JSON.stringify(name)} is not a valid HTTP token (letters, digits and !#$%&'*+-.^_\`|~ only).`,
      );
    }
    const key = name.toLowerCase();
    const existing = this.map.get(key);
    if (existing) existing[1] = text;
    else this.map.set(key, [name, text]);
  }

  /**
   * Set a header whose name and value the framework itself wrote (already valid): skips the
   * checks on the hot path. @internal
   */
  setTrusted(lowerName: string, name: string, value: string): void {
    const existing = this.map.get(lowerName);
    if (existing) existing[1] = value;
    else this.map.set(lowerName, [name, value]);
  }

  /** Append every `name, value` pair to `out` (the writer's flat header list). @internal */
  flattenInto(out: string[]): void {
    for (const pair of this.map.values()) out.push(pair[0], pair[1]);
  }

  /** Set `name` only when it is not set yet (Django's `setdefault`). */
  setDefault(name: string, value: string | number): void {
    if (!this.has(name)) this.set(name, value);
  }

  /** Whether `name` is set. */
  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }

  /** Remove `name`; returns whether it was set. */
  delete(name: string): boolean {
    return this.map.delete(name.toLowerCase());
  }

  /** `[name, value]` pairs, with the names as first set. */
  *entries(): IterableIterator<[string, string]> {
    for (const [name, value] of this.map.values()) yield [name, value];
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  /** How many headers are set. */
  get size(): number {
    return this.map.size;
  }

  /** A plain object of the headers (for tests and logs). */
  toObject(): Record<string, string> {
    const out: Record<string, string> = Object.create(null);
    for (const [name, value] of this.map.values()) out[name] = value;
    return out;
  }
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Check a header value and encode what HTTP/1.1 cannot carry as is. */
function headerValue(name: string, text: string): string {
  if (/[\r\n]/.test(text)) {
    throw new TypeError(`Header ${JSON.stringify(name)} contains a newline: header injection is refused.`);
  }
  if (/[\0-\x08\x0b-\x1f\x7f]/.test(text)) {
    throw new TypeError(`Header ${JSON.stringify(name)} contains a control character.`);
  }
  // Latin-1 goes out as is; anything beyond it is MIME-encoded (RFC 2047), as Django's HttpResponse does.
  return /[^\0-\xff]/.test(text) ? `=?utf-8?b?${Buffer.from(text, 'utf8').toString('base64')}?=` : text;
}

/** Request headers: a read-only, case-insensitive view of Node's parsed headers. */
export class RequestHeaders {
  constructor(private readonly raw: IncomingHttpHeaders) {}

  /** The value of `name` (repeated headers joined with ", "), or undefined. */
  get(name: string): string | undefined {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return undefined;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  /** Whether the request sent `name`. */
  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }

  /** `[lower-case name, value]` pairs. */
  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.raw)) {
      const value = this.get(name);
      if (value !== undefined) yield [name, value];
    }
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/** Add `fields` to the response's `Vary` header without repeating one (django.utils.cache.patch_vary_headers). */
export function patchVaryHeaders(headers: ResponseHeaders, fields: string[]): void {
  const existing = (headers.get('Vary') ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (existing.includes('*')) return;
  const lower = new Set(existing.map((f) => f.toLowerCase()));
  for (const field of fields) {
    if (field === '*') {
      headers.set('Vary', '*');
      return;
    }
    if (!lower.has(field.toLowerCase())) {
      existing.push(field);
      lower.add(field.toLowerCase());
    }
  }
  headers.set('Vary', existing.join(', '));
}
