/**
 * Port of Django's tests/get_object_or_404 plus what TypeORM needs on top: lookups never widen
 * (undefined, NaN, malformed values find nothing), values are bound as parameters, and ordering
 * strings are checked against the entity.
 */
import request from 'supertest';
import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, type DataSource } from 'typeorm';
import {
  Http404,
  HttpResponse,
  ImproperlyConfigured,
  MultipleObjectsReturned,
  appLabelOf,
  applyOrdering,
  contextName,
  defineApp,
  getListOr404,
  getObjectOr404,
  modelName,
  parseOrdering,
  path,
  queryFor,
  sortByOrdering,
  templateNameFor,
  verboseName,
  type HttpRequest,
  type Kwargs,
} from '../../src';
import { makeApp } from '../helpers';
import { loggedDataSource, type QueryLog } from './query-log';
import { databaseKind } from './test-datasource';

@Entity('lookups_author')
class Author {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 50 }) name!: string;
  @OneToMany(() => Article, (a) => a.author) articles!: Article[];
}

@Entity('lookups_article')
class Article {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 50 }) title!: string;
  @Column('boolean') published!: boolean;
  @Column('date', { nullable: true }) publishedOn!: string | null;
  @Column('uuid', { nullable: true }) ref!: string | null;
  @ManyToOne(() => Author, (a) => a.articles, { nullable: true }) @JoinColumn({ name: 'authorId' }) author!: Author | null;
}

class MovieScreening {}
class HTMLPage {}

describe(`getObjectOr404, getListOr404 and ordering on ${databaseKind}`, () => {
  let ds: DataSource;
  let log: QueryLog;
  let app: ReturnType<typeof makeApp>;
  let brown: Author;
  let first: Article;

  const byKwargs = (req: HttpRequest, kwargs: Kwargs) =>
    getObjectOr404(Article, { id: kwargs.id }, req).then((a) => new HttpResponse(a.title));
  const bySlug = (req: HttpRequest, kwargs: Kwargs) =>
    getObjectOr404(Article, { title: kwargs.title }, req).then((a) => new HttpResponse(a.title));

  beforeAll(async () => {
    ({ dataSource: ds, log } = loggedDataSource([Author, Article]));
    app = makeApp({
      dataSource: ds,
      installedApps: [defineApp({ label: 'news', entities: [Author, Article] })],
      rootUrlconf: [path('a/<str:id>/', byKwargs), path('t/<str:title>/', bySlug), path('none/', (r) => byKwargs(r, {}))],
      handler404: (_r, kwargs) => new HttpResponse(`404: ${(kwargs.exception as Error).message}`, { status: 404 }),
    });
    await app.ready();
    brown = await ds.getRepository(Author).save({ name: 'Brave Sir Robin' });
    first = await ds.getRepository(Article).save({ title: 'Run away!', published: true, publishedOn: '2008-10-01', ref: null, author: brown });
    await ds.getRepository(Article).save({ title: 'Run away!', published: false, publishedOn: null, ref: '0c1b8e4e-8f5a-4b33-9a5e-5f8d1c2b3a4d', author: null });
    await ds.getRepository(Article).save({ title: 'Tim the Enchanter', published: true, publishedOn: '2009-01-01', ref: null, author: brown });
  });
  afterAll(async () => {
    await ds.destroy();
  });

  test('the one matching row', async () => {
    const article = await getObjectOr404(Article, { title: 'Tim the Enchanter' });
    expect(article.title).toBe('Tim the Enchanter');
    expect((await getObjectOr404(Article, { id: first.id })).id).toBe(first.id);
  });

  test('no row: Http404 naming the entity', async () => {
    await expect(getObjectOr404(Article, { title: 'Nobody expects' })).rejects.toThrow(new Http404('No Article matches the given query.'));
  });

  test('several rows: MultipleObjectsReturned', async () => {
    await expect(getObjectOr404(Article, { title: 'Run away!' })).rejects.toBeInstanceOf(MultipleObjectsReturned);
    await expect(getObjectOr404(Article)).rejects.toBeInstanceOf(MultipleObjectsReturned);
  });

  test('a query builder narrows first', async () => {
    const published = ds.getRepository(Article).createQueryBuilder('article').where('article.published = :p', { p: true });
    expect((await getObjectOr404(published, { title: 'Run away!' })).published).toBe(true);
    await expect(getObjectOr404(published.clone().andWhere('1 = 0'), { title: 'Run away!' })).rejects.toThrow('No Article matches the given query.');
  });

  test.each([
    ['undefined', undefined],
    ['NaN', NaN],
    ['text for an integer key', 'abc'],
    ['a float', 1.5],
    ['SQL', '1 OR 1=1'],
    ['an integer out of range', 2 ** 40],
  ])('%s as the key finds nothing, never the first row', async (_what, value) => {
    await expect(getObjectOr404(Article, { id: value })).rejects.toBeInstanceOf(Http404);
  });

  test('through a URL: a missing or malformed value is a 404', async () => {
    expect((await request(app).get(`/a/${first.id}/`)).text).toBe('Run away!');
    for (const bad of ['abc', '1e3', '0x10', ' 1', '%27%20OR%201%3D1']) {
      const res = await request(app).get(`/a/${bad}/`);
      expect(res.status).toBe(404);
    }
    expect((await request(app).get('/none/')).text).toBe('404: No Article matches the given query.');
  });

  test('a value with SQL in it is a bound parameter, never SQL text', async () => {
    const evil = "x'; DELETE FROM lookups_article; --";
    const queries = await log.during(async () => {
      expect((await request(app).get(`/t/${encodeURIComponent(evil)}/`)).status).toBe(404);
    });
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) expect(q.sql).not.toContain('DELETE');
    expect(queries.flatMap((q) => q.parameters)).toContain(evil);
    expect(await ds.getRepository(Article).count()).toBe(3);
  });

  test('values are converted for their column: booleans, dates, UUIDs', async () => {
    expect((await getObjectOr404(Article, { published: 'false' })).published).toBe(false);
    expect((await getObjectOr404(Article, { publishedOn: '2009-01-01' })).title).toBe('Tim the Enchanter');
    await expect(getObjectOr404(Article, { publishedOn: '2009-02-30' })).rejects.toBeInstanceOf(Http404);
    await expect(getObjectOr404(Article, { published: 'maybe' })).rejects.toBeInstanceOf(Http404);
    expect((await getObjectOr404(Article, { ref: '0C1B8E4E-8F5A-4B33-9A5E-5F8D1C2B3A4D' })).published).toBe(false);
    await expect(getObjectOr404(Article, { ref: 'not-a-uuid' })).rejects.toBeInstanceOf(Http404);
  });

  test('null means IS NULL; a relation compares its foreign key', async () => {
    expect((await getObjectOr404(Article, { publishedOn: null })).published).toBe(false);
    expect((await getObjectOr404(Article, { author: null })).published).toBe(false);
    expect(await getListOr404(Article, { author: brown.id })).toHaveLength(2);
    expect(await getListOr404(Article, { author: String(brown.id) })).toHaveLength(2);
    await expect(getListOr404(Article, { author: 'abc' })).rejects.toBeInstanceOf(Http404);
  });

  test('relations: dotted paths and nested objects', async () => {
    const rows = await getListOr404(Article, { 'author.name': 'Brave Sir Robin' });
    expect(rows.map((a) => a.title).sort()).toEqual(['Run away!', 'Tim the Enchanter']);
    expect(await getListOr404(Article, { author: { id: brown.id } })).toHaveLength(2);
    await expect(getListOr404(Article, { author: { id: 'abc' } })).rejects.toBeInstanceOf(Http404);
  });

  test('getListOr404: the rows, or Http404 when there are none', async () => {
    expect(await getListOr404(Article, { published: true })).toHaveLength(2);
    await expect(getListOr404(Article, { title: 'Nobody' })).rejects.toThrow('No Article matches the given query.');
    await expect(getListOr404(ds.getRepository(Author).createQueryBuilder('a').where('1 = 0'))).rejects.toThrow('No Author matches the given query.');
  });

  test('an unknown field or an operator object is a configuration error naming the choices', async () => {
    await expect(getObjectOr404(Article, { titel: 'x' })).rejects.toThrow(
      "Cannot resolve 'titel' into a field of Article. Choices are: author, id, published, publishedOn, ref, title.",
    );
    await expect(getObjectOr404(Article, { title: ['a', 'b'] })).rejects.toBeInstanceOf(ImproperlyConfigured);
  });

  test('applyOrdering: fields, descending, relation paths (joined), checked names', async () => {
    const titles = async (ordering: string[]) => (await applyOrdering(queryFor(Article), ordering).getMany()).map((a) => `${a.title}/${a.published}`);
    expect(await titles(['-title', 'published'])).toEqual(['Tim the Enchanter/true', 'Run away!/false', 'Run away!/true']);
    expect(await titles(['title', '-published'])).toEqual(['Run away!/true', 'Run away!/false', 'Tim the Enchanter/true']);
    // Again: the second time an ordering is resolved from memory, and a relation path still joins.
    expect(await titles(['-title', 'published'])).toEqual(['Tim the Enchanter/true', 'Run away!/false', 'Run away!/true']);
    for (let i = 0; i < 2; i++) {
      const byAuthor = await applyOrdering(queryFor(Article).where('article.authorId IS NOT NULL'), ['author.name', '-id']).getMany();
      expect(byAuthor.map((a) => a.title)).toEqual(['Tim the Enchanter', 'Run away!']);
    }
    expect(() => applyOrdering(queryFor(Article), ['nope'])).toThrow("Cannot resolve 'nope' into a field of Article");
    expect(() => applyOrdering(queryFor(Article), ['title; DROP TABLE x'])).toThrow(ImproperlyConfigured);
    expect(() => applyOrdering(queryFor(Author), ['articles.title'])).toThrow('to-many relation');
  });

  test('parseOrdering and sortByOrdering (lists given to views)', () => {
    expect(parseOrdering('-a')).toEqual([{ field: 'a', descending: true }]);
    expect(parseOrdering(null)).toEqual([]);
    expect(() => parseOrdering(['-'])).toThrow(ImproperlyConfigured);
    const rows = [{ a: 1, b: 'x' }, { a: 2, b: 'y' }, { a: 1, b: 'z' }];
    expect(sortByOrdering(rows, ['a', '-b'])).toEqual([{ a: 1, b: 'z' }, { a: 1, b: 'x' }, { a: 2, b: 'y' }]);
    expect(rows[0]).toEqual({ a: 1, b: 'x' });
  });

  test('names: model, context, verbose, app label, template', () => {
    expect(modelName(MovieScreening)).toBe('moviescreening');
    expect(contextName(MovieScreening)).toBe('movieScreening');
    expect(contextName(HTMLPage)).toBe('htmlPage');
    expect(verboseName(MovieScreening)).toBe('movie screening');
    expect(verboseName(HTMLPage)).toBe('html page');
    expect(appLabelOf(Article)).toBe('news');
    expect(appLabelOf(MovieScreening)).toBeNull();
    expect(templateNameFor(Article, '_list')).toBe('news/article_list.pug');
    expect(templateNameFor(MovieScreening, '_list')).toBeNull();
  });
});
