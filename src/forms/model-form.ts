import type { EntityManager, EntityMetadata, ObjectLiteral } from 'typeorm';
import { currentManager } from '../db/context';
import { filterBy } from '../db/lookups';
import { verboseName } from '../db/names';
import { inTransaction } from '../db/transaction';
import { ImproperlyConfigured } from '../http/exceptions';
import type { ErrorStore } from './clean-fields';
import { NON_FIELD_ERRORS, ValidationError } from './errors';
import { collectFields, type FieldSpec } from './fields';
import { Form, type FormOptions } from './form';
import { reservedNames, reserveNames } from './reserved';
import { DEFAULT_MESSAGES, capfirst, formatMessage } from './messages';
import { modelFieldSpec, modelInfo, type ModelFieldOverrides } from './model-fields';
import { runClassValidators } from './validate';
import { toWidget, type WidgetSpec } from './widgets';

/** Which fields a model form has, and how they look (Django's ModelForm.Meta). */
export interface ModelFormMeta<T> {
  /** The entity properties in the form, in order, or `'__all__'`. */
  fields?: readonly (keyof T & string)[] | '__all__';
  /** Properties left out (with `'__all__'` or instead of `fields`). */
  exclude?: readonly (keyof T & string)[];
  labels?: Partial<Record<keyof T & string, string>>;
  helpTexts?: Partial<Record<keyof T & string, string>>;
  widgets?: Partial<Record<keyof T & string, WidgetSpec>>;
  /** Messages per field and code (`{ title: { required: 'A title, please.' } }`). */
  errorMessages?: Partial<Record<keyof T & string, Record<string, string>>>;
}

/** How a model form is made: a Form's options plus the row it edits. */
export interface ModelFormOptions<T> extends FormOptions {
  /** The row to edit (null or absent: a new one). */
  instance?: T | null;
  /** The EntityManager to query and save with; default `currentManager()` (the request's transaction, if any). */
  manager?: EntityManager | null;
}

/** A model form class. */
export type ModelFormClass<T extends ObjectLiteral = any> = (new (options?: ModelFormOptions<T>) => ModelForm<T>) & {
  model: Function | null;
  meta: ModelFormMeta<T>;
};

function own(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

function textList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Whether `error` is a unique-constraint violation (PostgreSQL, SQLite, MySQL). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown; errno?: unknown }; message?: unknown };
  const code = e?.driverError?.code ?? e?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'ER_DUP_ENTRY';
}

const specCache = new WeakMap<Function, readonly FieldSpec[]>();

/**
 * A form for an entity (Django's ModelForm); make one with `modelForm(Entity, { fields })`.
 * Fields come from the TypeORM columns (NOT NULL → required, `length` → max length, integer
 * ranges, decimal digits, enum → choices) and the entity's class-validator decorators; unique
 * columns are checked before saving, so a duplicate is a form error, not a database error.
 * `save()` writes only the form's fields onto the instance.
 */
export class ModelForm<T extends ObjectLiteral = any> extends Form {
  /** The entity class. */
  static model: Function | null = null;
  /** Field selection and presentation. */
  static meta: ModelFormMeta<any> = {};

  /** The row being edited, or null for a new one (set by `save()`). */
  instance: T | null;
  private readonly givenManager: EntityManager | null;

  constructor(options: ModelFormOptions<T> = {}) {
    const cls = new.target as unknown as typeof ModelForm;
    const instance = options.instance ?? null;
    const fromInstance: Record<string, unknown> = {};
    if (instance && cls.model) {
      for (const column of modelInfo(cls.model).columns.values()) if (column.editable || column.primary) fromInstance[column.name] = instance[column.name];
    }
    super({ ...options, initial: { ...fromInstance, ...(options.initial ?? {}) } });
    this.instance = instance;
    this.givenManager = options.manager ?? null;
  }

  /** The EntityManager this form queries and saves with. */
  get manager(): EntityManager {
    return this.givenManager ?? currentManager();
  }

  protected override dataManager(): EntityManager {
    return this.manager;
  }

  /** Also loads the related rows of the instance that were not loaded with it (they are the initial choices). */
  override async loadChoices(): Promise<void> {
    const model = (this.constructor as typeof ModelForm).entity();
    const instance = this.instance;
    if (instance) {
      for (const spec of Object.values(this.fields)) {
        if (spec.kind !== 'model' || own(this.initial, spec.name) && this.initial[spec.name] !== undefined) continue;
        const relation = this.manager.createQueryBuilder().relation(model, spec.name).of(instance);
        this.initial[spec.name] = spec.many ? await relation.loadMany() : ((await relation.loadOne()) ?? null);
      }
    }
    await super.loadChoices();
  }

  /** The entity class (ImproperlyConfigured when the class has none). */
  static entity(this: typeof ModelForm): Function {
    if (!this.model) throw new ImproperlyConfigured(`${this.name} has no model: make it with modelForm(Entity, { fields }).`);
    return this.model;
  }

  /** The fields: the entity's (per `meta.fields`/`meta.exclude`), with fields declared on the form class over them. */
  static override baseFields(this: Function): readonly FieldSpec[] {
    const hit = specCache.get(this);
    if (hit) return hit;
    const cls = this as unknown as typeof ModelForm;
    const model = cls.entity();
    const meta = cls.meta ?? {};
    const info = modelInfo(model);
    const declared = new Map(collectFields(this, reservedNames(Form)).map((s) => [s.name, s]));
    const exclude = new Set<string>(meta.exclude ?? []);
    const names = Array.isArray(meta.fields) ? [...meta.fields] : [...info.columns.values()].filter((c) => c.editable).map((c) => c.name);
    const overrides = meta as ModelFieldOverrides;
    const unknown: string[] = [];
    const specs: FieldSpec[] = [];
    for (const name of names) {
      if (exclude.has(name) && !declared.has(name)) continue;
      const column = info.columns.get(name);
      const own = declared.get(name);
      if (own) {
        specs.push(column ? { ...own, checks: { ...column.checks, ...own.checks } } : own);
        declared.delete(name);
      } else if (!column) unknown.push(name);
      else if (!column.editable) {
        throw new ImproperlyConfigured(`'${name}' cannot be specified for ${model.name} model form as it is a non-editable field.`);
      } else specs.push(modelFieldSpec(info, column, overrides, (spec, where) => toWidget(spec as WidgetSpec, where)));
    }
    if (unknown.length) throw new ImproperlyConfigured(`Unknown field(s) (${unknown.join(', ')}) specified for ${model.name}.`);
    specs.push(...declared.values());
    specCache.set(this, specs);
    return specs;
  }

  /** The entity's class-validator decorators run too, on the fields taken from it. */
  protected override async runValidators(values: Record<string, unknown>, empty: Set<string>, store: ErrorStore): Promise<Record<string, unknown>> {
    const out = await super.runValidators(values, empty, store);
    const model = (this.constructor as typeof ModelForm).entity();
    const validated = new Set(collectFields(model).map((s) => s.name));
    const specs = Object.values(this.fields);
    const names = specs.filter((s) => validated.has(s.name)).map((s) => s.name);
    if (names.length === 0) return out;
    const checked = await runClassValidators(model, specs, out, names, store, empty);
    for (const spec of specs) if (spec.source === 'model' && own(checked, spec.name)) out[spec.name] = checked[spec.name];
    return out;
  }

  protected override async postClean(): Promise<void> {
    await this.validateUnique();
  }

  /**
   * Look for rows that already have the unique values of this form (unique columns, `@Unique`,
   * unique indexes), the edited row aside; each one found is an error ("Author with this Name
   * already exists."). Sets with a field outside the form, or with an empty value, are skipped.
   */
  async validateUnique(): Promise<void> {
    const model = (this.constructor as typeof ModelForm).entity();
    const info = modelInfo(model);
    const modelLabel = capfirst(verboseName(model as new () => object));
    for (const set of info.uniqueSets) {
      if (!set.every((n) => own(this.fields, n) && own(this.cleanedData, n))) continue;
      const values = set.map((n) => this.cleanedData[n]);
      if (values.some((v) => v === null || v === undefined)) continue;
      const qb = this.manager.getRepository(model).createQueryBuilder('u');
      if (!filterBy(qb, Object.fromEntries(set.map((n, i) => [n, values[i]])))) continue;
      if (this.instance) {
        const pk = info.primary.filter((p) => this.instance![p] !== undefined && this.instance![p] !== null);
        if (pk.length) qb.andWhere(`NOT (${pk.map((p, i) => `u.${p} = :egvUniquePk${i}`).join(' AND ')})`, Object.fromEntries(pk.map((p, i) => [`egvUniquePk${i}`, this.instance![p]])));
      }
      if ((await qb.getCount()) === 0) continue;
      if (set.length === 1) {
        const spec = this.fields[set[0]];
        const template = spec.errorMessages.unique ?? DEFAULT_MESSAGES.unique;
        this.addError(set[0], new ValidationError(formatMessage(template, { model: modelLabel, field: spec.label }), { code: 'unique' }));
      } else {
        const labels = set.map((n) => this.fields[n].label);
        this.addError(null, new ValidationError(formatMessage(DEFAULT_MESSAGES.uniqueTogether, { model: modelLabel, fields: textList(labels) }), { code: 'uniqueTogether' }));
      }
    }
  }

  /** A new, unsaved entity. */
  protected newInstance(): T {
    const model = (this.constructor as typeof ModelForm).entity();
    const manager = this.manager;
    return (manager.connection.hasMetadata(model) ? manager.create(model as new () => T) : new (model as new () => T)()) as T;
  }

  /**
   * Write the cleaned values of the form's entity fields onto `instance` (a new entity when
   * creating) and, with `commit` (default), save it. Invalid forms cannot be saved. A unique
   * value taken meanwhile by another request becomes a form error (a ValidationError is thrown).
   */
  async save({ commit = true }: { commit?: boolean } = {}): Promise<T> {
    const model = (this.constructor as typeof ModelForm).entity();
    if (!(await this.isValid())) {
      throw new Error(`The ${model.name} could not be ${this.instance ? 'changed' : 'created'} because the data didn't validate.`);
    }
    const creating = this.instance === null;
    const instance = this.instance ?? this.newInstance();
    const columns = modelInfo(model).columns;
    for (const name of Object.keys(this.fields)) {
      const column = columns.get(name);
      if (!column || !own(this.cleanedData, name)) continue;
      const value = this.cleanedData[name];
      // An empty optional value on a NOT NULL column with a default: let the default apply.
      if ((value === null || value === undefined) && !column.nullable && column.hasDefault && creating) continue;
      (instance as Record<string, unknown>)[name] = value;
    }
    if (commit) await this.saveInstance(instance, creating);
    this.instance = instance;
    return instance;
  }

  /** Save `instance` in a savepoint, turning a unique violation into form errors. */
  protected async saveInstance(instance: T, creating = false): Promise<void> {
    const write = (manager: EntityManager) => (creating ? insertNew(manager, instance) : manager.save(instance));
    try {
      if (this.givenManager) await write(this.givenManager);
      else await inTransaction(write);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const before = this.errors;
      await this.validateUnique();
      if (Object.keys(this.errors).length === Object.keys(before).length) {
        const model = (this.constructor as typeof ModelForm).entity();
        this.addError(null, new ValidationError(`${capfirst(verboseName(model as new () => object))} with these values already exists.`, { code: 'unique' }));
      }
      const first = this.errors[NON_FIELD_ERRORS]?.[0] ?? Object.values(this.errors)[0]?.[0];
      throw new ValidationError(first ?? 'Already exists.', { code: 'unique' });
    }
  }
}

/** Whether a new row of this entity is written by one INSERT with nothing else to cascade or link. */
const insertable = new WeakMap<EntityMetadata, boolean>();

function plainInsert(metadata: EntityMetadata): boolean {
  let plain = insertable.get(metadata);
  if (plain === undefined) {
    plain =
      !metadata.treeType &&
      !metadata.inheritancePattern &&
      !metadata.parentEntityMetadata &&
      metadata.relations.every((r) => (r.isManyToOne || r.isOneToOneOwner) && !r.isCascadeInsert && !r.isCascadeUpdate);
    insertable.set(metadata, plain);
  }
  return plain;
}

/**
 * Write a new entity: `manager.insert` (what Django's save() does for a new instance) when the
 * entity has nothing for `save()` to cascade or link (no to-many relations, no cascades, no tree,
 * no inheritance), else `manager.save`. Both run listeners and subscribers and set the generated
 * columns on `instance`; the insert skips save()'s change-set building, a sixth of a form POST.
 */
async function insertNew<T extends ObjectLiteral>(manager: EntityManager, instance: T): Promise<unknown> {
  const metadata = manager.connection.getMetadata(instance.constructor);
  if (!plainInsert(metadata)) return manager.save(instance);
  return manager.insert(metadata.target, instance);
}

reserveNames(['instance', 'givenManager', ...Object.getOwnPropertyNames(ModelForm.prototype)]);

/**
 * A ModelForm class for `entity` (Django's modelform_factory / ModelForm with Meta): `fields`
 * (or `'__all__'`) or `exclude` is required; `labels`, `helpTexts`, `widgets`, `errorMessages`
 * adjust fields. Extend the result to add fields, `clean()` or `clean<Field>()` hooks.
 *
 * @example
 * ```ts
 * class MovieForm extends modelForm(Movie, { fields: ['title', 'runtime', 'genre'], widgets: { title: new TextInput({ autofocus: true }) } }) {
 *   override clean() { if (this.cleanedData.runtime > 600) this.addError('runtime', 'Too long.'); }
 * }
 * const form = new MovieForm({ data: request.POST, instance: movie });
 * if (await form.isValid()) await form.save();
 * ```
 */
export function modelForm<T extends ObjectLiteral>(entity: new (...args: any[]) => T, meta: ModelFormMeta<T>): ModelFormClass<T> {
  if (typeof entity !== 'function') throw new ImproperlyConfigured('modelForm(Entity, { fields }): the first argument must be an entity class.');
  const name = `${entity.name}Form`;
  if (!meta || (meta.fields === undefined && meta.exclude === undefined)) {
    throw new ImproperlyConfigured(`Creating a ModelForm without either the 'fields' attribute or the 'exclude' attribute is prohibited; form ${name} needs updating.`);
  }
  if (meta.fields !== undefined && meta.fields !== '__all__' && !Array.isArray(meta.fields)) {
    throw new ImproperlyConfigured(`${name}.fields cannot be a string. Did you mean to type: fields: ['${String(meta.fields)}']?`);
  }
  const info = modelInfo(entity);
  for (const field of Array.isArray(meta.fields) ? meta.fields : []) {
    const column = info.columns.get(field);
    if (column && !column.editable) throw new ImproperlyConfigured(`'${field}' cannot be specified for ${entity.name} model form as it is a non-editable field.`);
  }
  const cls = class extends ModelForm<T> {
    static override model: Function | null = entity;
    static override meta: ModelFormMeta<any> = { ...meta };
  };
  Object.defineProperty(cls, 'name', { value: name });
  return cls as unknown as ModelFormClass<T>;
}
