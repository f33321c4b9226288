import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Settings } from '../conf/settings';
import { CommandError, oneLine } from './output';

/**
 * The settings module contract of the command line.
 *
 * A project's settings module is a TypeScript or JavaScript file whose `default` export (or,
 * failing that, a named `settings` export) is either
 * - a `Settings` object, or
 * - a function returning `Settings` or `Promise<Settings>`; it is called once per process with
 *   `process.env`, so `export default projectSettings` works for `projectSettings(env)`.
 *
 * Which file: `--settings <path>`, else the `EGV_SETTINGS` environment variable, else
 * `"expressGenericViews": { "settings": "<path>" }` in the project's package.json (relative to
 * it), else `settings.ts` (or `.mts`, `.js`, `.mjs`, `.cjs`) in the current folder or the
 * package.json folder. TypeScript files are loaded through tsx, with the project's
 * tsconfig.json (its `paths` and `experimentalDecorators`), so no build step is needed.
 */
export interface SettingsLocation {
  /** Absolute path of the settings module. */
  readonly file: string;
  /** The project folder: where package.json is, else the settings module's folder. */
  readonly root: string;
  /** How it was found, for messages. */
  readonly source: 'option' | 'env' | 'package.json' | 'default';
}

const DEFAULT_NAMES = ['settings.ts', 'settings.mts', 'settings.js', 'settings.mjs', 'settings.cjs'];

/** The nearest package.json at or above `dir`, or null. */
export function findPackageJson(dir: string): string | null {
  for (let current = resolve(dir); ; current = dirname(current)) {
    const candidate = join(current, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(current) === current) return null;
  }
}

function readJson(file: string): Record<string, any> {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CommandError(`${file} is not valid JSON: ${oneLine(error)}`);
  }
}

/** Find the settings module (see SettingsLocation for the order); CommandError naming what to change when there is none. */
export function findSettingsModule(explicit?: string, cwd = process.cwd()): SettingsLocation {
  const pkgFile = findPackageJson(cwd);
  const root = pkgFile ? dirname(pkgFile) : cwd;
  const located = (file: string, source: SettingsLocation['source'], what: string): SettingsLocation => {
    if (!existsSync(file)) throw new CommandError(`The settings module ${what} does not exist (${file}).`);
    return { file, root: pkgFile ? root : dirname(file), source };
  };
  if (explicit) return located(resolve(cwd, explicit), 'option', `given by --settings (${explicit})`);
  if (process.env.EGV_SETTINGS) return located(resolve(cwd, process.env.EGV_SETTINGS), 'env', `given by EGV_SETTINGS (${process.env.EGV_SETTINGS})`);
  if (pkgFile) {
    const config = readJson(pkgFile).expressGenericViews;
    if (config !== undefined && (typeof config !== 'object' || config === null || typeof config.settings !== 'string')) {
      throw new CommandError(`${pkgFile}: "expressGenericViews" must be an object such as { "settings": "src/settings.ts" }.`);
    }
    if (config) return located(resolve(root, config.settings), 'package.json', `named in package.json ("${config.settings}")`);
  }
  const folders = [...new Set([cwd, root])];
  for (const folder of folders) {
    for (const name of DEFAULT_NAMES) {
      const file = join(folder, name);
      if (existsSync(file)) return { file, root: pkgFile ? root : folder, source: 'default' };
    }
  }
  throw new CommandError(
    `No settings module found: looked for ./settings.ts (or .js) in ${folders.join(' and ')}. ` +
      'Create one, pass --settings path/to/settings.ts, or add "expressGenericViews": { "settings": "…" } to package.json.',
  );
}

function isTypeScript(file: string): boolean {
  return /\.[mc]?tsx?$/.test(file);
}

function isEsm(file: string): boolean {
  const ext = extname(file);
  if (ext === '.mts' || ext === '.mjs') return true;
  if (ext === '.cts' || ext === '.cjs') return false;
  const pkg = findPackageJson(dirname(file));
  return pkg !== null && readJson(pkg).type === 'module';
}

function nearestTsconfig(dir: string): string | null {
  for (let current = resolve(dir); ; current = dirname(current)) {
    const candidate = join(current, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(current) === current) return null;
  }
}

/** Whether tsx's hooks are in place for import() (set by `node --import tsx`, or registered here once). */
let esmHooked = false;

/** Make `require` load TypeScript (through tsx), unless something already does (`node --import tsx`). */
function ensureTypeScript(file: string): void {
  if (require.extensions['.ts']) {
    // `node --import tsx` registers the ESM hooks together with the CommonJS ones.
    esmHooked = true;
    return;
  }
  const tsconfig = nearestTsconfig(dirname(file));
  if (tsconfig && !process.env.TSX_TSCONFIG_PATH) process.env.TSX_TSCONFIG_PATH = tsconfig;
  let api: { register(): unknown };
  try {
    api = require('tsx/cjs/api');
  } catch {
    throw new CommandError(`Loading ${file} needs tsx: install it (npm i tsx), or compile the project and pass --settings path/to/settings.js.`);
  }
  api.register();
}

// Kept out of TypeScript's reach: compiled to CommonJS, `import()` would become `require()`.
const nativeImport = new Function('url', 'return import(url)') as (url: string) => Promise<Record<string, unknown>>;

/** Load a module of the project (the settings module, a migration): TypeScript through tsx, ESM or CommonJS. */
export async function loadModule(file: string): Promise<Record<string, any>> {
  if (isTypeScript(file)) ensureTypeScript(file);
  if (isEsm(file)) {
    if (isTypeScript(file) && !esmHooked) {
      // tsx's ESM hooks, registered for the whole process (a namespaced tsImport would load the
      // framework a second time) and loaded as ESM: the CommonJS build cannot register them.
      const api = join(dirname(require.resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs');
      const { register } = (await nativeImport(pathToFileURL(api).href)) as { register(): unknown };
      register();
      esmHooked = true;
    }
    return nativeImport(pathToFileURL(file).href);
  }
  return require(file);
}

function looksLikeSettings(value: unknown): value is Settings {
  return typeof value === 'object' && value !== null && ('secretKey' in value || 'rootUrlconf' in value);
}

const loaded = new Map<string, Promise<Settings>>();

/** Import the settings module and build the settings (see SettingsLocation for the contract); once per process. */
export function loadSettings(location: SettingsLocation): Promise<Settings> {
  let settings = loaded.get(location.file);
  if (!settings) loaded.set(location.file, (settings = importSettings(location)));
  return settings;
}

async function importSettings(location: SettingsLocation): Promise<Settings> {
  const name = relative(process.cwd(), location.file) || location.file;
  let exported: unknown;
  try {
    const mod = await loadModule(location.file);
    let value: any = mod.default ?? mod.settings ?? (looksLikeSettings(mod) ? mod : undefined);
    // An ESM import of a CommonJS module that was compiled from `export default`.
    if (value && typeof value === 'object' && value.__esModule && 'default' in value) value = value.default;
    exported = typeof value === 'function' ? await value(process.env) : value;
  } catch (error) {
    throw new CommandError(`The settings module ${name} failed to load: ${oneLine(error)}`, 1, { cause: error });
  }
  if (!looksLikeSettings(exported)) {
    const got = exported === null ? 'null' : typeof exported;
    throw new CommandError(
      `The settings module ${name} must export default the settings ({ secretKey, rootUrlconf, … }) or a function returning them (got ${got}).`,
    );
  }
  return exported;
}
