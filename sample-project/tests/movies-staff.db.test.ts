/**
 * The staff's movie forms (CreateView, UpdateView, DeleteView behind PermissionRequiredMixin):
 * who may use them, validation errors next to the fields, the saved rows and the messages.
 */
import request from 'supertest';
import type { StartedProject } from '../project';
import { Genre, Movie } from '../movies/entities';
import { Screening } from '../screenings/entities';
import { Booking } from '../bookings/entities';
import { futureScreening, loggedIn, messagesOf, submit, testProject, type Browser } from './support';

let project: StartedProject;
let staff: Browser;
beforeAll(async () => {
  project = await testProject();
  staff = await loggedIn(project.app, 'staff');
});
afterAll(() => project.dataSource.destroy());

const movies = () => project.dataSource.getRepository(Movie);
const genreIds = async (...slugs: string[]) => Promise.all(slugs.map(async (slug) => String((await project.dataSource.getRepository(Genre).findOneByOrFail({ slug })).id)));

const valid = async () => ({
  title: 'The Projectionist',
  slug: 'the-projectionist',
  releasedOn: '2024-03-08',
  runtime: '104',
  synopsis: 'A night at the Palace, seen from the booth.',
  genres: await genreIds('drama', 'comedy'),
});

describe('permissions', () => {
  test('a customer gets 403 on the staff pages and sees no staff links', async () => {
    const alice = await loggedIn(project.app, 'alice');
    const movie = (await futureScreening(project.dataSource)).movie;
    for (const url of ['/movies/add/', `/movies/${movie.slug}/edit/`, `/movies/${movie.slug}/delete/`]) {
      const res = await alice.get(url).expect(403);
      expect(res.text).toContain('You may not do that');
    }
    const detail = await alice.get(`/movies/${movie.slug}/`).expect(200);
    expect(detail.text).not.toContain(`href="/movies/${movie.slug}/edit/"`);
    expect((await alice.get('/movies/').expect(200)).text).not.toContain('href="/movies/add/"');
  });

  test('staff see the links to add, edit and delete', async () => {
    const movie = (await futureScreening(project.dataSource)).movie;
    const detail = await staff.get(`/movies/${movie.slug}/`).expect(200);
    expect(detail.text).toContain(`href="/movies/${movie.slug}/edit/"`);
    expect(detail.text).toContain(`href="/movies/${movie.slug}/delete/"`);
    expect((await staff.get('/movies/').expect(200)).text).toContain('<a class="button" href="/movies/add/">Add a movie</a>');
  });
});

describe('adding a movie', () => {
  test('the form: labels, help, the genres as checkboxes, the CSRF field', async () => {
    const res = await staff.get('/movies/add/').expect(200);
    expect(res.text).toContain('<h1>Add a movie</h1>');
    expect(res.text).toContain('name="csrfmiddlewaretoken"');
    expect(res.text).toContain('<label for="id_releasedOn">Release date</label>');
    expect(res.text).toMatch(/<input[^>]*type="date"[^>]*name="releasedOn"|<input[^>]*name="releasedOn"[^>]*type="date"/);
    expect(res.text).toContain('type="checkbox" name="genres"');
    expect(res.text).toContain('The movie’s address: /movies/&lt;slug&gt;/.');
  });

  test('a valid form saves the movie with its genres and goes to its page with a message', async () => {
    const res = await submit(staff, '/movies/add/', await valid());
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/movies/the-projectionist/');
    const saved = await movies().findOneOrFail({ where: { slug: 'the-projectionist' }, relations: { genres: true } });
    expect(saved).toMatchObject({ title: 'The Projectionist', releasedOn: '2024-03-08', runtime: 104 });
    expect(saved.genres.map((g) => g.name).sort()).toEqual(['Comedy', 'Drama']);
    const page = await staff.get('/movies/the-projectionist/').expect(200);
    expect(messagesOf(page.text)).toEqual(['“The Projectionist” was added.']);
  });

  test('errors are shown next to their fields and nothing is saved', async () => {
    const before = await movies().count();
    const res = await submit(staff, '/movies/add/', { ...(await valid()), title: '', slug: 'Not A Slug!', runtime: '0', releasedOn: '2024-02-31' });
    expect(res.status).toBe(200);
    const errorAfter = (field: string, message: string) =>
      expect(res.text).toMatch(new RegExp(`name="${field}"[^>]*>(</textarea>)?<ul class="errorlist" id="id_${field}_errors"><li>${message}</li>`));
    errorAfter('title', 'This field is required\\.');
    errorAfter('slug', 'Use lowercase letters, digits and single dashes\\.');
    errorAfter('runtime', 'Ensure this value is greater than or equal to 1\\.');
    errorAfter('releasedOn', 'Enter a valid date\\.');
    expect(res.text).toContain('value="Not A Slug!"');
    expect(await movies().count()).toBe(before);
  });

  test('a slug that is taken is an error on the slug', async () => {
    const taken = (await movies().find({ take: 1, order: { id: 'ASC' } }))[0];
    const res = await submit(staff, '/movies/add/', { ...(await valid()), slug: taken.slug });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<ul class="errorlist" id="id_slug_errors"><li>Movie with this Slug already exists.</li></ul>');
  });
});

describe('editing and deleting', () => {
  test('the edit form shows the movie’s values; saving changes it and says so', async () => {
    const movie = await movies().findOneOrFail({ where: {}, order: { id: 'ASC' }, relations: { genres: true } });
    const form = await staff.get(`/movies/${movie.slug}/edit/`).expect(200);
    expect(form.text).toContain(`value="${movie.slug}"`);
    expect(form.text).toContain(`value="${movie.releasedOn}"`);
    for (const genre of movie.genres) expect(form.text).toMatch(new RegExp(`name="genres" value="${genre.id}"[^>]*checked`));
    const res = await submit(staff, `/movies/${movie.slug}/edit/`, {
      title: `${movie.title} (Director’s Cut)`,
      slug: movie.slug,
      releasedOn: movie.releasedOn,
      runtime: String(movie.runtime + 20),
      synopsis: movie.synopsis,
      genres: await genreIds('documentary'),
    });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/movies/${movie.slug}/`);
    const saved = await movies().findOneOrFail({ where: { id: movie.id }, relations: { genres: true } });
    expect(saved.title).toBe(`${movie.title} (Director’s Cut)`);
    expect(saved.runtime).toBe(movie.runtime + 20);
    expect(saved.genres.map((g) => g.slug)).toEqual(['documentary']);
    expect(messagesOf((await staff.get(res.headers.location)).text)).toEqual([`“${saved.title}” was saved.`]);
  });

  test('deleting asks first, then removes the movie with its screenings and bookings', async () => {
    const screening = await futureScreening(project.dataSource);
    const movie = screening.movie;
    await project.dataSource.getRepository(Booking).save({ user: { id: 1 }, screening: { id: screening.id }, seats: 1 });
    const confirm = await staff.get(`/movies/${movie.slug}/delete/`).expect(200);
    expect(confirm.text).toContain(`Delete “${movie.title}”?`);
    expect(confirm.text).toMatch(/its \d+ screenings? with their bookings/);
    const res = await submit(staff, `/movies/${movie.slug}/delete/`, {});
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/movies/');
    expect(await movies().existsBy({ id: movie.id })).toBe(false);
    expect(await project.dataSource.getRepository(Screening).countBy({ movie: { id: movie.id } })).toBe(0);
    expect(await project.dataSource.getRepository(Booking).countBy({ screening: { id: screening.id } })).toBe(0);
    expect(messagesOf((await staff.get('/movies/')).text)).toEqual([`“${movie.title}” was deleted.`]);
    await staff.get(`/movies/${movie.slug}/`).expect(404);
  });

  test('the staff forms refuse a post without the CSRF token', async () => {
    const movie = (await movies().find({ take: 1 }))[0];
    await staff.post(`/movies/${movie.slug}/delete/`).type('form').send('').expect(403);
    await request(project.app).post('/movies/add/').type('form').send('title=x').expect(403);
    expect(await movies().existsBy({ id: movie.id })).toBe(true);
  });
});
