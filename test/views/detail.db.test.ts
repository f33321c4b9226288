/**
 * Port of Django's tests/generic_views/test_detail.py (DetailViewTest) on a real database, through
 * supertest, plus the lookups that must never widen (a bad URL value is a 404, never the first row).
 */
import request from 'supertest';
import { Column, Entity, PrimaryGeneratedColumn, type DataSource, type EntityManager } from 'typeorm';
import { DetailView, path, rePath, type HttpRequest } from '../../src';
import { databaseKind } from '../db/test-datasource';
import { booksApp, context, type BooksApp } from '../db/support';

@Entity('detail_author')
class Author {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 100 }) name!: string;
  @Column('varchar', { length: 50 }) slug!: string;
}

@Entity('detail_artist')
class Artist {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 100 }) name!: string;
}

@Entity('detail_page')
class Page {
  @PrimaryGeneratedColumn() id!: number;
  @Column('text') content!: string;
  @Column('varchar', { length: 255 }) template!: string;
}

class ObjectDetail extends DetailView {
  override templateName = 'books/detail.pug';
  override async getObject() {
    return { foo: 'bar' };
  }
}
class ArtistDetail extends DetailView<Artist> {
  override queryset = (m: EntityManager) => m.getRepository(Artist).createQueryBuilder('artist');
}
class AuthorDetail extends DetailView<Author> {
  override queryset = (m: EntityManager) => m.getRepository(Author).createQueryBuilder('author');
}
class AuthorByModel extends DetailView<Author> {
  override model = Author;
}
class AuthorCustomDetail extends DetailView<Author> {
  override templateName = 'books/author_detail.pug';
  override model = Author;
  override async get(_request: HttpRequest) {
    // getContextObjectName() must not depend on this.object.
    const author = await this.getObject();
    return this.renderToResponse({ [`custom_${this.getContextObjectName(author)}`]: author });
  }
}
class PageDetail extends DetailView<Page> {
  override model = Page;
  override templateNameField: string | null = 'template';
}
class NonModel {
  readonly id = 'non_model_1';
}
class NonModelDetail extends DetailView {
  override templateName = 'books/detail.pug';
  override async getObject() {
    return new NonModel();
  }
}

const urls = [
  path('detail/obj/', ObjectDetail.asView()),
  path('detail/artist/<int:pk>/', ArtistDetail.asView(), { name: 'artist_detail' }),
  path('detail/author/<int:pk>/', AuthorDetail.asView(), { name: 'author_detail' }),
  path('detail/author/bycustompk/<foo>/', AuthorDetail.asView({ pkUrlKwarg: 'foo' })),
  path('detail/author/byslug/<slug>/', AuthorDetail.asView()),
  path('detail/author/bycustomslug/<foo>/', AuthorDetail.asView({ slugUrlKwarg: 'foo' })),
  path('detail/author/bypkignoreslug/<int:pk>-<slug>/', AuthorDetail.asView()),
  path('detail/author/bypkandslug/<int:pk>-<slug>/', AuthorDetail.asView({ queryPkAndSlug: true })),
  path('detail/author/<int:pk>/template_name_suffix/', AuthorDetail.asView({ templateNameSuffix: '_view' })),
  path('detail/author/<int:pk>/template_name/', AuthorDetail.asView({ templateName: 'books/about.pug' })),
  path('detail/author/<int:pk>/context_object_name/', AuthorDetail.asView({ contextObjectName: 'thingy' })),
  path('detail/author/<int:pk>/custom_detail/', AuthorCustomDetail.asView()),
  path('detail/author/<int:pk>/dupe_context_object_name/', AuthorDetail.asView({ contextObjectName: 'object' })),
  path('detail/page/<int:pk>/field/', PageDetail.asView()),
  path('detail/author/invalid/url/', AuthorDetail.asView()),
  path('detail/author/invalid/qs/', AuthorDetail.asView({ queryset: null })),
  path('detail/nonmodel/1/', NonModelDetail.asView()),
  path('detail/model/<str:pk>/', AuthorByModel.asView()),
  rePath('^detail/re/(?<pk>[^/]*)/$', AuthorByModel.asView()),
];

describe(`DetailView on ${databaseKind}`, () => {
  let env: BooksApp;
  let ds: DataSource;
  let artist: Artist;
  let author1: Author;
  let author2: Author;
  let page: Page;
  const get = (url: string) => request(env.app).get(url);

  beforeAll(async () => {
    env = await booksApp([Author, Artist, Page], urls);
    ds = env.dataSource;
    artist = await ds.getRepository(Artist).save({ name: 'Rene Magritte' });
    author1 = await ds.getRepository(Author).save({ name: 'Roberto Bolaño', slug: 'roberto-bolano' });
    author2 = await ds.getRepository(Author).save({ name: 'Scott Rosenberg', slug: 'scott-rosenberg' });
    page = await ds.getRepository(Page).save({ content: 'I was once bitten by a moose.', template: 'books/page_template.pug' });
  });
  afterAll(async () => {
    await ds.destroy();
  });

  test('a plain object with templateName', async () => {
    const c = context(await get('/detail/obj/'));
    expect(c.object).toBe(JSON.stringify({ foo: 'bar' }));
    expect(c.view).toBe('view:ObjectDetail');
    expect(c.template).toBe('books/detail.pug');
  });

  test('by pk: object and author, default template', async () => {
    const c = context(await get(`/detail/author/${author1.id}/`));
    expect(c.object).toBe('Roberto Bolaño');
    expect(c.author).toBe('Roberto Bolaño');
    expect(c).not.toHaveProperty('thingy');
    expect(c.template).toBe('books/author_detail.pug');
  });

  test('a missing pk is a 404 with the verbose name', async () => {
    const res = await get('/detail/author/500/');
    expect(res.status).toBe(404);
    expect(res.text).toBe('404: No author found matching the query');
  });

  test('a custom pkUrlKwarg', async () => {
    expect(context(await get(`/detail/author/bycustompk/${author1.id}/`)).author).toBe('Roberto Bolaño');
  });

  test('by slug', async () => {
    const c = context(await get('/detail/author/byslug/scott-rosenberg/'));
    expect(c.object).toBe('Scott Rosenberg');
    expect(c.author).toBe('Scott Rosenberg');
  });

  test('a custom slugUrlKwarg', async () => {
    expect(context(await get('/detail/author/bycustomslug/scott-rosenberg/')).author).toBe('Scott Rosenberg');
  });

  test('pk and slug in the URL: the slug is ignored by default', async () => {
    expect(context(await get(`/detail/author/bypkignoreslug/${author1.id}-roberto-bolano/`)).author).toBe('Roberto Bolaño');
    expect(context(await get(`/detail/author/bypkignoreslug/${author1.id}-scott-rosenberg/`)).author).toBe('Roberto Bolaño');
  });

  test('queryPkAndSlug: both must match', async () => {
    expect(context(await get(`/detail/author/bypkandslug/${author1.id}-roberto-bolano/`)).author).toBe('Roberto Bolaño');
    expect((await get(`/detail/author/bypkandslug/${author1.id}-scott-rosenberg/`)).status).toBe(404);
  });

  test('the context name is the model name: artist', async () => {
    const c = context(await get(`/detail/artist/${artist.id}/`));
    expect(c.artist).toBe('Rene Magritte');
    expect(c.template).toBe('books/artist_detail.pug');
  });

  test('templateName', async () => {
    const c = context(await get(`/detail/author/${author1.id}/template_name/`));
    expect(c.template).toBe('books/about.pug');
    expect(c.author).toBe('Roberto Bolaño');
  });

  test('templateNameSuffix', async () => {
    expect(context(await get(`/detail/author/${author1.id}/template_name_suffix/`)).template).toBe('books/author_view.pug');
  });

  test("templateNameField: the object's own template", async () => {
    const c = context(await get(`/detail/page/${page.id}/field/`));
    expect(c.template).toBe('books/page_template.pug');
    expect(c.page).toBe('I was once bitten by a moose.');
  });

  test('contextObjectName replaces the model name', async () => {
    const c = context(await get(`/detail/author/${author1.id}/context_object_name/`));
    expect(c.thingy).toBe('Roberto Bolaño');
    expect(c.object).toBe('Roberto Bolaño');
    expect(c).not.toHaveProperty('author');
  });

  test("contextObjectName 'object' only duplicates", async () => {
    const c = context(await get(`/detail/author/${author1.id}/dupe_context_object_name/`));
    expect(c.object).toBe('Roberto Bolaño');
    expect(c).not.toHaveProperty('author');
  });

  test('getContextObjectName() does not need this.object', async () => {
    const c = context(await get(`/detail/author/${author1.id}/custom_detail/`));
    expect(c.custom_author).toBe('Roberto Bolaño');
    expect(c).not.toHaveProperty('object');
  });

  test('neither pk nor slug in the URL: a 500 naming the fix', async () => {
    expect((await get('/detail/author/invalid/url/')).status).toBe(500);
    expect(env.logger.lines.join('\n')).toContain('Generic detail view AuthorDetail must be called with either an object pk or a slug in the URLconf.');
  });

  test('neither model nor queryset: ImproperlyConfigured', async () => {
    expect((await get('/detail/author/invalid/qs/')).status).toBe(500);
    expect(env.logger.lines.join('\n')).toContain('AuthorDetail is missing a QuerySet.');
  });

  test('an object that is not an entity, with templateName: only object', async () => {
    const c = context(await get('/detail/nonmodel/1/'));
    expect(c.object).toBe('non_model_1');
    expect(Object.keys(c).sort()).toEqual(['object', 'template', 'view']);
  });

  test.each([
    ['abc', 'not an integer'],
    ['1.5', 'not an integer'],
    ['-0x1', 'hex'],
    ['1 OR 1=1', 'SQL'],
    ['99999999999', 'beyond a 32-bit integer column'],
    ['99999999999999999999999', 'beyond 64 bits'],
  ])('a pk of %s (%s) is a 404, never a 500 or the first row', async (pk) => {
    const res = await get(`/detail/model/${encodeURIComponent(pk)}/`);
    expect(res.status).toBe(404);
    expect(res.text).toBe('404: No author found matching the query');
  });

  test('a pk given as digits in a str parameter is converted', async () => {
    expect(context(await get(`/detail/model/${author2.id}/`)).author).toBe('Scott Rosenberg');
  });

  test('an empty pk from a regex group is a 404, never the first row', async () => {
    const res = await get('/detail/re//');
    expect(res.status).toBe(404);
  });

  test('a slug with SQL in it finds nothing and changes nothing', async () => {
    const res = await get(`/detail/author/byslug/${encodeURIComponent("x' OR '1'='1")}/`);
    expect(res.status).toBe(404);
    const quoted = await get(`/detail/author/bycustomslug/${encodeURIComponent("'; DROP TABLE detail_author; --")}/`);
    expect(quoted.status).toBe(404);
    expect(await ds.getRepository(Author).count()).toBe(2);
  });

  test('a unique-looking slug that matches two rows is MultipleObjectsReturned (500)', async () => {
    const twin = await ds.getRepository(Author).save({ name: 'Twin', slug: 'roberto-bolano' });
    try {
      expect((await get('/detail/author/byslug/roberto-bolano/')).status).toBe(500);
      expect(env.logger.lines.join('\n')).toContain('get() returned more than one Author');
    } finally {
      await ds.getRepository(Author).delete(twin.id);
    }
  });
});
