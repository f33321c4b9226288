import { plainToInstance } from 'class-transformer';
import type { UploadedFile } from '../http/uploads';
import { convertScalar, runChecks, type Failure } from './convert';
import type { CodedMessage } from './errors';
import { collectFields, type FieldSpec } from './fields';
import { DEFAULT_MESSAGES, formatMessage, INVALID_BY_KIND } from './messages';
import { filesOf, MAX_NESTED_ITEMS, ObjectSource, type DataSource, type FormFiles } from './source';

/** Errors by path (`title`, `items.0.qty`), in the order found. */
export type ErrorStore = Map<string, CodedMessage[]>;

/** Add `message` under `path`, without repeating a message already there. */
export function pushError(store: ErrorStore, path: string, message: string, code?: string): void {
  const list = store.get(path);
  if (!list) store.set(path, [{ message, code }]);
  else if (!list.some((m) => m.message === message)) list.push({ message, code });
}

/** The message for `code` on `spec`: its `errorMessages`, else Django's default, filled with `params`. */
export function messageFor(spec: FieldSpec, code: string, params: Record<string, unknown> = {}): string {
  const template = spec.errorMessages[code] ?? (code === 'invalid' ? INVALID_BY_KIND[spec.kind] : undefined) ?? DEFAULT_MESSAGES[code] ?? DEFAULT_MESSAGES.invalid;
  return formatMessage(template, params);
}

/** How a field group reads its values. */
export interface ReadContext {
  source: DataSource | null;
  files: FormFiles | null;
  /** The key of a field in the data (`prefix-title` at the top level, `qty` inside a nested item). */
  keyOf(name: string): string;
  /** The value of a disabled field (its initial value). */
  initialOf(name: string): unknown;
}

/** A value read for a field; `partial` when parts of a nested value failed. */
interface Read {
  value: unknown;
  empty: boolean;
  partial?: boolean;
}

function report(store: ErrorStore, path: string, spec: FieldSpec, failure: Failure): void {
  pushError(store, path, messageFor(spec, failure.code, failure.params), failure.code);
}

/** Convert and check one list field's values. */
function cleanMany(spec: FieldSpec, raw: unknown[], path: string, store: ErrorStore): { value: unknown[]; empty: boolean } | null {
  const out: unknown[] = [];
  for (const item of raw) {
    if (item === '' && spec.kind !== 'boolean') continue;
    if (typeof item === 'object' && item !== null && !(item instanceof Date) && spec.kind !== 'json' && spec.kind !== 'file') {
      report(store, path, spec, { code: 'invalidList' });
      return null;
    }
    const converted = convertScalar(spec, item);
    if (!converted.ok) {
      report(store, path, spec, converted.failure);
      return null;
    }
    if (converted.empty) continue;
    const failure = runChecks(spec, converted.value);
    if (failure) {
      report(store, path, spec, failure);
      return null;
    }
    out.push(converted.value);
  }
  if (spec.checks.maxItems !== undefined && out.length > spec.checks.maxItems) {
    report(store, path, spec, { code: 'maxItems', params: { limit: spec.checks.maxItems, count: out.length } });
    return null;
  }
  return { value: out, empty: out.length === 0 };
}

function readNested(spec: FieldSpec, ctx: ReadContext, path: string, store: ErrorStore, empty: Set<string>): Read | null {
  const cls = spec.nested as Function;
  const specs = collectFields(cls);
  const key = ctx.keyOf(spec.name);
  const before = store.size;
  const cleanItem = (source: DataSource, itemPath: string): unknown => {
    if (source instanceof ObjectSource && !source.valid) {
      pushError(store, itemPath, DEFAULT_MESSAGES.invalid, 'invalid');
      return null;
    }
    const inner = cleanGroup(specs, { source, files: null, keyOf: (n) => n, initialOf: () => undefined }, `${itemPath}.`, store, empty);
    return plainToInstance(cls as new () => object, inner);
  };
  let value: unknown;
  if (spec.many) {
    const items = ctx.source?.children(key) ?? null;
    if (!items || items.length === 0) return { value: [], empty: true };
    value = items.slice(0, MAX_NESTED_ITEMS).map((item, i) => cleanItem(item, `${path}.${i}`));
  } else {
    const child = ctx.source?.child(key) ?? null;
    if (!child) {
      if (ctx.source?.value(key, false).present) {
        report(store, path, spec, { code: 'invalid' });
        return null;
      }
      return { value: null, empty: true };
    }
    value = cleanItem(child, path);
  }
  // With an error inside (`items.1.qty`) the field keeps its partial value, so that the
  // validators still judge the other items; the form leaves it out of cleanedData.
  return { value, empty: false, partial: store.size !== before };
}

function readValue(spec: FieldSpec, ctx: ReadContext, path: string, store: ErrorStore, empty: Set<string>): Read | null {
  if (spec.kind === 'nested') return readNested(spec, ctx, path, store, empty);
  const key = ctx.keyOf(spec.name);
  if (spec.kind === 'file') {
    const files: UploadedFile[] = filesOf(ctx.files, key) ?? [];
    if (spec.many) return cleanMany(spec, files, path, store);
    return scalar(spec, files.length ? files[files.length - 1] : undefined, path, store);
  }
  const raw = ctx.source ? ctx.source.value(key, spec.many) : { present: false as const };
  if (spec.many) return cleanMany(spec, raw.present ? (raw.value as unknown[]) : [], path, store);
  return scalar(spec, raw.present ? raw.value : undefined, path, store);
}

function scalar(spec: FieldSpec, raw: unknown, path: string, store: ErrorStore): { value: unknown; empty: boolean } | null {
  const converted = convertScalar(spec, raw);
  if (!converted.ok) {
    report(store, path, spec, converted.failure);
    return null;
  }
  if (converted.empty) return { value: null, empty: true };
  const failure = runChecks(spec, converted.value);
  if (failure) {
    report(store, path, spec, failure);
    return null;
  }
  return { value: converted.value, empty: false };
}

function isEmptyValue(spec: FieldSpec, value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return spec.kind === 'boolean' && value === false && spec.required;
}

/**
 * Read, convert and check a group of fields (a form, or one nested item): Django's
 * `_clean_fields` up to the validators. Errors go to `store` under `pathPrefix + name`; a field
 * with an error has no value in the result. The paths of empty optional fields are added to
 * `empty` (class-validator does not judge them, as Django runs no validators on empty values).
 */
export function cleanGroup(specs: readonly FieldSpec[], ctx: ReadContext, pathPrefix: string, store: ErrorStore, empty: Set<string>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const spec of specs) {
    const path = pathPrefix + spec.name;
    let result: Read | null;
    if (spec.disabled) {
      const initial = ctx.initialOf(spec.name);
      result = { value: initial ?? null, empty: isEmptyValue(spec, initial) };
    } else result = readValue(spec, ctx, path, store, empty);
    if (!result) continue;
    if (result.partial) {
      values[spec.name] = result.value;
      continue;
    }
    if (result.empty || isEmptyValue(spec, result.value)) {
      if (spec.required) {
        report(store, path, spec, { code: 'required' });
        continue;
      }
      empty.add(path);
      values[spec.name] = spec.many ? [] : spec.kind === 'boolean' && !spec.choices ? false : spec.emptyValue;
      continue;
    }
    values[spec.name] = result.value;
  }
  return values;
}
