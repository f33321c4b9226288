/**
 * The second example (mounted.ts): the theater inside an existing Express server under /theater,
 * next to the host's own routes. Links, redirects, the login URL and static files carry the prefix.
 */
import request from 'supertest';
import type { Express } from 'express';
import type { StartedProject } from '../project';
import { createHostServer } from '../mounted';
import { futureScreening, submit, testEnv, testOverrides } from './support';

let host: Express;
let project: StartedProject;
beforeAll(async () => {
  ({ host, project } = await createHostServer({ env: testEnv(), seed: { movies: 12, days: 2 }, demoUsers: true, dropSchema: true, overrides: testOverrides() }));
});
afterAll(() => project.dataSource.destroy());

test('the host keeps its own routes', async () => {
  const home = await request(host).get('/').expect(200);
  expect(home.text).toContain('href="/theater/"');
  expect((await request(host).get('/health').expect(200)).body).toEqual({ ok: true, theater: '/theater/' });
  await request(host).get('/movies/').expect(404);
});

test('the theater’s pages and links are under /theater', async () => {
  const res = await request(host).get('/theater/').expect(200);
  expect(res.text).toContain('href="/theater/movies/"');
  expect(res.text).toContain('href="/theater/static/theater/site.css"');
  expect(res.text).not.toMatch(/href="\/(movies|schedule|accounts)\//);
  const css = await request(host).get('/theater/static/theater/site.css').expect(200);
  expect(css.headers['content-type']).toMatch(/^text\/css/);
  const list = await request(host).get('/theater/movies/').expect(200);
  expect(list.text).toMatch(/href="\/theater\/movies\/[a-z0-9-]+\/"/);
  const slash = await request(host).get('/theater/movies').expect(301);
  expect(slash.headers.location).toBe('/theater/movies/');
});

test('login required sends to /theater/accounts/login/, and logging in comes back', async () => {
  const screening = await futureScreening(project.dataSource);
  const agent = request.agent(host);
  const book = `/theater/bookings/book/${screening.id}/`;
  const refused = await agent.get(book).expect(302);
  expect(refused.headers.location).toBe(`/theater/accounts/login/?next=${book}`);
  const res = await submit(agent, refused.headers.location, { username: 'alice', password: 'alice-password', next: book });
  expect(res.status).toBe(302);
  expect(res.headers.location).toBe(book);
  const page = await agent.get(book).expect(200);
  expect(page.text).toContain('action="/theater/accounts/logout/"');
  const booked = await submit(agent, book, { seats: '2' });
  expect(booked.headers.location).toBe('/theater/bookings/');
});
