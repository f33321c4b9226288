import { watch, readdirSync, statSync, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

const IGNORED_DIRS = new Set(['node_modules', 'dist', 'build', 'coverage']);
const WATCHED_FILE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|json)$/;

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Watch the source files under `root` (TypeScript, JavaScript, JSON; not node_modules, dist or
 * dot-folders) and call `onChange` with the first changed file once things settle (debounced).
 * One fs.watch per folder, new folders included; returns a function that stops watching.
 */
export function watchTree(root: string, onChange: (file: string) => void, debounceMs = 150): () => void {
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | null = null;
  let first: string | null = null;
  let closed = false;

  const changed = (file: string) => {
    first ??= file;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      const file = first as string;
      first = null;
      timer = null;
      if (!closed) onChange(file);
    }, debounceMs);
  };

  const add = (dir: string) => {
    if (closed || watchers.has(dir)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, (_event, name) => {
        if (!name) return;
        const full = join(dir, name.toString());
        if (isDirectory(full)) {
          if (!ignored(name.toString())) add(full);
          return;
        }
        if (WATCHED_FILE.test(full) && !full.endsWith('.d.ts')) changed(full);
      });
    } catch {
      return;
    }
    watcher.on('error', () => {
      watcher.close();
      watchers.delete(dir);
    });
    watchers.set(dir, watcher);
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      // Removed meanwhile.
    }
    for (const name of names) {
      const full = join(dir, name);
      if (!ignored(name) && isDirectory(full)) add(full);
    }
  };

  add(root);
  return () => {
    closed = true;
    if (timer) clearTimeout(timer);
    for (const w of watchers.values()) w.close();
    watchers.clear();
  };
}

function ignored(name: string): boolean {
  return name.startsWith('.') || IGNORED_DIRS.has(name);
}
