/**
 * Django's tests/pagination ModelPaginationTests on a query builder, the queries a paginated
 * ListView runs (one COUNT, one page), and the CursorPaginator (keyset pages, signed cursors).
 */
import request from 'supertest';
import { Column, Entity, ManyToOne, OneToMany, PrimaryGeneratedColumn, type DataSource, type EntityManager } from 'typeorm';
import {
  CursorPaginator,
  EmptyPage,
  InvalidCursor,
  InvalidPage,
  ImproperlyConfigured,
  ListView,
  Paginator,
  defineApp,
  path,
  queryFor,
} from '../../src';
import { makeApp, quietLogger } from '../helpers';
import { loggedDataSource, type QueryLog } from './query-log';
import { BOOKS_TEMPLATES, context } from './support';
import { databaseKind } from './test-datasource';

@Entity('pagination_article')
class Article {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 100 }) headline!: string;
  @Column('integer') rank!: number;
  @Column('date') pubDate!: string;
  @Column('varchar', { length: 20, nullable: true }) note!: string | null;
  @OneToMany(() => Remark, (remark) => remark.article) remarks!: Remark[];
}

@Entity('pagination_remark')
class Remark {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 100 }) text!: string;
  @ManyToOne(() => Article, (article) => article.remarks, { nullable: false }) article!: Article;
}

const SECRET = 'a-secret-key-for-the-cursor-tests';
const ordered = (m: EntityManager) => m.getRepository(Article).createQueryBuilder('article').orderBy('article.id');

class Articles extends ListView<Article> {
  override queryset = ordered;
  override templateName = 'books/list.pug';
}
class Unordered extends ListView<Article> {
  override model = Article;
  override templateName = 'books/list.pug';
}
class CursorArticles extends ListView<Article> {
  override model = Article;
  override templateName = 'books/list.pug';
  override paginatorClass = CursorPaginator;
  override ordering = ['-rank'];
  override paginateBy: number | null = 4;
}

describe(`pagination of query builders on ${databaseKind}`, () => {
  let ds: DataSource;
  let log: QueryLog;
  let app: ReturnType<typeof makeApp>;
  const logger = quietLogger();
  const qb = () => ds.getRepository(Article).createQueryBuilder('article').orderBy('article.id');
  const get = (url: string) => request(app).get(url);

  beforeAll(async () => {
    ({ dataSource: ds, log } = loggedDataSource([Article, Remark]));
    app = makeApp({
      dataSource: ds,
      secretKey: SECRET,
      logger,
      installedApps: [defineApp({ label: 'books', entities: [Article], templates: BOOKS_TEMPLATES })],
      rootUrlconf: [
        path('articles/', Articles.asView({ paginateBy: 5 })),
        path('articles/all/', Articles.asView()),
        path('articles/unordered/', Unordered.asView({ paginateBy: 5 })),
        path('articles/cursor/', CursorArticles.asView()),
      ],
    });
    await app.ready();
    for (let i = 1; i <= 9; i++) {
      await ds.getRepository(Article).insert({ headline: `Article ${i}`, rank: Math.ceil(i / 3), pubDate: `2005-07-${String(20 + i).padStart(2, '0')}`, note: null });
    }
    // Three remarks on article 1, one on article 2: a to-many join repeats article 1's row.
    for (const [article, text] of [[1, 'a'], [1, 'b'], [1, 'c'], [2, 'd']] as const) {
      await ds.getRepository(Remark).insert({ text, article: { id: article } });
    }
  });
  afterAll(async () => {
    await ds.destroy();
  });

  test('the first page', async () => {
    const paginator = new Paginator(qb(), 5);
    const p = await paginator.page(1);
    expect(String(p)).toBe('<Page 1 of 2>');
    expect(p.objectList.map((a) => a.headline)).toEqual(['Article 1', 'Article 2', 'Article 3', 'Article 4', 'Article 5']);
    expect([p.hasNext(), p.hasPrevious(), p.hasOtherPages()]).toEqual([true, false, true]);
    expect(p.nextPageNumber()).toBe(2);
    expect(() => p.previousPageNumber()).toThrow(InvalidPage);
    expect([p.startIndex(), p.endIndex()]).toEqual([1, 5]);
  });

  test('the last page', async () => {
    const p = await new Paginator(qb(), 5).page(2);
    expect(String(p)).toBe('<Page 2 of 2>');
    expect(p.objectList.map((a) => a.headline)).toEqual(['Article 6', 'Article 7', 'Article 8', 'Article 9']);
    expect([p.hasNext(), p.hasPrevious(), p.hasOtherPages()]).toEqual([false, true, true]);
    expect(() => p.nextPageNumber()).toThrow(EmptyPage);
    expect(p.previousPageNumber()).toBe(1);
    expect([p.startIndex(), p.endIndex()]).toEqual([6, 9]);
  });

  test('one COUNT and one query per page, whatever the depth', async () => {
    const paginator = new Paginator(qb(), 2);
    const queries = await log.during(async () => {
      await paginator.page(1);
      await paginator.page(5);
    });
    expect(queries).toHaveLength(3);
    expect(queries[0].sql).toMatch(/COUNT/i);
  });

  test("the count is Django's COUNT(*), filtered like the query, whatever its ordering and slice", async () => {
    const paginator = new Paginator(qb().where('article.rank >= :rank', { rank: 2 }).orderBy('article.headline', 'DESC').take(1), 4);
    const queries = await log.during(() => paginator.acount());
    expect(paginator.count).toBe(6);
    expect(queries).toHaveLength(1);
    // SQLite answers a bare COUNT(*) from the b-tree; COUNT(1) would read every row.
    expect(queries[0].sql).toMatch(/SELECT COUNT\(\*\) AS "cnt" FROM "pagination_article" "article" WHERE "article"\."rank" >= /);
    expect(queries[0].sql).not.toMatch(/ORDER BY|LIMIT|OFFSET/);
  });

  test('a query that joins a to-many relation counts entities, not joined rows', async () => {
    const joined = qb().leftJoinAndSelect('article.remarks', 'remark');
    const paginator = new Paginator(joined, 5);
    const queries = await log.during(() => paginator.acount());
    expect(paginator.count).toBe(9);
    expect(queries[0].sql).toMatch(/COUNT\(DISTINCT/);
    const inner = new Paginator(qb().innerJoin('article.remarks', 'remark'), 5);
    expect(await inner.acount()).toBe(2);
    expect((await inner.page(1)).objectList.map((a) => a.headline)).toEqual(['Article 1', 'Article 2']);
  });

  test('a paginated ListView runs two queries; an unpaginated one, one', async () => {
    let queries = await log.during(async () => {
      expect(context(await get('/articles/?page=2')).objectList).toHaveLength(4);
    });
    expect(queries).toHaveLength(2);
    queries = await log.during(async () => {
      expect(context(await get('/articles/?page=last')).pageObj.page).toBe(2);
    });
    expect(queries).toHaveLength(2);
    queries = await log.during(async () => {
      expect(context(await get('/articles/all/')).objectList).toHaveLength(9);
    });
    expect(queries).toHaveLength(1);
  });

  test('paginating an unordered query builder logs a warning', async () => {
    logger.lines.length = 0;
    expect((await get('/articles/unordered/')).status).toBe(200);
    expect(logger.lines.join('\n')).toContain('Pagination may yield inconsistent results with an unordered query builder (article)');
    logger.lines.length = 0;
    await get('/articles/');
    expect(logger.lines).toEqual([]);
  });

  describe('CursorPaginator', () => {
    const cursorPaginator = (ordering: string[], perPage = 4) => new CursorPaginator(queryFor(Article), perPage, { ordering, secretKey: SECRET });

    async function walk(paginator: CursorPaginator<Article>): Promise<string[][]> {
      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const page = await paginator.page(cursor);
        pages.push(page.objectList.map((a) => a.headline));
        cursor = page.nextCursor;
      } while (cursor);
      return pages;
    }

    test('forward through every page: ties broken by the primary key, nothing repeated or skipped', async () => {
      const pages = await walk(cursorPaginator(['-rank']));
      expect(pages).toEqual([
        ['Article 7', 'Article 8', 'Article 9', 'Article 4'],
        ['Article 5', 'Article 6', 'Article 1', 'Article 2'],
        ['Article 3'],
      ]);
    });

    test('ascending by a date column', async () => {
      const pages = await walk(cursorPaginator(['pubDate'], 5));
      expect(pages.flat()).toEqual(Array.from({ length: 9 }, (_, i) => `Article ${i + 1}`));
    });

    test('back from a page with previousCursor', async () => {
      const paginator = cursorPaginator(['-rank']);
      const first = await paginator.page(null);
      expect(first.hasPrevious()).toBe(false);
      expect(first.previousCursor).toBeNull();
      const second = await paginator.page(first.nextCursor);
      const third = await paginator.page(second.nextCursor);
      expect(third.hasNext()).toBe(false);
      const back = await paginator.page(third.previousCursor);
      expect(back.objectList.map((a) => a.headline)).toEqual(second.objectList.map((a) => a.headline));
      expect(back.hasPrevious()).toBe(true);
      const start = await paginator.page(back.previousCursor);
      expect(start.objectList.map((a) => a.headline)).toEqual(first.objectList.map((a) => a.headline));
      expect(start.hasPrevious()).toBe(false);
      expect(start.hasNext()).toBe(true);
    });

    test('each page is one query with WHERE … LIMIT, no OFFSET and no COUNT', async () => {
      const paginator = cursorPaginator(['-rank'], 2);
      const first = await paginator.page(null);
      const queries = await log.during(() => paginator.page(first.nextCursor));
      expect(queries).toHaveLength(1);
      expect(queries[0].sql).not.toMatch(/OFFSET|COUNT/i);
      expect(queries[0].sql).toMatch(/LIMIT/i);
    });

    test('a forged, truncated or foreign cursor is InvalidCursor', async () => {
      const paginator = cursorPaginator(['-rank']);
      const { nextCursor } = await paginator.page(null);
      const [payload, signature] = nextCursor!.split('.');
      const tampered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), v: [0, 0] })).toString('base64url');
      for (const bad of [`${tampered}.${signature}`, `${payload}.`, payload, 'garbage', '.', `${payload}.${signature}x`, 'x'.repeat(5000)]) {
        await expect(paginator.page(bad)).rejects.toBeInstanceOf(InvalidCursor);
      }
      await expect(cursorPaginator(['rank']).page(nextCursor)).rejects.toBeInstanceOf(InvalidCursor);
      const otherKey = new CursorPaginator(queryFor(Article), 4, { ordering: ['-rank'], secretKey: 'another-key' });
      await expect(otherKey.page(nextCursor)).rejects.toBeInstanceOf(InvalidCursor);
    });

    test('nullable or foreign ordering columns are refused', () => {
      expect(() => cursorPaginator(['note'])).toThrow(ImproperlyConfigured);
      expect(() => cursorPaginator(['nope'])).toThrow("Cannot resolve 'nope'");
      expect(() => new CursorPaginator(queryFor(Article), 0, { secretKey: SECRET })).toThrow(RangeError);
    });

    test('in a ListView: cursors in links, a forged one is a 404', async () => {
      const c = context(await get('/articles/cursor/'));
      expect(c.objectList).toEqual(['Article 7', 'Article 8', 'Article 9', 'Article 4']);
      expect(c.isPaginated).toBe(true);
      expect(c.paginator.paginator).toBe('CursorPaginator');
      const next = context(await get(`/articles/cursor/?page=${c.pageObj.nextCursor}`));
      expect(next.objectList).toEqual(['Article 5', 'Article 6', 'Article 1', 'Article 2']);
      expect(next.pageObj.hasPrevious).toBe(true);
      for (const bad of ['abc', '1', c.pageObj.nextCursor.slice(0, -2), "' OR 1=1 --"]) {
        expect((await get(`/articles/cursor/?page=${encodeURIComponent(bad)}`)).status).toBe(404);
      }
    });
  });
});
