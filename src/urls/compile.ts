import safeRegex from 'safe-regex2';
import { ImproperlyConfigured } from '../http/exceptions';
import { converterNames, getConverter, isSelfDelimiting, type PathConverter } from './converters';
import type { PatternSyntax } from './patterns';
import { hasNestedRepetition, regexPrefix, regexShapes } from './regex-analysis';

/** What one level matched: the rest of the path and the parameters it captured. */
export interface LevelMatch {
  rest: string;
  args: string[];
  kwargs: Record<string, unknown>;
}

/** A piece of a pattern for reverse(): literal text or a parameter. */
export type ReversePiece =
  | string
  | { param: string; positional: number; check: RegExp; converter: PathConverter | null };

/** One level of a pattern (a route, or a regex) compiled at start-up. */
export interface CompiledLevel {
  /** The pattern as written, for the debug page and ResolverMatch.route. */
  readonly describe: string;
  /** Literal text every match starts with (for the lookup index). */
  readonly staticPrefix: string;
  /** True when the level is all literal text. */
  readonly isStatic: boolean;
  /**
   * For reverse(): the URL shapes this level can produce (a route has one; a regex with optional
   * groups or alternatives several), or null when it cannot be written back.
   */
  readonly shapes: ReversePiece[][] | null;
  /**
   * True when a route's converters are built in and cannot take a '/': reverse() may then check
   * parameters instead of matching the built path (see ReverseShape). A regex, or a user's
   * converter, has to be matched against the built path.
   */
  readonly piecesDecideMatch: boolean;
  match(path: string): LevelMatch | null;
}

const ROUTE_PARAM = /<(?:([^>:]+):)?([^>]+)>/g;
// A parameter becomes a kwargs key: any identifier, non-ASCII ones included ('<str:Δ>' as in Django).
const IDENTIFIER = /^[\p{ID_Start}_$][\p{ID_Continue}$\u200C\u200D]*$/u;
const EMPTY: Record<string, unknown> = Object.freeze(Object.create(null));
const NO_ARGS: string[] = Object.freeze([]) as unknown as string[];

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** How many capturing groups a regex source has (so a converter's own groups do not shift the others). */
function groupCount(source: string): number {
  return (new RegExp(`(?:${source})|`).exec('') as RegExpExecArray).length - 1;
}

/** Compile a Django route (`'articles/<int:year>/'`) into a matcher; `setting` names where it came from. */
export function compileRoute(route: string, isEndpoint: boolean, setting: string): CompiledLevel {
  if (route.startsWith('/')) {
    throw new ImproperlyConfigured(
      `${setting}: URL route '${route}' begins with a '/'. Remove it: routes are written without a leading slash.`,
    );
  }
  const pieces: ReversePiece[] = [];
  let source = '^';
  let last = 0;
  const converters: [name: string, converter: PathConverter, group: number][] = [];
  let group = 1;
  for (const m of route.matchAll(ROUTE_PARAM)) {
    const [whole, converterName = 'str', parameter] = m;
    if (/\s/.test(whole)) {
      throw new ImproperlyConfigured(`${setting}: URL route '${route}' cannot contain whitespace in angle brackets <…>.`);
    }
    if (!IDENTIFIER.test(parameter) || parameter === '__proto__') {
      throw new ImproperlyConfigured(
        `${setting}: URL route '${route}' uses parameter name '${parameter}' which isn't a valid identifier.`,
      );
    }
    const converter = getConverter(converterName);
    if (!converter) {
      throw new ImproperlyConfigured(
        `${setting}: URL route '${route}' uses invalid converter '${converterName}'. Use one of ${converterNames().join(', ')}, or register it first with registerConverter().`,
      );
    }
    if (converters.some(([name]) => name === parameter)) {
      throw new ImproperlyConfigured(
        `${setting}: URL route '${route}' uses parameter name '${parameter}' twice. Give each parameter its own name.`,
      );
    }
    const literal = route.slice(last, m.index);
    if (literal) pieces.push(literal);
    // The converter's regex goes in unchanged (rewriting its parentheses would break an escaped
    // parenthesis); its own capturing groups are counted instead, so each parameter's group is known.
    source += escapeRegex(literal) + `(${converter.regex})`;
    pieces.push({ param: parameter, positional: -1, check: new RegExp(`^(?:${converter.regex})$`), converter });
    converters.push([parameter, converter, group]);
    group += 1 + groupCount(converter.regex);
    last = (m.index ?? 0) + whole.length;
  }
  const tail = route.slice(last);
  if (tail.includes('<') || tail.includes('>')) {
    throw new ImproperlyConfigured(`${setting}: URL route '${route}' has an unbalanced '<' or '>'.`);
  }
  if (tail) pieces.push(tail);

  if (converters.length === 0) {
    return {
      describe: route,
      staticPrefix: route,
      isStatic: true,
      shapes: [pieces],
      piecesDecideMatch: true,
      match: isEndpoint
        ? (path) => (path === route ? { rest: '', args: NO_ARGS, kwargs: EMPTY } : null)
        : (path) => (path.startsWith(route) ? { rest: path.slice(route.length), args: NO_ARGS, kwargs: EMPTY } : null),
    };
  }
  source += escapeRegex(tail) + (isEndpoint ? '$' : '');
  const regex = new RegExp(source);
  const firstParam = route.indexOf('<');
  return {
    describe: route,
    staticPrefix: route.slice(0, firstParam),
    isStatic: false,
    shapes: [pieces],
    piecesDecideMatch: converters.every(([, converter]) => isSelfDelimiting(converter)),
    match(path) {
      const m = regex.exec(path);
      if (!m) return null;
      const kwargs: Record<string, unknown> = {};
      for (let i = 0; i < converters.length; i++) {
        const [name, converter, index] = converters[i];
        try {
          kwargs[name] = converter.toValue(m[index]);
        } catch {
          return null;
        }
      }
      return { rest: path.slice(m[0].length), args: NO_ARGS, kwargs };
    },
  };
}

/**
 * Translate Python regex syntax into JavaScript's: `(?P<name>`, `(?P=name)`, `\\Z`, `\\A`. A scan
 * rather than replace(), so an escaped backslash followed by 'Z' stays a backslash and a 'Z'.
 */
function translatePythonRegex(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      const next = source[i + 1] ?? '';
      out += next === 'Z' ? '$' : next === 'A' ? '^' : ch + next;
      i++;
    } else if (ch === '(' && source.startsWith('?P<', i + 1)) {
      out += '(?<';
      i += 3;
    } else if (ch === '(' && source.startsWith('?P=', i + 1)) {
      const close = source.indexOf(')', i);
      if (close === -1) return out + source.slice(i);
      out += `\\k<${source.slice(i + 4, close)}>`;
      i = close;
    } else out += ch;
  }
  return out;
}

/** Compile a rePath regex; refuses ones with catastrophic backtracking. */
export function compileRegex(rawSource: string, isEndpoint: boolean, setting: string): CompiledLevel {
  const source = translatePythonRegex(rawSource);
  let regex: RegExp;
  try {
    regex = new RegExp(source);
  } catch (error) {
    throw new ImproperlyConfigured(`${setting}: rePath regex '${rawSource}' is invalid: ${(error as Error).message}`);
  }
  // safe-regex2 also counts '?' as repetition (refusing Django's usual optional groups) and caps the
  // number of quantifiers; a regex is refused only when the nesting check agrees it is dangerous.
  if (!safeRegex(regex) && hasNestedRepetition(source)) {
    throw new ImproperlyConfigured(
      `${setting}: rePath regex '${rawSource}' can backtrack catastrophically (nested quantifiers such as (a+)+): a crafted URL could stall the server. Rewrite it without nested repetition, or use path() with converters.`,
    );
  }
  // Django: an endpoint ending in '$' must match the whole path (fullmatch); anything else is a search.
  const full = isEndpoint && source.endsWith('$') ? new RegExp(`^(?:${source})`) : null;
  // Ask the regex engine rather than the text, so '\\(?<x' or a lookbehind '(?<=' is not taken for a named group.
  const hasNamed = (new RegExp(`(?:${source})|`).exec('') as RegExpExecArray).groups !== undefined;
  return {
    describe: rawSource,
    staticPrefix: regexPrefix(source),
    isStatic: false,
    shapes: regexShapes(source),
    piecesDecideMatch: false,
    match(path) {
      const m = (full ?? regex).exec(path);
      if (!m) return null;
      const kwargs: Record<string, unknown> = {};
      let args = NO_ARGS;
      if (hasNamed) {
        if (m.groups) for (const [k, v] of Object.entries(m.groups)) if (v !== undefined && k !== '__proto__') kwargs[k] = v;
      } else {
        args = m.slice(1).filter((v): v is string => v !== undefined);
      }
      return { rest: path.slice(m.index + m[0].length), args, kwargs };
    },
  };
}

/** Compile one level of a pattern. */
export function compileLevel(syntax: PatternSyntax, isEndpoint: boolean, setting: string): CompiledLevel {
  return syntax.kind === 'route'
    ? compileRoute(syntax.source, isEndpoint, setting)
    : compileRegex(syntax.source, isEndpoint, setting);
}
