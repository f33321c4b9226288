import { getMetadataArgsStorage } from 'typeorm';
import { ImproperlyConfigured } from '../http/exceptions';
import { collectFields, type FieldChecks, type FieldKind, type FieldSpec } from './fields';
import { prettyName } from './messages';
import { defaultWidget } from './widget-choice';
import { Textarea, type Choice } from './widgets';

type ColumnMetadataArgs = ReturnType<ReturnType<typeof getMetadataArgsStorage>['filterColumns']>[number];

/** What modelForm knows about one column of an entity. */
export interface ModelColumn {
  readonly name: string;
  readonly kind: FieldKind;
  readonly many: boolean;
  readonly nullable: boolean;
  /** The column default (a value, not SQL), or undefined. */
  readonly default: unknown;
  readonly hasDefault: boolean;
  readonly primary: boolean;
  /** Filled in by the database or TypeORM (generated keys, create/update dates, versions): not in forms. */
  readonly editable: boolean;
  readonly checks: FieldChecks;
  readonly choices: Choice[] | null;
  /** Long text: a textarea. */
  readonly long: boolean;
  /** For a relation (many-to-one, owning one-to-one, owning many-to-many): its entity, resolved when first needed. */
  readonly related: (() => Function) | null;
}

/** What modelForm knows about an entity. */
export interface ModelInfo {
  readonly entity: Function;
  readonly columns: Map<string, ModelColumn>;
  /** Sets of properties that must be unique together (one property for a unique column). */
  readonly uniqueSets: string[][];
  /** The primary-key properties. */
  readonly primary: string[];
}

const INT_RANGES: Record<string, [number, number]> = {
  tinyint: [-128, 127],
  smallint: [-32768, 32767],
  int2: [-32768, 32767],
  mediumint: [-8388608, 8388607],
  int: [-2147483648, 2147483647],
  int4: [-2147483648, 2147483647],
  integer: [-2147483648, 2147483647],
  bigint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  int8: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  'unsigned big int': [0, Number.MAX_SAFE_INTEGER],
};
const NUMBERS = new Set(['float', 'float4', 'float8', 'double', 'double precision', 'real', 'numeric', 'decimal', 'dec', 'number', 'money', 'smallmoney', 'fixed']);
const LONG_TEXT = new Set(['text', 'mediumtext', 'longtext', 'ntext', 'clob', 'nclob', 'tinytext', 'citext']);
const DATETIMES = new Set(['datetime', 'datetime2', 'timestamp', 'timestamptz', 'timestamp with time zone', 'timestamp without time zone', 'smalldatetime', 'datetimeoffset']);

function classChain(entity: Function): Function[] {
  const chain: Function[] = [];
  for (let c: unknown = entity; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) chain.push(c as Function);
  return chain;
}

function choicesOf(values: unknown): Choice[] | null {
  if (Array.isArray(values)) return values.map((v) => [v, String(v)] as Choice);
  if (values && typeof values === 'object') {
    return Object.entries(values as Record<string, unknown>)
      .filter(([key]) => Number.isNaN(Number.parseInt(key, 10)))
      .map(([key, value]) => [value, prettyName(key)] as Choice);
  }
  return null;
}

function describeColumn(args: ColumnMetadataArgs, entity: Function): ModelColumn {
  const o = args.options;
  const raw: unknown = o.type;
  const type: unknown = typeof raw === 'string' ? raw.toLowerCase() : raw;
  const checks: FieldChecks = {};
  let kind: FieldKind = 'string';
  let many = o.array === true;
  let long = false;
  let choices: Choice[] | null = null;
  if (type === 'enum' || type === 'simple-enum' || o.enum) {
    choices = choicesOf(o.enum);
    const values = (choices ?? []).map(([v]) => v);
    kind = values.length > 0 && values.every((v) => typeof v === 'number') ? 'integer' : 'string';
  } else if (type === Number || (typeof type === 'string' && type in INT_RANGES)) {
    kind = 'integer';
    const [min, max] = INT_RANGES[type === Number ? 'integer' : (type as string)];
    checks.min = o.unsigned ? 0 : min;
    checks.max = max;
  } else if (typeof type === 'string' && NUMBERS.has(type)) {
    kind = 'number';
    if ((type === 'numeric' || type === 'decimal' || type === 'dec') && o.precision !== undefined && o.precision !== null) {
      checks.maxDigits = o.precision;
      checks.decimalPlaces = o.scale ?? 0;
    }
    if (o.unsigned) checks.min = 0;
  } else if (type === Boolean || type === 'boolean' || type === 'bool') kind = 'boolean';
  else if (type === 'date') kind = 'date';
  else if (type === Date || (typeof type === 'string' && DATETIMES.has(type))) kind = 'datetime';
  else if (type === 'json' || type === 'jsonb' || type === 'simple-json' || type === Object) kind = 'json';
  else if (type === 'simple-array' || type === Array) many = true;
  else if (type === 'uuid') checks.uuid = true;
  else if (typeof type === 'string' && LONG_TEXT.has(type)) long = true;
  else if (type !== undefined && type !== String && typeof type !== 'string') {
    throw new ImproperlyConfigured(`modelForm(${entity.name}): the column '${args.propertyName}' has a type modelForm does not know; give it an explicit column type.`);
  }
  if (kind === 'string' && typeof o.length === 'number') checks.maxLength = o.length;
  else if (kind === 'string' && typeof o.length === 'string' && /^\d+$/.test(o.length)) checks.maxLength = Number(o.length);
  const generated = o.generated !== undefined && o.generated !== false || !!getMetadataArgsStorage().findGenerated(classChain(entity), args.propertyName);
  const hasDefault = o.default !== undefined && typeof o.default !== 'function';
  return {
    name: args.propertyName,
    kind,
    many,
    nullable: o.nullable === true,
    default: hasDefault ? o.default : undefined,
    hasDefault: o.default !== undefined,
    primary: o.primary === true,
    editable: args.mode === 'regular' || args.mode === 'array' ? !generated && o.insert !== false && o.update !== false && !o.generatedType : false,
    checks,
    choices,
    long,
    related: null,
  };
}

type RelationArgs = ReturnType<ReturnType<typeof getMetadataArgsStorage>['filterRelations']>[number];

function describeRelation(args: RelationArgs, chain: Function[]): ModelColumn | null {
  const storage = getMetadataArgsStorage();
  const type = args.relationType;
  const owner =
    type === 'many-to-one' ||
    (type === 'one-to-one' && chain.some((c) => storage.filterJoinColumns(c, args.propertyName).length > 0)) ||
    (type === 'many-to-many' && chain.some((c) => storage.findJoinTable(c, args.propertyName)));
  if (!owner) return null;
  const target = args.type;
  const related = () => {
    const resolved = typeof target === 'function' && !/^class\b/.test(Function.prototype.toString.call(target)) ? (target as () => unknown)() : target;
    if (typeof resolved !== 'function') throw new ImproperlyConfigured(`modelForm: the relation '${args.propertyName}' names its entity by a string; use () => Entity.`);
    return resolved as Function;
  };
  return {
    name: args.propertyName,
    kind: 'model',
    many: type === 'many-to-many',
    nullable: type === 'many-to-many' || args.options.nullable !== false,
    default: undefined,
    hasDefault: false,
    primary: false,
    editable: !args.isLazy,
    checks: {},
    choices: null,
    long: false,
    related,
  };
}

function propertyList(columns: unknown, properties: readonly string[]): string[] {
  if (Array.isArray(columns)) return columns.map(String);
  if (typeof columns === 'function') {
    const map: Record<string, string> = {};
    for (const name of properties) map[name] = name;
    const result = (columns as (o: unknown) => unknown)(map);
    if (Array.isArray(result)) return result.map(String);
    if (result && typeof result === 'object') return Object.keys(result);
  }
  return [];
}

const infoCache = new WeakMap<Function, ModelInfo>();

/** Columns, keys and unique constraints of `entity`, from its TypeORM decorators (no DataSource needed). */
export function modelInfo(entity: Function): ModelInfo {
  const hit = infoCache.get(entity);
  if (hit) return hit;
  const storage = getMetadataArgsStorage();
  const chain = classChain(entity);
  const columns = new Map<string, ModelColumn>();
  // Base classes first, so a subclass's own declaration of a property wins.
  for (const cls of [...chain].reverse()) {
    for (const args of storage.filterColumns(cls)) columns.set(args.propertyName, describeColumn(args, entity));
    for (const args of storage.filterRelations(cls)) {
      const relation = describeRelation(args, chain);
      if (relation) columns.set(args.propertyName, relation);
    }
  }
  if (columns.size === 0) {
    throw new ImproperlyConfigured(`modelForm(${entity.name}): ${entity.name} has no TypeORM columns. Is it decorated with @Entity() and @Column()?`);
  }
  const names = [...columns.keys()];
  const uniqueSets: string[][] = [];
  for (const column of storage.filterColumns(chain)) if (column.options.unique) uniqueSets.push([column.propertyName]);
  for (const unique of storage.filterUniques(chain)) uniqueSets.push(propertyList(unique.columns, names));
  for (const index of storage.filterIndices(chain)) if (index.unique && !index.where) uniqueSets.push(propertyList(index.columns, names));
  const info: ModelInfo = {
    entity,
    columns,
    uniqueSets: uniqueSets.filter((set) => set.length > 0 && set.every((n) => columns.has(n))),
    primary: [...columns.values()].filter((c) => c.primary).map((c) => c.name),
  };
  infoCache.set(entity, info);
  return info;
}

/** Options of modelForm that shape fields. */
export interface ModelFieldOverrides {
  labels?: Record<string, string>;
  helpTexts?: Record<string, string>;
  widgets?: Record<string, FieldSpec['widget'] | string>;
  errorMessages?: Record<string, Record<string, string>>;
}

/**
 * The form field of one entity column (Django's Model.formfield): type, required (NOT NULL and
 * no `@IsOptional()`), max length, integer range, decimal digits, enum choices, the default as
 * initial value; class-validator decorators on the entity add their checks and widget hints.
 */
export function modelFieldSpec(info: ModelInfo, column: ModelColumn, overrides: ModelFieldOverrides, toWidget: (spec: unknown, where: string) => FieldSpec['widget']): FieldSpec {
  const validated = collectFields(info.entity).find((s) => s.name === column.name);
  const optional = validated ? !validated.required && validated.kind !== 'boolean' : false;
  const required = (column.kind === 'boolean' && !column.many) || column.kind === 'model' && column.many ? false : !column.nullable && !optional;
  const where = `modelForm(${info.entity.name}).${column.name}`;
  const spec: FieldSpec = {
    name: column.name,
    kind: column.kind,
    many: column.many,
    nested: null,
    related: column.related ? { entity: column.related(), queryset: null, label: null } : null,
    required,
    label: overrides.labels?.[column.name] ?? validated?.label ?? prettyName(column.name),
    helpText: overrides.helpTexts?.[column.name] ?? validated?.helpText ?? '',
    widget: null as unknown as FieldSpec['widget'],
    choices: column.choices ?? validated?.choices ?? null,
    blankChoice: column.kind === 'model' ? !column.many : !required || column.default === undefined,
    initial: validated?.initial !== undefined ? validated.initial : column.default,
    strip: validated?.strip ?? true,
    disabled: validated?.disabled ?? false,
    errorMessages: { ...validated?.errorMessages, ...overrides.errorMessages?.[column.name] },
    emptyValue: column.kind === 'string' && !column.nullable && !column.many ? '' : null,
    checks: { ...validated?.checks, ...column.checks },
    validators: validated?.validators ?? new Map(),
    conditional: validated?.conditional ?? false,
    source: 'model',
  };
  const own = overrides.widgets?.[column.name];
  spec.widget = own !== undefined ? toWidget(own, where) : column.long && !spec.choices ? new Textarea() : defaultWidget(spec);
  if (column.kind === 'model') spec.choices = null;
  return spec;
}
