/** Template variables: names to values. */
export type Context = Record<string, any>;

/** A compiled template, ready to render. */
export interface Template {
  /** The name it was found under (`movies/movie_list.pug`). */
  readonly name: string;
  /** The file it was compiled from. */
  readonly origin: string;
  /** Render with these variables (context processors and helpers already merged in). */
  render(context: Context): string;
}

/**
 * What the framework needs from a template engine: find a template by name on the app's search
 * path and compile it. The Pug engine is the built-in one; another engine implements this.
 *
 * @example
 * ```ts
 * const template = engine.selectTemplate(['movies/custom_list.pug', 'movies/movie_list.pug']);
 * const html = template.render({ movies });
 * ```
 */
export interface TemplateEngine {
  /** A short name for messages (`'pug'`). */
  readonly name: string;
  /** The folders searched, in order. */
  readonly dirs: readonly string[];
  /** The template `name`; throws TemplateDoesNotExist listing every file tried. */
  getTemplate(name: string): Template;
  /** The first of `names` that exists (a single name works too); throws TemplateDoesNotExist. */
  selectTemplate(names: string | readonly string[]): Template;
}
