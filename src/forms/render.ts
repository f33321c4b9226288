import escapeHtml from 'escape-html';
import { isSafe, markSafe, type SafeString } from '../templates/safe';
import type { BoundField } from './bound-field';
import type { Form } from './form';

/** `<ul class="errorlist">` of `errors` (escaped), '' when there are none. */
export function errorList(errors: readonly string[], extraClass = '', id = ''): string {
  if (errors.length === 0) return '';
  const cls = extraClass ? `errorlist ${extraClass}` : 'errorlist';
  const items = errors.map((e) => `<li>${escapeHtml(e)}</li>`).join('');
  return `<ul class="${cls}"${id ? ` id="${escapeHtml(id)}"` : ''}>${items}</ul>`;
}

function helpHtml(field: BoundField): string {
  const text = field.helpText;
  return isSafe(text) ? (text as unknown as SafeString).value : escapeHtml(text);
}

function classAttr(field: BoundField): string {
  const classes = field.cssClasses();
  return classes ? ` class="${escapeHtml(classes)}"` : '';
}

/** The leaf fields to draw: nested fields are drawn field by field. */
function rows(form: Form): BoundField[] {
  return form.visibleFields().flatMap((f) => (f.field.kind === 'nested' ? f.children() : [f]));
}

/** Errors of the form itself, then those of hidden fields (`(Hidden field token) …`), as Django shows them. */
function topErrors(form: Form): string[] {
  const out = [...form.nonFieldErrors];
  for (const field of form.hiddenFields()) for (const error of field.errors) out.push(`(Hidden field ${field.name}) ${error}`);
  return out;
}

function hiddenInputs(form: Form): string {
  return form.hiddenFields().map((f) => f.asWidget().value).join('');
}

interface Layout {
  /** One row; `last` gets the hidden inputs. */
  row(field: BoundField, hidden: string): string;
  /** The row that holds only errors/hidden inputs when there is no visible field. */
  wrap(content: string): string;
}

function renderForm(form: Form, layout: Layout): SafeString {
  const out: string[] = [];
  const top = errorList(topErrors(form), 'nonfield');
  if (top) out.push(layout.wrap(top));
  const fields = rows(form);
  const hidden = hiddenInputs(form);
  fields.forEach((field, i) => out.push(layout.row(field, i === fields.length - 1 ? hidden : '')));
  if (fields.length === 0 && hidden) out.push(layout.wrap(hidden));
  return markSafe(out.join('\n'));
}

function fieldErrors(field: BoundField): string {
  return errorList(field.errors, '', field.autoId ? `${field.autoId}_error` : '');
}

function label(field: BoundField): string {
  return field.label ? field.labelTag().value : '';
}

/** The form as `<div>` rows (Django 5's default template). */
export function asDiv(form: Form): SafeString {
  return renderForm(form, {
    wrap: (content) => `<div>${content}</div>`,
    row: (field, hidden) => {
      const help = field.helpText ? `<div class="helptext"${field.autoId ? ` id="${escapeHtml(field.autoId)}_helptext"` : ''}>${helpHtml(field)}</div>` : '';
      return `<div${classAttr(field)}>${label(field)}${help}${fieldErrors(field)}${field.asWidget().value}${hidden}</div>`;
    },
  });
}

/** The form as `<p>` rows, each field's errors before its row (Django's as_p). */
export function asP(form: Form): SafeString {
  return renderForm(form, {
    wrap: (content) => content.startsWith('<ul') ? content : `<p>${content}</p>`,
    row: (field, hidden) => {
      const help = field.helpText ? ` <span class="helptext"${field.autoId ? ` id="${escapeHtml(field.autoId)}_helptext"` : ''}>${helpHtml(field)}</span>` : '';
      const labelHtml = label(field);
      return `${fieldErrors(field)}<p${classAttr(field)}>${labelHtml}${labelHtml ? ' ' : ''}${field.asWidget().value}${help}${hidden}</p>`;
    },
  });
}

/** The form as `<li>` rows (Django's as_ul). */
export function asUl(form: Form): SafeString {
  return renderForm(form, {
    wrap: (content) => `<li>${content}</li>`,
    row: (field, hidden) => {
      const help = field.helpText ? ` <span class="helptext">${helpHtml(field)}</span>` : '';
      return `<li${classAttr(field)}>${fieldErrors(field)}${label(field)} ${field.asWidget().value}${help}${hidden}</li>`;
    },
  });
}

/** The form as `<tr>` rows (Django's as_table). */
export function asTable(form: Form): SafeString {
  return renderForm(form, {
    wrap: (content) => `<tr><td colspan="2">${content}</td></tr>`,
    row: (field, hidden) => {
      const help = field.helpText ? `<br><span class="helptext">${helpHtml(field)}</span>` : '';
      return `<tr${classAttr(field)}><th>${label(field)}</th><td>${fieldErrors(field)}${field.asWidget().value}${help}${hidden}</td></tr>`;
    },
  });
}
