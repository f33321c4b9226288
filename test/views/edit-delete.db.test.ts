/**
 * Port of Django's tests/generic_views/test_edit.py DeleteViewTests (form-based confirmation,
 * as in Django 4+) on a real database, through supertest.
 */
import { IsBoolean } from 'class-validator';
import request from 'supertest';
import { Column, Entity, PrimaryGeneratedColumn, type DataSource, type EntityManager } from 'typeorm';
import { DeleteView, Field, Form, HttpResponse, path, reverse, reverseLazy } from '../../src';
import { databaseKind } from '../db/test-datasource';
import { dump, editingApp, type EditingApp } from './edit-support';

@Entity('edit_delete_author')
class Author {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 100 }) name!: string;
  @Column('varchar', { length: 50 }) slug!: string;
}

class ConfirmDeleteForm extends Form {
  @Field({ required: true }) @IsBoolean() confirm!: boolean;
}

const authors = (m: EntityManager) => m.getRepository(Author).createQueryBuilder('author');

class NaiveAuthorDelete extends DeleteView<Author> {
  override queryset = authors;
}
class AuthorDelete extends DeleteView<Author> {
  override model = Author;
  override successUrl = '/list/authors/';
}
class AuthorDeleteFormView extends DeleteView<Author> {
  override model = Author;
  override formClass = ConfirmDeleteForm;
  override getSuccessUrl() {
    return reverse('authors_list');
  }
}
class SpecializedAuthorDelete extends DeleteView<Author> {
  override queryset = authors;
  override templateName = 'editing/confirm_delete.pug';
  override contextObjectName = 'thingy';
  override successUrl = reverseLazy('authors_list');
}

const urls = [
  path('list/authors/', () => new HttpResponse('list'), { name: 'authors_list' }),
  path('edit/author/<int:pk>/delete/naive/', NaiveAuthorDelete.asView()),
  path('edit/author/<int:pk>/delete/redirect/', NaiveAuthorDelete.asView({ successUrl: '/edit/authors/create/' })),
  path('edit/author/<int:pk>/delete/interpolate_redirect/', NaiveAuthorDelete.asView({ successUrl: '/edit/authors/create/?deleted={id}' })),
  path('edit/author/<int:pk>/delete/interpolate_redirect_nonascii/', NaiveAuthorDelete.asView({ successUrl: '/%C3%A9dit/authors/create/?deleted={id}' })),
  path('edit/author/<int:pk>/delete/', AuthorDelete.asView()),
  path('edit/author/<int:pk>/delete/special/', SpecializedAuthorDelete.asView()),
  path('edit/author/<int:pk>/delete/form/', AuthorDeleteFormView.asView()),
];

describe(`DeleteView (Django's test_edit) on ${databaseKind}`, () => {
  let env: EditingApp;
  let ds: DataSource;
  const post = (url: string, data: Record<string, string>) => request(env.app).post(url).type('form').send(data);
  const get = (url: string) => request(env.app).get(url);
  const count = () => ds.getRepository(Author).count();
  const serverError = async (res: request.Response, message: string) => {
    expect(res.status).toBe(500);
    expect(env.logger.lines.join('\n')).toContain(message);
  };

  beforeAll(async () => {
    env = await editingApp([Author], urls);
    ds = env.dataSource!;
  });
  afterAll(async () => {
    await ds.destroy();
  });

  let author: Author;
  beforeEach(async () => {
    await ds.getRepository(Author).clear();
    env.logger.lines.length = 0;
    author = await ds.getRepository(Author).save({ name: 'Randall Munroe', slug: 'randall-munroe' });
  });

  test('GET shows the confirmation, POST deletes and redirects (test_delete_by_post)', async () => {
    const d = dump(await get(`/edit/author/${author.id}/delete/`));
    expect(d.object.name).toBe('Randall Munroe');
    expect(d.author.name).toBe('Randall Munroe');
    expect(d.template).toBe('editing/author_confirm_delete.pug');
    expect(d.form).toMatchObject({ cls: 'Form', bound: false, fields: [] });
    const res = await post(`/edit/author/${author.id}/delete/`, {});
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/list/authors/');
    expect(await count()).toBe(0);
  });

  test('DELETE deletes without a form (test_delete_by_delete)', async () => {
    const res = await request(env.app).delete(`/edit/author/${author.id}/delete/`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/list/authors/');
    expect(await count()).toBe(0);
  });

  test('successUrl given to asView() (test_delete_with_redirect)', async () => {
    const res = await post(`/edit/author/${author.id}/delete/redirect/`, {});
    expect(res.headers.location).toBe('/edit/authors/create/');
    expect(await count()).toBe(0);
  });

  test('successUrl interpolated before the row is gone (test_delete_with_interpolated_redirect)', async () => {
    const res = await post(`/edit/author/${author.id}/delete/interpolate_redirect/`, {});
    expect(res.headers.location).toBe(`/edit/authors/create/?deleted=${author.id}`);
    expect(await count()).toBe(0);
    const second = await ds.getRepository(Author).save({ name: 'Randall Munroe', slug: 'randall-munroe' });
    const nonAscii = await post(`/edit/author/${second.id}/delete/interpolate_redirect_nonascii/`, {});
    expect(nonAscii.headers.location).toBe(`/%C3%A9dit/authors/create/?deleted=${second.id}`);
  });

  test('templateName, contextObjectName, reverseLazy successUrl (test_delete_with_special_properties)', async () => {
    const d = dump(await get(`/edit/author/${author.id}/delete/special/`));
    expect(d.object).toEqual(d.thingy);
    expect(d.keys).not.toContain('author');
    expect(d.template).toBe('editing/confirm_delete.pug');
    const res = await post(`/edit/author/${author.id}/delete/special/`, {});
    expect(res.headers.location).toBe('/list/authors/');
    expect(await count()).toBe(0);
  });

  test('no successUrl is ImproperlyConfigured and nothing is deleted (test_delete_without_redirect)', async () => {
    await serverError(await post(`/edit/author/${author.id}/delete/naive/`, {}), 'No URL to redirect to. Provide a successUrl.');
    expect(await count()).toBe(1);
  });

  test('a confirmation form: valid deletes (test_delete_with_form_as_post)', async () => {
    expect(dump(await get(`/edit/author/${author.id}/delete/form/`)).form!.cls).toBe('ConfirmDeleteForm');
    const res = await post(`/edit/author/${author.id}/delete/form/`, { confirm: 'on' });
    expect(res.headers.location).toBe('/list/authors/');
    expect(await count()).toBe(0);
  });

  test('a confirmation form: invalid re-renders and keeps the row (test_delete_with_form_as_post_with_validation_error)', async () => {
    const d = dump(await post(`/edit/author/${author.id}/delete/form/`, {}));
    expect(d.form!.errors).toEqual({ confirm: ['This field is required.'] });
    expect(d.object.name).toBe('Randall Munroe');
    expect(await count()).toBe(1);
  });

  test('a missing row is a 404 for GET, POST and DELETE', async () => {
    for (const method of ['get', 'post', 'delete'] as const) {
      const res = await request(env.app)[method](`/edit/author/${author.id + 50}/delete/`);
      expect(res.status).toBe(404);
    }
    expect(await count()).toBe(1);
  });
});
