import { statSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';
import type { AppConfig } from '../conf/apps';
import { ImproperlyConfigured } from '../http/exceptions';
import type { TemplateAttempt } from './errors';

/** A template file found on the search path. */
export interface TemplateSource {
  /** The (checked) template name it was found under: `movies/movie_list.pug`. */
  readonly name: string;
  /** The file. */
  readonly path: string;
}

/**
 * Finds template files in an ordered list of folders (Django's filesystem and app-directories
 * loaders in one): the first folder holding the name wins. Names must have been checked with
 * `checkTemplateName`/`includeCandidates`; as a second guard, a joined path that is not inside
 * its folder is skipped, so nothing outside the folders is ever read.
 */
export class FileSystemLoader {
  /** The folders, absolute, in search order. */
  readonly dirs: readonly string[];

  constructor(dirs: readonly string[]) {
    this.dirs = Object.freeze(dirs.map((d) => resolve(d)));
  }

  /** The first file for `name`, or null; every file checked is appended to `tried`. */
  find(name: string, tried?: TemplateAttempt[]): TemplateSource | null {
    for (const dir of this.dirs) {
      const path = join(dir, name);
      if (!path.startsWith(dir.endsWith(sep) ? dir : dir + sep)) {
        tried?.push({ name, path, reason: 'Outside the template folder' });
        continue;
      }
      const stats = statSync(path, { throwIfNoEntry: false });
      if (stats?.isFile()) return { name, path };
      tried?.push({ name, path, reason: stats ? 'Not a file' : 'Source does not exist' });
    }
    return null;
  }
}

function checkFolder(folder: unknown, setting: string): string {
  if (typeof folder !== 'string' || folder === '') {
    throw new ImproperlyConfigured(`${setting} must be a folder path (a non-empty string), got ${JSON.stringify(folder) ?? typeof folder}.`);
  }
  const path = resolve(folder);
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) {
    throw new ImproperlyConfigured(
      `${setting}: the folder '${path}' does not exist${isAbsolute(folder) ? '' : ` (resolved from '${folder}' against ${process.cwd()})`}. Create it or fix the path; join(__dirname, 'templates') is the usual form.`,
    );
  }
  if (!stats.isDirectory()) throw new ImproperlyConfigured(`${setting}: '${path}' is not a folder.`);
  return path;
}

/**
 * The template search path of an app: `templates.dirs` in order, then the `templates` folder of
 * each installed app in order. A missing folder is an ImproperlyConfigured naming the setting.
 */
export function templateSearchPath(dirs: readonly unknown[], apps: readonly AppConfig[]): string[] {
  const out: string[] = [];
  dirs.forEach((dir, i) => out.push(checkFolder(dir, `templates.dirs[${i}]`)));
  for (const app of apps) {
    if (app.templates !== undefined) out.push(checkFolder(app.templates, `installedApps '${app.label}': templates`));
  }
  return [...new Set(out)];
}
