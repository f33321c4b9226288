import type { EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { CursorPaginator, type CursorPaginatorOptions } from '../../db/cursor';
import type { CursorPage } from '../../db/cursor-page';
import { InvalidPage } from '../../db/errors';
import { isQueryBuilder } from '../../db/lookups';
import { contextName } from '../../db/names';
import { applyOrdering, sortByOrdering, type Ordering } from '../../db/ordering';
import type { Page } from '../../db/page';
import { Paginator, type PaginatorOptions } from '../../db/paginator';
import { modelOf, viewQueryset, type ObjectList, type QuerysetSpec } from '../../db/queryset';
import { Http404 } from '../../http/exceptions';
import type { HttpRequest } from '../../http/request';
import type { Context } from '../../templates/engine';
import type { Kwargs, MaybePromise } from '../../urls/types';
import type { Constructor } from './context';

/** What the list mixins need from the class they extend (a View with ContextMixin). */
export interface ContextView {
  request: HttpRequest;
  kwargs: Kwargs;
  getContextData(kwargs?: Context): MaybePromise<Context>;
}

/** A paginator class for `paginatorClass`: Paginator, CursorPaginator, or a subclass. */
export type PaginatorClass = new (
  list: any,
  perPage: number,
  options: PaginatorOptions & CursorPaginatorOptions,
) => Paginator<any> | CursorPaginator<any>;

/** A page of either paginator. */
export type AnyPage = Page<any> | CursorPage<any>;

const fetched = new WeakMap<object, unknown[]>();

/** Rows of a query builder (fetched once: see `fetchRows`), or the array as it is. */
export async function materialise<T extends ObjectLiteral>(list: ObjectList<T>): Promise<T[]> {
  if (!isQueryBuilder(list)) return [...(list as readonly T[])];
  return (fetched.get(list) as T[] | undefined) ?? fetchRows(list);
}

/** Record the rows of a query builder already known (an empty `none()` query), so listing it runs no query. */
export function knownRows<T extends ObjectLiteral>(list: SelectQueryBuilder<T>, rows: T[]): void {
  fetched.set(list, rows);
}

/** Run a list's query and keep its rows, so the list keeps its entity (for names) and is not queried twice. */
export async function fetchRows<T extends ObjectLiteral>(list: ObjectList<T>): Promise<T[]> {
  if (!isQueryBuilder(list)) return [...(list as readonly T[])];
  const rows = await list.getMany();
  fetched.set(list, rows);
  return rows;
}

const INTEGER = /^\s*[+-]?\d+\s*$/;

/**
 * Adds Django's MultipleObjectMixin: where a list comes from (`model`, `queryset`,
 * `getQueryset()`), its `ordering`, pagination (`paginateBy`, `paginateOrphans`, `pageKwarg`,
 * `paginatorClass`), `allowEmpty`, and the context: `objectList`, `<model>List` (or
 * `contextObjectName`), `paginator`, `pageObj`, `isPaginated`.
 *
 * @example
 * ```ts
 * class Movies extends ListView<Movie> {
 *   override model = Movie;
 *   override ordering = ['-releasedOn', 'title'];
 *   override paginateBy = 20;
 * }
 * ```
 */
export function MultipleObjectMixin<TBase extends Constructor<ContextView>>(Base: TBase) {
  class MultipleObjectMixinView extends Base {
    /** When false, an empty list is a 404. */
    allowEmpty = true;
    /** The rows: a query builder, an array, or a function of the EntityManager returning one. */
    queryset: QuerysetSpec<any> | null = null;
    /** The entity listed when `queryset` is not set. */
    model: EntityTarget<any> | null = null;
    /** Items per page; null (the default) shows everything on one page. */
    paginateBy: number | null = null;
    /** Items that may join the last page instead of making a page of their own. */
    paginateOrphans = 0;
    /** The context name of the list; default `<model>List` (`movieScreeningList`). */
    contextObjectName: string | null = null;
    /** The paginator to use: Paginator (numbered pages) or CursorPaginator (keyset, for big tables). */
    paginatorClass: PaginatorClass = Paginator;
    /** The URL parameter or query parameter that holds the page number (or cursor). */
    pageKwarg = 'page';
    /** Django ordering strings: `'title'`, `['-releasedOn', 'title']`. */
    ordering: Ordering | null = null;
    /** The list of this request (set by `get()`). */
    objectList: ObjectList<any> = [];

    /** The list to show: `queryset` or `model`, ordered by `getOrdering()`. May be async. */
    getQueryset(): MaybePromise<ObjectList<any>> {
      const list = viewQueryset(this.constructor.name, this.model, this.queryset, this.request);
      const ordering = this.getOrdering();
      const empty = ordering === null || ordering === undefined || (Array.isArray(ordering) && ordering.length === 0) || ordering === '';
      if (empty) return list;
      return isQueryBuilder(list) ? applyOrdering(list, ordering) : sortByOrdering(list as readonly unknown[], ordering);
    }

    /** The ordering to apply; `ordering` by default. */
    getOrdering(): Ordering | null {
      return this.ordering;
    }

    /** The page size for `queryset`, or null for no pagination; `paginateBy` by default. */
    getPaginateBy(_queryset: ObjectList<any>): number | null {
      return this.paginateBy;
    }

    /** The orphans of the paginator; `paginateOrphans` by default. */
    getPaginateOrphans(): number {
      return this.paginateOrphans;
    }

    /** Whether an empty list is shown (true) or a 404 (false); `allowEmpty` by default. */
    getAllowEmpty(): boolean {
      return this.allowEmpty;
    }

    /** A paginator of `paginatorClass` for `queryset`. */
    getPaginator(queryset: ObjectList<any>, perPage: number, orphans = 0, allowEmptyFirstPage = true): Paginator<any> | CursorPaginator<any> {
      const ordering = this.getOrdering();
      return new this.paginatorClass(queryset, perPage, {
        orphans,
        allowEmptyFirstPage,
        ordering: ordering ?? undefined,
        request: this.request,
      });
    }

    /** The raw page value: the URL parameter `pageKwarg`, else the query parameter, else null. */
    getPageValue(): unknown {
      const fromUrl = this.kwargs[this.pageKwarg];
      if (fromUrl !== undefined && fromUrl !== null && fromUrl !== '') return fromUrl;
      const fromQuery = this.request.GET.get(this.pageKwarg);
      return fromQuery === null || fromQuery === undefined || fromQuery === '' ? null : fromQuery;
    }

    /**
     * Paginate `queryset`: `[paginator, page, objectList, isPaginated]`. The page value must be
     * an integer or `last` (a cursor for CursorPaginator); anything else, or a page out of range, is a 404.
     */
    async paginateQueryset(queryset: ObjectList<any>, pageSize: number): Promise<[Paginator<any> | CursorPaginator<any>, AnyPage, any[], boolean]> {
      const paginator = this.getPaginator(queryset, pageSize, this.getPaginateOrphans(), this.getAllowEmpty());
      const value = this.getPageValue();
      if (paginator instanceof CursorPaginator) {
        try {
          const page = await paginator.page(value === null ? null : String(value));
          return [paginator, page, page.objectList, page.hasOtherPages()];
        } catch (error) {
          if (error instanceof InvalidPage) throw new Http404(`Invalid page: ${error.message}`);
          throw error;
        }
      }
      let number: number | string;
      if (value === null) number = 1;
      else if (typeof value === 'number' && Number.isInteger(value)) number = value;
      else if (typeof value === 'string' && INTEGER.test(value)) number = BigInt(value.trim()).toString();
      else if (value === 'last') number = await paginator.anumPages();
      else throw new Http404("Page is not 'last', nor can it be converted to an int.");
      try {
        const page = await paginator.page(number);
        return [paginator, page, page.objectList, page.hasOtherPages()];
      } catch (error) {
        if (error instanceof InvalidPage) throw new Http404(`Invalid page (${number}): ${error.message}`);
        throw error;
      }
    }

    /** The context name of the list: `contextObjectName`, else `<model>List` when the list's entity is known, else null. */
    getContextObjectName(objectList: ObjectList<any>): string | null {
      if (this.contextObjectName) return this.contextObjectName;
      const model = modelOf(objectList);
      return model ? `${contextName(model)}List` : null;
    }

    /** The list's context (pagination included), then `kwargs`, then the base context (`view`, `extraContext`). */
    override async getContextData(kwargs: Context = {}): Promise<Context> {
      const { objectList: given, ...rest } = kwargs;
      const queryset: ObjectList<any> = given ?? this.objectList;
      const pageSize = this.getPaginateBy(queryset);
      const name = this.getContextObjectName(queryset);
      let context: Context;
      if (pageSize) {
        const [paginator, page, list, isPaginated] = await this.paginateQueryset(queryset, pageSize);
        context = { paginator, pageObj: page, isPaginated, objectList: list };
      } else {
        context = { paginator: null, pageObj: null, isPaginated: false, objectList: await materialise(queryset) };
      }
      if (name !== null) context[name] = context.objectList;
      Object.assign(context, rest);
      return super.getContextData(context);
    }
  }
  return MultipleObjectMixinView;
}

