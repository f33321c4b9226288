import escapeHtml from 'escape-html';
import { isSafe, markSafe, type SafeString } from '../templates/safe';
import { collectFields, type FieldSpec } from './fields';
import type { Form } from './form';
import { fieldAttrs } from './widget-choice';
import { CheckboxSelectMultiple, flatAttrs, HiddenInput, type Attrs, type Choice, type Widget } from './widgets';

/** The empty first choice of a select. */
export const BLANK_CHOICE: Choice = ['', '---------'];

function at(value: unknown, parts: readonly string[]): unknown {
  let v = value;
  for (const part of parts) {
    if (v === null || v === undefined || typeof v !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(v, part) && !(part in (v as object))) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/**
 * A field of one form (Django's BoundField): what a template needs to draw it — `label`,
 * `labelTag()`, `asWidget()`, `errors`, `helpText`, `value()`, ids — with the posted value
 * shown again (escaped) after an error. Nested values are fields too (`items.0.qty`).
 *
 * @example
 * ```pug
 * - const title = form.field('title')
 * div(class=title.cssClasses())
 *   = title.labelTag()
 *   = title.asWidget({ class: 'input' })
 *   each error in title.errors
 *     p.error= error
 * ```
 */
export class BoundField {
  constructor(
    /** The form. */
    readonly form: Form,
    /** The field spec (type, widget, label…). */
    readonly field: FieldSpec,
    /** The field's path in the form (`title`, `items.0.qty`). */
    readonly name: string,
  ) {}

  /** The name in the HTML (with the form's prefix). */
  get htmlName(): string {
    return this.form.addPrefix(this.name);
  }

  /** The input's id (`id_title`), or '' when the form has autoId off. */
  get autoId(): string {
    const pattern = this.form.autoId;
    if (!pattern) return '';
    return pattern.includes('%s') ? pattern.replace('%s', this.htmlName) : this.htmlName;
  }

  /** The id a label points to. */
  get idForLabel(): string {
    const own = this.field.widget.attrs.id;
    return typeof own === 'string' ? own : this.autoId;
  }

  /** The label text. */
  get label(): string {
    return this.field.label;
  }

  /** The help text. */
  get helpText(): string {
    return this.field.helpText;
  }

  /** The error messages of this field (empty before validation). */
  get errors(): string[] {
    return this.form.errorsAt(this.name);
  }

  /** Whether it is drawn as a hidden input. */
  get isHidden(): boolean {
    return this.field.widget.isHidden;
  }

  /** The widget. */
  get widget(): Widget {
    return this.field.widget;
  }

  /** The raw posted value (a string, a list for list fields), or undefined. */
  get data(): unknown {
    if (this.field.kind === 'file') return undefined;
    const [root, ...rest] = this.name.split('.');
    const raw = this.form.rawSource().lookup([this.form.addPrefix(root), ...rest], this.field.many);
    return raw.present ? raw.value : undefined;
  }

  /** The initial value (from the form's `initial`, else the field's). */
  get initial(): unknown {
    const [root, ...rest] = this.name.split('.');
    return at(this.form.initialFor(root), rest);
  }

  /** The value to show: the posted one on a bound form (the initial one for disabled fields), else the initial one. */
  value(): unknown {
    if (this.form.isBound && !this.field.disabled) {
      const data = this.data;
      if (data !== undefined || this.field.kind === 'boolean') return data;
      return this.field.many ? [] : undefined;
    }
    return this.initial;
  }

  /** Choices of a select, with the blank first choice when the field has one. */
  get choices(): Choice[] {
    const own = this.field.choices ?? [];
    return this.field.blankChoice && !this.field.many ? [BLANK_CHOICE, ...own] : [...own];
  }

  /** The attributes the input gets: from the field (maxlength, min…), `required`, `id`, `aria-*`, then `attrs`. */
  buildAttrs(attrs: Attrs = {}): Attrs {
    const out: Attrs = { ...fieldAttrs(this.field) };
    const useRequired = this.form.useRequiredAttribute && this.field.required && !this.isHidden && !this.field.disabled;
    // Django never marks a group of checkboxes required: the browser would demand every box.
    if (useRequired && !(this.field.widget instanceof CheckboxSelectMultiple)) out.required = true;
    if (this.field.disabled) out.disabled = true;
    if (this.errors.length > 0 && !this.isHidden) out['aria-invalid'] = 'true';
    const id = this.autoId;
    if (this.helpText && id) out['aria-describedby'] = `${id}_helptext`;
    if (id && this.field.widget.attrs.id === undefined) out.id = id;
    return { ...out, ...attrs };
  }

  /** The input's HTML (`= field.asWidget()` in Pug; attributes in `attrs` win). */
  asWidget(attrs: Attrs = {}, widget: Widget = this.field.widget): SafeString {
    if (this.field.kind === 'nested') return markSafe(this.children().map((c) => c.asWidget().value).join(''));
    return markSafe(widget.render(this.htmlName, this.value(), this.buildAttrs(attrs), this.choices));
  }

  /** The value as a hidden input. */
  asHidden(attrs: Attrs = {}): SafeString {
    return this.asWidget(attrs, new HiddenInput());
  }

  /** `<label for="id_title">Title:</label>` (`contents` replaces the label text; `suffix` the form's `:`). */
  labelTag(contents?: string | SafeString, attrs: Attrs = {}, suffix?: string): SafeString {
    const text = contents ?? this.label;
    const end = suffix ?? this.form.labelSuffix;
    const raw = isSafe(text) ? text.value : escapeHtml(String(text));
    const label = end && raw && !/[:?.!]$/.test(String(text)) ? raw + escapeHtml(end) : raw;
    const id = this.idForLabel;
    const all: Attrs = { ...(id ? { for: id } : {}), ...attrs };
    return markSafe(`<label${flatAttrs(all)}>${label}</label>`);
  }

  /** CSS classes of the row: the form's `errorCssClass` and `requiredCssClass` when they apply, plus `extra`. */
  cssClasses(extra = ''): string {
    const cls = this.form.constructor as { errorCssClass?: string | null; requiredCssClass?: string | null };
    const out = extra.split(/\s+/).filter(Boolean);
    if (this.errors.length && cls.errorCssClass) out.push(cls.errorCssClass);
    if (this.field.required && cls.requiredCssClass) out.push(cls.requiredCssClass);
    return out.join(' ');
  }

  /** The fields inside a nested field (each item's fields for a list), for drawing them one by one. */
  children(): BoundField[] {
    if (this.field.kind !== 'nested' || !this.field.nested) return [];
    const specs = collectFields(this.field.nested);
    const of = (base: string) => specs.map((spec) => new BoundField(this.form, { ...spec, label: `${this.label} ${spec.label.toLowerCase()}` }, `${base}.${spec.name}`));
    if (!this.field.many) return of(this.name);
    let count: number;
    if (this.form.isBound) {
      const [root, ...rest] = this.name.split('.');
      const key = this.form.addPrefix(root);
      const source = rest.length ? null : this.form.rawSource();
      count = source?.children(key)?.length ?? 0;
    } else {
      const initial = this.initial;
      count = Array.isArray(initial) ? initial.length : 0;
    }
    const out: BoundField[] = [];
    for (let i = 0; i < count; i++) out.push(...of(`${this.name}.${i}`));
    return out;
  }

  /** The input's HTML, as text. */
  toString(): string {
    return this.asWidget().value;
  }
}
