import { readFileSync, statSync } from 'node:fs';
import * as pug from 'pug';
import { FrameworkError } from '../http/exceptions';
import type { Context, Template, TemplateEngine } from './engine';
import { SuspiciousFileOperation, TemplateDoesNotExist, TemplateSyntaxError, type TemplateAttempt } from './errors';
import { FileSystemLoader, type TemplateSource } from './loader';
import { checkTemplateName, includeCandidates } from './names';
import { SafeString } from './safe';

/** Options of the Pug engine. */
export interface PugEngineOptions {
  /** Folders searched in order (absolute). */
  dirs: readonly string[];
  /** Keep compiled templates; when off, a template is recompiled when it or an include changed. */
  cache: boolean;
  /** Compile with debug information: errors carry file and line. */
  debug: boolean;
}

/** One file a compiled template depends on, as it was when compiled. */
interface Dependency {
  /** The names tried for it, in order (one for the template itself, more for a bare include). */
  readonly candidates: readonly string[];
  readonly path: string;
  readonly mtimeMs: number;
  readonly size: number;
}

/** An error thrown while rendering, with where it happened. */
type RuntimeError = Error & { templateLocation?: string; path?: string };

class PugTemplate implements Template {
  constructor(
    readonly name: string,
    readonly origin: string,
    private readonly fn: (locals: Context) => string,
    readonly dependencies: readonly Dependency[],
  ) {}

  render(context: Context): string {
    try {
      return this.fn(context);
    } catch (error) {
      // Compiled without debug information: at least say which template failed (for the logs).
      if (error instanceof Error && (error as RuntimeError).templateLocation === undefined) (error as RuntimeError).templateLocation = this.origin;
      throw error;
    }
  }
}

/** The part of Pug's runtime (`pug.runtime`, untyped in @types/pug) that is changed here. */
interface PugRuntime {
  escape(value: unknown): unknown;
  attr(key: string, value: unknown, escaped: boolean, terse: boolean): string;
}
const pugRuntime = (pug as unknown as { runtime: PugRuntime }).runtime;

/**
 * Pug's runtime with three changes: a SafeString is not escaped by `=` (nor in attributes), and
 * a runtime error keeps its class and gets `templateLocation` (`file:line`) for the debug page.
 */
const runtime = {
  ...(pugRuntime as unknown as Record<string, unknown>),
  escape(value: unknown): unknown {
    return value instanceof SafeString ? value.value : pugRuntime.escape(value);
  },
  attr(key: string, value: unknown, escaped: boolean, terse: boolean): string {
    if (value instanceof SafeString) return pugRuntime.attr(key, value.value, false, terse);
    return pugRuntime.attr(key, value, escaped, terse);
  },
  rethrow(error: unknown, filename: string | undefined, line: number, source?: string): never {
    if (!(error instanceof Error)) throw error;
    const err = error as RuntimeError;
    if (err.templateLocation === undefined) {
      err.templateLocation = `${filename ?? 'template'}:${line}`;
      if (!(err instanceof FrameworkError) && source !== undefined) {
        const lines = source.split('\n');
        const excerpt = lines
          .slice(Math.max(line - 3, 0), Math.min(lines.length, line + 3))
          .map((text, i) => `${i + Math.max(line - 3, 0) + 1 === line ? '  > ' : '    '}${i + Math.max(line - 3, 0) + 1}| ${text}`)
          .join('\n');
        err.message = `${filename}:${line}\n${excerpt}\n\n${err.message}`;
      }
    }
    throw err;
  },
};

/**
 * The built-in engine: Pug 3. Template names are looked up through the loader (never joined
 * onto the filesystem unchecked); `extends`/`include` resolve on the same search path (see
 * `includeCandidates`). Compiled templates are cached when `cache` is on; otherwise a template is
 * recompiled whenever its file, an included file, or what a name resolves to has changed.
 *
 * Output is escaped: `p= value` and `p #{value}` escape HTML. `p!= value` and `p !{value}` are
 * the explicit unescaped forms: use them only for HTML you trust. A value marked with
 * `markSafe()` (or `safe()` in a template) is never escaped. A variable the context does not
 * define is `undefined` and renders empty.
 *
 * @example
 * ```pug
 * //- movies/movie_list.pug, found in templates.dirs or the movies app's templates folder
 * extends base
 * block content
 *   h1= title
 *   each movie in movieList
 *     a(href=url('movies:detail', { kwargs: { slug: movie.slug } }))= movie.title
 *   img(src=static('img/logo.png'))
 *   div!= movie.synopsisHtml
 * ```
 */
export class PugEngine implements TemplateEngine {
  readonly name = 'pug';
  readonly dirs: readonly string[];
  private readonly loader: FileSystemLoader;
  private readonly byName = new Map<string, PugTemplate>();
  private readonly byPath = new Map<string, PugTemplate>();

  constructor(private readonly options: PugEngineOptions) {
    this.loader = new FileSystemLoader(options.dirs);
    this.dirs = this.loader.dirs;
  }

  getTemplate(name: string): Template {
    return this.selectTemplate(name);
  }

  selectTemplate(names: string | readonly string[]): Template {
    const list = typeof names === 'string' ? [names] : names;
    if (!Array.isArray(list) || list.length === 0) throw new TemplateDoesNotExist([], [], this.dirs);
    const key = list.length === 1 ? list[0] : list.join('\0');
    if (this.options.cache) {
      const hit = this.byName.get(key);
      if (hit) return hit;
    }
    const checked = list.map((n) => checkTemplateName(n));
    const tried: TemplateAttempt[] = [];
    for (const name of checked) {
      const source = this.loader.find(name, tried);
      if (!source) continue;
      const template = this.load(source);
      if (this.options.cache) this.byName.set(key, template);
      return template;
    }
    throw new TemplateDoesNotExist(list.length === 1 ? list[0] : list, tried, this.dirs);
  }

  private load(source: TemplateSource): PugTemplate {
    if (!this.options.cache) {
      const previous = this.byPath.get(source.path);
      if (previous && previous.name === source.name && this.isFresh(previous)) return previous;
    }
    const template = this.compile(source);
    this.byPath.set(source.path, template);
    return template;
  }

  private isFresh(template: PugTemplate): boolean {
    for (const dep of template.dependencies) {
      let found: TemplateSource | null = null;
      for (const candidate of dep.candidates) if ((found = this.loader.find(candidate))) break;
      if (!found || found.path !== dep.path) return false;
      const stats = statSync(dep.path, { throwIfNoEntry: false });
      if (!stats || stats.mtimeMs !== dep.mtimeMs || stats.size !== dep.size) return false;
    }
    return true;
  }

  private compile(source: TemplateSource): PugTemplate {
    const dependencies: Dependency[] = [];
    const nameOf = new Map<string, string>();
    const record = (candidates: string[], path: string) => {
      const stats = statSync(path);
      dependencies.push({ candidates, path, mtimeMs: stats.mtimeMs, size: stats.size });
    };
    record([source.name], source.path);
    nameOf.set(source.path, source.name);
    const loader = this.loader;
    const plugin = {
      resolve(requested: string, from: string): string {
        const parent = nameOf.get(from.trim());
        if (parent === undefined) throw new SuspiciousFileOperation(`Include of '${requested}' from an unknown file refused.`);
        const candidates = includeCandidates(parent, requested);
        const tried: TemplateAttempt[] = [];
        for (const name of candidates) {
          const found = loader.find(name, tried);
          if (!found) continue;
          nameOf.set(found.path, name);
          record(candidates, found.path);
          return found.path;
        }
        throw new TemplateDoesNotExist(candidates.length === 1 ? candidates[0] : candidates, tried, loader.dirs);
      },
      read(path: string): Buffer {
        if (!nameOf.has(path)) throw new SuspiciousFileOperation(`Reading '${path}' refused: it was not found through the template loaders.`);
        return readFileSync(path);
      },
    };
    let body: string;
    try {
      const text = readFileSync(source.path, 'utf8');
      body = pug.compileClientWithDependenciesTracked(text, {
        filename: source.path,
        compileDebug: this.options.debug,
        inlineRuntimeFunctions: false,
        name: 'template',
        plugins: [plugin],
      } as pug.Options).body;
    } catch (error) {
      throw compileError(error, source);
    }
    let fn: (locals: Context) => string;
    try {
      fn = new Function('pug', `${body}\nreturn template;`)(runtime);
    } catch (error) {
      const err = new TemplateSyntaxError(`${source.path}: the code in this template is not valid JavaScript: ${(error as Error).message}`);
      err.templateLocation = source.path;
      throw err;
    }
    return new PugTemplate(source.name, source.path, fn, dependencies);
  }
}

/** A clear error for what went wrong while compiling `source`. */
function compileError(error: unknown, source: TemplateSource): Error {
  if (!(error instanceof Error)) return new TemplateSyntaxError(`${source.path}: ${String(error)}`);
  const err = error as Error & { code?: string; filename?: string; line?: number; column?: number; templateLocation?: string };
  // pug-load appends where an include/extends failed: "\n    at <file> line <n>".
  const at = /\n {4}at (.+) line (\d+)$/.exec(err.message);
  if (err instanceof TemplateDoesNotExist) {
    if (at) err.templateLocation = `${at[1]}:${at[2]}`;
    return err;
  }
  if (err instanceof SuspiciousFileOperation) {
    const wrapped = new TemplateSyntaxError(`An include or extends was refused.\n${err.message}`);
    wrapped.templateLocation = at ? `${at[1]}:${at[2]}` : source.path;
    return wrapped;
  }
  if (typeof err.code === 'string' && err.code.startsWith('PUG:')) {
    const wrapped = new TemplateSyntaxError(err.message);
    const file = err.filename ?? source.path;
    wrapped.templateLocation = err.line !== undefined ? `${file}:${err.line}${err.column !== undefined ? `:${err.column}` : ''}` : file;
    (wrapped as { cause?: unknown }).cause = err;
    return wrapped;
  }
  if (err.templateLocation === undefined) err.templateLocation = at ? `${at[1]}:${at[2]}` : source.path;
  return err;
}
