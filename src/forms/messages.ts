/**
 * Django's default error messages, by code. A field's `errorMessages` (or a class-validator
 * decorator's own `message`) replace them. `{name}` placeholders are filled from the params.
 */
export const DEFAULT_MESSAGES: Readonly<Record<string, string>> = Object.freeze({
  required: 'This field is required.',
  invalid: 'Enter a valid value.',
  invalidChoice: 'Select a valid choice. {value} is not one of the available choices.',
  invalidList: 'Enter a list of values.',
  emptyFile: 'The submitted file is empty.',
  maxSize: 'Ensure this file is at most {limit} bytes (it has {size}).',
  contentType: 'Files of type {type} are not allowed.',
  nullCharacters: 'Null characters are not allowed.',
  singleValue: 'Enter a single value.',
  maxLength: 'Ensure this value has at most {limit} characters (it has {count}).',
  minLength: 'Ensure this value has at least {limit} characters (it has {count}).',
  max: 'Ensure this value is less than or equal to {limit}.',
  min: 'Ensure this value is greater than or equal to {limit}.',
  maxDigits: 'Ensure that there are no more than {limit} digits in total.',
  maxDecimalPlaces: 'Ensure that there are no more than {limit} decimal places.',
  maxWholeDigits: 'Ensure that there are no more than {limit} digits before the decimal point.',
  maxItems: 'Ensure this list has at most {limit} items (it has {count}).',
  unique: '{model} with this {field} already exists.',
  uniqueTogether: '{model} with this {fields} already exists.',
  isEmail: 'Enter a valid email address.',
  isUrl: 'Enter a valid URL.',
  isInt: 'Enter a whole number.',
  isNumber: 'Enter a number.',
  isDate: 'Enter a valid date.',
  isNotEmpty: 'This field is required.',
  isDefined: 'This field is required.',
  isUUID: 'Enter a valid UUID.',
  matches: 'Enter a valid value.',
});

/** The default 'invalid' message of each kind of field. */
export const INVALID_BY_KIND: Readonly<Record<string, string>> = Object.freeze({
  integer: 'Enter a whole number.',
  number: 'Enter a number.',
  date: 'Enter a valid date.',
  datetime: 'Enter a valid date/time.',
  json: 'Enter a valid JSON.',
  file: 'No file was submitted. Check the encoding type on the form.',
});

/** Fill `{name}` placeholders of `template` from `params` (unknown names stay as written). */
export function formatMessage(template: string, params: Record<string, unknown> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (Object.prototype.hasOwnProperty.call(params, key) ? String(params[key]) : whole));
}

/** A value as Django shows it in "X is not one of the available choices." */
export function showValue(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value.length > 100 ? `${value.slice(0, 100)}…` : value;
  return String(value);
}

/** The length of a string in characters (code points, as Python counts). */
export function charCount(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/** The text with its first letter upper-cased (Django's capfirst). */
export function capfirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Django's pretty_name for a property: `releaseDate` → `Release date`, `first_name` → `First name`.
 */
export function prettyName(name: string): string {
  const words = name
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return capfirst(words);
}
