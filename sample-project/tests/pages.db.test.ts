/**
 * Every page of the movie theater, read anonymously through supertest: home, movie list
 * (pagination, ordering, search, genre filter), movie detail, the schedule's day and month pages,
 * the JSON endpoints, static files, error pages and what the timing middleware adds.
 */
import request from 'supertest';
import type { StartedProject } from '../project';
import { Genre, Movie } from '../movies/entities';
import { Screening } from '../screenings/entities';
import { decodeEntities, futureScreening, testProject } from './support';

let project: StartedProject;
let get: (url: string) => request.Test;
beforeAll(async () => {
  project = await testProject();
  get = (url) => request(project.app).get(url);
});
afterAll(() => project.dataSource.destroy());

/** The movie titles on a list page, in order. */
const titles = (html: string) => [...html.matchAll(/<h3 class="movie-card-title"><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => decodeEntities(m[1]));

describe('start-up', () => {
  test('applied the migration, seeded the small catalogue and made the demo accounts', () => {
    expect(project.migrated).toEqual(['Initial1795303533951']);
    expect(project.seeded).toMatchObject({ movies: 30, genres: 12, rooms: 4, screenings: 3 * 4 * 3 });
    expect(project.users).toEqual(['alice', 'staff']);
  });
});

describe('home page', () => {
  test('shows the coming screenings, the movies now showing and the navigation', async () => {
    const res = await get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<title>Welcome · Palace Cinema</title>');
    expect(res.text).toContain('href="/movies/"');
    expect(res.text).toContain('href="/schedule/"');
    expect(res.text).toContain('href="/accounts/login/"');
    expect(res.text).toContain('href="/static/theater/site.css"');
    expect(res.text).toContain('30 movies in the catalogue');
    const next = await futureScreening(project.dataSource);
    expect(res.text).toContain(`href="/bookings/book/${next.id}/"`);
    expect(res.text).toContain('Now showing');
    // Debug is off: the demo passwords are not shown.
    expect(res.text).not.toContain('alice-password');
  });

  test('the timing middleware adds Server-Timing; the security middleware its headers', async () => {
    const res = await get('/').expect(200);
    expect(res.headers['server-timing']).toMatch(/^app;dur=\d+(\.\d)?;desc="express-generic-views"$/);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('movie list', () => {
  test('12 per page in title order, with pagination controls', async () => {
    const res = await get('/movies/').expect(200);
    const all = (await project.dataSource.getRepository(Movie).find({ order: { title: 'ASC', id: 'ASC' } })).map((m) => m.title);
    expect(titles(res.text)).toEqual(all.slice(0, 12));
    expect(res.text).toContain('Showing 1–12 of 30');
    expect(res.text).toContain('<a class="page-link page-next" href="/movies/?page=2" rel="next">');
    expect(res.text).toContain('<span class="page-link current" aria-current="page">1</span>');
    const last = await get('/movies/?page=3').expect(200);
    expect(titles(last.text)).toEqual(all.slice(24));
    expect(last.text).toContain('<a class="page-link page-prev" href="/movies/?page=2" rel="prev">');
    expect(last.text).toContain('<span class="page-link page-next disabled">');
    expect(titles((await get('/movies/?page=last').expect(200)).text)).toEqual(all.slice(24));
  });

  test('a page out of range or not a number is a 404 with the site’s page', async () => {
    const res = await get('/movies/?page=9').expect(404);
    expect(res.text).toContain('This page is not on the program');
    await get('/movies/?page=two').expect(404);
  });

  test('the ordering switch: newest, oldest, shortest; an unknown one falls back to title', async () => {
    const repo = project.dataSource.getRepository(Movie);
    const newest = (await get('/movies/?ordering=-releasedOn').expect(200)).text;
    expect(titles(newest)[0]).toBe((await repo.find({ order: { releasedOn: 'DESC', title: 'ASC', id: 'ASC' }, take: 1 }))[0].title);
    expect(newest).toContain('href="/movies/?ordering=-releasedOn&amp;page=2"');
    const oldest = (await get('/movies/?ordering=releasedOn').expect(200)).text;
    expect(titles(oldest)[0]).toBe((await repo.find({ order: { releasedOn: 'ASC', title: 'ASC', id: 'ASC' }, take: 1 }))[0].title);
    const shortest = (await get('/movies/?ordering=runtime').expect(200)).text;
    expect(titles(shortest)[0]).toBe((await repo.find({ order: { runtime: 'ASC', title: 'ASC', id: 'ASC' }, take: 1 }))[0].title);
    expect(titles((await get('/movies/?ordering=nonsense').expect(200)).text)).toEqual(titles((await get('/movies/').expect(200)).text));
  });

  test('?q= searches titles, any case; the search is kept in the links', async () => {
    const movie = (await project.dataSource.getRepository(Movie).find({ order: { id: 'ASC' }, take: 1 }))[0];
    const word = movie.title.split(' ').sort((a, b) => b.length - a.length)[0];
    const res = await get(`/movies/?q=${encodeURIComponent(word.toUpperCase())}`).expect(200);
    const found = titles(res.text);
    expect(found).toContain(movie.title);
    for (const title of found) expect(title.toLowerCase()).toContain(word.toLowerCase());
    expect(res.text).toContain(`value="${word.toUpperCase()}"`);
    const none = await get('/movies/?q=%25_nothing-like-this').expect(200);
    expect(none.text).toContain('No movie matches.');
  });

  test('?genre= filters; the genre chips say which is current', async () => {
    const genre = (await project.dataSource.getRepository(Genre).findOneByOrFail({ slug: 'drama' }));
    const expected = await project.dataSource
      .getRepository(Movie)
      .createQueryBuilder('movie')
      .innerJoin('movie.genres', 'genre', 'genre.id = :id', { id: genre.id })
      .getCount();
    const res = await get('/movies/?genre=drama').expect(200);
    expect(res.text).toContain('<title>Drama movies · Palace Cinema</title>');
    expect(res.text).toContain('<a class="chip" href="/movies/?genre=drama" aria-current="true">Drama</a>');
    expect(titles(res.text)).toHaveLength(Math.min(expected, 12));
    for (const card of res.text.split('class="movie-card"').slice(1)) expect(card).toMatch(/class="genre-line">[^<]*Drama/);
    expect((await get('/movies/?genre=no-such-genre').expect(200)).text).toContain('No movie matches.');
  });
});

describe('movie detail', () => {
  test('by slug: genres, synopsis, cast, crew and its coming screenings with booking links', async () => {
    const next = await futureScreening(project.dataSource);
    const res = await get(`/movies/${next.movie.slug}/`).expect(200);
    expect(res.text).toContain(`<h1>${next.movie.title}</h1>`);
    expect(res.text).toContain('<h2 class="section-title">Cast</h2>');
    expect(res.text).toContain('<span class="role">Director</span>');
    expect(res.text).toContain(`href="/bookings/book/${next.id}/"`);
    expect(res.text).not.toContain('>Edit</a>');
  });

  test('an unknown slug is a 404; a slug with other characters matches no URL', async () => {
    await get('/movies/no-such-movie/').expect(404);
    await get('/movies/Not%20a%20slug/').expect(404);
  });
});

describe('schedule (date-based views)', () => {
  test('/schedule/ goes to the day of the next screening', async () => {
    const next = await futureScreening(project.dataSource);
    const d = next.startsAt;
    const day = `/schedule/${d.getFullYear()}/${String(d.getMonth() + 1).padStart(2, '0')}/${String(d.getDate()).padStart(2, '0')}/`;
    const res = await get('/schedule/').expect(302);
    expect(res.headers.location).toBe(day);
    const page = await get(day).expect(200);
    expect(page.text).toContain(next.movie.title);
    expect(page.text).toMatch(/\d+ of \d+ seats left/);
    expect(page.text).toContain('Whole month');
  });

  test('a month lists its days with screenings; a day without any is a 404', async () => {
    const first = (await project.dataSource.getRepository(Screening).find({ order: { startsAt: 'ASC' }, take: 1 }))[0].startsAt;
    const month = `/schedule/${first.getFullYear()}/${String(first.getMonth() + 1).padStart(2, '0')}/`;
    const res = await get(month).expect(200);
    expect(res.text).toMatch(/<h1>Schedule for \w+ \d{4}<\/h1>/);
    expect(res.text).toMatch(/class="calendar-count">\d+ movies?<\/span>/);
    await get('/schedule/1999/01/01/').expect(404);
    await get('/schedule/1999/01/').expect(404);
    await get('/schedule/2026/13/01/').expect(404);
  });
});

describe('JSON endpoints', () => {
  test('/api/movies/: paginated, filtered, with absolute links', async () => {
    const res = await get('/api/movies/').set('Host', 'testserver').expect(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body).toMatchObject({ count: 30, page: 1, numPages: 2, previous: null, next: 'http://testserver/api/movies/?page=2' });
    expect(res.body.results).toHaveLength(20);
    expect(res.body.results[0]).toEqual({
      title: expect.any(String),
      slug: expect.any(String),
      releasedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      runtime: expect.any(Number),
      genres: expect.any(Array),
      url: expect.stringMatching(/^http:\/\/testserver\/movies\/[a-z0-9-]+\/$/),
    });
    const page2 = await get('/api/movies/?page=2').expect(200);
    expect(page2.body.results).toHaveLength(10);
    const drama = await get('/api/movies/?genre=drama').expect(200);
    for (const movie of drama.body.results) expect(movie.genres).toContain('Drama');
    const missing = await get('/api/movies/?page=7').expect(404);
    expect(missing.body.error).toBe('There is no page 7; pages go from 1 to 2.');
  });

  test('/api/movies/<slug>/: the movie and its coming screenings with the seats left', async () => {
    const next = await futureScreening(project.dataSource);
    const res = await get(`/api/movies/${next.movie.slug}/`).set('Host', 'testserver').expect(200);
    expect(res.body.title).toBe(next.movie.title);
    const screening = res.body.screenings.find((s: { id: number }) => s.id === next.id);
    expect(screening).toEqual({
      id: next.id,
      startsAt: next.startsAt.toISOString(),
      room: next.room.name,
      price: next.priceCents / 100,
      seatsLeft: next.room.seats,
      bookUrl: `http://testserver/bookings/book/${next.id}/`,
    });
    await get('/api/movies/nope/').expect(404);
  });
});

describe('static files and errors', () => {
  test('the stylesheet is served by express.static inside the middleware chain', async () => {
    const res = await get('/static/theater/site.css').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/css/);
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
    expect(res.text).toContain('@media (min-width: 48em)');
    await get('/static/theater/missing.css').expect(404);
  });

  test('an unknown URL gets the site’s 404 page, a URL without its slash a redirect', async () => {
    const res = await get('/nowhere/').expect(404);
    expect(res.text).toContain('Nothing is at <code>/nowhere/</code>');
    expect(res.text).toContain('href="/static/theater/site.css"');
    const slash = await get('/movies').expect(301);
    expect(slash.headers.location).toBe('/movies/');
  });

  test('pages that need a login send anonymous users to it, and back afterwards', async () => {
    const next = await futureScreening(project.dataSource);
    for (const url of ['/bookings/', `/bookings/book/${next.id}/`, '/movies/add/', `/movies/${next.movie.slug}/edit/`, `/movies/${next.movie.slug}/delete/`]) {
      const res = await get(url).expect(302);
      expect(res.headers.location).toBe(`/accounts/login/?next=${encodeURIComponent(url).replace(/%2F/g, '/')}`);
    }
  });
});
