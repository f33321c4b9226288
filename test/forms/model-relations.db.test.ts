/**
 * Relations in model forms (Django's ModelChoiceField and ModelMultipleChoiceField): many-to-one
 * and many-to-many columns become selects of rows, posted as keys and cleaned to entities —
 * through CreateView and UpdateView, on a real database.
 */
import request from 'supertest';
import { Column, Entity, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn, type DataSource, type EntityManager } from 'typeorm';
import { IsString } from 'class-validator';
import { CreateView, Field, Form, FormView, HttpResponse, modelForm, path, UpdateView, type ModelFormOptions } from '../../src';
import { databaseKind } from '../db/test-datasource';
import { dump, editingApp, type EditingApp } from '../views/edit-support';

@Entity('rel_genre')
class Genre {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 40 }) name!: string;
}

@Entity('rel_person')
class Person {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 40 }) first!: string;
  @Column('varchar', { length: 40 }) last!: string;
  toString(): string {
    return `${this.first} ${this.last}`;
  }
}

@Entity('rel_movie')
class Movie {
  @PrimaryGeneratedColumn() id!: number;
  @Column('varchar', { length: 100 }) title!: string;
  @ManyToOne(() => Genre, { nullable: false }) genre!: Genre;
  @ManyToOne(() => Person, { nullable: true }) director!: Person | null;
  @ManyToMany(() => Person) @JoinTable({ name: 'rel_movie_cast' }) cast!: Person[];
}

/** Offers only the genres not named "Hidden" (Django: self.fields['genre'].queryset = …). */
class VisibleGenresForm extends modelForm(Movie, { fields: ['title', 'genre'] }) {
  constructor(options: ModelFormOptions<Movie> = {}) {
    super(options);
    this.fields.genre.related!.queryset = (m: EntityManager) => m.getRepository(Genre).createQueryBuilder('g').where("g.name <> 'Hidden'").orderBy('g.name');
  }
}

/** A plain form with a model field (Django's forms.ModelChoiceField). */
class PickGenreForm extends Form {
  @IsString() note!: string;
  @Field({ type: 'model', related: { entity: Genre, queryset: null, label: (g: Genre) => g.name.toUpperCase() } }) genre!: Genre;
}
class PickGenre extends FormView<PickGenreForm> {
  override formClass = PickGenreForm;
  override templateName = 'editing/form.pug';
  override async formValid(form: PickGenreForm) {
    const genre = form.cleanedData.genre as Genre;
    return new HttpResponse(`${genre.constructor.name} ${genre.name}`);
  }
}

const FIELDS: ('title' | 'genre' | 'director' | 'cast')[] = ['title', 'genre', 'director', 'cast'];
const urls = [
  path('movies/new/', CreateView.asView({ model: Movie, fields: FIELDS, successUrl: '/movies/{id}/', templateName: 'editing/form.pug' })),
  path('movies/<int:pk>/edit/', UpdateView.asView({ model: Movie, fields: FIELDS, successUrl: '/movies/{id}/', templateName: 'editing/form.pug' })),
  path('genres/pick/', PickGenre.asView()),
  path('movies/visible/', CreateView.asView({ model: Movie, formClass: VisibleGenresForm, successUrl: '/movies/{id}/', templateName: 'editing/form.pug' })),
];

describe(`relations in model forms on ${databaseKind}`, () => {
  let env: EditingApp;
  let ds: DataSource;
  let drama: Genre;
  let scifi: Genre;
  let hidden: Genre;
  let ridley: Person;
  let sigourney: Person;
  let tom: Person;
  const post = (url: string, data: string) => request(env.app).post(url).type('form').send(data);
  const movies = () => ds.getRepository(Movie).find({ relations: { genre: true, director: true, cast: true }, order: { id: 'ASC' } });

  beforeAll(async () => {
    env = await editingApp([Genre, Person, Movie], urls);
    ds = env.dataSource!;
    [drama, scifi, hidden] = await ds.getRepository(Genre).save([{ name: 'Drama' }, { name: 'Science fiction' }, { name: 'Hidden' }]);
    [ridley, sigourney, tom] = await ds.getRepository(Person).save([
      ds.getRepository(Person).create({ first: 'Ridley', last: 'Scott' }),
      ds.getRepository(Person).create({ first: 'Sigourney', last: 'Weaver' }),
      ds.getRepository(Person).create({ first: 'Tom', last: 'Skerritt' }),
    ]);
  });
  afterAll(async () => {
    await ds.destroy();
  });
  beforeEach(async () => {
    await ds.query(`DELETE FROM rel_movie_cast`);
    await ds.getRepository(Movie).createQueryBuilder().delete().execute();
  });

  test('GET: selects of the related rows, labelled by name or toString()', async () => {
    const html = dump(await request(env.app).get('/movies/new/')).form!.html;
    expect(html).toContain(
      `<select name="genre" required id="id_genre">\n  <option value="">---------</option>\n  <option value="${drama.id}">Drama</option>\n  <option value="${scifi.id}">Science fiction</option>\n  <option value="${hidden.id}">Hidden</option>\n</select>`,
    );
    expect(html).toContain(`<select name="director" id="id_director">\n  <option value="">---------</option>\n  <option value="${ridley.id}">Ridley Scott</option>`);
    expect(html).toContain(`<select name="cast" id="id_cast" multiple>\n  <option value="${ridley.id}">Ridley Scott</option>`);
  });

  test('POST saves the relations, many-to-many included', async () => {
    const res = await post('/movies/new/', `title=Alien&genre=${scifi.id}&director=${ridley.id}&cast=${sigourney.id}&cast=${tom.id}`);
    expect(res.status).toBe(302);
    const [movie] = await movies();
    expect(res.headers.location).toBe(`/movies/${movie.id}/`);
    expect(movie.genre.name).toBe('Science fiction');
    expect(movie.director!.first).toBe('Ridley');
    expect(movie.cast.map((p) => p.first).sort()).toEqual(['Sigourney', 'Tom']);
  });

  test('an empty optional relation is null; a missing required one is an error', async () => {
    expect((await post('/movies/new/', `title=Alien&genre=${drama.id}&director=`)).status).toBe(302);
    expect((await movies())[0].director).toBeNull();
    const d = dump(await post('/movies/new/', 'title=Alien&genre='));
    expect(d.form!.errors).toEqual({ genre: ['This field is required.'] });
  });

  test.each([['9999'], ['abc'], ['1.5'], ['99999999999999999999'], ['-1']])('the key %s is not a choice (and never a wider query)', async (key) => {
    const d = dump(await post('/movies/new/', `title=Alien&genre=${key}`));
    expect(d.form!.errors).toEqual({ genre: ['Select a valid choice. That choice is not one of the available choices.'] });
    expect(await movies()).toHaveLength(0);
  });

  test('an unknown key in a many-to-many field names the value', async () => {
    const d = dump(await post('/movies/new/', `title=Alien&genre=${drama.id}&cast=${tom.id}&cast=4242`));
    expect(d.form!.errors).toEqual({ cast: ['Select a valid choice. 4242 is not one of the available choices.'] });
    expect(await movies()).toHaveLength(0);
  });

  test('UpdateView: the instance’s relations are selected (loaded for the form), and can be changed', async () => {
    const movie = await ds.getRepository(Movie).save(ds.getRepository(Movie).create({ title: 'Alien', genre: scifi, director: ridley, cast: [sigourney] }));
    const html = dump(await request(env.app).get(`/movies/${movie.id}/edit/`)).form!.html;
    expect(html).toContain(`<option value="${scifi.id}" selected>Science fiction</option>`);
    expect(html).toContain(`<option value="${ridley.id}" selected>Ridley Scott</option>`);
    expect(html).toMatch(new RegExp(`<select name="cast"[^]*<option value="${sigourney.id}" selected>Sigourney Weaver</option>`));
    const res = await post(`/movies/${movie.id}/edit/`, `title=Alien&genre=${drama.id}&director=&cast=${tom.id}`);
    expect(res.status).toBe(302);
    const [saved] = await movies();
    expect([saved.genre.name, saved.director, saved.cast.map((p) => p.first)]).toEqual(['Drama', null, ['Tom']]);
  });

  test('a queryset set in the constructor limits what is offered and accepted', async () => {
    const html = dump(await request(env.app).get('/movies/visible/')).form!.html;
    expect(html).not.toContain('Hidden');
    expect(html).toContain(`<option value="${drama.id}">Drama</option>\n  <option value="${scifi.id}">Science fiction</option>`);
    const d = dump(await post('/movies/visible/', `title=Alien&genre=${hidden.id}`));
    expect(d.form!.errors).toEqual({ genre: ['Select a valid choice. That choice is not one of the available choices.'] });
    expect((await post('/movies/visible/', `title=Alien&genre=${drama.id}`)).status).toBe(302);
  });

  test('a plain Form with a model field: labels from `label`, the row in cleanedData', async () => {
    expect(dump(await request(env.app).get('/genres/pick/')).form!.html).toContain(`<option value="${drama.id}">DRAMA</option>`);
    expect((await post('/genres/pick/', `note=x&genre=${scifi.id}`)).text).toBe('Genre Science fiction');
    expect(dump(await post('/genres/pick/', 'note=x&genre=0')).form!.errors).toEqual({ genre: ['Select a valid choice. That choice is not one of the available choices.'] });
  });
});
