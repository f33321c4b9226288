import { getMetadataStorage } from 'class-validator';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { ImproperlyConfigured } from '../http/exceptions';
import { UploadedFile } from '../http/uploads';
import { prettyName } from './messages';
import { toWidget, type Choice, type Widget, type WidgetSpec } from './widgets';
import { defaultWidget } from './widget-choice';

/**
 * What a posted value is converted to before validation: text, whole or decimal numbers,
 * booleans (checkboxes), dates (`YYYY-MM-DD`), date-times (`YYYY-MM-DDTHH:MM`), JSON, an
 * uploaded file, or a nested object of another class.
 */
export type FieldKind = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'json' | 'file' | 'nested' | 'model';

/**
 * A field whose value is a row of another entity (Django's ModelChoiceField): posted as its
 * primary key, cleaned to the entity (a list of them with `many`).
 */
export interface RelatedSpec {
  /** The entity the rows come from. */
  entity: Function;
  /** The rows offered and accepted (default: every row of `entity`). */
  queryset: ((manager: EntityManager) => SelectQueryBuilder<any>) | null;
  /** The text of a row in the select (default: its `toString()`, else name/title/label, else `Genre object (3)`). */
  label: ((row: any) => string) | null;
}

/** Choices: values, `[value, label]` pairs, or a TypeScript enum object. */
export type ChoicesInit = readonly (unknown | readonly [unknown, string])[] | Readonly<Record<string, string | number>>;

/** Checks the form runs itself after conversion (besides the class-validator decorators). */
export interface FieldChecks {
  maxLength?: number;
  minLength?: number;
  min?: number;
  max?: number;
  /** Total digits of a decimal (its precision). */
  maxDigits?: number;
  /** Digits after the point (its scale). */
  decimalPlaces?: number;
  /** Largest uploaded file, in bytes. */
  maxSize?: number;
  /** Accepted Content-Types of an uploaded file (`image/png`, `image/*`). */
  contentTypes?: readonly string[];
  /** Most items of a list field. */
  maxItems?: number;
  /** Text must be a UUID (`uuid` columns: PostgreSQL refuses anything else). */
  uuid?: boolean;
}

/** Options of `@Field()`: what the decorators of class-validator cannot say. */
export interface FieldOptions extends FieldChecks {
  /** The type posted strings are converted to: a kind, or `String`, `Number`, `Boolean`, `Date`, `UploadedFile`, a nested class. */
  type?: FieldKind | Function;
  /** A list of values (repeated keys, a select multiple). */
  many?: boolean;
  /** Whether an empty value is an error; default: true unless `@IsOptional()`, false for booleans. */
  required?: boolean;
  /** The label; default from the name (`releaseDate` → `Release date`). */
  label?: string;
  /** Help shown under the input. */
  helpText?: string;
  /** How it is drawn: a Widget or a name (`'textarea'`, `'password'`, `'hidden'`…). */
  widget?: WidgetSpec;
  /** The allowed values (a select). To set them per form, declare `choices: []` and fill `this.fields.x.choices` in the constructor. */
  choices?: ChoicesInit;
  /** Offer an empty first choice (`---------`); default when the field is not required. */
  blankChoice?: boolean;
  /** The value of an unbound form (a function is called per form). */
  initial?: unknown;
  /** Trim posted text (default true). */
  strip?: boolean;
  /** Shown but never taken from the post: the initial value is used. */
  disabled?: boolean;
  /** Messages by code (`required`, `invalid`, `maxLength`, or a class-validator constraint name). */
  errorMessages?: Record<string, string>;
  /** For `type: 'model'`: the entity whose rows are the choices, and optionally which rows and their labels. */
  related?: Function | RelatedSpec;
}

/** A class-validator decorator as the form sees it. */
export interface ValidatorInfo {
  constraints: readonly unknown[];
  /** Whether the decorator sets its own `message`. */
  customMessage: boolean;
}

/** One field of a form class: everything needed to read, convert, check and draw it. */
export interface FieldSpec {
  readonly name: string;
  kind: FieldKind;
  many: boolean;
  /** The class of a nested field. */
  nested: Function | null;
  /** The entity of a `model` field (its rows are the choices). */
  related: RelatedSpec | null;
  required: boolean;
  label: string;
  helpText: string;
  widget: Widget;
  choices: Choice[] | null;
  blankChoice: boolean;
  initial: unknown;
  strip: boolean;
  disabled: boolean;
  errorMessages: Record<string, string>;
  /** The cleaned value of an empty optional field (null; `''` for text columns that are NOT NULL). */
  emptyValue: unknown;
  checks: FieldChecks;
  /** class-validator decorators on it, by constraint name. */
  validators: Map<string, ValidatorInfo>;
  /** It has `@ValidateIf()`: class-validator decides about empty values too. */
  conditional: boolean;
  /** Declared on the form class, or derived from an entity by modelForm. */
  source: 'form' | 'model';
}

const fieldOptions = new WeakMap<Function, Map<string, FieldOptions>>();

/**
 * Declare a form field, or say what its decorators cannot: its type (needed under tsx/esbuild,
 * which emit no decorator metadata), label, widget, choices, help text, error messages.
 * A property with any class-validator decorator is a field already; `@Field()` alone makes one too.
 *
 * @example
 * ```ts
 * class ScreeningForm extends Form {
 *   @Field({ type: 'datetime', label: 'Starts at' }) @IsDate() startsAt!: Date;
 *   @Field({ widget: 'textarea', required: false }) notes!: string | null;
 *   @Field({ type: UploadedFile, maxSize: 2_000_000, contentTypes: ['image/*'] }) poster!: UploadedFile;
 * }
 * ```
 */
export function Field(options: FieldOptions = {}): PropertyDecorator {
  return (target: object, property: string | symbol) => {
    if (typeof property !== 'string') throw new TypeError('@Field() works on named properties only.');
    const ctor = (target as { constructor: Function }).constructor;
    let own = fieldOptions.get(ctor);
    if (!own) fieldOptions.set(ctor, (own = new Map()));
    own.set(property, { ...own.get(property), ...options });
  };
}

/** The `@Field()` options of `cls` and its base classes, base first. */
function declaredOptions(cls: Function): Map<string, FieldOptions> {
  const chain: Function[] = [];
  for (let c: unknown = cls; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) chain.unshift(c as Function);
  const out = new Map<string, FieldOptions>();
  for (const c of chain) for (const [name, options] of fieldOptions.get(c) ?? []) out.set(name, { ...out.get(name), ...options });
  return out;
}

interface TypeMetadataLike {
  reflectedType?: unknown;
  typeFunction?: (options?: unknown) => unknown;
}
interface TransformerStorage {
  findTypeMetadata(target: Function, property: string): TypeMetadataLike | undefined;
}
// class-transformer keeps @Type/@Transform metadata here; its main module does not export it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const transformerStorage = (require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformerStorage }).defaultMetadataStorage;

/** The class `@Type(() => X)` names for `property`, if any. */
function declaredType(cls: Function, property: string): { type: Function | null; reflected: unknown } {
  const meta = transformerStorage.findTypeMetadata(cls, property);
  if (!meta) return { type: null, reflected: undefined };
  const type = meta.typeFunction ? meta.typeFunction({ newObject: undefined, object: {}, property }) : meta.reflectedType;
  return { type: typeof type === 'function' ? type : null, reflected: meta.reflectedType };
}

const NUMERIC_VALIDATORS = ['isNumber', 'min', 'max', 'isPositive', 'isNegative', 'isDivisibleBy', 'isLatitude', 'isLongitude'];
const STRING_VALIDATORS = ['isString', 'isEmail', 'isUrl', 'maxLength', 'minLength', 'isLength', 'matches', 'isUUID', 'isAlpha', 'isAlphanumeric'];

function kindOfClass(type: Function, validators: Map<string, ValidatorInfo>, where: string): { kind: FieldKind; nested: Function | null; many: boolean } {
  if (type === String) return { kind: 'string', nested: null, many: false };
  if (type === Number) return { kind: validators.has('isInt') ? 'integer' : 'number', nested: null, many: false };
  if (type === Boolean) return { kind: 'boolean', nested: null, many: false };
  if (type === Date) return { kind: 'date', nested: null, many: false };
  if (type === UploadedFile || type.prototype instanceof UploadedFile) return { kind: 'file', nested: null, many: false };
  if (type === Array) return { kind: 'string', nested: null, many: true };
  if (type === Object) return { kind: 'json', nested: null, many: false };
  if (type === Function || type === Promise || type === Map || type === Set) {
    throw new ImproperlyConfigured(`${where}: a form field cannot be of type ${type.name}.`);
  }
  return { kind: 'nested', nested: type, many: false };
}

function choicesFrom(init: ChoicesInit): Choice[] {
  if (Array.isArray(init)) return init.map((c) => (Array.isArray(c) && c.length === 2 ? [c[0], String(c[1])] : [c, String(c)]) as Choice);
  return Object.entries(init as Record<string, string | number>)
    .filter(([key]) => Number.isNaN(Number.parseInt(key, 10)))
    .map(([key, value]) => [value, prettyName(key)] as Choice);
}

function kindOfChoices(choices: readonly Choice[]): FieldKind {
  const values = choices.map(([v]) => v);
  if (values.length > 0 && values.every((v) => typeof v === 'number')) return values.every((v) => Number.isInteger(v)) ? 'integer' : 'number';
  if (values.length > 0 && values.every((v) => typeof v === 'boolean')) return 'boolean';
  return 'string';
}

/** class-validator decorators of `cls` (and its bases) by property. */
function validatorsOf(cls: Function): { byProperty: Map<string, ValidationMetaLike[]> } {
  const list = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false) as unknown as ValidationMetaLike[];
  const byProperty = new Map<string, ValidationMetaLike[]>();
  for (const meta of list) {
    const own = byProperty.get(meta.propertyName);
    if (own) own.push(meta);
    else byProperty.set(meta.propertyName, [meta]);
  }
  return { byProperty };
}

interface ValidationMetaLike {
  type: string;
  name?: string;
  propertyName: string;
  constraints?: unknown[];
  message?: unknown;
  each?: boolean;
}

function probeInstance(cls: Function): Record<string, unknown> | null {
  try {
    return new (cls as new () => Record<string, unknown>)();
  } catch {
    return null;
  }
}

const cache = new WeakMap<Function, FieldSpec[]>();
const probing = new Set<Function>();

/**
 * The fields of a form (or nested) class, in declaration order: every property with a
 * class-validator decorator or `@Field()`. The type of each comes from `@Field({ type })`, else
 * class-transformer's `@Type()`, else its validators (`@IsInt()` → integer, `@IsBoolean()`,
 * `@IsDate()`, `@IsIn()`, `@IsEnum()`…), else decorator metadata when the compiler emits it, else text.
 * `reserved` names (the form's own API) cannot be fields.
 */
export function collectFields(cls: Function, reserved: ReadonlySet<string> = new Set()): FieldSpec[] {
  const hit = cache.get(cls);
  if (hit) return hit;
  // Reached again from the class's own constructor (which may read `this.fields`, as Django
  // forms do in __init__) while it is being probed: answer without a probe, uncached.
  if (probing.has(cls)) return buildFields(cls, reserved, null);
  probing.add(cls);
  let probe: Record<string, unknown> | null;
  try {
    probe = probeInstance(cls);
  } finally {
    probing.delete(cls);
  }
  const specs = buildFields(cls, reserved, probe);
  cache.set(cls, specs);
  return specs;
}

function buildFields(cls: Function, reserved: ReadonlySet<string>, probe: Record<string, unknown> | null): FieldSpec[] {
  const { byProperty } = validatorsOf(cls);
  const options = declaredOptions(cls);
  const names = new Set<string>();
  // Own properties of an instance come in declaration order (class fields); decorated ones not defined there follow.
  if (probe) for (const key of Object.keys(probe)) if (byProperty.has(key) || options.has(key)) names.add(key);
  for (const key of byProperty.keys()) names.add(key);
  for (const key of options.keys()) names.add(key);
  const specs: FieldSpec[] = [];
  for (const name of names) {
    const where = `${cls.name}.${name}`;
    if (reserved.has(name)) {
      throw new ImproperlyConfigured(`${where}: '${name}' is a name of the Form API and cannot be a field. Rename the property.`);
    }
    specs.push(buildSpec(cls, name, byProperty.get(name) ?? [], options.get(name) ?? {}, probe, where));
  }
  return specs;
}

function buildSpec(cls: Function, name: string, metas: ValidationMetaLike[], opts: FieldOptions, probe: Record<string, unknown> | null, where: string): FieldSpec {
  const validators = new Map<string, ValidatorInfo>();
  let optional = false;
  let conditional = false;
  let each = false;
  let nestedValidation = false;
  for (const meta of metas) {
    if (meta.type === 'conditionalValidation') {
      if (meta.name === 'isOptional') optional = true;
      else conditional = true;
      continue;
    }
    if (meta.type === 'nestedValidation') nestedValidation = true;
    if (meta.each) each = true;
    const key = meta.type === 'customValidation' ? meta.name : meta.type;
    if (key) validators.set(key, { constraints: meta.constraints ?? [], customMessage: meta.message !== undefined });
  }
  const designType = (Reflect as unknown as { getMetadata?: (k: string, t: object, p: string) => unknown }).getMetadata?.('design:type', cls.prototype, name);
  const transformed = declaredType(cls, name);
  let choices: Choice[] | null = opts.choices ? choicesFrom(opts.choices) : null;
  if (!choices && validators.has('isIn')) choices = choicesFrom((validators.get('isIn')!.constraints[0] as unknown[]) ?? []);
  if (!choices && validators.has('isEnum')) choices = choicesFrom(validators.get('isEnum')!.constraints[0] as Record<string, string | number>);
  let kind: FieldKind;
  let nested: Function | null = null;
  let many = each || validators.has('isArray') || designType === Array || transformed.reflected === Array;
  if (typeof opts.type === 'string') kind = opts.type;
  else if (typeof opts.type === 'function' || transformed.type) {
    const found = kindOfClass((opts.type as Function) ?? transformed.type, validators, where);
    ({ kind, nested } = found);
    many ||= found.many;
  } else if (choices) kind = kindOfChoices(choices);
  else if (validators.has('isInt')) kind = 'integer';
  else if (NUMERIC_VALIDATORS.some((v) => validators.has(v))) kind = 'number';
  else if (validators.has('isBoolean')) kind = 'boolean';
  else if (validators.has('isDate')) kind = 'date';
  else if (STRING_VALIDATORS.some((v) => validators.has(v))) kind = 'string';
  else if (typeof designType === 'function' && designType !== Array) {
    const found = kindOfClass(designType, validators, where);
    ({ kind, nested } = found);
  } else kind = 'string';
  if (kind === 'model' && !opts.related) throw new ImproperlyConfigured(`${where}: a field of type 'model' needs related: the entity whose rows it offers.`);
  if (nestedValidation && kind !== 'nested') {
    throw new ImproperlyConfigured(`${where}: @ValidateNested() needs the nested class: add @Type(() => ItemClass) (class-transformer) or @Field({ type: ItemClass }).`);
  }
  if (opts.many !== undefined) many = opts.many;
  const required = opts.required ?? !(optional || conditional || (kind === 'boolean' && !many));
  const initial = opts.initial !== undefined ? opts.initial : probe && probe[name] !== undefined ? probe[name] : undefined;
  const spec: FieldSpec = {
    name,
    kind,
    many,
    nested,
    related: opts.related ? (typeof opts.related === 'function' ? { entity: opts.related, queryset: null, label: null } : { ...opts.related }) : null,
    required,
    label: opts.label ?? prettyName(name),
    helpText: opts.helpText ?? '',
    widget: null as unknown as Widget,
    choices,
    blankChoice: opts.blankChoice ?? !required,
    initial,
    strip: opts.strip ?? true,
    disabled: opts.disabled ?? false,
    errorMessages: { ...opts.errorMessages },
    emptyValue: null,
    checks: pickChecks(opts),
    validators,
    conditional,
    source: 'form',
  };
  spec.widget = opts.widget ? toWidget(opts.widget, where) : defaultWidget(spec);
  return spec;
}

function pickChecks(opts: FieldChecks): FieldChecks {
  const out: FieldChecks = {};
  for (const key of ['maxLength', 'minLength', 'min', 'max', 'maxDigits', 'decimalPlaces', 'maxSize', 'contentTypes', 'maxItems', 'uuid'] as const) {
    if (opts[key] !== undefined) (out as Record<string, unknown>)[key] = opts[key];
  }
  return out;
}

/** A copy of a spec that a form instance may change (`form.fields.title.required = false`). */
export function copySpec(spec: FieldSpec): FieldSpec {
  return {
    ...spec,
    checks: { ...spec.checks },
    errorMessages: { ...spec.errorMessages },
    choices: spec.choices ? [...spec.choices] : null,
    related: spec.related ? { ...spec.related } : null,
  };
}
