import { coreOf } from '../core/app';
import type { ViewFunction } from '../urls/types';
import { CommandError, table } from './output';
import type { Project } from './project';

/** One URL pattern as `showurls` lists it. */
export interface UrlRow {
  /** The full pattern, from the root: `/movies/<slug:slug>/`. */
  readonly pattern: string;
  /** `namespace:name`, or null. */
  readonly name: string | null;
  /** The view class (from `asView()`) or function name. */
  readonly view: string;
}

/** The name `showurls` shows for a view: its class for `asView()` views, else the function's name. */
export function viewName(view: ViewFunction): string {
  return view.viewClass?.name ?? (view.name || '<anonymous function>');
}

/** Every endpoint of the project's urlconf, in the order they are tried. */
export function urlRows(project: Project): UrlRow[] {
  const core = coreOf(project.app);
  if (!core) throw new CommandError('The app was not made by createApp().');
  return core.resolver.describe().map(({ route, name, view }) => ({
    pattern: route.startsWith('^') ? route : `/${route}`,
    name,
    view: viewName(view),
  }));
}

/** `showurls`: the urlconf as a table (pattern, name, view) or as JSON. */
export function showUrls(project: Project, options: { json?: boolean }, out: (text: string) => void): number {
  const rows = urlRows(project);
  if (options.json) {
    out(JSON.stringify(rows, null, 2) + '\n');
    return 0;
  }
  if (rows.length === 0) {
    out('No URL patterns (rootUrlconf is empty).\n');
    return 0;
  }
  out(table(['Pattern', 'Name', 'View'], rows.map((r) => [r.pattern, r.name ?? '', r.view])));
  return 0;
}
