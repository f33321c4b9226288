import escapeHtml from 'escape-html';

/** HTML attributes: `true` renders the bare name, `false`/null/undefined leave it out. */
export type Attrs = Record<string, unknown>;

/** Choices of a select: `[value, label]` pairs. */
export type Choice = readonly [value: unknown, label: string];

const UNCHECKED = new Set(['', 'false', '0', 'off', 'no']);
const ATTR_NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*$/;

/** Render attributes as ` name="value"` (values escaped); names are checked, never taken from user input. */
export function flatAttrs(attrs: Attrs): string {
  let out = '';
  for (const key of Object.keys(attrs)) {
    const value = attrs[key];
    if (value === false || value === null || value === undefined) continue;
    if (!ATTR_NAME.test(key)) throw new TypeError(`Invalid HTML attribute name ${JSON.stringify(key)} in widget attrs.`);
    out += value === true ? ` ${key}` : ` ${key}="${escapeHtml(String(value))}"`;
  }
  return out;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `YYYY-MM-DD` of a Date (local calendar date) or of a date string. */
export function formatDate(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : `${pad(value.getFullYear(), 4)}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  return value === null || value === undefined ? '' : String(value);
}

/** `YYYY-MM-DDTHH:MM[:SS]` of a Date (local time), as `datetime-local` inputs show it. */
export function formatDateTime(value: unknown): string {
  if (!(value instanceof Date)) return value === null || value === undefined ? '' : String(value);
  if (Number.isNaN(value.getTime())) return '';
  const seconds = value.getSeconds() ? `:${pad(value.getSeconds())}` : '';
  return `${formatDate(value)}T${pad(value.getHours())}:${pad(value.getMinutes())}${seconds}`;
}

/**
 * How a field is drawn in HTML (Django's Widget). `attrs` are added to every rendering; the
 * form adds `name`, `id`, `required`, `maxlength`, `min`, `max` from the field. Values are
 * always escaped.
 *
 * @example
 * ```ts
 * modelForm(Movie, { fields: ['title', 'synopsis'], widgets: { synopsis: new Textarea({ rows: 4 }) } })
 * ```
 */
export abstract class Widget {
  /** Rendered as a hidden input (no label, no row of its own). */
  isHidden = false;
  /** The form needs `enctype="multipart/form-data"`. */
  needsMultipartForm = false;
  /** Takes several values (a select multiple). */
  allowMultiple = false;
  /** Attributes of every rendering. */
  readonly attrs: Attrs;

  constructor(attrs: Attrs = {}) {
    this.attrs = { ...attrs };
  }

  /** The value as text in the HTML, or null for none. */
  formatValue(value: unknown): string | null {
    if (value === null || value === undefined || value === '') return null;
    return String(value);
  }

  /** The HTML for `name` with `value` (display value), `attrs` merged over the widget's own, and `choices` for selects. */
  abstract render(name: string, value: unknown, attrs: Attrs, choices?: readonly Choice[]): string;
}

/** `<input type="…">`: the base of the text-like inputs. */
export class Input extends Widget {
  /** The `type` attribute. */
  inputType = 'text';

  render(name: string, value: unknown, attrs: Attrs): string {
    const shown = this.formatValue(value);
    return `<input${flatAttrs({ type: this.inputType, name, value: shown ?? undefined, ...this.attrs, ...attrs })}>`;
  }
}

/** `<input type="text">`. */
export class TextInput extends Input {}

/** `<input type="number">`. */
export class NumberInput extends Input {
  override inputType = 'number';
}

/** `<input type="email">`. */
export class EmailInput extends Input {
  override inputType = 'email';
}

/** `<input type="url">`. */
export class URLInput extends Input {
  override inputType = 'url';
}

/** `<input type="password">`; the value is not shown again unless `renderValue`. */
export class PasswordInput extends Input {
  override inputType = 'password';

  constructor(
    attrs: Attrs = {},
    /** Show the posted value again after an error (off by default, as in Django). */
    readonly renderValue = false,
  ) {
    super(attrs);
  }

  override formatValue(value: unknown): string | null {
    return this.renderValue ? super.formatValue(value) : null;
  }
}

/** `<input type="hidden">`. */
export class HiddenInput extends Input {
  override inputType = 'hidden';
  override isHidden = true;
}

/** `<input type="date">` showing `YYYY-MM-DD`. */
export class DateInput extends Input {
  override inputType = 'date';

  override formatValue(value: unknown): string | null {
    return value === null || value === undefined || value === '' ? null : formatDate(value);
  }
}

/** `<input type="datetime-local">` showing `YYYY-MM-DDTHH:MM`. */
export class DateTimeInput extends Input {
  override inputType = 'datetime-local';

  override formatValue(value: unknown): string | null {
    return value === null || value === undefined || value === '' ? null : formatDateTime(value);
  }
}

/** `<input type="file">`; never shows a value. */
export class FileInput extends Input {
  override inputType = 'file';
  override needsMultipartForm = true;

  override formatValue(): string | null {
    return null;
  }
}

/** `<input type="checkbox">`, checked when the value is true. */
export class CheckboxInput extends Input {
  override inputType = 'checkbox';

  override render(name: string, value: unknown, attrs: Attrs): string {
    const checked = !(value === false || value === null || value === undefined || (typeof value === 'string' && UNCHECKED.has(value.trim().toLowerCase())));
    return `<input${flatAttrs({ type: 'checkbox', name, ...this.attrs, ...attrs, checked })}>`;
  }
}

/** `<textarea>` (40 × 10 unless `attrs` say otherwise). */
export class Textarea extends Widget {
  render(name: string, value: unknown, attrs: Attrs): string {
    const shown = this.formatValue(value) ?? '';
    return `<textarea${flatAttrs({ name, cols: 40, rows: 10, ...this.attrs, ...attrs })}>\n${escapeHtml(shown)}</textarea>`;
  }
}

function optionList(choices: readonly Choice[], selected: ReadonlySet<string>): string {
  let out = '';
  for (const [value, label] of choices) {
    const text = value === null || value === undefined ? '' : String(value);
    out += `\n  <option value="${escapeHtml(text)}"${selected.has(text) ? ' selected' : ''}>${escapeHtml(String(label))}</option>`;
  }
  return out;
}

function selectedSet(value: unknown): Set<string> {
  const list = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
  return new Set(list.map((v) => (v === null || v === undefined ? '' : String(v))));
}

/** `<select>` of the field's choices. */
export class Select extends Widget {
  render(name: string, value: unknown, attrs: Attrs, choices: readonly Choice[] = []): string {
    return `<select${flatAttrs({ name, ...this.attrs, ...attrs })}>${optionList(choices, selectedSet(value))}\n</select>`;
  }
}

/** `<select multiple>`: several choices, posted as repeated keys. */
export class SelectMultiple extends Select {
  override allowMultiple = true;

  override render(name: string, value: unknown, attrs: Attrs, choices: readonly Choice[] = []): string {
    return super.render(name, value, { ...attrs, multiple: true }, choices);
  }
}

/** Radio buttons, one per choice, in a `<div>`. */
export class RadioSelect extends Widget {
  render(name: string, value: unknown, attrs: Attrs, choices: readonly Choice[] = []): string {
    const selected = selectedSet(value);
    const { id, required, ...rest } = { ...this.attrs, ...attrs } as Attrs;
    let out = `<div${flatAttrs({ id })}>`;
    choices.forEach(([choice, label], i) => {
      const text = choice === null || choice === undefined ? '' : String(choice);
      const own = id ? `${String(id)}_${i}` : undefined;
      out += `\n  <div><label${flatAttrs({ for: own })}><input${flatAttrs({ type: 'radio', name, value: text, ...rest, required, id: own, checked: selected.has(text) })}> ${escapeHtml(String(label))}</label></div>`;
    });
    return `${out}\n</div>`;
  }
}

/** Checkboxes, one per choice: several choices posted as repeated keys. */
export class CheckboxSelectMultiple extends Widget {
  override allowMultiple = true;

  render(name: string, value: unknown, attrs: Attrs, choices: readonly Choice[] = []): string {
    const selected = selectedSet(value);
    const { id, required: _required, ...rest } = { ...this.attrs, ...attrs } as Attrs;
    let out = `<div${flatAttrs({ id })}>`;
    choices.forEach(([choice, label], i) => {
      const text = choice === null || choice === undefined ? '' : String(choice);
      const own = id ? `${String(id)}_${i}` : undefined;
      out += `\n  <div><label${flatAttrs({ for: own })}><input${flatAttrs({ type: 'checkbox', name, value: text, ...rest, id: own, checked: selected.has(text) })}> ${escapeHtml(String(label))}</label></div>`;
    });
    return `${out}\n</div>`;
  }
}

/** One text input per value (a list of strings without choices), at least one. */
export class MultipleTextInput extends Widget {
  override allowMultiple = true;

  render(name: string, value: unknown, attrs: Attrs): string {
    const list = Array.isArray(value) && value.length > 0 ? value : [''];
    const { id, ...rest } = { ...this.attrs, ...attrs } as Attrs;
    return list
      .map((v, i) => `<input${flatAttrs({ type: 'text', name, value: v === '' || v === null || v === undefined ? undefined : String(v), ...rest, id: i === 0 ? id : undefined })}>`)
      .join('');
  }
}

/** Widget names accepted where a widget is expected (`widgets: { synopsis: 'textarea' }`). */
export const WIDGETS = {
  text: TextInput,
  number: NumberInput,
  email: EmailInput,
  url: URLInput,
  password: PasswordInput,
  hidden: HiddenInput,
  date: DateInput,
  datetime: DateTimeInput,
  file: FileInput,
  checkbox: CheckboxInput,
  textarea: Textarea,
  select: Select,
  selectMultiple: SelectMultiple,
  radio: RadioSelect,
  checkboxes: CheckboxSelectMultiple,
  multipleText: MultipleTextInput,
} as const;

/** A widget, or the name of a built-in one. */
export type WidgetSpec = Widget | keyof typeof WIDGETS;

/** The widget for `spec`; a name not in WIDGETS is an error naming the known ones. */
export function toWidget(spec: WidgetSpec, where: string): Widget {
  if (spec instanceof Widget) return spec;
  const cls = Object.prototype.hasOwnProperty.call(WIDGETS, spec) ? WIDGETS[spec as keyof typeof WIDGETS] : undefined;
  if (!cls) throw new TypeError(`${where}: unknown widget ${JSON.stringify(spec)}; use a Widget instance or one of ${Object.keys(WIDGETS).join(', ')}.`);
  return new cls();
}
