import type { EntityManager } from 'typeorm';
import { currentManager } from '../db/context';
import { QueryDict } from '../http/querydict';
import type { SafeString } from '../templates/safe';
import type { MaybePromise } from '../urls/types';
import { BoundField } from './bound-field';
import { cleanGroup, messageFor, pushError, type ErrorStore, type ReadContext } from './clean-fields';
import { NON_FIELD_ERRORS, ValidationError, type ErrorDict } from './errors';
import { collectFields, copySpec, type FieldSpec } from './fields';
import { asDiv, asP, asTable, asUl } from './render';
import { sourceOf, type DataSource, type FormData, type FormFiles } from './source';
import { changedFields } from './compare';
import { capfirst } from './messages';
import { keyOf, loadModelChoices, resolveModelChoices } from './model-choice';
import { reservedNames } from './reserved';
import { runClassValidators } from './validate';

/** How a form is made (Django's Form arguments). */
export interface FormOptions {
  /** The posted values: binds the form (`request.POST`, `request.GET`, or `request.json()`). */
  data?: FormData | null;
  /** Uploaded files (`request.FILES`). */
  files?: FormFiles | null;
  /** Values an unbound form shows, by field name (over each field's own initial). */
  initial?: Record<string, unknown> | null;
  /** Namespace of the field names in the HTML (`prefix-title`), for several forms in one page. */
  prefix?: string | null;
  /** The id of each input: `%s` is the HTML name; false for none. Default `'id_%s'`. */
  autoId?: string | false;
  /** Added after each label (default `':'`). */
  labelSuffix?: string;
  /** An unchanged form is valid and empty (Django's empty_permitted, for extra forms). */
  emptyPermitted?: boolean;
  /** Add the HTML `required` attribute to required fields (default true). */
  useRequiredAttribute?: boolean;
}

/** A Form class (the constructor side), as views take it in `formClass`. */
export type FormClass<F extends Form = Form> = (new (options?: FormOptions) => F) & { prototype: F };

const EMPTY_DATA = new QueryDict();

/**
 * A form (Django's Form): fields are the properties declared with class-validator decorators
 * (and `@Field()`); a form bound to `data` converts the posted strings by each field's type
 * (class-transformer runs after that), validates them, and gives `cleanedData` or `errors`.
 * Keys the form does not declare are never read: `isAdmin=1` or `__proto__` go nowhere.
 *
 * Types come from `@Field({ type })`, `@Type(() => Number)`, the validators (`@IsInt()`,
 * `@IsBoolean()`, `@IsDate()`, `@IsIn([...])`…) or, when the compiler emits it, decorator
 * metadata; tsx and esbuild emit none, so say the type with one of the first three there.
 *
 * @example
 * ```ts
 * class ContactForm extends Form {
 *   @IsString() @MaxLength(100) subject!: string;
 *   @IsEmail() sender!: string;
 *   @IsOptional() @IsBoolean() ccMyself!: boolean;
 *   override clean() {
 *     if (this.cleanedData.subject?.includes('viagra')) throw new ValidationError('No spam.');
 *   }
 * }
 * const form = new ContactForm({ data: request.POST });
 * if (await form.isValid()) send(form.cleanedData);
 * ```
 */
export class Form {
  /** The default prefix of every form of this class. */
  static prefix: string | null = null;
  /** The default label suffix (`':'`). */
  static labelSuffix = ':';
  /** CSS class of a row with errors. */
  static errorCssClass: string | null = null;
  /** CSS class of a required row. */
  static requiredCssClass: string | null = null;

  /** Whether the form was given data (a post). */
  readonly isBound: boolean;
  /** The data it is bound to (an empty QueryDict when unbound). */
  readonly data: FormData;
  /** The files it is bound to. */
  readonly files: FormFiles | null;
  /** Initial values by field name. */
  readonly initial: Record<string, unknown>;
  /** The values after validation: every field without an error (Django's cleaned_data). */
  cleanedData: Record<string, any> = {};
  private readonly formOptions: FormOptions;
  private formFields: Record<string, FieldSpec> | null = null;
  private errorStore: ErrorStore | null = null;
  private boundCache: Map<string, BoundField> | null = null;
  private initialCache: Map<string, unknown> | null = null;
  private dataView: DataSource | null = null;

  constructor(options: FormOptions = {}) {
    this.formOptions = options;
    this.isBound = options.data !== undefined && options.data !== null || (options.files !== undefined && options.files !== null);
    this.data = options.data ?? EMPTY_DATA;
    this.files = options.files ?? null;
    this.initial = { ...(options.initial ?? {}) };
  }

  /** The prefix of the HTML names, or null. */
  get prefix(): string | null {
    return this.formOptions.prefix ?? (this.constructor as typeof Form).prefix ?? null;
  }

  /** The id pattern of the inputs (`'id_%s'`), or false. */
  get autoId(): string | false {
    return this.formOptions.autoId ?? 'id_%s';
  }

  /** What follows each label. */
  get labelSuffix(): string {
    return this.formOptions.labelSuffix ?? (this.constructor as typeof Form).labelSuffix;
  }

  /** Whether an unchanged form counts as valid and empty. */
  get emptyPermitted(): boolean {
    return this.formOptions.emptyPermitted ?? false;
  }

  /** Whether required inputs get the `required` attribute. */
  get useRequiredAttribute(): boolean {
    return this.formOptions.useRequiredAttribute ?? true;
  }

  /** The field specs of the class (shared; `fields` gives this form's own copies). */
  static baseFields(this: Function): readonly FieldSpec[] {
    return collectFields(this, reservedNames(Form));
  }

  /** This form's fields by name; change them per instance (`form.fields.title.required = false`). */
  get fields(): Record<string, FieldSpec> {
    if (!this.formFields) {
      const own: Record<string, FieldSpec> = {};
      for (const spec of this.specList()) own[spec.name] = copySpec(spec);
      this.formFields = own;
    }
    return this.formFields;
  }

  /** The field specs in order (the class's own list, or this form's copies once `fields` was read). */
  protected specList(): readonly FieldSpec[] {
    return this.formFields ? Object.values(this.formFields) : (this.constructor as typeof Form).baseFields.call(this.constructor);
  }

  /** `name` with the prefix: `prefix-name`. */
  addPrefix(name: string): string {
    return this.prefix ? `${this.prefix}-${name}` : name;
  }

  /** The bound data seen through field keys (for BoundField). */
  rawSource(): DataSource {
    return (this.dataView ??= sourceOf(this.data));
  }

  /** The initial value of a field: `initial[name]`, else the field's own (a function is called once). */
  initialFor(name: string): unknown {
    this.initialCache ??= new Map();
    if (this.initialCache.has(name)) return this.initialCache.get(name);
    let value = Object.prototype.hasOwnProperty.call(this.initial, name) ? this.initial[name] : this.fields[name]?.initial;
    if (typeof value === 'function') value = (value as () => unknown)();
    this.initialCache.set(name, value);
    return value;
  }

  /** Validate (once) and say whether the form is bound and has no errors. */
  async isValid(): Promise<boolean> {
    if (!this.isBound) return false;
    await this.fullClean();
    return this.errorStore!.size === 0;
  }

  /** Run the whole validation now (isValid() does): fields, `clean<Field>()` hooks, `clean()`, `postClean()`. */
  async fullClean(): Promise<void> {
    if (this.errorStore) return;
    const store: ErrorStore = new Map();
    this.errorStore = store;
    if (!this.isBound) return;
    this.cleanedData = {};
    if (this.emptyPermitted && !this.hasChanged()) return;
    const specs = Object.values(this.fields);
    const empty = new Set<string>();
    const ctx: ReadContext = { source: this.rawSource(), files: this.files, keyOf: (n) => this.addPrefix(n), initialOf: (n) => this.initialFor(n) };
    const values = cleanGroup(specs, ctx, '', store, empty);
    if (specs.some((s) => s.kind === 'model')) await resolveModelChoices(specs, values, empty, store, this.dataManager());
    const checked = await this.runValidators(values, empty, store);
    for (const spec of specs) {
      if (!Object.prototype.hasOwnProperty.call(checked, spec.name) || this.hasErrorAt(spec.name)) continue;
      this.cleanedData[spec.name] = checked[spec.name];
    }
    await this.runFieldHooks(specs);
    await this.runCleanHook();
    await this.postClean();
  }

  /** The EntityManager model fields look their rows up with (`currentManager()`; a ModelForm's own manager). */
  protected dataManager(): EntityManager {
    return currentManager();
  }

  /**
   * Load the rows that model fields offer (their select options) and turn initial rows into
   * their keys. The views do this before drawing a form; do it yourself before drawing a form
   * with model fields elsewhere.
   */
  async loadChoices(): Promise<void> {
    const specs = Object.values(this.fields).filter((s) => s.kind === 'model' && s.related);
    if (specs.length === 0) return;
    const manager = this.dataManager();
    await loadModelChoices(specs, manager);
    for (const spec of specs) {
      const initial = this.initialFor(spec.name);
      if (initial === null || initial === undefined) continue;
      const key = spec.many && Array.isArray(initial) ? initial.map((row) => keyOf(row, manager, spec.related!.entity)) : keyOf(initial, manager, spec.related!.entity);
      this.initial[spec.name] = key;
      this.initialCache?.set(spec.name, key);
    }
  }

  /** Run the class-validator decorators on the converted values; ModelForm adds the entity's. */
  protected async runValidators(values: Record<string, unknown>, empty: Set<string>, store: ErrorStore): Promise<Record<string, unknown>> {
    const specs = Object.values(this.fields);
    const names = specs.filter((s) => s.source === 'form').map((s) => s.name);
    if (names.length === 0) return values;
    const checked = await runClassValidators(this.constructor, specs, values, names, store, empty);
    return { ...values, ...checked };
  }

  private hasErrorAt(name: string): boolean {
    const store = this.errorStore!;
    if (store.has(name)) return true;
    for (const key of store.keys()) if (key.startsWith(`${name}.`)) return true;
    return false;
  }

  private async runFieldHooks(specs: readonly FieldSpec[]): Promise<void> {
    for (const spec of specs) {
      const hook = (this as unknown as Record<string, unknown>)[`clean${capfirst(spec.name)}`];
      if (typeof hook !== 'function' || !Object.prototype.hasOwnProperty.call(this.cleanedData, spec.name)) continue;
      try {
        const value = await (hook as () => unknown).call(this);
        if (value !== undefined) this.cleanedData[spec.name] = value;
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        this.addError(spec.name, error);
      }
    }
  }

  private async runCleanHook(): Promise<void> {
    try {
      const result = await this.clean();
      if (result !== undefined && result !== null) this.cleanedData = result;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      this.addError(null, error);
    }
  }

  /**
   * Rules across fields (Django's clean()): read and change `this.cleanedData`, throw a
   * ValidationError (a non-field error, or per field when given an object) or call `addError()`.
   * Returning an object replaces `cleanedData`.
   */
  clean(): MaybePromise<Record<string, any> | void> {
    return undefined;
  }

  /** Runs after `clean()` (ModelForm checks uniqueness here). */
  protected async postClean(): Promise<void> {}

  /**
   * Add an error to `field` (a field name, `items.0.qty`, or null for the form) and drop the
   * field from `cleanedData`. A ValidationError given per field needs `field` null.
   */
  addError(field: string | null, error: string | readonly string[] | ValidationError): void {
    if (!this.errorStore) throw new Error('addError() is for validation: call it from clean(), or after await form.isValid().');
    const err = error instanceof ValidationError ? error : new ValidationError(typeof error === 'string' ? error : [...error]);
    if (err.errorDict && field !== null) {
      throw new TypeError(`addError('${field}', …): an error given per field (an object) needs null as the field.`);
    }
    const entries: Array<[string, string[]]> = err.errorDict ? Object.entries(err.errorDict) : [[field ?? NON_FIELD_ERRORS, err.messages]];
    for (const [key, messages] of entries) {
      const root = key.split('.')[0];
      if (key !== NON_FIELD_ERRORS && !(root in this.fields)) {
        throw new TypeError(`'${this.constructor.name}' has no field named '${root}'.`);
      }
      for (const message of messages) pushError(this.errorStore, key, message, err.code);
      if (key !== NON_FIELD_ERRORS) delete this.cleanedData[root];
    }
  }

  /** Errors by field name (nested ones as `items.0.qty`; the form's own under `__all__`). Empty for an unbound form. */
  get errors(): ErrorDict {
    const store = this.errorStore;
    if (!store) {
      if (!this.isBound) return {};
      throw new Error(`${this.constructor.name}.errors is known after validation: await form.isValid() (or form.fullClean()) first.`);
    }
    const out: ErrorDict = {};
    for (const [key, list] of store) out[key] = list.map((m) => m.message);
    return out;
  }

  /** Whether validation has run. */
  get isCleaned(): boolean {
    return this.errorStore !== null;
  }

  /** The errors of the form itself (from `clean()`), not of a field. */
  get nonFieldErrors(): string[] {
    return this.errorsAt(NON_FIELD_ERRORS);
  }

  /** The messages under one key (`title`, `items.0.qty`, `__all__`); empty before validation. */
  errorsAt(key: string): string[] {
    return this.errorStore?.get(key)?.map((m) => m.message) ?? [];
  }

  /** Whether `field` (null: the form) has an error, of `code` if given (`required`, `invalid`, `unique`, `maxLength`…). */
  hasError(field: string | null, code?: string): boolean {
    const list = this.errorStore?.get(field ?? NON_FIELD_ERRORS) ?? [];
    return code === undefined ? list.length > 0 : list.some((m) => m.code === code);
  }

  /** The message Django would give for `code` on `field` (for custom checks in `clean()`). */
  messageFor(field: string, code: string, params: Record<string, unknown> = {}): string {
    const spec = this.fields[field];
    if (!spec) throw new TypeError(`'${this.constructor.name}' has no field named '${field}'.`);
    return messageFor(spec, code, params);
  }

  /** Names of the fields whose posted value differs from the initial one. */
  get changedData(): string[] {
    if (!this.isBound) return [];
    const ctx: ReadContext = { source: this.rawSource(), files: this.files, keyOf: (n) => this.addPrefix(n), initialOf: (n) => this.initialFor(n) };
    return changedFields(Object.values(this.fields), ctx);
  }

  /** Whether any posted value differs from the initial one. */
  hasChanged(): boolean {
    return this.changedData.length > 0;
  }

  /** The bound field `name` (label, widget, errors, value) for templates. */
  field(name: string): BoundField {
    const spec = this.fields[name];
    if (!spec) throw new TypeError(`Key '${name}' not found in ${this.constructor.name}. Choices are: ${Object.keys(this.fields).join(', ')}.`);
    this.boundCache ??= new Map();
    let bound = this.boundCache.get(name);
    if (!bound) this.boundCache.set(name, (bound = new BoundField(this, spec, name)));
    return bound;
  }

  /** Every bound field, in order. */
  boundFields(): BoundField[] {
    return Object.keys(this.fields).map((name) => this.field(name));
  }

  /** The fields drawn as visible rows. */
  visibleFields(): BoundField[] {
    return this.boundFields().filter((f) => !f.isHidden);
  }

  /** The fields drawn as hidden inputs. */
  hiddenFields(): BoundField[] {
    return this.boundFields().filter((f) => f.isHidden);
  }

  /** Whether the form needs `enctype="multipart/form-data"` (it has a file field). */
  isMultipart(): boolean {
    return Object.values(this.fields).some((s) => s.widget.needsMultipartForm);
  }

  /** The form as `<p>` rows. */
  asP(): SafeString {
    return asP(this);
  }

  /** The form as `<div>` rows (Django's default rendering). */
  asDiv(): SafeString {
    return asDiv(this);
  }

  /** The form as `<li>` rows (put it in a `<ul>`). */
  asUl(): SafeString {
    return asUl(this);
  }

  /** The form as `<tr>` rows (put it in a `<table>`). */
  asTable(): SafeString {
    return asTable(this);
  }

  /** The form as `<div>` rows: `!= form` in Pug. */
  toString(): string {
    return this.asDiv().value;
  }
}
