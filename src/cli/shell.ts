import repl from 'node:repl';
import { CommandError, oneLine } from './output';
import type { Project } from './project';

/** What the shell puts in scope: the app, its settings and DataSource, reverse/resolve, every entity class by name, and the public API as `egv`. */
export function shellContext(project: Project): Record<string, unknown> {
  // Loaded here, not at the top: the CLI's other commands do not need the whole API.
  const api = require('../index') as Record<string, unknown>;
  const scope: Record<string, unknown> = {
    egv: api,
    app: project.app,
    settings: project.conf,
    dataSource: project.dataSource,
    manager: project.dataSource?.manager,
    reverse: api.reverse,
    resolve: api.resolve,
  };
  const entities = new Set<Function>(project.conf.installedApps.flatMap((a) => a.entities));
  for (const metadata of project.dataSource?.entityMetadatas ?? []) {
    if (typeof metadata.target === 'function') entities.add(metadata.target);
  }
  for (const entity of entities) if (entity.name && !(entity.name in scope)) scope[entity.name] = entity;
  return scope;
}

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<unknown>;

/**
 * `shell`: a Node REPL (top-level await works) with the project loaded; `-c <code>` runs the
 * code (an async function body) instead and exits.
 */
export async function shell(project: Project, options: { command?: string }, out: (text: string) => void): Promise<number> {
  const scope = shellContext(project);
  if (options.command !== undefined) {
    const names = Object.keys(scope);
    let fn: (...values: unknown[]) => Promise<unknown>;
    try {
      fn = new AsyncFunction(...names, options.command);
    } catch (error) {
      throw new CommandError(`shell -c: the code does not parse: ${oneLine(error)}`, 1, { cause: error });
    }
    try {
      await fn(...names.map((n) => scope[n]));
    } catch (error) {
      throw new CommandError(`shell -c: ${oneLine(error)}`, 1, { cause: error });
    }
    return 0;
  }
  const loaded = Object.keys(scope).filter((k) => scope[k] !== undefined);
  out(`Project shell (${project.location.file}). In scope: ${loaded.join(', ')}.\n`);
  const server = repl.start({ prompt: '>>> ', useGlobal: false, ignoreUndefined: true });
  Object.assign(server.context, scope);
  await new Promise<void>((resolve) => server.on('exit', () => resolve()));
  return 0;
}
