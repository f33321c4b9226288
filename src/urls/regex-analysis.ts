import type { ReversePiece } from './compile';

/**
 * Reading a rePath regex for three purposes: the literal text every match must start with (so the
 * resolver's index can file the pattern under it), the URL shapes reverse() can build from it
 * (Django's regex_helper.normalize: optional groups give two shapes, repetition its minimum,
 * alternation one shape per branch), and whether it nests repetitions (catastrophic backtracking).
 */

interface Quantifier {
  min: number;
  max: number;
}

type Atom =
  | { kind: 'char'; ch: string; quant: Quantifier | null }
  /** A character class, `.`, or `\d`-style escape: cannot be written back as text. */
  | { kind: 'class'; quant: Quantifier | null }
  /** Assertions that consume nothing: lookarounds (`inner` is their body), `\b`; reverse() ignores them as Django does. */
  | { kind: 'zero'; inner?: string; quant: Quantifier | null }
  | { kind: 'anchor'; ch: '^' | '$'; quant: Quantifier | null }
  | { kind: 'backref'; quant: Quantifier | null }
  | { kind: 'group'; capture: 'named' | 'unnamed' | 'none'; name: string; inner: string; quant: Quantifier | null };

/** A regex's top level, split on `|`. */
type Branches = Atom[][];

/** Past this many shapes a regex counts as not reversible, so a pattern cannot make reverse() explode. */
const MAX_SHAPES = 256;

/** Index just past the `)` closing the group that opens at `open`, honouring escapes and classes. */
function closeGroup(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\') i++;
    else if (ch === '[') i = closeClass(src, i) - 1;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

/** Index just past the `]` closing the class that opens at `open`. */
function closeClass(src: string, open: number): number {
  for (let i = open + 1; i < src.length; i++) {
    if (src[i] === '\\') i++;
    else if (src[i] === ']') return i + 1;
  }
  return src.length;
}

/** Reads a quantifier at `i`, if any (a lazy `?` after it is skipped). */
function readQuantifier(src: string, i: number): [Quantifier | null, number] {
  let quant: Quantifier | null = null;
  let next = i;
  const ch = src[i];
  if (ch === '?') quant = { min: 0, max: 1 };
  else if (ch === '*') quant = { min: 0, max: Infinity };
  else if (ch === '+') quant = { min: 1, max: Infinity };
  else if (ch === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i));
    if (m) {
      quant = { min: Number(m[1]), max: m[2] === undefined ? Number(m[1]) : m[3] ? Number(m[3]) : Infinity };
      next = i + m[0].length;
    }
  }
  if (!quant) return [null, i];
  if (ch !== '{') next = i + 1;
  if (src[next] === '?') next++;
  return [quant, next];
}

/** Split a regex (JavaScript syntax) into top-level branches of atoms. */
function tokenize(src: string): Branches {
  const branches: Branches = [[]];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    let atom: Atom;
    if (ch === '|') {
      branches.push([]);
      i++;
      continue;
    } else if (ch === '\\') {
      const next = src[i + 1] ?? '';
      i += 2;
      if (/[bB]/.test(next)) atom = { kind: 'zero', quant: null };
      else if (/[1-9k]/.test(next)) {
        if (next === 'k') i = src.indexOf('>', i) + 1 || src.length;
        atom = { kind: 'backref', quant: null };
      } else if (/[A-Za-z0-9]/.test(next)) {
        atom = { kind: 'class', quant: null };
        // \xHH, \uHHHH, \cX, \p{…}: skip their operands too.
        const operand = /^(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|u\{[0-9a-fA-F]+\}|c[A-Za-z]|[pP]\{[^}]*\})/.exec(src.slice(i - 1));
        if (operand) i += operand[0].length - 1;
      } else atom = { kind: 'char', ch: next, quant: null };
    } else if (ch === '[') {
      i = closeClass(src, i);
      atom = { kind: 'class', quant: null };
    } else if (ch === '.') {
      i++;
      atom = { kind: 'class', quant: null };
    } else if (ch === '^' || ch === '$') {
      i++;
      atom = { kind: 'anchor', ch, quant: null };
    } else if (ch === '(') {
      const end = closeGroup(src, i);
      if (end === -1) throw new SyntaxError('unbalanced parenthesis');
      const body = src.slice(i + 1, end - 1);
      i = end;
      const named = /^\?<([A-Za-z_$][\w$]*)>/.exec(body);
      if (named) atom = { kind: 'group', capture: 'named', name: named[1], inner: body.slice(named[0].length), quant: null };
      else if (body.startsWith('?:')) atom = { kind: 'group', capture: 'none', name: '', inner: body.slice(2), quant: null };
      else if (body.startsWith('?')) atom = { kind: 'zero', inner: body.replace(/^\?(?:<?[=!])?/, ''), quant: null };
      else atom = { kind: 'group', capture: 'unnamed', name: '', inner: body, quant: null };
    } else {
      i++;
      atom = { kind: 'char', ch, quant: null };
    }
    const [quant, next] = readQuantifier(src, i);
    atom.quant = quant;
    i = next;
    branches[branches.length - 1].push(atom);
  }
  return branches;
}

/**
 * The literal text every match of `source` starts at the beginning of the path with; '' when the
 * regex is unanchored (it is searched anywhere) or has a top-level alternative (`^a|b` matches 'xb').
 */
export function regexPrefix(source: string): string {
  let branches: Branches;
  try {
    branches = tokenize(source);
  } catch {
    return '';
  }
  if (branches.length !== 1) return '';
  const [first, ...atoms] = branches[0];
  if (!first || first.kind !== 'anchor' || first.ch !== '^' || first.quant) return '';
  let prefix = '';
  for (const atom of atoms) {
    if (atom.kind !== 'char') break;
    if (atom.quant) {
      // `ab+` still starts with 'ab'; `ab?` only with 'a'.
      if (atom.quant.min > 0) prefix += atom.ch;
      break;
    }
    prefix += atom.ch;
  }
  return prefix;
}

type Shape = ReversePiece[];

function hasParams(shapes: Shape[]): boolean {
  return shapes.some((s) => s.some((p) => typeof p !== 'string'));
}

function concat(left: Shape[], right: Shape[]): Shape[] | null {
  if (left.length * right.length > MAX_SHAPES) return null;
  const out: Shape[] = [];
  for (const a of left) for (const b of right) out.push([...a, ...b]);
  return out;
}

/** The shapes of a sequence of atoms, or null when one of them cannot be written back. */
function expandSequence(atoms: Atom[], top: boolean): Shape[] | null {
  let shapes: Shape[] = [[]];
  for (let k = 0; k < atoms.length; k++) {
    const atom = atoms[k];
    const q = atom.quant;
    let part: Shape[] | null;
    if (atom.kind === 'zero') continue;
    if (atom.kind === 'anchor') {
      // Only the anchors at the ends of the whole regex are harmless.
      if (!top || q || (atom.ch === '^' ? k !== 0 : k !== atoms.length - 1)) return null;
      continue;
    }
    if (atom.kind === 'backref') return null;
    if (atom.kind === 'class') {
      // A class cannot be written back, unless zero repetitions are allowed: then it is left out.
      if (q && q.min === 0) continue;
      return null;
    }
    if (atom.kind === 'char') {
      part = [[atom.ch.repeat(q ? q.min : 1)]];
    } else {
      let inner: Shape[] | null;
      if (atom.capture === 'none') inner = expandBranches(tokenizeSafe(atom.inner), false);
      else {
        const check = safeRegExp(`^(?:${atom.inner})$`);
        if (!check) return null;
        inner = [[{ param: atom.name, positional: atom.capture === 'unnamed' ? 0 : -1, check, converter: null }]];
      }
      // A group that may occur zero times is left out when it cannot be written back (`(?:\w+/)*`).
      if (!inner) {
        if (q && q.min === 0) continue;
        return null;
      }
      if (!q || (q.min === 1 && q.max === 1)) part = inner;
      else if (q.min === 0) {
        // An optional group with parameters gives both shapes (Django's named_optional); without, it is left out.
        part = hasParams(inner) ? [[], ...inner] : [[]];
      } else if (q.min === 1) part = inner;
      else if (!hasParams(inner) && inner.length === 1) part = [Array(q.min).fill(inner[0]).flat()];
      else return null;
    }
    const next = concat(shapes, part);
    if (!next) return null;
    shapes = next;
  }
  return shapes;
}

function tokenizeSafe(source: string): Branches | null {
  try {
    return tokenize(source);
  } catch {
    return null;
  }
}

function safeRegExp(source: string): RegExp | null {
  try {
    return new RegExp(source);
  } catch {
    return null;
  }
}

function expandBranches(branches: Branches | null, top: boolean): Shape[] | null {
  if (!branches) return null;
  const out: Shape[] = [];
  for (const branch of branches) {
    const shapes = expandSequence(branch, top);
    if (!shapes) return null;
    out.push(...shapes);
    if (out.length > MAX_SHAPES) return null;
  }
  return out;
}

/**
 * The URL shapes reverse() can build from a regex: each a list of literal text and parameters,
 * adjacent literals merged; unnamed groups numbered `_0`, `_1` … in order, as Django names them.
 * Null when the regex cannot be written back (a character class outside a group, a backreference …).
 */
export function regexShapes(source: string): Shape[] | null {
  const shapes = expandBranches(tokenizeSafe(source), true);
  if (!shapes) return null;
  return shapes.map((shape) => {
    const merged: Shape = [];
    let positional = 0;
    for (const piece of shape) {
      if (typeof piece === 'string') {
        if (piece === '') continue;
        const last = merged.length - 1;
        if (last >= 0 && typeof merged[last] === 'string') merged[last] += piece;
        else merged.push(piece);
      } else if (piece.positional >= 0) {
        merged.push({ ...piece, param: `_${positional}`, positional: positional++ });
      } else merged.push(piece);
    }
    return merged;
  });
}

/** How deeply repetitions that can repeat more than once (`+ * {2,}`, not `?`) are nested. */
function starHeight(branches: Branches): number {
  let height = 0;
  for (const branch of branches) {
    for (const atom of branch) {
      const own = atom.quant && atom.quant.max > 1 ? 1 : 0;
      let inner = 0;
      const body = atom.kind === 'group' || atom.kind === 'zero' ? atom.inner : undefined;
      if (body !== undefined) {
        const parsed = tokenizeSafe(body);
        inner = parsed ? starHeight(parsed) : Infinity;
      }
      height = Math.max(height, own + inner);
    }
  }
  return height;
}

/**
 * Whether a regex nests unbounded repetition, as `(a+)+` or `(\w+\s?)*` do: on a crafted input
 * these backtrack exponentially. An optional group around a repetition (`(?:(\d+)/)?`, common in
 * Django urlconfs) is not nested repetition: `?` matches at most once. Unreadable regexes count as nested.
 */
export function hasNestedRepetition(source: string): boolean {
  const branches = tokenizeSafe(source);
  return !branches || starHeight(branches) > 1;
}
