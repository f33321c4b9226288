/**
 * A crawler starts from / and follows every same-site link, stylesheet and GET form on every page
 * it reaches, as an anonymous visitor, as a customer and as staff: no URL may answer 4xx or 5xx.
 */
import request from 'supertest';
import type { StartedProject } from '../project';
import { Booking } from '../bookings/entities';
import { decodeEntities, futureScreening, loggedIn, testProject, type Browser } from './support';

const ORIGIN = 'http://testserver';
const LIMIT = 3000;

let project: StartedProject;
beforeAll(async () => {
  project = await testProject();
  // A booking, so that the customer's pages include a cancel link.
  const screening = await futureScreening(project.dataSource);
  await project.dataSource.getRepository(Booking).save({ user: { id: 1 }, screening: { id: screening.id }, seats: 2 });
});
afterAll(() => project.dataSource.destroy());

/** Same-site URLs (path and query) of a page: links, stylesheets, and GET forms submitted with their fields' values. */
function linksOf(html: string, base: string): string[] {
  const found: string[] = [];
  const add = (href: string) => {
    const url = new URL(decodeEntities(href), ORIGIN + base);
    if (url.origin === ORIGIN) found.push(url.pathname + url.search);
  };
  for (const m of html.matchAll(/<(?:a|link)\b[^>]*\bhref="([^"#][^"]*)"/g)) add(m[1]);
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = m[1];
    if (/method="post"/i.test(attrs)) continue;
    const action = /action="([^"]*)"/.exec(attrs)?.[1] ?? base;
    const query = new URLSearchParams();
    for (const input of m[2].matchAll(/<input\b[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(input[0])?.[1];
      if (name) query.append(decodeEntities(name), decodeEntities(/value="([^"]*)"/.exec(input[0])?.[1] ?? ''));
    }
    add(`${action}${action.includes('?') ? '&' : '?'}${query}`);
  }
  return found;
}

/** Visit everything reachable from `/`; resolves to the URLs visited and the ones that failed. */
async function crawl(browser: Browser) {
  const seen = new Set<string>(['/']);
  const queue = ['/'];
  const failures: string[] = [];
  while (queue.length > 0 && seen.size < LIMIT) {
    const url = queue.shift()!;
    const res = await browser.get(url).set('Host', 'testserver').redirects(0);
    const next: string[] = [];
    if (res.status >= 400) failures.push(`${res.status} ${url}`);
    else if (res.status >= 300) next.push(...linksOf(`<a href="${res.headers.location}">`, url));
    else if (/^text\/html/.test(res.headers['content-type'] ?? '')) next.push(...linksOf(res.text, url));
    for (const link of next) {
      if (seen.has(link) || link.startsWith('/accounts/logout/')) continue;
      seen.add(link);
      queue.push(link);
    }
  }
  return { seen, failures };
}

test('anonymously: every page answers, and the crawl reaches the whole public site', async () => {
  const { seen, failures } = await crawl(request.agent(project.app));
  expect(failures).toEqual([]);
  expect(seen.size).toBeLessThan(LIMIT);
  const paths = [...seen];
  for (const expected of ['/movies/', '/movies/?page=3', '/movies/?genre=drama', '/movies/?ordering=runtime', '/schedule/', '/api/movies/', '/static/theater/site.css', '/accounts/login/']) {
    expect(paths).toContain(expected);
  }
  expect(paths.some((p) => /^\/movies\/[a-z0-9-]+\/$/.test(p))).toBe(true);
  expect(paths.some((p) => /^\/schedule\/\d{4}\/\d{2}\/\d{2}\/$/.test(p))).toBe(true);
  expect(paths.some((p) => /^\/schedule\/\d{4}\/\d{2}\/$/.test(p))).toBe(true);
  expect(paths.some((p) => p.startsWith('/movies/?q='))).toBe(true);
});

test('as a customer: booking pages, my bookings and the cancel page answer too', async () => {
  const { seen, failures } = await crawl(await loggedIn(project.app, 'alice'));
  expect(failures).toEqual([]);
  const paths = [...seen];
  expect(paths).toContain('/bookings/');
  expect(paths.some((p) => /^\/bookings\/book\/\d+\/$/.test(p))).toBe(true);
  expect(paths.some((p) => /^\/bookings\/\d+\/cancel\/$/.test(p))).toBe(true);
});

test('as staff: the add, edit and delete pages answer too', async () => {
  const { seen, failures } = await crawl(await loggedIn(project.app, 'staff'));
  expect(failures).toEqual([]);
  const paths = [...seen];
  expect(paths).toContain('/movies/add/');
  expect(paths.some((p) => /^\/movies\/[a-z0-9-]+\/edit\/$/.test(p))).toBe(true);
  expect(paths.some((p) => /^\/movies\/[a-z0-9-]+\/delete\/$/.test(p))).toBe(true);
});
