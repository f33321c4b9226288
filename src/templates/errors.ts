import { FrameworkError, SuspiciousOperation } from '../http/exceptions';

/** One place the loaders looked for a template, and why it was not used. */
export interface TemplateAttempt {
  /** The template name asked for (`movies/movie_list.pug`). */
  readonly name: string;
  /** The file that was checked. */
  readonly path: string;
  /** Why it was skipped, e.g. `Source does not exist`. */
  readonly reason: string;
}

/**
 * No template with the given name (or none of the given names) exists on the search path:
 * `templates.dirs`, then each installed app's `templates` folder. `tried` lists every file
 * checked, and so does the message, which the debug page shows.
 *
 * @example
 * ```ts
 * try { getTemplate('missing.pug') } catch (e) { if (e instanceof TemplateDoesNotExist) console.log(e.tried) }
 * ```
 */
export class TemplateDoesNotExist extends FrameworkError {
  /** Every file that was checked, in order. */
  readonly tried: readonly TemplateAttempt[];
  /** The template that asked for the missing one (extends/include), as `file:line`, when known. */
  templateLocation?: string;

  constructor(names: string | readonly string[], tried: readonly TemplateAttempt[], searched: readonly string[] = []) {
    const list = typeof names === 'string' ? [names] : [...names];
    const label = list.length === 1 ? `'${list[0]}'` : list.map((n) => `'${n}'`).join(', ');
    let message = list.length === 1 ? `Template ${label} does not exist.` : `None of the templates ${label} exists.`;
    if (tried.length > 0) {
      message += '\nThe loaders tried, in this order:\n' + tried.map((t) => `  ${t.path} (${t.reason})`).join('\n');
    } else if (searched.length === 0) {
      message += '\nThere are no template folders: set templates.dirs or give installed apps a templates folder.';
    }
    super(message);
    this.tried = Object.freeze([...tried]);
  }
}

/**
 * A template could not be compiled (Pug syntax error) or an include/extends inside it is wrong.
 * `templateLocation` is `file:line:column`; the message carries Pug's excerpt of the source.
 */
export class TemplateSyntaxError extends FrameworkError {
  /** `file:line:column` of the error, shown on the debug page. */
  templateLocation?: string;
}

/**
 * A template name that could read outside the template folders: a `..` segment, an absolute
 * path, a drive letter, a backslash or a NUL byte. Mapped to a 400, as the name usually comes
 * from the request; it is logged as a security event.
 */
export class SuspiciousFileOperation extends SuspiciousOperation {}
