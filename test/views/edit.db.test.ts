/**
 * Port of Django's tests/generic_views/test_edit.py (CreateView, UpdateView, DeleteView) on a
 * real database, through supertest. FormMixin and FormView: edit-form.test.ts.
 */
import { IsOptional, IsString, MaxLength } from 'class-validator';
import request from 'supertest';
import { Column, Entity, PrimaryGeneratedColumn, type DataSource, type EntityManager } from 'typeorm';
import {
  CreateView,
  currentManager,
  HttpResponse,
  modelForm,
  path,
  rePath,
  reverse,
  UpdateView,
} from '../../src';
import { databaseKind } from '../db/test-datasource';
import { dump, editingApp, type EditingApp } from './edit-support';

@Entity('edit_author')
class Author {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 100 }) name!: string;
  @Column('varchar', { length: 50 }) slug!: string;
}

@Entity('edit_artist')
class Artist {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 100 }) name!: string;
  getAbsoluteUrl(): string {
    return `/detail/artist/${this.id}/`;
  }
}

class AuthorForm extends modelForm(Author, { fields: ['name', 'slug'] }) {
  @IsString() name!: string;
  @IsOptional() @IsString() @MaxLength(50) slug!: string;
}

const authors = (m: EntityManager) => m.getRepository(Author).createQueryBuilder('author');
let getFormCalls = 0;

class AuthorCreate extends CreateView<Author> {
  override model = Author;
  override successUrl = '/list/authors/';
  override fields = '__all__' as const;
}
class NaiveAuthorCreate extends CreateView<Author> {
  override queryset = authors;
  override fields = '__all__' as const;
}
class ArtistCreate extends CreateView<Artist> {
  override model = Artist;
  override fields = '__all__' as const;
}
class SpecializedAuthorCreate extends CreateView<Author> {
  override model = Author;
  override formClass = AuthorForm;
  override templateName = 'editing/form.pug';
  override contextObjectName = 'thingy';
  override getSuccessUrl() {
    return reverse('author_detail', { args: [this.object!.id] });
  }
}
class NaiveAuthorUpdate extends UpdateView<Author> {
  override queryset = authors;
  override fields = '__all__' as const;
}
class AuthorUpdate extends UpdateView<Author> {
  override model = Author;
  override successUrl = '/list/authors/';
  override fields = '__all__' as const;
  override async getForm(formClass?: any) {
    getFormCalls++;
    return super.getForm(formClass);
  }
}
let firstAuthorId = 0;
class OneAuthorUpdate extends UpdateView<Author> {
  override successUrl = '/list/authors/';
  override fields = '__all__' as const;
  override async getObject() {
    return currentManager().getRepository(Author).findOneByOrFail({ id: firstAuthorId });
  }
}
class SpecializedAuthorUpdate extends UpdateView<Author> {
  override model = Author;
  override formClass = AuthorForm;
  override templateName = 'editing/form.pug';
  override contextObjectName = 'thingy';
  override getSuccessUrl() {
    return reverse('author_detail', { args: [this.object!.id] });
  }
}
class AuthorGetQuerySetFormView extends UpdateView<Author> {
  override fields: 'name'[] = ['name'];
  override templateName = 'editing/form.pug';
  override async getQueryset() {
    return authors(currentManager());
  }
}
class RestrictedFields extends CreateView<Author> {
  override model = Author;
  override fields: 'name'[] = ['name'];
}
class AllFields extends CreateView<Author> {
  override model = Author;
  override fields = '__all__' as const;
}
class NoFields extends CreateView<Author> {
  override model = Author;
}
class BothFieldsAndFormClass extends CreateView<Author> {
  override model = Author;
  override formClass = AuthorForm;
  override fields: 'name'[] = ['name'];
}

const list = () => new HttpResponse('list');
const urls = [
  path('list/authors/', list, { name: 'authors_list' }),
  path('detail/author/<int:pk>/', list, { name: 'author_detail' }),
  path('edit/authors/create/naive/', NaiveAuthorCreate.asView()),
  path('edit/authors/create/redirect/', NaiveAuthorCreate.asView({ successUrl: '/edit/authors/create/' })),
  path('edit/authors/create/interpolate_redirect/', NaiveAuthorCreate.asView({ successUrl: '/edit/author/{id}/update/' })),
  path('edit/authors/create/interpolate_redirect_nonascii/', NaiveAuthorCreate.asView({ successUrl: '/%C3%A9dit/author/{id}/update/' })),
  rePath('^[eé]dit/authors/create/$', AuthorCreate.asView()),
  path('edit/authors/create/special/', SpecializedAuthorCreate.asView()),
  path('edit/artists/create/', ArtistCreate.asView()),
  path('edit/author/<int:pk>/update/naive/', NaiveAuthorUpdate.asView()),
  path('edit/author/<int:pk>/update/redirect/', NaiveAuthorUpdate.asView({ successUrl: '/edit/authors/create/' })),
  path('edit/author/<int:pk>/update/interpolate_redirect/', NaiveAuthorUpdate.asView({ successUrl: '/edit/author/{id}/update/' })),
  path('edit/author/<int:pk>/update/interpolate_redirect_nonascii/', NaiveAuthorUpdate.asView({ successUrl: '/%C3%A9dit/author/{id}/update/' })),
  rePath('^[eé]dit/author/(?<pk>[0-9]+)/update/$', AuthorUpdate.asView()),
  path('edit/author/update/', OneAuthorUpdate.asView()),
  path('edit/author/<int:pk>/update/special/', SpecializedAuthorUpdate.asView()),
  path('edit/artist/<int:pk>/update/', UpdateView.asView({ model: Artist, fields: ['name'] })),
  path('edit/author/<int:pk>/queryset/', AuthorGetQuerySetFormView.asView()),
  path('fields/restricted/', RestrictedFields.asView({ templateName: 'editing/form.pug' })),
  path('fields/all/', AllFields.asView({ templateName: 'editing/form.pug' })),
  path('fields/none/', NoFields.asView({ templateName: 'editing/form.pug' })),
  path('fields/both/', BothFieldsAndFormClass.asView({ templateName: 'editing/form.pug' })),
];

describe(`editing views (Django's test_edit) on ${databaseKind}`, () => {
  let env: EditingApp;
  let ds: DataSource;
  const post = (url: string, data: Record<string, string> | string) => request(env.app).post(url).type('form').send(data);
  const get = (url: string) => request(env.app).get(url);
  const count = () => ds.getRepository(Author).count();
  const all = () => ds.getRepository(Author).find({ order: { id: 'ASC' } });
  const serverError = async (res: request.Response, message: string) => {
    expect(res.status).toBe(500);
    expect(env.logger.lines.join('\n')).toContain(message);
  };

  beforeAll(async () => {
    env = await editingApp([Author, Artist], urls);
    ds = env.dataSource!;
  });
  afterAll(async () => {
    await ds.destroy();
  });
  beforeEach(async () => {
    await ds.getRepository(Author).clear();
    await ds.getRepository(Artist).clear();
    env.logger.lines.length = 0;
  });

  describe('CreateView', () => {
    test('GET: a model form, no object in the context, the default template (test_create)', async () => {
      const d = dump(await get('/edit/authors/create/'));
      expect(d.form).toMatchObject({ cls: 'AuthorForm', bound: false, fields: ['name', 'slug'] });
      expect(d.keys).not.toContain('object');
      expect(d.keys).not.toContain('author');
      expect(d.view).toBe('AuthorCreate');
      expect(d.template).toBe('editing/author_form.pug');
    });

    test('POST saves the row and redirects (test_create)', async () => {
      const res = await post('/edit/authors/create/', { name: 'Randall Munroe', slug: 'randall-munroe' });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/list/authors/');
      expect((await all()).map((a) => [a.name, a.slug])).toEqual([['Randall Munroe', 'randall-munroe']]);
    });

    test('the non-ASCII URL pattern serves the same view', async () => {
      const res = await post(`/${encodeURIComponent('é')}dit/authors/create/`, { name: 'Randall Munroe', slug: 'randall-munroe' });
      expect(res.status).toBe(302);
      expect(await count()).toBe(1);
    });

    test('an invalid post re-renders with one error and saves nothing (test_create_invalid)', async () => {
      const d = dump(await post('/edit/authors/create/', { name: 'A'.repeat(101), slug: 'randall-munroe' }));
      expect(d.template).toBe('editing/author_form.pug');
      expect(d.form!.errors).toEqual({ name: ['Ensure this value has at most 100 characters (it has 101).'] });
      expect(await count()).toBe(0);
    });

    test("redirects to the object's getAbsoluteUrl() (test_create_with_object_url)", async () => {
      const res = await post('/edit/artists/create/', { name: 'Rene Magritte' });
      const artist = await ds.getRepository(Artist).findOneByOrFail({ name: 'Rene Magritte' });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe(`/detail/artist/${artist.id}/`);
    });

    test('successUrl given to asView() (test_create_with_redirect)', async () => {
      const res = await post('/edit/authors/create/redirect/', { name: 'Randall Munroe', slug: 'randall-munroe' });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/edit/authors/create/');
      expect(await count()).toBe(1);
    });

    test('successUrl interpolated with the saved object (test_create_with_interpolated_redirect)', async () => {
      const res = await post('/edit/authors/create/interpolate_redirect/', { name: 'Randall Munroe', slug: 'randall-munroe' });
      const [author] = await all();
      expect(res.headers.location).toBe(`/edit/author/${author.id}/update/`);
      const nonAscii = await post('/edit/authors/create/interpolate_redirect_nonascii/', { name: 'Randall Munroe', slug: 'randall-munroe' });
      const [, second] = await all();
      expect(nonAscii.headers.location).toBe(`/%C3%A9dit/author/${second.id}/update/`);
    });

    test('formClass, templateName, contextObjectName and getSuccessUrl() (test_create_with_special_properties)', async () => {
      const d = dump(await get('/edit/authors/create/special/'));
      expect(d.form!.cls).toBe('AuthorForm');
      expect(d.keys).not.toContain('object');
      expect(d.keys).not.toContain('thingy');
      expect(d.template).toBe('editing/form.pug');
      const res = await post('/edit/authors/create/special/', { name: 'Randall Munroe', slug: 'randall-munroe' });
      const [author] = await all();
      expect(res.headers.location).toBe(`/detail/author/${author.id}/`);
    });

    test('no successUrl and no getAbsoluteUrl is ImproperlyConfigured (test_create_without_redirect)', async () => {
      await serverError(
        await post('/edit/authors/create/naive/', { name: 'Randall Munroe', slug: 'randall-munroe' }),
        'No URL to redirect to. Either provide a url or define a getAbsoluteUrl method on the Model.',
      );
    });

    test('fields restricts the form (test_create_view_with_restricted_fields)', async () => {
      expect(dump(await get('/fields/restricted/')).form!.fields).toEqual(['name']);
    });

    test("fields '__all__' (test_create_view_all_fields)", async () => {
      expect(dump(await get('/fields/all/')).form!.fields).toEqual(['name', 'slug']);
    });

    test('no fields is ImproperlyConfigured (test_create_view_without_explicit_fields)', async () => {
      await serverError(await get('/fields/none/'), "Using ModelFormMixin (base class of NoFields) without the 'fields' attribute is prohibited.");
    });

    test('fields and formClass together is ImproperlyConfigured (test_define_both_fields_and_form_class)', async () => {
      await serverError(await get('/fields/both/'), "Specifying both 'fields' and 'formClass' is not permitted.");
    });
  });

  describe('UpdateView', () => {
    let author: Author;
    beforeEach(async () => {
      author = await ds.getRepository(Author).save({ name: 'Randall Munroe', slug: 'randall-munroe' });
      firstAuthorId = author.id;
      getFormCalls = 0;
    });

    test('GET: the form bound to the instance, object and author in the context (test_update_post)', async () => {
      const d = dump(await get(`/edit/author/${author.id}/update/`));
      expect(d.form).toMatchObject({ cls: 'AuthorForm', bound: false, values: { name: 'Randall Munroe', slug: 'randall-munroe' } });
      expect(d.form!.instance).toEqual({ id: author.id, name: 'Randall Munroe', slug: 'randall-munroe' });
      expect(d.object).toEqual(d.author);
      expect(d.object.name).toBe('Randall Munroe');
      expect(d.template).toBe('editing/author_form.pug');
      expect(getFormCalls).toBe(1);
    });

    test('POST updates the row and redirects', async () => {
      const res = await post(`/edit/author/${author.id}/update/`, { name: 'Randall Munroe (xkcd)', slug: 'randall-munroe' });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/list/authors/');
      expect((await all()).map((a) => a.name)).toEqual(['Randall Munroe (xkcd)']);
      expect(getFormCalls).toBe(1);
    });

    test('an invalid post re-renders and changes nothing (test_update_invalid)', async () => {
      const d = dump(await post(`/edit/author/${author.id}/update/`, { name: 'A'.repeat(101), slug: 'randall-munroe' }));
      expect(Object.keys(d.form!.errors!)).toEqual(['name']);
      expect(d.template).toBe('editing/author_form.pug');
      expect(d.object.name).toBe('Randall Munroe');
      expect((await all()).map((a) => a.name)).toEqual(['Randall Munroe']);
    });

    test('a missing row is a 404', async () => {
      const res = await post(`/edit/author/${author.id + 100}/update/`, { name: 'X', slug: 'x' });
      expect(res.status).toBe(404);
      expect(res.text).toBe('404: No author found matching the query');
    });

    test("redirects to the object's getAbsoluteUrl() (test_update_with_object_url)", async () => {
      const artist = await ds.getRepository(Artist).save({ name: 'Rene Magritte' });
      const res = await post(`/edit/artist/${artist.id}/update/`, { name: 'Rene Magritte' });
      expect(res.headers.location).toBe(`/detail/artist/${artist.id}/`);
    });

    test('successUrl given to asView() (test_update_with_redirect)', async () => {
      const res = await post(`/edit/author/${author.id}/update/redirect/`, { name: 'Randall Munroe (author of xkcd)', slug: 'randall-munroe' });
      expect(res.headers.location).toBe('/edit/authors/create/');
      expect((await all())[0].name).toBe('Randall Munroe (author of xkcd)');
    });

    test('successUrl interpolated (test_update_with_interpolated_redirect)', async () => {
      const res = await post(`/edit/author/${author.id}/update/interpolate_redirect/`, { name: 'Randall Munroe (author of xkcd)', slug: 'randall-munroe' });
      expect(res.headers.location).toBe(`/edit/author/${author.id}/update/`);
      const nonAscii = await post(`/edit/author/${author.id}/update/interpolate_redirect_nonascii/`, { name: 'Randall Munroe', slug: 'randall-munroe' });
      expect(nonAscii.headers.location).toBe(`/%C3%A9dit/author/${author.id}/update/`);
    });

    test('formClass, templateName, contextObjectName (test_update_with_special_properties)', async () => {
      const d = dump(await get(`/edit/author/${author.id}/update/special/`));
      expect(d.form!.cls).toBe('AuthorForm');
      expect(d.object).toEqual(d.thingy);
      expect(d.keys).not.toContain('author');
      expect(d.template).toBe('editing/form.pug');
      const res = await post(`/edit/author/${author.id}/update/special/`, { name: 'Randall Munroe (author of xkcd)', slug: 'randall-munroe' });
      expect(res.headers.location).toBe(`/detail/author/${author.id}/`);
    });

    test('no successUrl is ImproperlyConfigured (test_update_without_redirect)', async () => {
      await serverError(
        await post(`/edit/author/${author.id}/update/naive/`, { name: 'Randall Munroe (author of xkcd)', slug: 'randall-munroe' }),
        'No URL to redirect to. Either provide a url or define a getAbsoluteUrl method on the Model.',
      );
    });

    test('getObject() overridden (test_update_get_object)', async () => {
      const d = dump(await get('/edit/author/update/'));
      expect(d.object.name).toBe('Randall Munroe');
      expect(d.template).toBe('editing/author_form.pug');
      const res = await post('/edit/author/update/', { name: 'Randall Munroe (xkcd)', slug: 'randall-munroe' });
      expect(res.headers.location).toBe('/list/authors/');
      expect((await all())[0].name).toBe('Randall Munroe (xkcd)');
    });

    test("the form's model comes from getQueryset() (ModelFormMixinTests.test_get_form)", async () => {
      const d = dump(await get(`/edit/author/${author.id}/queryset/`));
      expect(d.form).toMatchObject({ cls: 'AuthorForm', fields: ['name'], values: { name: 'Randall Munroe' } });
    });
  });
});
