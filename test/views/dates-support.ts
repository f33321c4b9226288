/**
 * The models, views and URLs of Django's generic_views date tests, made per test file (each file
 * gets its own table names: `<prefix>_book`, `<prefix>_booksigning`).
 */
import request from 'supertest';
import { Column, Entity, PrimaryGeneratedColumn, type DataSource, type EntityManager } from 'typeorm';
import {
  ArchiveIndexView,
  BaseDateListView,
  DateDetailView,
  DayArchiveView,
  MonthArchiveView,
  TodayArchiveView,
  WeekArchiveView,
  YearArchiveView,
  currentManager,
  path,
  rePath,
} from '../../src';
import { databaseKind } from '../db/test-datasource';
import { booksApp, type BooksApp } from '../db/support';

/** Entities, views and URLs with tables prefixed by `prefix`. */
export function datesFixture(prefix: string) {
  const DATETIME = databaseKind === 'postgres' ? 'timestamp' : 'datetime';

  @Entity(`${prefix}_book`)
  class Book {
    @PrimaryGeneratedColumn() id!: number;
    @Column('varchar', { length: 300 }) name!: string;
    @Column('varchar', { length: 50 }) slug!: string;
    @Column('integer') pages!: number;
    @Column('date') pubdate!: string;
  }

  @Entity(`${prefix}_booksigning`)
  class BookSigning {
    @PrimaryGeneratedColumn() id!: number;
    @Column(DATETIME) eventDate!: Date;
  }

  const books = (m: EntityManager) => m.getRepository(Book).createQueryBuilder('book');
  const booksByPubdate = (m: EntityManager) => m.getRepository(Book).createQueryBuilder('book').orderBy('book.pubdate');

  class BookArchive extends ArchiveIndexView {
    override queryset = books;
    override dateField: string | null = 'pubdate';
  }
  class BookYearArchive extends YearArchiveView {
    override queryset = books;
    override dateField: string | null = 'pubdate';
  }
  class BookMonthArchive extends MonthArchiveView {
    override queryset = books;
    override dateField: string | null = 'pubdate';
  }
  class BookWeekArchive extends WeekArchiveView {
    override queryset = books;
    override dateField: string | null = 'pubdate';
  }
  class BookDayArchive extends DayArchiveView {
    override queryset = books;
    override dateField: string | null = 'pubdate';
  }
  class BookTodayArchive extends TodayArchiveView {
    override queryset = books;
    override dateField: string | null = 'pubdate';
  }
  class BookDetail extends DateDetailView {
    override queryset = books;
    override dateField: string | null = 'pubdate';
  }
  class BookDetailGetObjectCustomQueryset extends BookDetail {
    override getObject() {
      return super.getObject(currentManager(this.request).getRepository(Book).createQueryBuilder('book').andWhere('book.id = :id', { id: this.kwargs.pk }));
    }
  }
  class BookArchiveWithoutDateField extends ArchiveIndexView {
    override queryset = books;
  }
  class BareDateList extends BaseDateListView {
    override queryset = books;
    override dateField: string | null = 'pubdate';
  }

  /** Views of BookSigning render the book templates, as in Django's BookSigningConfig. */
  function signing<T extends new (...args: any[]) => { templateNameSuffix: string; getTemplateNames(): string[] }>(Base: T) {
    return class extends Base {
      model = BookSigning;
      dateField = 'eventDate';
      override getTemplateNames() {
        return [`books/book${this.templateNameSuffix}.pug`];
      }
    };
  }
  const BookSigningArchive = signing(ArchiveIndexView);
  const BookSigningYearArchive = signing(YearArchiveView);
  const BookSigningMonthArchive = signing(MonthArchiveView);
  const BookSigningWeekArchive = signing(WeekArchiveView);
  const BookSigningDayArchive = signing(DayArchiveView);
  const BookSigningTodayArchive = signing(TodayArchiveView);
  const BookSigningDetail = signing(DateDetailView);

  const urls = [
    path('dates/books/', BookArchive.asView()),
    path('dates/books/context_object_name/', BookArchive.asView({ contextObjectName: 'thingies' })),
    path('dates/books/allow_empty/', BookArchive.asView({ allowEmpty: true })),
    path('dates/books/template_name/', BookArchive.asView({ templateName: 'books/list.pug' })),
    path('dates/books/template_name_suffix/', BookArchive.asView({ templateNameSuffix: '_detail' })),
    path('dates/books/invalid/', BookArchive.asView({ queryset: null })),
    path('dates/books/paginated/', BookArchive.asView({ paginateBy: 10 })),
    path('dates/books/reverse/', BookArchive.asView({ queryset: booksByPubdate })),
    path('dates/books/by_month/', BookArchive.asView({ dateListPeriod: 'month' })),
    path('dates/booksignings/', BookSigningArchive.asView()),
    path('dates/books/sortedbyname/', BookArchive.asView({ ordering: 'name' })),
    path('dates/books/sortedbynamedec/', BookArchive.asView({ ordering: '-name' })),
    path('dates/books/without_date_field/', BookArchiveWithoutDateField.asView()),
    path('dates/books/bare/', BareDateList.asView()),
    path('dates/books/today/', BookTodayArchive.asView()),
    path('dates/books/today/allow_empty/', BookTodayArchive.asView({ allowEmpty: true })),
    path('dates/booksignings/today/', BookSigningTodayArchive.asView()),
    path('dates/books/no_year/', BookYearArchive.asView()),
    path('dates/books/<int:year>/', BookYearArchive.asView()),
    path('dates/books/<int:year>/make_object_list/', BookYearArchive.asView({ makeObjectList: true })),
    path('dates/books/<int:year>/allow_empty/', BookYearArchive.asView({ allowEmpty: true })),
    path('dates/books/<int:year>/allow_future/', BookYearArchive.asView({ allowFuture: true })),
    path('dates/books/<int:year>/paginated/', BookYearArchive.asView({ makeObjectList: true, paginateBy: 30 })),
    rePath('^dates/books/(?P<year>\\d{4})/sortedbyname/$', BookYearArchive.asView({ makeObjectList: true, ordering: 'name' })),
    rePath('^dates/books/(?P<year>\\d{4})/sortedbypageandnamedec/$', BookYearArchive.asView({ makeObjectList: true, ordering: ['pages', '-name'] })),
    path('dates/books/<int:year>/reverse/', BookYearArchive.asView({ queryset: booksByPubdate })),
    path('dates/booksignings/<int:year>/', BookSigningYearArchive.asView()),
    path('dates/books/<int:year>/week/no_week/', BookWeekArchive.asView()),
    path('dates/books/<int:year>/week/<int:week>/', BookWeekArchive.asView()),
    path('dates/books/<int:year>/week/<int:week>/allow_empty/', BookWeekArchive.asView({ allowEmpty: true })),
    path('dates/books/<int:year>/week/<int:week>/allow_future/', BookWeekArchive.asView({ allowFuture: true })),
    path('dates/books/<int:year>/week/<int:week>/paginated/', BookWeekArchive.asView({ paginateBy: 30 })),
    path('dates/books/<int:year>/week/<int:week>/monday/', BookWeekArchive.asView({ weekFormat: '%W' })),
    path('dates/books/<int:year>/week/<int:week>/unknown_week_format/', BookWeekArchive.asView({ weekFormat: '%T' })),
    path('dates/books/<int:year>/week/<int:week>/iso_format/', BookWeekArchive.asView({ yearFormat: '%G', weekFormat: '%V' })),
    path('dates/books/<int:year>/week/<int:week>/invalid_iso_week_year_format/', BookWeekArchive.asView({ weekFormat: '%V' })),
    path('dates/booksignings/<int:year>/week/<int:week>/', BookSigningWeekArchive.asView()),
    path('dates/books/without_month/<int:year>/', BookMonthArchive.asView()),
    path('dates/books/<int:year>/no_month/', BookMonthArchive.asView()),
    path('dates/books/<int:year>/<int:month>/', BookMonthArchive.asView({ monthFormat: '%m' })),
    path('dates/books/<int:year>/<month>/', BookMonthArchive.asView()),
    path('dates/books/<int:year>/<month>/allow_empty/', BookMonthArchive.asView({ allowEmpty: true })),
    path('dates/books/<int:year>/<month>/allow_future/', BookMonthArchive.asView({ allowFuture: true })),
    path('dates/books/<int:year>/<month>/paginated/', BookMonthArchive.asView({ paginateBy: 30 })),
    path('dates/booksignings/<int:year>/<month>/', BookSigningMonthArchive.asView()),
    path('dates/books/<int:year>/<month>/no_day/', BookDayArchive.asView()),
    path('dates/books/<int:year>/<int:month>/<int:day>/', BookDayArchive.asView({ monthFormat: '%m' })),
    path('dates/books/<int:year>/<month>/<int:day>/', BookDayArchive.asView()),
    path('dates/books/<int:year>/<month>/<int:day>/allow_empty/', BookDayArchive.asView({ allowEmpty: true })),
    path('dates/books/<int:year>/<month>/<int:day>/allow_future/', BookDayArchive.asView({ allowFuture: true })),
    path('dates/books/<int:year>/<month>/<int:day>/allow_empty_and_future/', BookDayArchive.asView({ allowEmpty: true, allowFuture: true })),
    path('dates/books/<int:year>/<month>/<int:day>/paginated/', BookDayArchive.asView({ paginateBy: 30 })),
    path('dates/booksignings/<int:year>/<month>/<int:day>/', BookSigningDayArchive.asView()),
    path('dates/books/<int:year>/<int:month>/<day>/<int:pk>/', BookDetail.asView({ monthFormat: '%m' })),
    path('dates/books/<int:year>/<month>/<day>/<int:pk>/', BookDetail.asView()),
    path('dates/books/<int:year>/<month>/<int:day>/<int:pk>/allow_future/', BookDetail.asView({ allowFuture: true })),
    path('dates/books/<int:year>/<month>/<int:day>/nopk/', BookDetail.asView()),
    path('dates/books/<int:year>/<month>/<int:day>/byslug/<slug:slug>/', BookDetail.asView()),
    path('dates/books/get_object_custom_queryset/<int:year>/<month>/<int:day>/<int:pk>/', BookDetailGetObjectCustomQueryset.asView()),
    path('dates/booksignings/<int:year>/<month>/<int:day>/<int:pk>/', BookSigningDetail.asView()),
  ];

  return { Book, BookSigning, urls };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The server's local date plus `days`: ISO text, year, month abbreviation, day, and midnight UTC as the templates show dates. */
export function localDay(days = 0): { iso: string; year: number; mon: string; day: number; midnight: string } {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const iso = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return { iso, year: d.getFullYear(), mon: MONTHS[d.getMonth()], day: d.getDate(), midnight: `${iso}T00:00:00.000Z` };
}

export const D = (iso: string) => `${iso}T00:00:00.000Z`;

/** A running app with the date fixtures, reset before each test to Django's three books. */
export function datesSuite(prefix: string) {
  const { Book, BookSigning, urls } = datesFixture(prefix);
  type Book = InstanceType<typeof Book>;
  const state = {} as { env: BooksApp; ds: DataSource; book1: Book; book2: Book };
  beforeAll(async () => {
    state.env = await booksApp([Book, BookSigning], urls);
    state.ds = state.env.dataSource;
  });
  afterAll(async () => {
    await state.ds.destroy();
  });
  beforeEach(async () => {
    const repo = state.ds.getRepository(Book);
    await repo.clear();
    await state.ds.getRepository(BookSigning).clear();
    state.book1 = await repo.save({ name: '2066', slug: '2066', pages: 800, pubdate: '2008-10-01' });
    state.book2 = await repo.save({ name: 'Dreaming in Code', slug: 'dreaming-in-code', pages: 300, pubdate: '2006-05-01' });
    await repo.save({ name: 'Zebras for Dummies', slug: 'zebras-for-dummies', pages: 350, pubdate: '2006-05-01' });
  });
  return {
    state,
    Book,
    BookSigning,
    get: (url: string) => request(state.env.app).get(url),
    logged: () => state.env.logger.lines.join('\n'),
    addBook: (name: string, pubdate: string, pages = 100) =>
      state.ds.getRepository(Book).save({ name, slug: name.toLowerCase().replace(/\W+/g, '-'), pages, pubdate }),
    signings: () => state.ds.getRepository(BookSigning),
    books: () => state.ds.getRepository(Book),
  };
}

export { databaseKind };
