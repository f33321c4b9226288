/**
 * Port of Django's tests/generic_views/test_dates.py, part 1: ArchiveIndexView, YearArchiveView,
 * MonthArchiveView, on a date column and a datetime column, SQLite or PostgreSQL.
 */
import { context } from '../db/support';
import { D, datesSuite, databaseKind, localDay } from './dates-support';

describe(`dates archive views on ${databaseKind}`, () => {
  const { get, logged, addBook, signings, books } = datesSuite('dates_archive');

  describe('ArchiveIndexView', () => {
    test('latest books and the years that have some, newest first', async () => {
      const c = context(await get('/dates/books/'));
      expect(c.template).toBe('books/book_archive.pug');
      expect(c.dateList).toEqual([D('2008-01-01'), D('2006-01-01')]);
      expect(c.latest).toEqual(['2066', 'Dreaming in Code', 'Zebras for Dummies']);
      expect(c.objectList).toEqual(c.latest);
    });

    test('contextObjectName', async () => {
      const c = context(await get('/dates/books/context_object_name/'));
      expect(c.thingies).toHaveLength(3);
      expect(c).not.toHaveProperty('latest');
    });

    test('an empty archive is a 404 naming the model; allowEmpty shows it', async () => {
      await books().clear();
      const res = await get('/dates/books/');
      expect(res.status).toBe(404);
      expect(res.text).toBe('404: No books available');
      const c = context(await get('/dates/books/allow_empty/'));
      expect(c.latest).toEqual([]);
      expect(c.dateList).toEqual([]);
    });

    test('templateName and templateNameSuffix', async () => {
      expect(context(await get('/dates/books/template_name/')).template).toBe('books/list.pug');
      expect(context(await get('/dates/books/template_name_suffix/')).template).toBe('books/book_detail.pug');
    });

    test('no query set, no date field: ImproperlyConfigured', async () => {
      expect((await get('/dates/books/invalid/')).status).toBe(500);
      expect(logged()).toContain('BookArchive is missing a QuerySet.');
      expect((await get('/dates/books/without_date_field/')).status).toBe(500);
      expect(logged()).toContain('BookArchiveWithoutDateField.dateField is required.');
    });

    test('BaseDateListView without getDatedItems() says what to implement', async () => {
      expect((await get('/dates/books/bare/')).status).toBe(500);
      expect(logged()).toContain('BareDateList must implement getDatedItems()');
    });

    test('dateListPeriod month', async () => {
      expect(context(await get('/dates/books/by_month/')).dateList).toEqual([D('2008-10-01'), D('2006-05-01')]);
    });

    test('paginated', async () => {
      for (let i = 0; i < 20; i++) await addBook(`Book ${i}`, '2008-10-01');
      let c = context(await get('/dates/books/paginated/'));
      expect(c.latest).toHaveLength(10);
      expect(c.pageObj.page).toBe(1);
      expect(c.paginator.count).toBe(23);
      c = context(await get('/dates/books/paginated/?page=3'));
      expect(c.latest).toHaveLength(3);
      expect((await get('/dates/books/paginated/?page=4')).status).toBe(404);
    });

    test('future books are left out unless allowFuture', async () => {
      await addBook('From the future', localDay(60).iso);
      const c = context(await get('/dates/books/'));
      expect(c.latest).not.toContain('From the future');
    });

    test('a datetime column', async () => {
      await signings().save({ eventDate: new Date('2008-04-02T12:00:00Z') });
      const c = context(await get('/dates/booksignings/'));
      expect(c.template).toBe('books/book_archive.pug');
      expect(c.dateList).toEqual([D('2008-01-01')]);
    });

    test('the date list is newest first whatever the query order', async () => {
      await addBook('Old', '2000-01-01');
      await addBook('Newer', '2011-01-01');
      expect(context(await get('/dates/books/reverse/')).dateList).toEqual([D('2011-01-01'), D('2008-01-01'), D('2006-01-01'), D('2000-01-01')]);
    });

    test('custom ordering', async () => {
      expect(context(await get('/dates/books/sortedbyname/')).latest).toEqual(['2066', 'Dreaming in Code', 'Zebras for Dummies']);
      expect(context(await get('/dates/books/sortedbynamedec/')).latest).toEqual(['Zebras for Dummies', 'Dreaming in Code', '2066']);
    });
  });

  describe('YearArchiveView', () => {
    test('the months of a year, no rows by default', async () => {
      const c = context(await get('/dates/books/2008/'));
      expect(c.template).toBe('books/book_archive_year.pug');
      expect(c.dateList).toEqual([D('2008-10-01')]);
      expect(c.year).toBe(D('2008-01-01'));
      expect(c.bookList).toEqual([]);
      expect(c.previousYear).toBe(D('2006-01-01'));
      expect(c.nextYear).toBeNull();
    });

    test('makeObjectList', async () => {
      const c = context(await get('/dates/books/2008/make_object_list/'));
      expect(c.dateList).toEqual([D('2008-10-01')]);
      expect(c.bookList).toEqual(['2066']);
    });

    test('an empty year: 404, and with allowEmpty the adjacent years', async () => {
      expect((await get('/dates/books/1999/')).status).toBe(404);
      const c = context(await get('/dates/books/1999/allow_empty/'));
      expect(c.dateList).toEqual([]);
      expect(c.bookList).toEqual([]);
      expect(c.nextYear).toBe(D('2000-01-01'));
      expect(c.previousYear).toBe(D('1998-01-01'));
      expect(context(await get(`/dates/books/${localDay().year}/allow_empty/`)).nextYear).toBeNull();
    });

    test('allowFuture', async () => {
      const year = localDay().year + 1;
      await addBook('Next year', `${year}-01-01`);
      expect((await get(`/dates/books/${year}/`)).status).toBe(404);
      const c = context(await get(`/dates/books/${year}/allow_future/`));
      expect(c.dateList).toEqual([D(`${year}-01-01`)]);
      expect(c.bookList).toEqual([]);
      expect(context(await get(`/dates/books/${year}/allow_empty/`)).bookList).toEqual([]);
      expect(context(await get(`/dates/books/${year - 1}/allow_empty/`)).nextYear).toBeNull();
    });

    test('paginated', async () => {
      const c = context(await get('/dates/books/2006/paginated/'));
      expect(c.bookList).toHaveLength(2);
      expect(c.isPaginated).toBe(false);
      expect(c.paginator.count).toBe(2);
    });

    test('custom orderings', async () => {
      await addBook('Zebras for Dummies 2', '2006-09-01', 300);
      expect(context(await get('/dates/books/2006/sortedbyname/')).bookList).toEqual(['Dreaming in Code', 'Zebras for Dummies', 'Zebras for Dummies 2']);
      expect(context(await get('/dates/books/2006/sortedbypageandnamedec/')).bookList).toEqual(['Zebras for Dummies 2', 'Dreaming in Code', 'Zebras for Dummies']);
    });

    test('no year in the URL is a 404', async () => {
      const res = await get('/dates/books/no_year/');
      expect(res.status).toBe(404);
      expect(res.text).toBe('404: No year specified');
    });

    test('a datetime column, months in order', async () => {
      for (const when of ['2008-06-03T12:00:00Z', '2008-02-01T12:00:00Z', '2008-04-02T12:00:00Z']) {
        await signings().save({ eventDate: new Date(when) });
      }
      const c = context(await get('/dates/booksignings/2008/'));
      expect(c.dateList).toEqual([D('2008-02-01'), D('2008-04-01'), D('2008-06-01')]);
    });

    test('the date list is ascending whatever the query order', async () => {
      await addBook('Later', '2006-12-01');
      expect(context(await get('/dates/books/2006/reverse/')).dateList).toEqual([D('2006-05-01'), D('2006-12-01')]);
    });

    test('year 9999 has no next year: 404', async () => {
      expect((await get('/dates/books/9999/allow_future/')).status).toBe(404);
    });
  });

  describe('MonthArchiveView', () => {
    test('the books and days of a month', async () => {
      const c = context(await get('/dates/books/2008/oct/'));
      expect(c.template).toBe('books/book_archive_month.pug');
      expect(c.dateList).toEqual([D('2008-10-01')]);
      expect(c.bookList).toEqual(['2066']);
      expect(c.month).toBe(D('2008-10-01'));
      expect(c.nextMonth).toBeNull();
      expect(c.previousMonth).toBe(D('2006-05-01'));
    });

    test('an empty month: 404, and with allowEmpty the adjacent months', async () => {
      expect((await get('/dates/books/2000/jan/')).status).toBe(404);
      const c = context(await get('/dates/books/2000/jan/allow_empty/'));
      expect(c.dateList).toEqual([]);
      expect(c.bookList).toEqual([]);
      expect(c.month).toBe(D('2000-01-01'));
      expect(c.nextMonth).toBe(D('2000-02-01'));
      expect(c.previousMonth).toBe(D('1999-12-01'));
      const now = localDay();
      expect(context(await get(`/dates/books/${now.year}/${now.mon}/allow_empty/`)).nextMonth).toBeNull();
    });

    test('allowFuture', async () => {
      const future = localDay(60);
      await addBook('Future', future.iso);
      const url = `/dates/books/${future.year}/${future.mon}/`;
      expect((await get(url)).status).toBe(404);
      const c = context(await get(`${url}allow_future/`));
      expect(c.bookList).toEqual(['Future']);
      expect(c.dateList).toEqual([D(future.iso)]);
      expect(c.nextMonth).toBeNull();
      expect(c.previousMonth).toBe(D('2008-10-01'));
    });

    test('paginated', async () => {
      const c = context(await get('/dates/books/2006/may/paginated/'));
      expect(c.bookList).toHaveLength(2);
      expect(c.paginator.numPages).toBe(1);
    });

    test('monthFormat %m', async () => {
      expect(context(await get('/dates/books/2008/10/')).bookList).toEqual(['2066']);
    });

    test.each(['/dates/books/2007/no_month/', '/dates/books/without_month/2007/', '/dates/books/2008/foo/', '/dates/books/2008/13/', '/dates/books/2008/0/'])(
      '%s is a 404',
      async (url) => {
        expect((await get(url)).status).toBe(404);
      },
    );

    test('an invalid month names the format', async () => {
      expect((await get('/dates/books/2008/foo/')).text).toBe('404: Invalid date string “2008__foo__” given format “%Y__%b__”');
    });

    test('the previous month skips empty months', async () => {
      await addBook('January', '2010-01-01');
      await addBook('March', '2010-03-01');
      expect(context(await get('/dates/books/2010/mar/')).previousMonth).toBe(D('2010-01-01'));
    });

    test('a datetime column', async () => {
      for (const when of ['2008-02-01T12:00:00Z', '2008-04-02T12:00:00Z', '2008-04-30T23:00:00Z', '2008-06-03T12:00:00Z']) {
        await signings().save({ eventDate: new Date(when) });
      }
      const c = context(await get('/dates/booksignings/2008/apr/'));
      expect(c.dateList).toEqual([D('2008-04-02'), D('2008-04-30')]);
      expect(c.objectList).toHaveLength(2);
      expect(c.previousMonth).toBe(D('2008-02-01'));
      expect(c.nextMonth).toBe(D('2008-06-01'));
    });
  });
});
