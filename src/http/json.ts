import { HttpResponse, type ResponseInit } from './response';

/** Options of JsonResponse. */
export interface JsonResponseInit extends ResponseInit {
  /** Only plain objects may be serialised unless `safe` is false (Django's guard against JSON array hijacking). */
  safe?: boolean;
  /** A JSON.stringify replacer, after the built-in one (bigint → string, Map → object, Set → array). */
  replacer?: (key: string, value: unknown) => unknown;
  /** JSON.stringify's `space`. */
  space?: number | string;
}

/** Serialise the types JSON.stringify cannot (Django's DjangoJSONEncoder). */
function defaultReplacer(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  return value;
}

function isPlainObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A response whose body is `data` as JSON, with `Content-Type: application/json`. */
export class JsonResponse extends HttpResponse {
  constructor(data: unknown, init: JsonResponseInit = {}) {
    const { safe = true, replacer, space, ...rest } = init;
    if (safe && !isPlainObject(data)) {
      throw new TypeError('In order to allow non-dict objects to be serialized set the safe parameter to false.');
    }
    const combined = replacer
      ? function (this: unknown, key: string, value: unknown) {
          return replacer.call(this, key, defaultReplacer.call(this, key, value));
        }
      : defaultReplacer;
    super(JSON.stringify(data, combined, space) ?? 'null', { contentType: 'application/json', ...rest });
  }
}
