import type { HttpRequest } from '../http/request';
import { makeContext } from './context';
import type { Context, Template } from './engine';
import { templatesFor } from './registry';

/** Which app's templates to use: the request's (and then its context processors run), else the app created last. */
export interface TemplateLookupOptions {
  request?: HttpRequest | null;
}

/**
 * The compiled template `name` of the request's app (Django's `get_template`); throws
 * TemplateDoesNotExist listing every file tried.
 */
export function getTemplate(name: string, options: TemplateLookupOptions = {}): Template {
  return templatesFor(options.request).engine.getTemplate(name);
}

/** The first of `names` that exists (Django's `select_template`). */
export function selectTemplate(names: string | readonly string[], options: TemplateLookupOptions = {}): Template {
  return templatesFor(options.request).engine.selectTemplate(names);
}

/**
 * Render a template to a string (Django's `render_to_string`): with `request`, the context
 * processors run and `url()` knows the current namespace.
 *
 * @example
 * ```ts
 * const html = await renderToString('emails/welcome.pug', { user }, { request });
 * ```
 */
export async function renderToString(
  names: string | readonly string[],
  context: Context | null = null,
  options: TemplateLookupOptions = {},
): Promise<string> {
  const templates = templatesFor(options.request);
  const template = templates.engine.selectTemplate(names);
  return template.render(await makeContext(templates, options.request ?? null, context));
}
