import type { Paginator } from './paginator';

/**
 * One page of a Paginator (Django's Page): its items, its number, and where it stands. Iterable,
 * and `length` is the number of items on it.
 *
 * @example
 * ```pug
 * each movie in pageObj
 *   li= movie.title
 * if pageObj.hasNext()
 *   a(href=`?page=${pageObj.nextPageNumber()}`) next
 * ```
 */
export class Page<T> implements Iterable<T> {
  constructor(
    /** The items on this page. */
    readonly objectList: T[],
    /** The 1-based page number. */
    readonly number: number,
    /** The paginator this page belongs to. */
    readonly paginator: Paginator<T>,
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
    return this.number < this.paginator.numPages;
  }

  /** Whether a page precedes this one. */
  hasPrevious(): boolean {
    return this.number > 1;
  }

  /** Whether there is any other page. */
  hasOtherPages(): boolean {
    return this.hasPrevious() || this.hasNext();
  }

  /** The next page's number; EmptyPage on the last page. */
  nextPageNumber(): number {
    return this.paginator.validateNumber(this.number + 1);
  }

  /** The previous page's number; EmptyPage on the first page. */
  previousPageNumber(): number {
    return this.paginator.validateNumber(this.number - 1);
  }

  /** The 1-based index of this page's first item among all items; 0 when there are none. */
  startIndex(): number {
    if (this.paginator.count === 0) return 0;
    return this.paginator.perPage * (this.number - 1) + 1;
  }

  /** The 1-based index of this page's last item among all items. */
  endIndex(): number {
    if (this.number === this.paginator.numPages) return this.paginator.count;
    return this.number * this.paginator.perPage;
  }

  /** `<Page 1 of 2>`. */
  toString(): string {
    return `<Page ${this.number} of ${this.paginator.numPages}>`;
  }
}
