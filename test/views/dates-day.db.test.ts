/**
 * Port of Django's tests/generic_views/test_dates.py, part 2: WeekArchiveView, DayArchiveView,
 * TodayArchiveView, DateDetailView, on a date column and a datetime column, SQLite or PostgreSQL.
 */
import { context } from '../db/support';
import { D, datesSuite, databaseKind, localDay } from './dates-support';

describe(`dates day views on ${databaseKind}`, () => {
  const { state, get, logged, addBook, signings } = datesSuite('dates_day');

  describe('WeekArchiveView', () => {
    test('a Sunday-based week', async () => {
      const c = context(await get('/dates/books/2008/week/39/'));
      expect(c.template).toBe('books/book_archive_week.pug');
      expect(c.bookList).toEqual(['2066']);
      expect(c.week).toBe(D('2008-09-28'));
      expect(c.nextWeek).toBeNull();
      expect(c.previousWeek).toBe(D('2006-04-30'));
    });

    test('an empty week: 404, and with allowEmpty the adjacent weeks', async () => {
      expect((await get('/dates/books/2008/week/12/')).status).toBe(404);
      const c = context(await get('/dates/books/2008/week/12/allow_empty/'));
      expect(c.bookList).toEqual([]);
      expect(c.week).toBe(D('2008-03-23'));
      expect(c.nextWeek).toBe(D('2008-03-30'));
      expect(c.previousWeek).toBe(D('2008-03-16'));
    });

    test('allowFuture', async () => {
      const year = localDay().year + 1;
      await addBook('Next year', `${year}-01-01`);
      const week = new Date(Date.UTC(year, 0, 1)).getUTCDay() === 0 ? 1 : 0;
      expect((await get(`/dates/books/${year}/week/${week}/`)).status).toBe(404);
      const c = context(await get(`/dates/books/${year}/week/${week}/allow_future/`));
      expect(c.bookList).toEqual(['Next year']);
      expect(c.nextWeek).toBeNull();
      expect(c.previousWeek).toBe(D('2008-09-28'));
    });

    test('paginated', async () => {
      const c = context(await get('/dates/books/2006/week/18/paginated/'));
      expect(c.bookList).toHaveLength(2);
    });

    test('no week in the URL is a 404', async () => {
      const res = await get('/dates/books/2007/week/no_week/');
      expect(res.status).toBe(404);
      expect(res.text).toBe('404: No week specified');
    });

    test('Monday-based weeks (%W)', async () => {
      expect(context(await get('/dates/books/2008/week/39/')).week).toBe(D('2008-09-28'));
      expect(context(await get('/dates/books/2008/week/39/monday/')).week).toBe(D('2008-09-29'));
    });

    test('ISO weeks (%G/%V)', async () => {
      const c = context(await get('/dates/books/2008/week/40/iso_format/'));
      expect(c.week).toBe(D('2008-09-29'));
      expect(c.bookList).toEqual(['2066']);
    });

    test('an unknown week format, and %V without %G: errors naming the fix', async () => {
      expect((await get('/dates/books/2008/week/39/unknown_week_format/')).status).toBe(500);
      expect(logged()).toContain("Unknown week format '%T'. Choices are: %U, %V, %W");
      expect((await get('/dates/books/2008/week/40/invalid_iso_week_year_format/')).status).toBe(500);
      expect(logged()).toContain("ISO week directive '%V' is incompatible with the year directive '%Y'. Use the ISO year '%G' instead.");
    });

    test('week 99 is a 404', async () => {
      expect((await get('/dates/books/2008/week/99/')).status).toBe(404);
    });

    test('a datetime column', async () => {
      await signings().save({ eventDate: new Date('2008-03-26T12:00:00Z') });
      expect(context(await get('/dates/booksignings/2008/week/12/')).objectList).toHaveLength(1);
      expect((await get('/dates/booksignings/2008/week/13/')).status).toBe(404);
    });
  });

  describe('DayArchiveView and TodayArchiveView', () => {
    test('the books of a day', async () => {
      const c = context(await get('/dates/books/2008/oct/01/'));
      expect(c.template).toBe('books/book_archive_day.pug');
      expect(c.bookList).toEqual(['2066']);
      expect(c.day).toBe(D('2008-10-01'));
      expect(c.nextDay).toBeNull();
      expect(c.previousDay).toBe(D('2006-05-01'));
      expect(c.previousMonth).toBe(D('2006-05-01'));
      expect(c.nextMonth).toBeNull();
    });

    test('an empty day: 404, and with allowEmpty the adjacent days', async () => {
      expect((await get('/dates/books/2000/jan/1/')).status).toBe(404);
      const c = context(await get('/dates/books/2000/jan/1/allow_empty/'));
      expect(c.bookList).toEqual([]);
      expect(c.day).toBe(D('2000-01-01'));
      expect(c.nextDay).toBe(D('2000-01-02'));
      expect(c.previousDay).toBe(D('1999-12-31'));
      const now = localDay();
      expect(context(await get(`/dates/books/${now.year}/${now.mon}/${now.day}/allow_empty/`)).nextDay).toBeNull();
    });

    test('allowFuture', async () => {
      const future = localDay(60);
      await addBook('Future', future.iso);
      const url = `/dates/books/${future.year}/${future.mon}/${future.day}/`;
      expect((await get(url)).status).toBe(404);
      let c = context(await get(`${url}allow_future/`));
      expect(c.bookList).toEqual(['Future']);
      expect(c.day).toBe(D(future.iso));
      expect(c.nextDay).toBeNull();
      expect(c.previousDay).toBe(D('2008-10-01'));
      c = context(await get(`${url}allow_empty_and_future/`));
      expect(c.nextDay).toBe(D(localDay(61).iso));
    });

    test('paginated', async () => {
      expect(context(await get('/dates/books/2006/may/1/paginated/')).bookList).toHaveLength(2);
    });

    test('monthFormat %m', async () => {
      expect(context(await get('/dates/books/2008/10/01/')).bookList).toEqual(['2066']);
    });

    test.each(['/dates/books/2007/oct/no_day/', '/dates/books/2008/feb/30/', '/dates/books/2007/feb/29/', '/dates/books/2008/oct/32/'])('%s is a 404', async (url) => {
      expect((await get(url)).status).toBe(404);
    });

    test('February 29th of a leap year', async () => {
      await addBook('Leap', '2008-02-29');
      expect(context(await get('/dates/books/2008/feb/29/')).bookList).toEqual(['Leap']);
    });

    test('today', async () => {
      expect((await get('/dates/books/today/')).status).toBe(404);
      expect(context(await get('/dates/books/today/allow_empty/')).day).toBe(localDay().midnight);
      await addBook('Today', localDay().iso);
      expect(context(await get('/dates/books/today/')).bookList).toEqual(['Today']);
    });

    test('a datetime column: the whole day, not just midnight', async () => {
      await signings().save({ eventDate: new Date('2008-04-02T12:00:00Z') });
      await signings().save({ eventDate: new Date('2008-04-02T23:59:59Z') });
      await signings().save({ eventDate: new Date('2008-04-03T00:00:00Z') });
      expect(context(await get('/dates/booksignings/2008/apr/2/')).objectList).toHaveLength(2);
      expect((await get('/dates/booksignings/today/')).status).toBe(404);
    });
  });

  describe('DateDetailView', () => {
    test('by pk', async () => {
      const c = context(await get(`/dates/books/2008/oct/01/${state.book1.id}/`));
      expect(c.template).toBe('books/book_detail.pug');
      expect(c.object).toBe('2066');
      expect(c.book).toBe('2066');
    });

    test('by slug', async () => {
      expect(context(await get('/dates/books/2006/may/01/byslug/dreaming-in-code/')).object).toBe('Dreaming in Code');
    });

    test('monthFormat %m', async () => {
      expect(context(await get(`/dates/books/2008/10/01/${state.book1.id}/`)).object).toBe('2066');
    });

    test('the object must be on that day', async () => {
      const res = await get(`/dates/books/2008/oct/02/${state.book1.id}/`);
      expect(res.status).toBe(404);
      expect(res.text).toBe('404: No book found matching the query');
    });

    test('a future date: 404 unless allowFuture', async () => {
      const future = localDay(60);
      const b = await addBook('The Future', future.iso);
      const res = await get(`/dates/books/${future.year}/${future.mon}/${future.day}/${b.id}/`);
      expect(res.status).toBe(404);
      expect(res.text).toBe('404: Future books not available because BookDetail.allowFuture is false.');
      const c = context(await get(`/dates/books/${future.year}/${future.mon}/${future.day}/${b.id}/allow_future/`));
      expect(c.object).toBe('The Future');
    });

    test('year 9999 and malformed dates are 404s', async () => {
      expect((await get(`/dates/books/9999/dec/31/${state.book1.id}/`)).status).toBe(404);
      expect((await get(`/dates/books/2008/oct/x1/${state.book1.id}/`)).status).toBe(404);
      expect((await get(`/dates/books/2008/10/x1/${state.book1.id}/`)).status).toBe(404);
    });

    test('neither pk nor slug: a 500 naming the fix', async () => {
      expect((await get('/dates/books/2008/oct/01/nopk/')).status).toBe(500);
      expect(logged()).toContain('Generic detail view BookDetail must be called with either an object pk or a slug in the URLconf.');
    });

    test('getObject() with a custom query builder', async () => {
      expect(context(await get(`/dates/books/get_object_custom_queryset/2006/may/01/${state.book2.id}/`)).object).toBe('Dreaming in Code');
      expect((await get(`/dates/books/get_object_custom_queryset/2008/oct/01/${state.book2.id}/`)).status).toBe(404);
    });

    test('a datetime column', async () => {
      const signing1 = await signings().save({ eventDate: new Date('2008-04-02T12:00:00Z') });
      const c = context(await get(`/dates/booksignings/2008/apr/2/${signing1.id}/`));
      expect(c.template).toBe('books/book_detail.pug');
      expect(c.object).toBe(signing1.id);
      expect((await get(`/dates/booksignings/2008/apr/3/${signing1.id}/`)).status).toBe(404);
    });
  });
});
