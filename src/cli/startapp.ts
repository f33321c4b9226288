import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { CommandError, style } from './output';
import { appNames, scaffoldFiles } from './scaffold';

const RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export',
  'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super',
  'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'await',
  'test', 'tests', 'node_modules', 'dist',
]);

/**
 * `startapp NAME [directory]`: write a new app (defineApp, an entity, list and detail views,
 * URLs, Pug templates, a migrations folder and a test) into ./NAME, or into `directory`.
 */
export function startApp(name: string, directory: string | undefined, out: (t: string) => void): number {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new CommandError(`'${name}' is not a valid app name: use letters, digits and underscores, starting with a letter (e.g. 'movies').`);
  }
  if (RESERVED.has(name.toLowerCase()) || builtinModules.includes(name)) {
    throw new CommandError(`'${name}' conflicts with a reserved word or a Node.js module name: choose another app name.`);
  }
  const target = resolve(directory ?? name);
  if (directory !== undefined) {
    if (!existsSync(target) || !statSync(target).isDirectory()) throw new CommandError(`Destination directory '${target}' does not exist, please create it first.`);
  } else if (existsSync(target)) {
    throw new CommandError(`'${target}' already exists: choose another name or remove it.`);
  }
  const files = scaffoldFiles(appNames(name));
  const clashes = Object.keys(files).filter((file) => existsSync(join(target, file)));
  if (clashes.length > 0) throw new CommandError(`${join(target, clashes[0])} already exists: startapp never overwrites files.`);
  for (const [file, content] of Object.entries(files)) {
    const full = join(target, file);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content, { flag: 'wx' });
  }
  const shown = relative(process.cwd(), target) || '.';
  out(`${style.success(`Created app '${name}' in ${shown}/`)}: ${readdirSync(target).sort().join(', ')}\n`);
  out(`Next: add ${appNames(name).variable} to installedApps and its entities to the DataSource, include its urls, then run makemigrations ${name} and migrate.\n`);
  return 0;
}
