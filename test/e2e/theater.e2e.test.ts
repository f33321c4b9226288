/**
 * The movie theater in a real browser (headless Chromium): log in, page through the list, open a
 * movie, book seats and see the message, fail validation and see the error, staff edits a movie.
 * The tests run in order in one browser; each saves a screenshot under test/e2e/screenshots/.
 */
import { User } from 'express-generic-views';
import { Booking } from '../../sample-project/bookings/entities';
import { futureScreening } from '../../sample-project/tests/support';
import { openSite, type Site } from './browser';

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(() => site?.close());

const go = (path: string) => site.page.goto(site.base + path);

test('log in as a customer: the welcome message and the customer’s navigation', async () => {
  const { page } = site;
  await go('/');
  await page.getByRole('link', { name: 'Log in' }).first().click();
  await page.waitForURL('**/accounts/login/');
  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Password').fill('alice-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${site.base}/`);
  await expectText('.message-success', 'Welcome back, Alice.');
  await expectText('.site-nav', 'My bookings');
  await site.screenshot('01-logged-in-home');
});

test('page through the movie list', async () => {
  const { page } = site;
  await go('/movies/');
  await expectText('.page-summary', 'Showing 1–12 of 40');
  const firstPage = await page.locator('.movie-card-title').allTextContents();
  await page.getByRole('link', { name: 'Next ›' }).click();
  await page.waitForURL('**/movies/?page=2');
  await expectText('.page-summary', 'Showing 13–24 of 40');
  const secondPage = await page.locator('.movie-card-title').allTextContents();
  expect(secondPage).toHaveLength(12);
  expect(secondPage.filter((t) => firstPage.includes(t))).toEqual([]);
  await page.locator('.page-numbers').getByRole('link', { name: '4' }).click();
  await page.waitForURL('**/movies/?page=4');
  await expectText('.page-summary', 'Showing 37–40 of 40');
  await page.getByRole('link', { name: 'Newest' }).click();
  await page.waitForURL('**/movies/?ordering=-releasedOn');
  await expectText('.sort [aria-current="true"]', 'Newest');
  await site.screenshot('02-movie-list');
});

test('open a movie from the home page: its details and screenings', async () => {
  const { page } = site;
  await go('/');
  const card = page.locator('.movie-card-title a').first();
  const title = (await card.textContent())!;
  await card.click();
  await page.waitForURL(/\/movies\/[a-z0-9-]+\/$/);
  await expectText('h1', title);
  await expectText('h2.section-title >> nth=0', 'Screenings');
  expect(await page.locator('table.screenings tbody tr').count()).toBeGreaterThan(0);
  await expectText('.credits', 'Director');
  await site.screenshot('03-movie-detail');
});

test('book seats, then see the message and the booking', async () => {
  const { page } = site;
  const title = (await page.locator('h1').textContent())!;
  await page.locator('table.screenings').getByRole('link', { name: 'Book' }).first().click();
  await page.waitForURL(/\/bookings\/book\/\d+\/$/);
  await expectText('.booking-summary h2', title);
  await page.getByLabel('Seats').fill('2');
  await page.getByRole('button', { name: 'Book' }).click();
  await page.waitForURL('**/bookings/');
  await expectText('.message-success', `Booked 2 seats for “${title}”`);
  await expectText('table.bookings', title);
  await site.screenshot('04-booked');
});

test('fail validation: more seats than are left shows the error next to the field', async () => {
  const { page, project } = site;
  const salon = await futureScreening(project.dataSource, 'Salon');
  const staff = await project.dataSource.getRepository(User).findOneByOrFail({ username: 'staff' });
  await project.dataSource.getRepository(Booking).save({ user: { id: staff.id }, screening: { id: salon.id }, seats: 20 });
  await go(`/bookings/book/${salon.id}/`);
  await expectText('.seats-left', '4');
  await page.getByLabel('Seats').fill('6');
  await page.getByRole('button', { name: 'Book' }).click();
  await page.waitForLoadState();
  await expectText('#id_seats_errors', 'Only 4 seats are left.');
  expect(await page.getByLabel('Seats').getAttribute('aria-invalid')).toBe('true');
  expect(await page.getByLabel('Seats').inputValue()).toBe('6');
  await site.screenshot('05-validation-error');
});

test('staff edit a movie: log out, log in as staff, change the title, see it saved', async () => {
  const { page } = site;
  await page.getByRole('button', { name: /Log out/ }).click();
  await page.waitForURL(`${site.base}/`);
  await expectText('.message', 'You are logged out.');
  await go('/accounts/login/');
  await page.getByLabel('Username').fill('staff');
  await page.getByLabel('Password').fill('staff-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${site.base}/`);
  await page.locator('.movie-card-title a').first().click();
  await page.waitForURL(/\/movies\/[a-z0-9-]+\/$/);
  const title = (await page.locator('h1').textContent())!;
  await page.getByRole('link', { name: 'Edit' }).click();
  await page.waitForURL(/\/edit\/$/);
  const slug = await page.getByLabel('Slug').inputValue();
  await page.getByLabel('Title').fill(`${title} (Restored)`);
  await page.getByLabel('Slug').fill('Not a slug');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForLoadState();
  await expectText('#id_slug_errors', 'Use lowercase letters, digits and single dashes.');
  expect(await page.getByLabel('Title').inputValue()).toBe(`${title} (Restored)`);
  await site.screenshot('06-staff-form-error');
  await page.getByLabel('Slug').fill(slug);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/\/movies\/[a-z0-9-]+\/$/);
  await expectText('h1', `${title} (Restored)`);
  await expectText('.message-success', `“${title} (Restored)” was saved.`);
  await site.screenshot('07-staff-edited');
});

test('on a phone the navigation folds into a menu', async () => {
  const page = await site.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${site.base}/movies/`);
  expect(await page.locator('.site-nav').isVisible()).toBe(false);
  await page.locator('.nav-button').click();
  expect(await page.locator('.site-nav').isVisible()).toBe(true);
  await site.screenshot('08-phone-menu', page);
  await page.close();
});

/** Wait until `selector` shows a text containing `text`. */
async function expectText(selector: string, text: string): Promise<void> {
  const locator = site.page.locator(selector).first();
  await locator.waitFor({ timeout: 10_000 });
  expect(await locator.textContent()).toContain(text);
}
