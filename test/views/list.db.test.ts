/**
 * Port of Django's tests/generic_views/test_list.py (ListViewTests) on a real database (SQLite,
 * or PostgreSQL with DATABASE_URL), through supertest, with real .pug templates.
 */
import request from 'supertest';
import { Column, Entity, PrimaryGeneratedColumn, type DataSource, type EntityManager } from 'typeorm';
import { ListView, Paginator, path, type Context, type PaginatorOptions } from '../../src';
import { databaseKind } from '../db/test-datasource';
import { booksApp, context, type BooksApp } from '../db/support';

@Entity('list_author')
class Author {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 100 }) name!: string;
  @Column('varchar', { length: 50 }) slug!: string;
}

@Entity('list_artist')
class Artist {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 100 }) name!: string;
}

@Entity('list_book')
class Book {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 300 }) name!: string;
  @Column('varchar', { length: 50 }) slug!: string;
  @Column('integer') pages!: number;
  @Column('date') pubdate!: string;
}

const byName = (m: EntityManager) => m.getRepository(Author).createQueryBuilder('author').orderBy('author.name');

class DictList extends ListView {
  override queryset = [{ name: 'John Lennon' }, { name: 'Yoko Ono' }];
  override templateName = 'books/list.pug';
}
class ArtistList extends ListView<Artist> {
  override templateName = 'books/list.pug';
  override queryset = (m: EntityManager) => m.getRepository(Artist).createQueryBuilder('artist').orderBy('artist.name');
}
class AuthorList extends ListView<Author> {
  override queryset = byName;
}
class BookList extends ListView<Book> {
  override model = Book;
  override ordering: string | string[] | null = '-pubdate';
}
class CustomPaginator<T> extends Paginator<T> {
  constructor(list: any, perPage: number, options: PaginatorOptions = {}) {
    super(list, perPage, { ...options, orphans: 2 });
  }
}
class AuthorListCustomPaginator extends AuthorList {
  override paginateBy: number | null = 5;
  override getPaginator(queryset: any, perPage: number, _orphans = 0, allowEmptyFirstPage = true) {
    return super.getPaginator(queryset, perPage, 2, allowEmptyFirstPage);
  }
}
class AuthorListGetQuerysetReturnsArray extends ListView {
  override getQueryset() {
    return [];
  }
}
class AuthorsWithExtra extends AuthorList {
  override async getContextData(kwargs: Context = {}) {
    const context = await super.getContextData(kwargs);
    return { ...context, extra: 'added' };
  }
}

const urls = [
  path('list/dict/', DictList.asView()),
  path('list/dict/paginated/', DictList.asView({ paginateBy: 1 })),
  path('list/artists/', ArtistList.asView(), { name: 'artists_list' }),
  path('list/authors/', AuthorList.asView(), { name: 'authors_list' }),
  path('list/authors/paginated/', AuthorList.asView({ paginateBy: 30 })),
  path('list/authors/paginated/<int:page>/', AuthorList.asView({ paginateBy: 30 })),
  path('list/authors/paginated-orphaned/', AuthorList.asView({ paginateBy: 30, paginateOrphans: 2 })),
  path('list/authors/notempty/', AuthorList.asView({ allowEmpty: false })),
  path('list/authors/notempty/paginated/', AuthorList.asView({ allowEmpty: false, paginateBy: 2 })),
  path('list/authors/template_name/', AuthorList.asView({ templateName: 'books/list.pug' })),
  path('list/authors/template_name_suffix/', AuthorList.asView({ templateNameSuffix: '_objects' })),
  path('list/authors/context_object_name/', AuthorList.asView({ contextObjectName: 'authors' })),
  path('list/authors/dupe_context_object_name/', AuthorList.asView({ contextObjectName: 'objectList' })),
  path('list/authors/invalid/', AuthorList.asView({ queryset: null })),
  path('list/authors/get_queryset/', AuthorListGetQuerysetReturnsArray.asView()),
  path('list/authors/paginated/custom_class/', AuthorList.asView({ paginateBy: 5, paginatorClass: CustomPaginator })),
  path('list/authors/paginated/custom_page_kwarg/', AuthorList.asView({ paginateBy: 30, pageKwarg: 'pagina' })),
  path('list/authors/paginated/custom_constructor/', AuthorListCustomPaginator.asView()),
  path('list/authors/extra/', AuthorsWithExtra.asView({ extraContext: { fromExtra: 1 } })),
  path('list/books/', BookList.asView()),
  path('list/books/sorted/', BookList.asView({ ordering: 'name' })),
  path('list/books/sortedbypagesandnamedec/', BookList.asView({ ordering: ['pages', '-name'] })),
  path('list/authors/paginated/<str:page>/', AuthorList.asView({ paginateBy: 30 })),
];

describe(`ListView on ${databaseKind}`, () => {
  let env: BooksApp;
  let ds: DataSource;
  const get = (url: string) => request(env.app).get(url);

  beforeAll(async () => {
    env = await booksApp([Author, Artist, Book], urls);
    ds = env.dataSource;
  });
  afterAll(async () => {
    await ds.destroy();
  });
  beforeEach(async () => {
    for (const entity of [Author, Artist, Book]) await ds.getRepository(entity).clear();
  });

  async function makeAuthors(n: number) {
    const rows = Array.from({ length: n }, (_, i) => ({ name: `Author ${String(i).padStart(2, '0')}`, slug: `a${i}` }));
    await ds.getRepository(Author).insert(rows);
  }

  test('a list of plain objects renders with templateName', async () => {
    const c = context(await get('/list/dict/'));
    expect(c.template).toBe('books/list.pug');
    expect(c.objectList).toEqual(['John Lennon', 'Yoko Ono']);
    expect(c.isPaginated).toBe(false);
  });

  test('a query builder: objectList and authorList, no pagination, default template', async () => {
    await makeAuthors(2);
    const c = context(await get('/list/authors/'));
    expect(c.template).toBe('books/author_list.pug');
    expect(c.objectList).toEqual(['Author 00', 'Author 01']);
    expect(c.authorList).toEqual(c.objectList);
    expect(c.paginator).toBeNull();
    expect(c.pageObj).toBeNull();
    expect(c.isPaginated).toBe(false);
    expect(c.view).toBe('view:AuthorList');
  });

  test('paginated: the first page, paginator and pageObj', async () => {
    await makeAuthors(100);
    const c = context(await get('/list/authors/paginated/'));
    expect(c.template).toBe('books/author_list.pug');
    expect(c.objectList).toHaveLength(30);
    expect(c.isPaginated).toBe(true);
    expect(c.pageObj.page).toBe(1);
    expect(c.paginator.numPages).toBe(4);
    expect(c.paginator.count).toBe(100);
    expect(c.authorList[0]).toBe('Author 00');
    expect(c.objectList.at(-1)).toBe('Author 29');
  });

  test('paginated with a short list: one page, not isPaginated', async () => {
    await makeAuthors(1);
    const c = context(await get('/list/authors/paginated/'));
    expect(c.objectList).toHaveLength(1);
    expect(c.pageObj.page).toBe(1);
    expect(c.paginator.numPages).toBe(1);
    expect(c.isPaginated).toBe(false);
  });

  test('?page=2 picks the page from the query string', async () => {
    await makeAuthors(100);
    const c = context(await get('/list/authors/paginated/?page=2'));
    expect(c.objectList).toHaveLength(30);
    expect(c.authorList[0]).toBe('Author 30');
    expect(c.pageObj.page).toBe(2);
  });

  test('?page=last is the last page', async () => {
    await makeAuthors(100);
    const c = context(await get('/list/authors/paginated/?page=last'));
    expect(c.objectList).toHaveLength(10);
    expect(c.authorList[0]).toBe('Author 90');
    expect(c.pageObj.page).toBe(4);
  });

  test('a page from the URL (<int:page>)', async () => {
    await makeAuthors(100);
    const c = context(await get('/list/authors/paginated/3/'));
    expect(c.authorList[0]).toBe('Author 60');
    expect(c.pageObj.page).toBe(3);
  });

  test('a page out of range is a 404 with Django message', async () => {
    await makeAuthors(1);
    const res = await get('/list/authors/paginated/2/');
    expect(res.status).toBe(404);
    expect(res.text).toBe('404: Invalid page (2): That page contains no results');
  });

  test.each([
    ['frog', "404: Page is not 'last', nor can it be converted to an int."],
    ['0', '404: Invalid page (0): That page number is less than 1'],
    ['-1', '404: Invalid page (-1): That page number is less than 1'],
    ['1.5', "404: Page is not 'last', nor can it be converted to an int."],
    ['99999999999999999999', '404: Invalid page (99999999999999999999): That page contains no results'],
    ["1' OR '1'='1", "404: Page is not 'last', nor can it be converted to an int."],
  ])('?page=%s is a 404, never a 500', async (page, message) => {
    await makeAuthors(3);
    const res = await get(`/list/authors/paginated/?page=${encodeURIComponent(page)}`);
    expect(res.status).toBe(404);
    expect(res.text).toBe(message);
  });

  test('a non-numeric page in the URL is a 404', async () => {
    await makeAuthors(3);
    expect((await get('/list/authors/paginated/frog/')).status).toBe(404);
    expect(context(await get('/list/authors/paginated/last/')).pageObj.page).toBe(1);
  });

  test('an empty ?page= counts as no page', async () => {
    await makeAuthors(40);
    expect(context(await get('/list/authors/paginated/?page=')).pageObj.page).toBe(1);
  });

  test('a custom paginator class (orphans 2) puts 7 items on one page', async () => {
    await makeAuthors(7);
    const c = context(await get('/list/authors/paginated/custom_class/'));
    expect(c.paginator.perPage).toBe(5);
    expect(c.paginator.orphans).toBe(2);
    expect(c.objectList).toHaveLength(7);
    expect(c.isPaginated).toBe(false);
  });

  test('a custom pageKwarg', async () => {
    await makeAuthors(100);
    const c = context(await get('/list/authors/paginated/custom_page_kwarg/?pagina=2'));
    expect(c.authorList[0]).toBe('Author 30');
    expect(c.pageObj.page).toBe(2);
  });

  test('a custom getPaginator', async () => {
    await makeAuthors(7);
    const c = context(await get('/list/authors/paginated/custom_constructor/'));
    expect(c.objectList).toHaveLength(7);
    expect(c.paginator.numPages).toBe(1);
  });

  test('paginateOrphans: the last page absorbs the orphans', async () => {
    await makeAuthors(92);
    let c = context(await get('/list/authors/paginated-orphaned/'));
    expect(c.pageObj.page).toBe(1);
    expect(c.paginator.numPages).toBe(3);
    c = context(await get('/list/authors/paginated-orphaned/?page=last'));
    expect(c.pageObj.page).toBe(3);
    expect(c.objectList).toHaveLength(32);
    c = context(await get('/list/authors/paginated-orphaned/?page=3'));
    expect(c.pageObj.page).toBe(3);
    expect((await get('/list/authors/paginated-orphaned/?page=4')).status).toBe(404);
  });

  test('a paginated array', async () => {
    const c = context(await get('/list/dict/paginated/'));
    expect(c.objectList).toEqual(['John Lennon']);
    expect(c.isPaginated).toBe(true);
    expect(c.paginator.numPages).toBe(2);
  });

  test('a list with templateName still knows its model: artistList', async () => {
    await ds.getRepository(Artist).insert([{ name: 'Rene Magritte' }]);
    const c = context(await get('/list/artists/'));
    expect(c.template).toBe('books/list.pug');
    expect(c.artistList).toEqual(['Rene Magritte']);
  });

  test('allowEmpty false: 200 with rows, 404 without', async () => {
    await makeAuthors(1);
    expect((await get('/list/authors/notempty/')).status).toBe(200);
    expect((await get('/list/authors/notempty/paginated/')).status).toBe(200);
    await ds.getRepository(Author).clear();
    const res = await get('/list/authors/notempty/');
    expect(res.status).toBe(404);
    expect(res.text).toBe("404: Empty list and 'AuthorList.allowEmpty' is false.");
    expect((await get('/list/authors/notempty/paginated/')).status).toBe(404);
  });

  test('templateName', async () => {
    expect(context(await get('/list/authors/template_name/')).template).toBe('books/list.pug');
  });

  test('templateNameSuffix', async () => {
    expect(context(await get('/list/authors/template_name_suffix/')).template).toBe('books/author_objects.pug');
  });

  test('contextObjectName replaces <model>List', async () => {
    await makeAuthors(1);
    const c = context(await get('/list/authors/context_object_name/'));
    expect(c.authors).toEqual(['Author 00']);
    expect(c).not.toHaveProperty('authorList');
  });

  test("contextObjectName 'objectList' only duplicates", async () => {
    await makeAuthors(1);
    const c = context(await get('/list/authors/dupe_context_object_name/'));
    expect(c.objectList).toEqual(['Author 00']);
    expect(c).not.toHaveProperty('authorList');
  });

  test('neither model nor queryset: ImproperlyConfigured (500), message logged', async () => {
    const res = await get('/list/authors/invalid/');
    expect(res.status).toBe(500);
    expect(env.logger.lines.join('\n')).toContain('AuthorList is missing a QuerySet. Define AuthorList.model, AuthorList.queryset, or override AuthorList.getQueryset().');
  });

  test('getQueryset returning an array without templateName: ImproperlyConfigured', async () => {
    const res = await get('/list/authors/get_queryset/');
    expect(res.status).toBe(500);
    expect(env.logger.lines.join('\n')).toContain(
      "AuthorListGetQuerysetReturnsArray requires either a 'templateName' attribute or a getQueryset() method that returns a query builder",
    );
  });

  test('getContextData overrides and extraContext reach the template', async () => {
    await makeAuthors(1);
    const c = context(await get('/list/authors/extra/'));
    expect(c.extra).toBe('added');
    expect(c.fromExtra).toBe(1);
    expect(c.authorList).toEqual(['Author 00']);
  });

  test('model + ordering: -pubdate, then explicit orderings', async () => {
    await ds.getRepository(Book).insert([
      { name: '2066', slug: '2066', pages: 800, pubdate: '2008-10-01' },
      { name: 'Dreaming in Code', slug: 'dreaming-in-code', pages: 300, pubdate: '2006-05-01' },
      { name: 'Zebras for Dummies', slug: 'zebras-for-dummies', pages: 300, pubdate: '2006-05-01' },
      { name: 'Apple', slug: 'apple', pages: 300, pubdate: '2007-01-01' },
    ]);
    let c = context(await get('/list/books/'));
    expect(c.template).toBe('books/book_list.pug');
    expect(c.bookList.slice(0, 2)).toEqual(['2066', 'Apple']);
    c = context(await get('/list/books/sorted/'));
    expect(c.objectList).toEqual(['2066', 'Apple', 'Dreaming in Code', 'Zebras for Dummies']);
    c = context(await get('/list/books/sortedbypagesandnamedec/'));
    expect(c.objectList).toEqual(['Zebras for Dummies', 'Dreaming in Code', 'Apple', '2066']);
  });

  test('HEAD answers like GET without a body; POST is 405', async () => {
    await makeAuthors(1);
    const head = await request(env.app).head('/list/authors/');
    expect(head.status).toBe(200);
    const post = await request(env.app).post('/list/authors/');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD, OPTIONS');
  });
});
