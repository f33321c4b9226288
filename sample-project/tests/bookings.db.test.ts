/**
 * The forms of customers, through supertest with cookies: log in and out, book seats (validation
 * against the seats left, login required, CSRF), "my bookings", cancelling a booking.
 */
import request from 'supertest';
import { User } from 'express-generic-views';
import type { StartedProject } from '../project';
import { Booking } from '../bookings/entities';
import { Screening } from '../screenings/entities';
import { futureScreening, loggedIn, messagesOf, submit, testProject } from './support';

let project: StartedProject;
beforeAll(async () => {
  project = await testProject();
});
afterAll(() => project.dataSource.destroy());

const bookings = () => project.dataSource.getRepository(Booking);
const userId = async (username: string) => (await project.dataSource.getRepository(User).findOneByOrFail({ username })).id;

/** A booking of `seats` seats in `screening` by `username`, written directly. */
async function book(username: string, screening: Screening, seats: number) {
  return bookings().save({ user: { id: await userId(username) }, screening: { id: screening.id }, seats });
}

describe('log in and out', () => {
  test('the login page has the CSRF field; wrong credentials show the error in the form', async () => {
    const agent = request.agent(project.app);
    const page = await agent.get('/accounts/login/').expect(200);
    expect(page.text).toContain('name="csrfmiddlewaretoken"');
    expect(page.text).toContain('<label for="id_username">Username</label>');
    const res = await submit(agent, '/accounts/login/', { username: 'alice', password: 'wrong' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<ul class="errorlist"><li>Please enter a correct username and password.');
  });

  test('logging in redirects home with a welcome; the navigation then offers my bookings and logging out', async () => {
    const agent = request.agent(project.app);
    const res = await submit(agent, '/accounts/login/', { username: 'alice', password: 'alice-password' });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/');
    const home = await agent.get('/').expect(200);
    expect(messagesOf(home.text)).toEqual(['Welcome back, Alice.']);
    expect(home.text).toContain('href="/bookings/"');
    expect(home.text).toContain('<form class="logout-form" method="post" action="/accounts/logout/">');
    // A message is shown once.
    expect(messagesOf((await agent.get('/').expect(200)).text)).toEqual([]);
  });

  test('logging in follows a safe ?next=', async () => {
    const agent = request.agent(project.app);
    const res = await submit(agent, '/accounts/login/?next=/bookings/', { username: 'alice', password: 'alice-password', next: '/bookings/' });
    expect(res.headers.location).toBe('/bookings/');
    const evil = await submit(request.agent(project.app), '/accounts/login/', { username: 'alice', password: 'alice-password', next: 'https://evil.example/' });
    expect(evil.headers.location).toBe('/');
  });

  test('logging out is a POST with the CSRF token; it says goodbye', async () => {
    const agent = await loggedIn(project.app, 'alice');
    await agent.get('/accounts/logout/').expect(405);
    await agent.post('/accounts/logout/').expect(403);
    const res = await submit(agent, '/', {}, '/accounts/logout/');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/');
    const home = await agent.get('/').expect(200);
    expect(messagesOf(home.text)).toEqual(['You are logged out. See you soon!']);
    expect(home.text).toContain('href="/accounts/login/"');
    await agent.get('/bookings/').expect(302);
  });
});

describe('booking seats', () => {
  test('the page shows the screening and the seats left; a valid booking is saved, announced and listed', async () => {
    const screening = await futureScreening(project.dataSource, 'Studio 3');
    const agent = await loggedIn(project.app, 'alice');
    const page = await agent.get(`/bookings/book/${screening.id}/`).expect(200);
    expect(page.text).toContain(screening.movie.title);
    expect(page.text).toContain('<dd class="seats-left">60</dd>');
    expect(page.text).toContain('name="seats"');
    const res = await submit(agent, `/bookings/book/${screening.id}/`, { seats: '3' });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/bookings/');
    const rows = await bookings().find({ where: { screening: { id: screening.id } }, relations: { user: true } });
    expect(rows.map((b) => [b.user.username, b.seats])).toEqual([['alice', 3]]);
    const mine = await agent.get('/bookings/').expect(200);
    expect(messagesOf(mine.text)).toEqual([expect.stringMatching(new RegExp(`^Booked 3 seats for “${screening.movie.title}” on .+ \\(Studio 3\\)\\.$`))]);
    expect(mine.text).toContain(screening.movie.title);
    expect(mine.text).toContain(`href="/bookings/${rows[0].id}/cancel/"`);
    expect((await agent.get(`/bookings/book/${screening.id}/`)).text).toContain('<dd class="seats-left">57</dd>');
  });

  test('seats must be a whole number from 1 to 10: errors next to the field, nothing saved', async () => {
    const screening = await futureScreening(project.dataSource, 'Grand Hall');
    const agent = await loggedIn(project.app, 'alice');
    const before = await bookings().count();
    for (const [seats, error] of [
      ['0', 'Ensure this value is greater than or equal to 1.'],
      ['11', 'Ensure this value is less than or equal to 10.'],
      ['two', 'Enter a whole number.'],
      ['', 'This field is required.'],
    ]) {
      const res = await submit(agent, `/bookings/book/${screening.id}/`, { seats });
      expect(res.status).toBe(200);
      expect(res.text).toMatch(new RegExp(`<input[^>]*name="seats"[^>]*aria-invalid="true"[^>]*><ul class="errorlist" id="id_seats_errors"><li>${error.replace(/\./g, '\\.')}</li></ul>`));
    }
    expect(await bookings().count()).toBe(before);
  });

  test('more seats than are left is refused with how many are left; a sold-out screening says so', async () => {
    const screening = await futureScreening(project.dataSource, 'Salon');
    await book('staff', screening, 20);
    const agent = await loggedIn(project.app, 'alice');
    const res = await submit(agent, `/bookings/book/${screening.id}/`, { seats: '6' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<ul class="errorlist" id="id_seats_errors"><li>Only 4 seats are left.</li></ul>');
    await book('staff', screening, 4);
    const full = await agent.get(`/bookings/book/${screening.id}/`).expect(200);
    expect(full.text).toContain('This screening is sold out.');
    expect(full.text).toMatch(/<button class="button" type="submit" disabled>Book<\/button>/);
    const again = await submit(agent, `/bookings/book/${screening.id}/`, { seats: '1' });
    expect(again.text).toContain('<li>This screening is sold out.</li>');
    expect(await bookings().countBy({ screening: { id: screening.id }, user: { id: await userId('alice') } })).toBe(0);
  });

  test('a screening that has started cannot be booked', async () => {
    const started = await project.dataSource.getRepository(Screening).save({
      movie: { id: (await futureScreening(project.dataSource)).movie.id },
      room: { id: 1 },
      startsAt: new Date(Date.now() - 3_600_000),
      priceCents: 1000,
    });
    const agent = await loggedIn(project.app, 'alice');
    const res = await submit(agent, `/bookings/book/${started.id}/`, { seats: '2' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<ul class="errorlist"><li>This screening has started: it can no longer be booked.</li></ul>');
    await project.dataSource.getRepository(Screening).delete(started.id);
  });

  test('an unknown screening is a 404; a post without the CSRF token a 403', async () => {
    const agent = await loggedIn(project.app, 'alice');
    await agent.get('/bookings/book/999999/').expect(404);
    const screening = await futureScreening(project.dataSource);
    await agent.post(`/bookings/book/${screening.id}/`).type('form').send('seats=2').expect(403);
  });
});

describe('my bookings and cancelling', () => {
  test('my bookings lists only my own; I can cancel mine (with a message), not someone else’s', async () => {
    const screening = await futureScreening(project.dataSource, 'Studio 2');
    const mine = await book('alice', screening, 2);
    const theirs = await book('staff', screening, 5);
    const agent = await loggedIn(project.app, 'alice');
    const list = await agent.get('/bookings/').expect(200);
    expect(list.text).toContain(`href="/bookings/${mine.id}/cancel/"`);
    expect(list.text).not.toContain(`href="/bookings/${theirs.id}/cancel/"`);
    await agent.get(`/bookings/${theirs.id}/cancel/`).expect(404);
    const confirm = await agent.get(`/bookings/${mine.id}/cancel/`).expect(200);
    expect(confirm.text).toContain('Cancel this booking?');
    const res = await submit(agent, `/bookings/${mine.id}/cancel/`, {});
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/bookings/');
    expect(await bookings().existsBy({ id: mine.id })).toBe(false);
    expect(await bookings().existsBy({ id: theirs.id })).toBe(true);
    expect(messagesOf((await agent.get('/bookings/')).text)).toEqual([`Your booking for “${screening.movie.title}” was cancelled.`]);
  });

  test('a booking of a screening that has started cannot be cancelled (403)', async () => {
    const past = await project.dataSource.getRepository(Screening).save({
      movie: { id: (await futureScreening(project.dataSource)).movie.id },
      room: { id: 2 },
      startsAt: new Date(Date.now() - 7_200_000),
      priceCents: 1000,
    });
    const booking = await book('alice', past, 1);
    const agent = await loggedIn(project.app, 'alice');
    const list = await agent.get('/bookings/').expect(200);
    expect(list.text).toContain('<span class="badge">Past</span>');
    const res = await agent.get(`/bookings/${booking.id}/cancel/`).expect(403);
    expect(res.text).toContain('This screening has started: its bookings can no longer be cancelled.');
    await project.dataSource.getRepository(Screening).delete(past.id);
  });
});
