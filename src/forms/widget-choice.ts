import type { FieldSpec } from './fields';
import {
  CheckboxInput,
  DateInput,
  DateTimeInput,
  EmailInput,
  FileInput,
  MultipleTextInput,
  NumberInput,
  Select,
  SelectMultiple,
  Textarea,
  TextInput,
  URLInput,
  type Attrs,
  type Widget,
} from './widgets';

/** Text longer than this gets a textarea by default. */
export const LONG_TEXT = 255;

/** The largest `maxLength` said by the field's checks or its validators, or null. */
export function maxLengthOf(spec: FieldSpec): number | null {
  const limits: number[] = [];
  if (spec.checks.maxLength !== undefined) limits.push(spec.checks.maxLength);
  const max = spec.validators.get('maxLength')?.constraints[0];
  if (typeof max === 'number') limits.push(max);
  const length = spec.validators.get('isLength')?.constraints[1];
  if (typeof length === 'number') limits.push(length);
  return limits.length ? Math.min(...limits) : null;
}

function minLengthOf(spec: FieldSpec): number | null {
  const limits: number[] = [];
  if (spec.checks.minLength !== undefined) limits.push(spec.checks.minLength);
  const min = spec.validators.get('minLength')?.constraints[0];
  if (typeof min === 'number') limits.push(min);
  const length = spec.validators.get('isLength')?.constraints[0];
  if (typeof length === 'number' && length > 0) limits.push(length);
  return limits.length ? Math.max(...limits) : null;
}

function bound(spec: FieldSpec, key: 'min' | 'max'): number | null {
  const limits: number[] = [];
  if (spec.checks[key] !== undefined) limits.push(spec.checks[key] as number);
  const own = spec.validators.get(key)?.constraints[0];
  if (typeof own === 'number') limits.push(own);
  if (key === 'min' && spec.validators.has('isPositive')) limits.push(Number.MIN_VALUE);
  if (!limits.length) return null;
  return key === 'min' ? Math.max(...limits) : Math.min(...limits);
}

/**
 * The widget a field gets when none is given (Django picks it from the field class): a checkbox
 * for booleans, a select for choices, number/date/email/url inputs from the type and
 * validators, a textarea for long text (`maxLength` over 255) and JSON, a file input for files.
 */
export function defaultWidget(spec: FieldSpec): Widget {
  if (spec.kind === 'file') return new FileInput();
  if (spec.kind === 'model') return spec.many ? new SelectMultiple() : new Select();
  if (spec.choices) return spec.many ? new SelectMultiple() : new Select();
  if (spec.many) return new MultipleTextInput();
  switch (spec.kind) {
    case 'boolean':
      return new CheckboxInput();
    case 'integer':
    case 'number':
      return new NumberInput();
    case 'date':
      return new DateInput();
    case 'datetime':
      return new DateTimeInput();
    case 'json':
      return new Textarea();
    default:
      break;
  }
  if (spec.validators.has('isEmail')) return new EmailInput();
  if (spec.validators.has('isUrl')) return new URLInput();
  const max = maxLengthOf(spec);
  return max !== null && max > LONG_TEXT ? new Textarea() : new TextInput();
}

/** The HTML attributes a field implies (Django's Field.widget_attrs): maxlength, minlength, min, max, step. */
export function fieldAttrs(spec: FieldSpec): Attrs {
  const attrs: Attrs = {};
  if (spec.widget?.isHidden) return attrs;
  if (spec.kind === 'string' && !spec.choices) {
    const max = maxLengthOf(spec);
    const min = minLengthOf(spec);
    if (max !== null) attrs.maxlength = max;
    if (min !== null) attrs.minlength = min;
  }
  if (spec.kind === 'integer' || spec.kind === 'number') {
    const min = bound(spec, 'min');
    const max = bound(spec, 'max');
    if (min !== null && min !== Number.MIN_VALUE) attrs.min = min;
    if (max !== null) attrs.max = max;
    if (spec.kind === 'number') attrs.step = spec.checks.decimalPlaces !== undefined ? (10 ** -spec.checks.decimalPlaces).toFixed(spec.checks.decimalPlaces) : 'any';
  }
  if (spec.kind === 'file' && spec.checks.contentTypes?.length) attrs.accept = spec.checks.contentTypes.join(',');
  return attrs;
}
