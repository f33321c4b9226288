import { ClassTransformer } from 'class-transformer';
import { validate, type ValidationError as ClassValidatorError } from 'class-validator';
import { pushError, type ErrorStore } from './clean-fields';
import { collectFields, type FieldSpec } from './fields';
import { charCount, DEFAULT_MESSAGES, formatMessage, showValue } from './messages';

const transformer = new ClassTransformer();

/** Django's message for a failed class-validator constraint, when the decorator has no message of its own. */
function djangoMessage(name: string, constraints: readonly unknown[], value: unknown): string | null {
  const count = typeof value === 'string' ? charCount(value) : 0;
  switch (name) {
    case 'maxLength':
      return formatMessage(DEFAULT_MESSAGES.maxLength, { limit: constraints[0], count });
    case 'minLength':
      return formatMessage(DEFAULT_MESSAGES.minLength, { limit: constraints[0], count });
    case 'isLength':
      return typeof constraints[1] === 'number' && count > constraints[1]
        ? formatMessage(DEFAULT_MESSAGES.maxLength, { limit: constraints[1], count })
        : formatMessage(DEFAULT_MESSAGES.minLength, { limit: constraints[0], count });
    case 'max':
    case 'min':
      return formatMessage(DEFAULT_MESSAGES[name], { limit: constraints[0] });
    case 'isIn':
    case 'isEnum':
      return formatMessage(DEFAULT_MESSAGES.invalidChoice, { value: showValue(value) });
    default:
      return (name.startsWith('is') || name === 'matches') && Object.prototype.hasOwnProperty.call(DEFAULT_MESSAGES, name) ? DEFAULT_MESSAGES[name] : null;
  }
}

/** The spec of the field at `path` below `specs` (`items.0.qty` → the `qty` field of the item class). */
function specAt(specs: readonly FieldSpec[], parts: readonly string[]): FieldSpec | null {
  let list: readonly FieldSpec[] | null = specs;
  let found: FieldSpec | null = null;
  for (const part of parts) {
    if (/^\d+$/.test(part) && found?.many) continue;
    if (!list) return null;
    found = list.find((s) => s.name === part) ?? null;
    if (!found) return null;
    list = found.nested ? collectFields(found.nested) : null;
  }
  return found;
}

/** Whether `path` or one of its ancestors already has an error, or was empty (unless the field is conditional). */
function settled(path: string, store: ErrorStore, empty: ReadonlySet<string>, conditional: boolean): boolean {
  if (empty.has(path) && conditional) return store.has(path);
  for (let p = path; ; ) {
    if (store.has(p) || empty.has(p)) return true;
    const dot = p.lastIndexOf('.');
    if (dot === -1) return false;
    p = p.slice(0, dot);
  }
}

function collect(
  errors: readonly ClassValidatorError[],
  prefix: string[],
  specs: readonly FieldSpec[],
  store: ErrorStore,
  empty: ReadonlySet<string>,
): void {
  for (const error of errors) {
    const parts = [...prefix, String(error.property)];
    const path = parts.join('.');
    const spec = specAt(specs, parts);
    if (error.constraints && !settled(path, store, empty, !!spec?.conditional)) {
      for (const [name, text] of Object.entries(error.constraints)) {
        const info = spec?.validators.get(name);
        const own = spec?.errorMessages[name];
        const message = own !== undefined ? formatMessage(own, { value: showValue(error.value) }) : info?.customMessage ? text : (djangoMessage(name, info?.constraints ?? [], error.value) ?? text);
        pushError(store, path, message, name);
      }
    }
    if (error.children?.length) collect(error.children, parts, specs, store, empty);
  }
}

/**
 * Run the class-validator decorators of `cls` on `values` (already converted), after
 * class-transformer's `@Transform()`/`@Type()`, and add the failures to `store` — except on
 * fields that already failed or were empty. `names` are the fields of `cls` to judge; others
 * are not set. Returns the values as transformed.
 */
export async function runClassValidators(
  cls: Function,
  specs: readonly FieldSpec[],
  values: Record<string, unknown>,
  names: readonly string[],
  store: ErrorStore,
  empty: ReadonlySet<string>,
): Promise<Record<string, unknown>> {
  const plain: Record<string, unknown> = {};
  for (const name of names) if (Object.prototype.hasOwnProperty.call(values, name) && !empty.has(name)) plain[name] = values[name];
  // An object of the class without running its constructor: only the data properties are set.
  const target = Object.create(cls.prototype) as Record<string, unknown>;
  transformer.plainToClassFromExist(target, plain);
  for (const name of names) {
    if (Object.prototype.hasOwnProperty.call(values, name) && empty.has(name)) {
      Object.defineProperty(target, name, { value: values[name], writable: true, enumerable: true, configurable: true });
    }
  }
  const errors = await validate(target, { forbidUnknownValues: false, validationError: { target: false, value: true } });
  // Only fields that have a value are judged: the others failed already (or are not this class's).
  const wanted = new Set(names.filter((n) => Object.prototype.hasOwnProperty.call(values, n)));
  collect(
    errors.filter((e) => wanted.has(String(e.property))),
    [],
    specs,
    store,
    empty,
  );
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(plain)) out[name] = target[name];
  return out;
}
