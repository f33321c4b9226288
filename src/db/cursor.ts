import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Brackets, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { ImproperlyConfigured } from '../http/exceptions';
import { databaseFor } from './context';
import { InvalidCursor } from './errors';
import { resolveOrdering, type Ordering, type ResolvedOrder } from './ordering';
import { CursorPage } from './cursor-page';
import { lookupValue, NO_MATCH } from './values';

/** Options of a CursorPaginator. */
export interface CursorPaginatorOptions {
  /** Columns to page on, Django style (`['-createdAt']`); the primary key is added as a tie-breaker. Default: the primary key. */
  ordering?: Ordering;
  /** Signs the cursors. Default: the secretKey of the current request's app (or of the app created last). */
  secretKey?: string;
  /** The request whose app's secretKey signs the cursors. */
  request?: { config?: unknown } | null;
}

/** The longest cursor accepted; anything longer is refused before decoding. */
const MAX_CURSOR_LENGTH = 4096;

type Encoded = string | number | boolean | { d: string };

function encodeValue(value: unknown): Encoded {
  if (value instanceof Date) return { d: value.toISOString() };
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  throw new ImproperlyConfigured(`CursorPaginator cannot page on a value of type ${typeof value}; order by a text, number or date column.`);
}

function decodeValue(value: unknown): unknown {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value && typeof value === 'object' && typeof (value as { d?: unknown }).d === 'string') return new Date((value as { d: string }).d);
  return NO_MATCH;
}

/**
 * Keyset ("cursor") pagination: each page is `WHERE (ordering columns) past the cursor ORDER BY …
 * LIMIT perPage + 1`, so page 5,000 costs what page 1 costs (with an index on the ordering).
 * There are no page numbers and no count. Cursors are opaque, signed with the app's secretKey
 * (HMAC-SHA256), and tied to the entity and ordering: a forged or foreign cursor is InvalidCursor
 * (a 404 in the list views). Ordering columns must be NOT NULL columns of the entity itself.
 *
 * @example
 * ```ts
 * const paginator = new CursorPaginator(repo.createQueryBuilder('event'), 50, { ordering: ['-createdAt'] });
 * const page = await paginator.page(request.GET.get('cursor'));
 * page.objectList; page.nextCursor;   // `?cursor=${page.nextCursor}`
 * ```
 */
export class CursorPaginator<T extends ObjectLiteral> {
  readonly objectList: SelectQueryBuilder<T>;
  readonly perPage: number;
  /** The ordering, primary key included. */
  readonly ordering: readonly string[];
  private readonly key: Buffer;
  private readonly fingerprint: string;

  constructor(queryset: SelectQueryBuilder<T>, perPage: number | string, options: CursorPaginatorOptions = {}) {
    this.objectList = queryset;
    this.perPage = typeof perPage === 'string' && /^\s*\d+\s*$/.test(perPage) ? Number(perPage) : (perPage as number);
    if (!Number.isInteger(this.perPage) || this.perPage < 1) {
      throw new RangeError(`CursorPaginator: perPage must be an integer of at least 1 (got ${JSON.stringify(perPage)}).`);
    }
    const main = queryset.expressionMap.mainAlias;
    if (!main?.hasMetadata) throw new ImproperlyConfigured('CursorPaginator needs a query builder on an entity (repository.createQueryBuilder(alias)).');
    const given = typeof options.ordering === 'string' ? [options.ordering] : [...(options.ordering ?? [])];
    const names = new Set(given.map((f) => f.replace(/^-/, '')));
    for (const pk of main.metadata.primaryColumns) if (!names.has(pk.propertyPath)) given.push(pk.propertyPath);
    this.ordering = Object.freeze(given);
    for (const term of this.resolve(queryset.clone())) {
      if (term.alias !== main.name) {
        throw new ImproperlyConfigured(`CursorPaginator: '${term.field}' is not a column of ${main.metadata.name}; order on the entity's own columns.`);
      }
      if (term.column.isNullable) {
        throw new ImproperlyConfigured(`CursorPaginator: the column '${term.field}' is nullable; keyset pagination needs NOT NULL ordering columns.`);
      }
    }
    const secret = options.secretKey ?? databaseFor(options.request).secretKey;
    this.key = createHash('sha256').update('express-generic-views.CursorPaginator\0').update(secret).digest();
    this.fingerprint = `${main.metadata.name}:${this.ordering.join(',')}`;
  }

  /**
   * The page after (or, for a cursor from `previousCursor`, before) `cursor`; the first page when
   * `cursor` is empty. InvalidCursor when the cursor was not made by this paginator.
   */
  async page(cursor?: string | null): Promise<CursorPage<T>> {
    const qb = this.objectList.clone();
    const terms = this.resolve(qb);
    let backwards = false;
    if (cursor) {
      const decoded = this.decode(cursor, terms, qb);
      backwards = decoded.backwards;
      this.applyBoundary(qb, terms, decoded.values, backwards);
    }
    qb.orderBy();
    for (const term of terms) qb.addOrderBy(term.expression, term.descending !== backwards ? 'DESC' : 'ASC');
    const joins = qb.expressionMap.joinAttributes.length > 0;
    const rows = await (joins ? qb.take(this.perPage + 1) : qb.limit(this.perPage + 1)).getMany();
    const more = rows.length > this.perPage;
    const items = rows.slice(0, this.perPage);
    if (backwards) items.reverse();
    const hasNext = backwards ? true : more;
    const hasPrevious = backwards ? more : !!cursor;
    const first = items[0];
    const last = items[items.length - 1];
    return new CursorPage(
      items,
      this,
      hasNext && last ? this.encode(last, terms, false) : null,
      hasPrevious && first ? this.encode(first, terms, true) : null,
    );
  }

  private resolve(qb: SelectQueryBuilder<T>): ResolvedOrder[] {
    return resolveOrdering(qb, this.ordering);
  }

  /** `(a > :a) OR (a = :a AND b > :b) …`, with `<` for descending terms (flipped going backwards). */
  private applyBoundary(qb: SelectQueryBuilder<T>, terms: ResolvedOrder[], values: unknown[], backwards: boolean): void {
    const names = values.map((_, i) => `egv_cursor_${i}`);
    qb.andWhere(
      new Brackets((outer) => {
        terms.forEach((term, i) => {
          outer.orWhere(
            new Brackets((inner) => {
              for (let j = 0; j < i; j++) inner.andWhere(`${terms[j].expression} = :${names[j]}`);
              const op = term.descending !== backwards ? '<' : '>';
              inner.andWhere(`${term.expression} ${op} :${names[i]}`);
            }),
          );
        });
      }),
    );
    qb.setParameters(Object.fromEntries(names.map((name, i) => [name, values[i]])));
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }

  private encode(row: T, terms: ResolvedOrder[], backwards: boolean): string {
    const values = terms.map((term) => encodeValue(term.column.getEntityValue(row)));
    const payload = Buffer.from(JSON.stringify({ o: this.fingerprint, b: backwards ? 1 : 0, v: values })).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  private decode(cursor: string, terms: ResolvedOrder[], qb: SelectQueryBuilder<T>): { values: unknown[]; backwards: boolean } {
    const invalid = () => new InvalidCursor('Invalid cursor');
    if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH) throw invalid();
    const dot = cursor.indexOf('.');
    if (dot <= 0) throw invalid();
    const payload = cursor.slice(0, dot);
    const given = Buffer.from(cursor.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.sign(payload), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    let data: { o?: unknown; b?: unknown; v?: unknown };
    try {
      data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw invalid();
    }
    if (!data || data.o !== this.fingerprint || !Array.isArray(data.v) || data.v.length !== terms.length) throw invalid();
    const values = data.v.map((raw, i) => {
      const value = lookupValue(terms[i].column, decodeValue(raw), qb.dataSource);
      if (value === NO_MATCH || value === null) throw invalid();
      return value;
    });
    return { values, backwards: data.b === 1 };
  }
}
