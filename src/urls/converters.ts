import { ImproperlyConfigured } from '../http/exceptions';

/**
 * A path converter: `regex` matches one URL parameter, `toValue` turns the matched text into the
 * view's value (throw to say "this pattern does not match"), `toUrl` turns a value back into text
 * for reverse() (throw to reject that candidate).
 */
export interface PathConverter<T = unknown> {
  readonly regex: string;
  toValue(value: string): T;
  toUrl(value: T): string;
}

/** A converter class, instantiated once when registered. */
export type PathConverterClass = new () => PathConverter;

/** `<int:…>`: digits, no sign; values beyond Number.MAX_SAFE_INTEGER do not match. */
export class IntConverter implements PathConverter<number> {
  readonly regex = '[0-9]+';
  toValue(value: string): number {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new RangeError(`${value} is too large for an int converter`);
    return n;
  }
  toUrl(value: number): string {
    return String(value);
  }
}

/** `<str:…>` (the default): any non-empty text without `/`. */
export class StringConverter implements PathConverter<string> {
  readonly regex: string = '[^/]+';
  toValue(value: string): string {
    return value;
  }
  toUrl(value: string): string {
    return String(value);
  }
}

/** `<slug:…>`: letters, digits, hyphens and underscores. */
export class SlugConverter extends StringConverter {
  override readonly regex = '[-a-zA-Z0-9_]+';
}

/** `<path:…>`: any non-empty text, slashes and line breaks included (`.` would stop at U+2028 or a decoded `%0A`). */
export class PathConverterImpl extends StringConverter {
  override readonly regex = '[\\s\\S]+';
}

/** `<uuid:…>`: a lower-case UUID, kept as its canonical string. */
export class UuidConverter implements PathConverter<string> {
  readonly regex = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
  toValue(value: string): string {
    return value;
  }
  toUrl(value: string): string {
    return String(value).toLowerCase();
  }
}

const registry = new Map<string, PathConverter>([
  ['int', new IntConverter()],
  ['str', new StringConverter()],
  ['slug', new SlugConverter()],
  ['path', new PathConverterImpl()],
  ['uuid', new UuidConverter()],
]);

/**
 * The built-in converters that never match a '/', so a '/' after one fixes where its text ends.
 * (`path` is left out: it takes slashes, so where it ends depends on what follows.)
 */
const selfDelimiting = new Set<PathConverter>(['int', 'str', 'slug', 'uuid'].map((name) => registry.get(name) as PathConverter));

/** Whether reverse() may trust this converter's checks instead of matching the built path. */
export function isSelfDelimiting(converter: PathConverter): boolean {
  return selfDelimiting.has(converter);
}

/** Make `<typeName:…>` available in routes. Registering a name twice is an error, as in Django. */
export function registerConverter(converter: PathConverterClass | PathConverter, typeName: string): void {
  if (registry.has(typeName)) throw new ImproperlyConfigured(`Converter '${typeName}' is already registered.`);
  // A name with ':', '<', '>' or whitespace could never be written in a route.
  if (typeof typeName !== 'string' || !/^[^\s:<>]+$/.test(typeName)) {
    throw new ImproperlyConfigured(`Converter name '${typeName}' cannot be used in routes: it may not contain ':', '<', '>' or whitespace.`);
  }
  const instance = typeof converter === 'function' ? new converter() : converter;
  if (typeof instance.regex !== 'string' || typeof instance.toValue !== 'function' || typeof instance.toUrl !== 'function') {
    throw new ImproperlyConfigured(
      `Converter '${typeName}' must have a string 'regex' and methods 'toValue(text)' and 'toUrl(value)'.`,
    );
  }
  try {
    new RegExp(instance.regex);
  } catch (error) {
    throw new ImproperlyConfigured(`Converter '${typeName}' has an invalid regex '${instance.regex}': ${(error as Error).message}`);
  }
  registry.set(typeName, instance);
}

/** The converter registered as `typeName`, if any. */
export function getConverter(typeName: string): PathConverter | undefined {
  return registry.get(typeName);
}

/** The names of every registered converter (for error messages). */
export function converterNames(): string[] {
  return [...registry.keys()];
}
