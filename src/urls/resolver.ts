import { ImproperlyConfigured, NoReverseMatch, Resolver404 } from '../http/exceptions';
import { compileLevel, type CompiledLevel, type LevelMatch } from './compile';
import { lookupName, newNamespace, type NamespaceNode } from './namespaces';
import { UrlEndpoint, UrlInclude, type UrlPattern } from './patterns';
import { ResolverMatch } from './resolver-match';
import { combineShapes, describeValue, fillShape, quotePath, type ReverseShape } from './reverse-build';
import type { Kwargs, ViewFunction } from './types';

/** One endpoint with the chain of includes above it, flattened at start-up. */
interface Endpoint {
  readonly order: number;
  readonly levels: CompiledLevel[];
  /** Extra kwargs of each level (include kwargs; the endpoint's own last). */
  readonly levelDefaults: Kwargs[];
  readonly callback: ViewFunction;
  readonly name: string | null;
  readonly appNames: string[];
  readonly namespaces: string[];
  readonly route: string;
  /** Every extra kwarg of the chain, merged (reverse() allows these keys when equal). */
  readonly defaults: Kwargs;
  /** The URL shapes reverse() can build (every level's shapes combined); empty if a level cannot be reversed. */
  readonly shapes: ReverseShape[];
}

interface TrieNode {
  children: Map<string, TrieNode> | null;
  entries: Endpoint[];
}

/** Options of reverse(). */
export interface ReverseOptions {
  args?: unknown[];
  kwargs?: Record<string, unknown>;
  /** Query string to append: a mapping (repeated keys as arrays), pairs, or a QueryDict. */
  query?: import('../http/querydict').QueryInit;
  /** Fragment to append after `#`. */
  fragment?: string;
  /** The current application instance, for application-namespace lookups. */
  currentApp?: string;
}


/**
 * A urlconf compiled for lookups: fully static paths in a map, the rest in a trie keyed by their
 * leading static segments, so a lookup costs the same with 10 routes or 10,000. Django's
 * first-match-wins order is kept by comparing each candidate's definition order.
 */
export class Resolver {
  private readonly endpoints: Endpoint[] = [];
  private readonly exact = new Map<string, { endpoint: Endpoint; unshadowed: boolean }>();
  private readonly trie: TrieNode = { children: null, entries: [] };
  private readonly root = newNamespace<Endpoint>();
  /** Names reverse() has found, with their patterns. */
  private readonly reverseCache = new Map<string, { name: string | ViewFunction; candidates: Endpoint[] }>();
  /** The pattern lists being flattened (outermost first), to refuse include cycles. */
  private readonly including = new Set<UrlPattern[]>();

  constructor(
    readonly patterns: UrlPattern[],
    /** Where the patterns came from, for error messages (`rootUrlconf`). */
    readonly setting = 'rootUrlconf',
  ) {
    if (!Array.isArray(patterns)) {
      throw new ImproperlyConfigured(`${setting} must be an array of path()/rePath() patterns, got ${typeof patterns}.`);
    }
    this.including.add(patterns);
    this.flatten(patterns, [], [], [], [], [], this.root, setting);
    this.including.clear();
    for (const endpoint of this.endpoints) this.index(endpoint);
    for (const entry of this.exact.values()) {
      const path = entry.endpoint.route;
      entry.unshadowed = !this.candidates(path).some((c) => c.order < entry.endpoint.order);
    }
  }

  /** How many endpoints the urlconf has. */
  get size(): number {
    return this.endpoints.length;
  }

  private flatten(
    patterns: UrlPattern[],
    levels: CompiledLevel[],
    defaults: Kwargs[],
    appNames: string[],
    namespaces: string[],
    routes: string[],
    ns: NamespaceNode<Endpoint>,
    setting: string,
  ): void {
    patterns.forEach((pattern, i) => {
      const where = `${setting}[${i}]`;
      if (pattern instanceof UrlEndpoint) {
        if (pattern.name?.includes(':')) {
          throw new ImproperlyConfigured(
            `${where}: URL pattern name '${pattern.name}' contains ':', which reverse() reads as a namespace. Use include(..., { namespace }) instead.`,
          );
        }
        const level = compileLevel(pattern.syntax, true, where);
        const chain = [...levels, level];
        const allDefaults = [...defaults, pattern.defaultArgs];
        const shapes = combineShapes(chain);
        const endpoint: Endpoint = {
          order: this.endpoints.length,
          levels: chain,
          levelDefaults: allDefaults,
          callback: pattern.callback,
          name: pattern.name,
          appNames,
          namespaces,
          route: joinRoutes([...routes, level.describe]),
          defaults: Object.assign({}, ...allDefaults),
          shapes,
        };
        this.endpoints.push(endpoint);
        if (pattern.name !== null) pushTo(ns.names, pattern.name, endpoint);
        pushTo(ns.names, pattern.callback, endpoint);
      } else if (pattern instanceof UrlInclude) {
        const level = compileLevel(pattern.syntax, false, where);
        let target = ns;
        let childApps = appNames;
        let childNamespaces = namespaces;
        if (pattern.namespace) {
          if (pattern.namespace.includes(':')) {
            throw new ImproperlyConfigured(
              `${where}: URL namespace '${pattern.namespace}' contains ':', so it could never be reversed. Nest include()s for nested namespaces.`,
            );
          }
          if (ns.children.has(pattern.namespace)) {
            throw new ImproperlyConfigured(
              `${where}: URL namespace '${[...namespaces, pattern.namespace].join(':')}' isn't unique. Give each include() its own namespace.`,
            );
          }
          target = newNamespace<Endpoint>();
          ns.children.set(pattern.namespace, target);
          const appName = pattern.appName ?? pattern.namespace;
          pushTo(ns.apps, appName, pattern.namespace);
          childApps = [...appNames, appName];
          childNamespaces = [...namespaces, pattern.namespace];
        }
        if (!Array.isArray(pattern.patterns)) {
          throw new ImproperlyConfigured(`${where}: include() must be given an array of patterns.`);
        }
        // A list that includes itself (directly or further down) would recurse until the stack overflows.
        if (this.including.has(pattern.patterns)) {
          throw new ImproperlyConfigured(`${where}: include('${pattern.syntax.source}') includes a list of patterns that contains it: an include cycle.`);
        }
        this.including.add(pattern.patterns);
        this.flatten(
          pattern.patterns,
          [...levels, level],
          [...defaults, pattern.defaultKwargs],
          childApps,
          childNamespaces,
          [...routes, level.describe],
          target,
          `${where} (include '${pattern.syntax.source}')`,
        );
        this.including.delete(pattern.patterns);
      } else {
        throw new ImproperlyConfigured(
          `${where} is not a URL pattern (got ${pattern === null ? 'null' : typeof pattern}). Build entries with path(), rePath() and include().`,
        );
      }
    });
  }

  private index(endpoint: Endpoint): void {
    let prefix = '';
    let allStatic = true;
    for (const level of endpoint.levels) {
      prefix += level.staticPrefix;
      if (!level.isStatic) {
        allStatic = false;
        break;
      }
    }
    if (allStatic) {
      if (!this.exact.has(prefix)) this.exact.set(prefix, { endpoint, unshadowed: false });
      return;
    }
    let node = this.trie;
    const cut = prefix.lastIndexOf('/');
    if (cut > 0) {
      for (const segment of prefix.slice(0, cut).split('/')) {
        node.children ??= new Map();
        let child = node.children.get(segment);
        if (!child) node.children.set(segment, (child = { children: null, entries: [] }));
        node = child;
      }
    }
    node.entries.push(endpoint);
  }

  /** Endpoints in the trie that could match `path` (without its leading slash), in definition order. */
  private candidates(path: string): Endpoint[] {
    let node: TrieNode | undefined = this.trie;
    let found: Endpoint[] = node.entries;
    let lists = 0;
    let start = 0;
    let merged: Endpoint[] | null = null;
    while (node.children) {
      const slash = path.indexOf('/', start);
      if (slash === -1) break;
      node = node.children.get(path.slice(start, slash));
      if (!node) break;
      if (node.entries.length > 0) {
        if (lists++ === 0 && found.length === 0) found = node.entries;
        else (merged ??= [...found]).push(...node.entries);
      }
      start = slash + 1;
    }
    return merged ? merged.sort((a, b) => a.order - b.order) : found;
  }

  /** Resolve a path (with its leading slash) to a ResolverMatch; throws Resolver404. */
  resolve(pathInfo: string): ResolverMatch {
    const match = this.tryResolve(pathInfo);
    if (match) return match;
    throw new Resolver404(`No URL pattern matches '${pathInfo}'.`, pathInfo, this.tried());
  }

  /** Like resolve(), but null instead of throwing. */
  tryResolve(pathInfo: string): ResolverMatch | null {
    if (pathInfo.charCodeAt(0) !== 47 /* '/' */) return null;
    const path = pathInfo.slice(1);
    const exact = this.exact.get(path);
    if (exact?.unshadowed) return this.matchEndpoint(exact.endpoint, path);
    const limit = exact ? exact.endpoint.order : Infinity;
    for (const endpoint of this.candidates(path)) {
      if (endpoint.order > limit) break;
      const match = this.matchEndpoint(endpoint, path);
      if (match) return match;
    }
    return exact ? this.matchEndpoint(exact.endpoint, path) : null;
  }

  /** Whether some pattern matches the path. */
  isValidPath(pathInfo: string): boolean {
    return this.tryResolve(pathInfo) !== null;
  }

  private matchEndpoint(endpoint: Endpoint, path: string): ResolverMatch | null {
    const { levels, levelDefaults } = endpoint;
    if (levels.length === 1) {
      const m = levels[0].match(path);
      if (!m) return null;
      const defaults = levelDefaults[0];
      let kwargs = m.kwargs;
      for (const key in defaults) {
        if (kwargs === m.kwargs) kwargs = { ...m.kwargs };
        kwargs[key] = defaults[key];
      }
      if (kwargs === m.kwargs && Object.isFrozen(kwargs)) kwargs = {};
      return new ResolverMatch(endpoint.callback, m.args, kwargs, endpoint.name, endpoint.appNames, endpoint.namespaces, endpoint.route);
    }
    const matches: LevelMatch[] = [];
    let rest = path;
    for (const level of levels) {
      const m = level.match(rest);
      if (!m) return null;
      matches.push(m);
      rest = m.rest;
    }
    // Fold from the endpoint outwards, as Django's nested resolvers do: outer captures < include kwargs < inner.
    const last = matches.length - 1;
    let kwargs: Kwargs = { ...matches[last].kwargs, ...levelDefaults[last] };
    let args = matches[last].args;
    for (let i = last - 1; i >= 0; i--) {
      const merged = { ...matches[i].kwargs, ...levelDefaults[i], ...kwargs };
      if (Object.keys(merged).length === 0) args = [...matches[i].args, ...args];
      kwargs = merged;
    }
    return new ResolverMatch(endpoint.callback, args, kwargs, endpoint.name, endpoint.appNames, endpoint.namespaces, endpoint.route);
  }

  /**
   * Every endpoint in definition order (read-only; for tools such as `showurls`): the full
   * route, the name with its namespaces (`'movies:detail'`, or null) and the view function.
   */
  describe(): Array<{ route: string; name: string | null; view: ViewFunction }> {
    return this.endpoints.map((e) => ({
      route: e.route,
      name: e.name === null ? null : [...e.namespaces, e.name].join(':'),
      view: e.callback,
    }));
  }

  /** Every pattern chain, as the debug 404 page lists them. */
  tried(): string[][] {
    return this.endpoints.map((e) => {
      const parts = e.levels.map((l) => l.describe);
      if (e.name) parts[parts.length - 1] += ` [name='${e.name}']`;
      return parts;
    });
  }

  /** Build the path (without mount prefix, with leading slash) for a name or view function. */
  reverse(viewName: string | ViewFunction, options: ReverseOptions = {}): string {
    const { args = [], kwargs = {} } = options;
    if (viewName === null || viewName === undefined) {
      throw new NoReverseMatch("Reverse for 'null' not found. Give reverse() a pattern name or a view function.");
    }
    if (args.length > 0 && Object.keys(kwargs).length > 0) {
      throw new TypeError("Don't mix args and kwargs in call to reverse()!");
    }
    const { name, candidates } = this.candidatesFor(viewName, options.currentApp);
    const label = typeof name === 'string' ? name : name.viewClass?.name ?? name.name;
    // Django tries the last-defined pattern first; the first whose parameters fit wins.
    for (let i = candidates.length - 1; i >= 0; i--) {
      const url = this.buildPath(candidates[i], args, kwargs);
      if (url !== null) return url;
    }
    if (candidates.length === 0) {
      throw new NoReverseMatch(`Reverse for '${label}' not found. '${label}' is not a valid view function or pattern name.`);
    }
    const described =
      args.length > 0
        ? ` with arguments '${describeValue(args)}'`
        : Object.keys(kwargs).length > 0
          ? ` with keyword arguments '${describeValue(kwargs)}'`
          : ' with no arguments';
    // Listed in the order they were tried, as Django does.
    const tried = [...candidates].reverse().map((c) => `'${c.route}'`).join(', ');
    throw new NoReverseMatch(`Reverse for '${label}'${described} not found. ${candidates.length} pattern(s) tried: [${tried}]`);
  }

  /** The patterns a name (`'ns:name'`, namespaces walked as Django does) or view function stands for. */
  private candidatesFor(viewName: string | ViewFunction, currentApp: string | undefined): { name: string | ViewFunction; candidates: Endpoint[] } {
    // Names come from code, so the walk is done once per name; only found names are kept, so
    // reverse() called with arbitrary text cannot grow the cache.
    const cacheable = typeof viewName === 'string' && currentApp === undefined;
    if (cacheable) {
      const known = this.reverseCache.get(viewName);
      if (known) return known;
    }
    const found = lookupName(this.root, viewName, currentApp);
    if (cacheable && found.candidates.length > 0) this.reverseCache.set(viewName, found);
    return found;
  }

  /** The path for one candidate, or null when the arguments do not fit any of its shapes. */
  private buildPath(endpoint: Endpoint, args: unknown[], kwargs: Record<string, unknown>): string | null {
    for (const shape of endpoint.shapes) {
      const decoded = fillShape(shape, endpoint.defaults, args, kwargs);
      // As Django, the built path must match the pattern itself (a lookahead, a converter's
      // toValue that refuses what its toUrl wrote): only a path that resolves to it is returned.
      if (decoded === null || (!shape.decidedByPieces && !this.matchesChain(endpoint, decoded))) continue;
      const url = '/' + quotePath(decoded);
      // '//host' would be read as a protocol-relative URL by browsers.
      return url.startsWith('//') ? '/%2F' + url.slice(2) : url;
    }
    return null;
  }

  private matchesChain(endpoint: Endpoint, path: string): boolean {
    let rest = path;
    for (const level of endpoint.levels) {
      const m = level.match(rest);
      if (!m) return false;
      rest = m.rest;
    }
    return true;
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function joinRoutes(parts: string[]): string {
  return parts.map((p, i) => (i > 0 && p.startsWith('^') ? p.slice(1) : p)).join('');
}
