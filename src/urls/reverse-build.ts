import type { CompiledLevel, ReversePiece } from './compile';
import type { Kwargs } from './types';

/** The pieces of reverse(): filling a pattern's URL shapes with arguments, and quoting the result. */

const RESERVED_OK = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/gu;
const NEEDS_QUOTING = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/u;

/** Percent-encode a produced path, keeping `/~:@!$&'()*+,;=` as Django does. */
export function quotePath(text: string): string {
  if (!NEEDS_QUOTING.test(text)) return text;
  // A lone surrogate cannot be UTF-8 encoded (encodeURIComponent would throw): it becomes U+FFFD.
  return text.replace(RESERVED_OK, (ch) => (ch.length === 1 && ch >= '\uD800' && ch <= '\uDFFF' ? '%EF%BF%BD' : encodeURIComponent(ch)));
}

/** JSON where it can be, for messages: arguments may hold values JSON cannot show (bigint, cycles). */
export function describeValue(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}` : v));
  } catch {
    return String(value);
  }
}

/** A URL shape compiled for reverse(): its pieces, and the parameters it needs (known once, not per call). */
export interface ReverseShape {
  readonly pieces: ReversePiece[];
  /** Each parameter name once. */
  readonly params: string[];
  /** How many parameters (positional args must be exactly as many). */
  readonly count: number;
  /**
   * True when the pieces alone decide whether the built path resolves back to this pattern: every
   * level a route with built-in converters, each parameter followed by '/' or the end. Then the
   * parameter checks plus the converters' toValue replace matching the built path against the chain.
   */
  readonly decidedByPieces: boolean;
}

/**
 * Every URL shape of a chain of levels (the product of each level's shapes), with unnamed groups
 * numbered `_0`, `_1` … across the whole chain as Django does; empty when a level cannot be reversed.
 */
export function combineShapes(levels: CompiledLevel[]): ReverseShape[] {
  let shapes: ReversePiece[][] = [[]];
  for (const level of levels) {
    if (!level.shapes) return [];
    const next: ReversePiece[][] = [];
    for (const a of shapes) for (const b of level.shapes) next.push([...a, ...b]);
    shapes = next;
  }
  const trusted = levels.every((level) => level.piecesDecideMatch);
  return shapes.map((shape) => {
    let positional = 0;
    const pieces = shape.map((p) =>
      typeof p === 'string' || p.positional < 0 ? p : { ...p, param: `_${positional}`, positional: positional++ },
    );
    const params: string[] = [];
    let count = 0;
    for (const piece of pieces) {
      if (typeof piece === 'string') continue;
      count++;
      if (!params.includes(piece.param)) params.push(piece.param);
    }
    // Each parameter ends at a '/' (or the end): where its text stops cannot shift when matched.
    const decidedByPieces =
      trusted &&
      pieces.every((piece, i) => {
        if (typeof piece === 'string') return true;
        const next = pieces[i + 1];
        return next === undefined || (typeof next === 'string' && next.startsWith('/'));
      });
    return { pieces, params, count, decidedByPieces };
  });
}

/**
 * One shape filled with the arguments (Django's rules), unquoted; null when they do not fit:
 * positional args must be as many as the parameters; keyword args must name exactly the
 * parameters, plus keys of the pattern's extra kwargs given with the same value. When the shape
 * is decided by its pieces, each text must also convert back (toValue), as resolving would.
 */
export function fillShape(shape: ReverseShape, defaults: Kwargs, args: unknown[], kwargs: Record<string, unknown>): string | null {
  const { params } = shape;
  if (args.length > 0) {
    if (args.length !== shape.count) return null;
  } else {
    for (let i = 0; i < params.length; i++) if (!Object.hasOwn(kwargs, params[i])) return null;
    for (const key in kwargs) {
      if (!Object.hasOwn(kwargs, key)) continue;
      if (Object.hasOwn(defaults, key) ? kwargs[key] !== defaults[key] : !params.includes(key)) return null;
    }
  }
  let out = '';
  let index = 0;
  for (const piece of shape.pieces) {
    if (typeof piece === 'string') {
      out += piece;
      continue;
    }
    const value = args.length > 0 ? args[index++] : kwargs[piece.param];
    let text: string;
    try {
      // As Django's '%' formatting, whatever toUrl returns is written as text (a number from a custom converter too).
      text = String(piece.converter ? piece.converter.toUrl(value as never) : value);
      if (!piece.check.test(text)) return null;
      if (shape.decidedByPieces && piece.converter) piece.converter.toValue(text);
    } catch {
      // A converter refusing a value rejects this candidate, not the whole reverse().
      return null;
    }
    out += text;
  }
  return out;
}
