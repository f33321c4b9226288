import type { ObjectLiteral } from 'typeorm';
import type { CursorPaginator } from './cursor';

/**
 * One page of a CursorPaginator: its items and the cursors of its neighbours (null at the ends).
 * Put a cursor in a link as it is: it is URL-safe.
 *
 * @example
 * ```pug
 * if pageObj.hasNext()
 *   a(href=`?page=${pageObj.nextCursor}`) next
 * ```
 */
export class CursorPage<T extends ObjectLiteral> implements Iterable<T> {
  constructor(
    /** The items on this page. */
    readonly objectList: T[],
    /** The paginator this page belongs to. */
    readonly paginator: CursorPaginator<T>,
    /** The cursor of the next page, or null on the last page. */
    readonly nextCursor: string | null,
    /** The cursor of the previous page, or null on the first page. */
    readonly previousCursor: string | null,
  ) {}

  /** The number of items on this page. */
  get length(): number {
    return this.objectList.length;
  }

  [Symbol.iterator](): Iterator<T> {
    return this.objectList[Symbol.iterator]();
  }

  /** Whether a page follows this one. */
  hasNext(): boolean {
    return this.nextCursor !== null;
  }

  /** Whether a page precedes this one. */
  hasPrevious(): boolean {
    return this.previousCursor !== null;
  }

  /** Whether there is any other page. */
  hasOtherPages(): boolean {
    return this.hasNext() || this.hasPrevious();
  }
}
