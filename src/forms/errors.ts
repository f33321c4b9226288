/** The key of errors that belong to no field (Django's NON_FIELD_ERRORS). */
export const NON_FIELD_ERRORS = '__all__';

/** Errors of a form: field name (or `items.0.qty` for nested values, `__all__` for the form) → messages. */
export type ErrorDict = Record<string, string[]>;

/** What a ValidationError can carry: one message, several, or messages per field. */
export type ValidationErrorInit = string | readonly string[] | Readonly<Record<string, string | readonly string[]>>;

/**
 * A value (or a whole form) is invalid (Django's ValidationError). Throw it from `clean()`, from
 * a `clean<Field>()` hook, or pass it to `addError()`. Given an object, its keys are field names:
 * `new ValidationError({ endDate: 'Must be after the start date.' })`.
 *
 * @example
 * ```ts
 * class BookingForm extends Form {
 *   override clean() {
 *     if (this.cleanedData.end < this.cleanedData.start) throw new ValidationError('The end is before the start.', { code: 'order' });
 *   }
 * }
 * ```
 */
export class ValidationError extends Error {
  /** The messages, when not given per field. */
  readonly messages: string[];
  /** Messages per field, when given as an object. */
  readonly errorDict: ErrorDict | null;
  /** A short code (`required`, `invalid`, `unique`…), for `hasError(field, code)`. */
  readonly code: string | undefined;

  constructor(message: ValidationErrorInit, options: { code?: string } = {}) {
    const dict = typeof message === 'object' && message !== null && !Array.isArray(message) ? toDict(message as Record<string, string | readonly string[]>) : null;
    const messages = dict ? Object.values(dict).flat() : typeof message === 'string' ? [message] : [...(message as readonly string[])].map(String);
    super(messages.join(' '));
    this.name = 'ValidationError';
    this.messages = messages;
    this.errorDict = dict;
    this.code = options.code;
  }
}

function toDict(init: Readonly<Record<string, string | readonly string[]>>): ErrorDict {
  const out: ErrorDict = Object.create(null);
  for (const key of Object.keys(init)) {
    const value = init[key];
    out[key] = typeof value === 'string' ? [value] : [...value].map(String);
  }
  return out;
}

/** An error list that remembers each message's code (for `hasError`). */
export interface CodedMessage {
  message: string;
  code: string | undefined;
}
