import { UploadedFile } from '../http/uploads';
import { cleanGroup, type ErrorStore, type ReadContext } from './clean-fields';
import type { FieldSpec } from './fields';
import { keyOf } from './model-choice';
import { formatDate } from './widgets';

/**
 * A value of `spec` as text that compares equal when Django's has_changed would say "unchanged":
 * empty values are '', dates by their calendar date, booleans by truth, lists as sorted lists.
 */
export function comparable(spec: FieldSpec, value: unknown): string {
  if (value === null || value === undefined || value === '') return spec.kind === 'boolean' && !spec.many ? 'false' : '';
  if (Array.isArray(value)) {
    if (value.length === 0) return '';
    return JSON.stringify(value.map((v) => comparable({ ...spec, many: false }, v)).sort());
  }
  if (value instanceof UploadedFile) return `file:${value.name}:${value.size}`;
  if (spec.kind === 'model' && typeof value === 'object' && spec.related) return String(keyOf(value, null, spec.related.entity));
  switch (spec.kind) {
    case 'boolean':
      return String(value === true || (typeof value === 'string' && !['false', '0', 'off', 'no'].includes(value.toLowerCase())));
    case 'date':
      return formatDate(value);
    case 'datetime':
      return value instanceof Date ? String(value.getTime()) : String(value);
    case 'json':
    case 'nested':
      return JSON.stringify(value);
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/**
 * The fields whose posted value differs from the initial one (Django's changed_data): a value
 * that does not convert counts as changed; disabled fields never change.
 */
export function changedFields(specs: readonly FieldSpec[], ctx: ReadContext): string[] {
  const out: string[] = [];
  for (const spec of specs) {
    if (spec.disabled) continue;
    const store: ErrorStore = new Map();
    const values = cleanGroup([{ ...spec, required: false }], ctx, '', store, new Set());
    if (store.size > 0 || comparable(spec, values[spec.name]) !== comparable(spec, ctx.initialOf(spec.name))) out.push(spec.name);
  }
  return out;
}
