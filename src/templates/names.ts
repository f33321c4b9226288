import { SuspiciousFileOperation } from './errors';

/** The extension added to a template name that has none (`'about'` → `'about.pug'`). */
export const TEMPLATE_EXTENSION = '.pug';

const DRIVE = /^[A-Za-z]:/;

function refuse(name: string, why: string): never {
  const shown = JSON.stringify(name.length > 200 ? `${name.slice(0, 200)}…` : name);
  throw new SuspiciousFileOperation(
    `Template name ${shown} refused: ${why}. Template names are relative to the template folders ` +
      `(templates.dirs, then each installed app's templates folder), e.g. 'movies/movie_list.pug'.`,
  );
}

function checkCharacters(name: string): void {
  if (name.includes('\0')) refuse(name, 'it contains a NUL byte');
  if (name.includes('\\')) refuse(name, "it contains a backslash; use '/' between folders");
  if (DRIVE.test(name)) refuse(name, 'it starts with a drive letter');
}

function withExtension(segments: string[]): string {
  const name = segments.join('/');
  const last = segments[segments.length - 1] ?? '';
  return last.includes('.') ? name : name + TEMPLATE_EXTENSION;
}

/**
 * Check a template name given by a view, a setting or a request, and return it normalised
 * (`./a//b` → `a/b.pug`). Absolute names, `..` segments, backslashes, drive letters and NUL
 * bytes are refused with SuspiciousFileOperation: a name can never point outside the folders.
 *
 * @example
 * ```ts
 * checkTemplateName('movies/movie_list');   // 'movies/movie_list.pug'
 * checkTemplateName('../../etc/passwd');    // throws SuspiciousFileOperation
 * ```
 */
export function checkTemplateName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new TypeError(`A template name must be a non-empty string such as 'movies/movie_list.pug' (got ${describe(name)}).`);
  }
  checkCharacters(name);
  if (name.startsWith('/')) refuse(name, 'it is an absolute path');
  const segments: string[] = [];
  for (const segment of name.split('/')) {
    if (segment === '..') refuse(name, "it contains a '..' segment");
    if (segment === '' || segment === '.') continue;
    segments.push(segment);
  }
  if (segments.length === 0) refuse(name, 'it names no file');
  return withExtension(segments);
}

/**
 * The names an `extends`/`include` path inside template `from` stands for, in the order to try:
 * `/x` is relative to the root of the search path; `./x` and `../x` to the including template's
 * folder; a bare `x` to that folder first, then to the root (so `extends base` in
 * `movies/list.pug` finds `movies/base.pug`, else the project's `base.pug`). A path that climbs
 * above the root is refused.
 */
export function includeCandidates(from: string, requested: string): string[] {
  const path = requested.trim();
  checkCharacters(path);
  if (path === '') refuse(path, 'it names no file');
  if (path.startsWith('/')) return [join([], path.slice(1), requested)];
  const folder = from.split('/').slice(0, -1);
  const relative = join(folder, path, requested);
  if (path.startsWith('./') || path.startsWith('../') || folder.length === 0) return [relative];
  const fromRoot = join([], path, requested);
  return fromRoot === relative ? [relative] : [relative, fromRoot];
}

function join(base: string[], path: string, original: string): string {
  const segments = [...base];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) refuse(original, 'it climbs above the template folders');
      segments.pop();
    } else segments.push(segment);
  }
  if (segments.length === 0) refuse(original, 'it names no file');
  return withExtension(segments);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  return Array.isArray(value) ? 'an array' : typeof value;
}
