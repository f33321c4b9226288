import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { countRows } from './count';
import { dbWarning } from './context';
import { EmptyPage, PageNotAnInteger } from './errors';
import { isQueryBuilder } from './lookups';
import { isOrdered } from './ordering';
import { Page } from './page';

/** A list-like source that counts and slices itself (both may be async). */
export interface Sliceable<T> {
  count(): number | Promise<number>;
  slice(start: number, end: number): readonly T[] | Promise<readonly T[]>;
}

/** What a Paginator pages through: a query builder (the "queryset"), an array, or a Sliceable. */
export type PageSource<T> = SelectQueryBuilder<T & ObjectLiteral> | readonly T[] | Sliceable<T>;

/** Messages of the page errors, to translate or reword. */
export interface PaginatorMessages {
  /** Default "That page number is not an integer". */
  invalidPage: string;
  /** Default "That page number is less than 1". */
  minPage: string;
  /** Default "That page contains no results". */
  noResults: string;
}

/** Options of a Paginator (Django's keyword arguments). */
export interface PaginatorOptions {
  /** Items that may join the last page instead of making a page of their own. Default 0. */
  orphans?: number | string;
  /** Whether an empty list has one (empty) first page. Default true. */
  allowEmptyFirstPage?: boolean;
  /** Replace some of the error messages. */
  errorMessages?: Partial<PaginatorMessages>;
}

const DEFAULT_MESSAGES: PaginatorMessages = {
  invalidPage: 'That page number is not an integer',
  minPage: 'That page number is less than 1',
  noResults: 'That page contains no results',
};

function toInt(value: number | string, name: string): number {
  const n = typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new TypeError(`Paginator: ${name} must be an integer (got ${JSON.stringify(value)}).`);
  return n;
}

function isSliceable<T>(value: unknown): value is Sliceable<T> {
  return typeof value === 'object' && value !== null && typeof (value as Sliceable<T>).count === 'function' && typeof (value as Sliceable<T>).slice === 'function';
}

/**
 * Django's Paginator over a TypeORM query builder, an array, or anything with `count()` and
 * `slice()`. The count is taken once (one `COUNT(*)` query: countRows), and each page is one query with
 * OFFSET/LIMIT. `page()` and `getPage()` are async; once one of them (or `acount()`) has run,
 * `count`, `numPages`, `pageRange`, `validateNumber()` and `getElidedPageRange()` answer at once,
 * which is what templates need.
 *
 * @example
 * ```ts
 * const paginator = new Paginator(repo.createQueryBuilder('movie').orderBy('movie.title'), 20, { orphans: 2 });
 * const page = await paginator.page(request.GET.get('page') ?? 1);   // PageNotAnInteger / EmptyPage
 * page.objectList; page.hasNext(); paginator.numPages;
 * ```
 */
export class Paginator<T> {
  /** What getElidedPageRange() puts where pages are left out. */
  static ELLIPSIS = '…';

  readonly objectList: PageSource<T>;
  readonly perPage: number;
  readonly orphans: number;
  readonly allowEmptyFirstPage: boolean;
  readonly errorMessages: PaginatorMessages;
  private counted: number | null = null;
  private counting: Promise<number> | null = null;

  constructor(objectList: PageSource<T>, perPage: number | string, options: PaginatorOptions = {}) {
    this.objectList = objectList;
    this.perPage = toInt(perPage, 'perPage');
    this.orphans = toInt(options.orphans ?? 0, 'orphans');
    this.allowEmptyFirstPage = options.allowEmptyFirstPage ?? true;
    this.errorMessages = { ...DEFAULT_MESSAGES, ...options.errorMessages };
    if (this.perPage < 1) throw new RangeError(`Paginator: perPage must be at least 1 (got ${this.perPage}).`);
    if (this.orphans < 0) throw new RangeError(`Paginator: orphans must be at least 0 (got ${this.orphans}).`);
    if (this.orphans >= this.perPage) {
      dbWarning(`Paginator: orphans (${this.orphans}) should be less than perPage (${this.perPage}); Django deprecates this and will refuse it.`);
    }
    if (Array.isArray(objectList)) this.counted = objectList.length;
    else if (isQueryBuilder(objectList) && !isOrdered(objectList)) {
      dbWarning(`Pagination may yield inconsistent results with an unordered query builder (${objectList.alias}): give it an orderBy() or set ordering.`);
    }
  }

  /** The number of items (one COUNT query for a query builder, taken once); errors of the source are not swallowed. */
  acount(): Promise<number> {
    if (this.counted !== null) return Promise.resolve(this.counted);
    this.counting ??= (async () => {
      const source = this.objectList;
      let n: number;
      if (isQueryBuilder(source)) n = await countRows(source);
      else if (isSliceable<T>(source)) n = Number(await source.count());
      else n = (source as readonly T[]).length;
      this.counted = n;
      return n;
    })();
    return this.counting;
  }

  /** The number of pages, counting first if needed. */
  async anumPages(): Promise<number> {
    await this.acount();
    return this.numPages;
  }

  /** The number of items; available once counted (after page(), getPage() or acount()). */
  get count(): number {
    if (this.counted === null) {
      throw new Error('Paginator.count is not known yet: await paginator.acount() (or paginator.page(n)) first.');
    }
    return this.counted;
  }

  /** The number of pages: 0 for an empty list without allowEmptyFirstPage, else at least 1. */
  get numPages(): number {
    const count = this.count;
    if (count === 0 && !this.allowEmptyFirstPage) return 0;
    const hits = Math.max(1, count - this.orphans);
    return Math.ceil(hits / this.perPage);
  }

  /** The page numbers, 1..numPages. */
  get pageRange(): number[] {
    return Array.from({ length: this.numPages }, (_, i) => i + 1);
  }

  /**
   * The page number as an integer: `'3'`, `3` and `3.0` are 3; anything else is PageNotAnInteger;
   * below 1 or past the last page is EmptyPage. Needs the count (see `count`).
   */
  validateNumber(number: unknown): number {
    let big: bigint;
    if (typeof number === 'number' && Number.isInteger(number)) big = BigInt(number);
    else if (typeof number === 'bigint') big = number;
    else if (typeof number === 'string' && /^\s*[+-]?\d+\s*$/.test(number)) big = BigInt(number.trim());
    else throw new PageNotAnInteger(this.errorMessages.invalidPage);
    if (big < 1n) throw new EmptyPage(this.errorMessages.minPage);
    if (big > BigInt(this.numPages)) throw new EmptyPage(this.errorMessages.noResults);
    return Number(big);
  }

  /** The page `number` (validated; PageNotAnInteger / EmptyPage otherwise); the last page takes the orphans. */
  async page(number: unknown): Promise<Page<T>> {
    await this.acount();
    const n = this.validateNumber(number);
    const bottom = (n - 1) * this.perPage;
    let top = bottom + this.perPage;
    if (top + this.orphans >= this.count) top = this.count;
    return this.createPage(await this.slice(bottom, top), n);
  }

  /** Like page(), but never fails on bad input: not an integer → page 1, out of range → the last page. */
  async getPage(number: unknown): Promise<Page<T>> {
    await this.acount();
    let n: number;
    try {
      n = this.validateNumber(number);
    } catch (error) {
      if (error instanceof PageNotAnInteger) n = 1;
      else if (error instanceof EmptyPage) n = this.numPages;
      else throw error;
    }
    return this.page(n);
  }

  /**
   * Page numbers for a page list that stays short on long lists: the first and last `onEnds`
   * pages, `onEachSide` pages around `number`, and `Paginator.ELLIPSIS` for each gap
   * (50 pages, number 8 → 1, 2, …, 5 … 11, …, 49, 50). Needs the count (see `count`).
   */
  getElidedPageRange(number: unknown = 1, { onEachSide = 3, onEnds = 2 }: { onEachSide?: number; onEnds?: number } = {}): Array<number | string> {
    const n = this.validateNumber(number);
    const pages = this.numPages;
    const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
    if (pages <= (onEachSide + onEnds) * 2) return this.pageRange;
    const out: Array<number | string> = [];
    const ellipsis = (this.constructor as typeof Paginator).ELLIPSIS;
    if (n > 1 + onEachSide + onEnds + 1) out.push(...range(1, onEnds), ellipsis, ...range(n - onEachSide, n));
    else out.push(...range(1, n));
    if (n < pages - onEachSide - onEnds - 1) out.push(...range(n + 1, n + onEachSide), ellipsis, ...range(pages - onEnds + 1, pages));
    else out.push(...range(n + 1, pages));
    return out;
  }

  /** Every page in turn: `for await (const page of paginator)`. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Page<T>> {
    const pages = await this.anumPages();
    for (let n = 1; n <= pages; n++) yield await this.page(n);
  }

  /** Make the Page object for `items` (Django's `_get_page`): override to use a Page subclass. */
  protected createPage(items: T[], number: number): Page<T> {
    return new Page(items, number, this);
  }

  /** Items start (inclusive) to end (exclusive) of the source: one OFFSET/LIMIT query for a query builder. */
  protected async slice(start: number, end: number): Promise<T[]> {
    if (end <= start) return [];
    const source = this.objectList;
    if (isQueryBuilder(source)) {
      const qb = source.clone();
      const joins = qb.expressionMap.joinAttributes.length > 0;
      return (joins ? qb.skip(start).take(end - start) : qb.offset(start).limit(end - start)).getMany() as Promise<T[]>;
    }
    if (isSliceable<T>(source)) return [...(await source.slice(start, end))];
    return (source as readonly T[]).slice(start, end);
  }
}
