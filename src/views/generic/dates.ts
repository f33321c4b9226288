import type { EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { addDays, dateColumn, dateFromString, datesOf, nextPeriodStart, today, whereDate, type DateColumn } from '../../db/dates';
import { queryFor } from '../../db/lookups';
import { verboseName } from '../../db/names';
import { modelOf, type QuerysetSpec } from '../../db/queryset';
import { Http404, ImproperlyConfigured } from '../../http/exceptions';
import type { HttpRequest } from '../../http/request';
import type { HttpResponse } from '../../http/response';
import type { Context } from '../../templates/engine';
import { View } from '../base';
import { ContextMixin } from '../mixins/context';
import { datedQueryset, DateMixin, DayMixin, futureFilter, MonthMixin, WeekMixin, YearMixin } from '../mixins/dates';
import { fetchRows, knownRows, MultipleObjectMixin } from '../mixins/multiple-object';
import { TemplateResponseMixin } from '../mixins/template-response';
import { BaseDetailView, SingleObjectTemplateResponseMixin } from './detail';
import { MultipleObjectTemplateResponseMixin } from './list';

type QB = SelectQueryBuilder<ObjectLiteral>;

/** What `getDatedItems()` returns: the date list (or null), the rows, and extra context. */
export type DatedItems = [dateList: Date[] | null, objectList: QB, extra: Context];

function plural(qb: QB): string {
  const model = modelOf(qb);
  return model ? `${verboseName(model as Function & { prototype: ObjectLiteral })}s` : 'objects';
}

/** The same query, matching nothing (Django's `qs.none()`): it keeps its entity for names. */
function none(qb: QB): QB {
  const empty = qb.clone().andWhere('1 = 0');
  knownRows(empty, []);
  return empty;
}

/** Rows on `date` (a date column) or within that day (a datetime column). */
function onDay(qb: QB, column: DateColumn, date: Date): void {
  if (column.isDatetime) {
    whereDate(qb, column, '>=', date);
    whereDate(qb, column, '<', addDays(date, 1));
  } else whereDate(qb, column, '=', date);
}

/**
 * Django's BaseDateListView: a list of rows by date, `allowEmpty` false by default, ordered by
 * `-<dateField>` unless `ordering` is set; subclasses implement `getDatedItems()`.
 */
export class BaseDateListView extends DateMixin(MultipleObjectMixin(ContextMixin(View))) {
  override allowEmpty = false;
  /** The period of `dateList`: 'year' (default), 'month' or 'day'. */
  dateListPeriod: 'year' | 'month' | 'day' = 'year';
  /** The periods that have rows (set by `get()`). */
  dateList: Date[] | null = null;

  /** GET: `getDatedItems()`, then the template with `dateList` and the extra context. */
  async get(_request: HttpRequest): Promise<HttpResponse> {
    const [dateList, objectList, extra] = await this.getDatedItems();
    this.dateList = dateList;
    this.objectList = objectList;
    const context = await this.getContextData({ objectList, dateList, ...extra });
    return this.renderToResponse(context);
  }

  /** The date list, rows and extra context of this archive. */
  getDatedItems(): Promise<DatedItems> {
    throw new ImproperlyConfigured(`${this.constructor.name} must implement getDatedItems() (or extend one of the archive views).`);
  }

  /** `ordering`, else `-<dateField>` (newest first). */
  override getOrdering() {
    return this.ordering ?? `-${this.getDateField()}`;
  }

  /** `getQueryset()` narrowed by `narrow`, without future rows unless allowFuture; Http404 when empty and allowEmpty is false. */
  async getDatedQueryset(narrow?: (qb: QB, column: DateColumn) => void): Promise<QB> {
    const qb = await datedQueryset(this);
    const column = dateColumn(qb, this.getDateField());
    narrow?.(qb, column);
    if (!this.getAllowFuture()) futureFilter(qb, column);
    if (!this.getAllowEmpty()) {
      const empty = this.getPaginateBy(qb) === null ? (await fetchRows(qb)).length === 0 : !(await qb.clone().getExists());
      if (empty) throw new Http404(`No ${plural(qb)} available`);
    }
    return qb;
  }

  getDateListPeriod(): 'year' | 'month' | 'day' {
    return this.dateListPeriod;
  }

  /** The distinct periods of `queryset` (years by default); Http404 when none and allowEmpty is false. */
  async getDateList(queryset: QB, dateType?: 'year' | 'month' | 'day', ordering: 'ASC' | 'DESC' = 'ASC'): Promise<Date[]> {
    const list = await datesOf(queryset, dateColumn(queryset, this.getDateField()), dateType ?? this.getDateListPeriod(), ordering);
    if (list.length === 0 && !this.getAllowEmpty()) throw new Http404(`No ${plural(queryset)} available`);
    return list;
  }

  /** Rendering comes from TemplateResponseMixin in the archive views. */
  renderToResponse(_context: Context): HttpResponse {
    throw new ImproperlyConfigured(`${this.constructor.name} extends BaseDateListView without a renderToResponse(): extend one of the archive views.`);
  }
}

/** Django's BaseArchiveIndexView: the latest rows, and `dateList` of the years (newest first). */
export class BaseArchiveIndexView extends BaseDateListView {
  override contextObjectName: string | null = 'latest';

  override async getDatedItems(): Promise<DatedItems> {
    let qs = await this.getDatedQueryset();
    const dateList = await this.getDateList(qs, undefined, 'DESC');
    if (dateList.length === 0) qs = none(qs);
    return [dateList, qs, {}];
  }
}

/**
 * The latest rows by `dateField` (Django's ArchiveIndexView): template `<app>/<model>_archive.pug`,
 * context `latest` (the rows), `dateList` (years with rows, newest first).
 *
 * @example
 * ```ts
 * path('archive/', ArchiveIndexView.asView({ model: Book, dateField: 'pubdate' }))
 * ```
 */
export class ArchiveIndexView<T extends ObjectLiteral = any> extends MultipleObjectTemplateResponseMixin(TemplateResponseMixin(BaseArchiveIndexView)) {
  declare model: EntityTarget<T> | null;
  declare queryset: QuerysetSpec<T> | null;
  override templateNameSuffix = '_archive';
}

/** Django's BaseYearArchiveView: `dateList` of the months of a year; rows only with makeObjectList. */
export class BaseYearArchiveView extends YearMixin(BaseDateListView) {
  override dateListPeriod: 'year' | 'month' | 'day' = 'month';
  /** Whether the rows of the year are listed too (default: only the months). */
  makeObjectList = false;

  getMakeObjectList(): boolean {
    return this.makeObjectList;
  }

  override async getDatedItems(): Promise<DatedItems> {
    const date = dateFromString([[this.getYear(), this.getYearFormat()]]);
    const until = nextPeriodStart('year', date);
    let qs = await this.getDatedQueryset((qb, column) => {
      whereDate(qb, column, '>=', date);
      whereDate(qb, column, '<', until);
    });
    const dateList = await this.getDateList(qs);
    if (!this.getMakeObjectList()) qs = none(qs);
    return [dateList, qs, { year: date, nextYear: await this.getNextYear(date), previousYear: await this.getPreviousYear(date) }];
  }
}

/** A year (Django's YearArchiveView): `<app>/<model>_archive_year.pug` with `year`, `dateList` (months), `nextYear`, `previousYear`. */
export class YearArchiveView<T extends ObjectLiteral = any> extends MultipleObjectTemplateResponseMixin(TemplateResponseMixin(BaseYearArchiveView)) {
  declare model: EntityTarget<T> | null;
  declare queryset: QuerysetSpec<T> | null;
  override templateNameSuffix = '_archive_year';
}

/** Django's BaseMonthArchiveView: the rows of a month and `dateList` of its days. */
export class BaseMonthArchiveView extends MonthMixin(YearMixin(BaseDateListView)) {
  override dateListPeriod: 'year' | 'month' | 'day' = 'day';

  override async getDatedItems(): Promise<DatedItems> {
    const date = dateFromString([
      [this.getYear(), this.getYearFormat()],
      [this.getMonth(), this.getMonthFormat()],
      ['', ''],
    ]);
    const until = nextPeriodStart('month', date);
    const qs = await this.getDatedQueryset((qb, column) => {
      whereDate(qb, column, '>=', date);
      whereDate(qb, column, '<', until);
    });
    const dateList = await this.getDateList(qs);
    return [dateList, qs, { month: date, nextMonth: await this.getNextMonth(date), previousMonth: await this.getPreviousMonth(date) }];
  }
}

/** A month (Django's MonthArchiveView): `<app>/<model>_archive_month.pug` with `month`, `dateList` (days), `nextMonth`, `previousMonth`. */
export class MonthArchiveView<T extends ObjectLiteral = any> extends MultipleObjectTemplateResponseMixin(TemplateResponseMixin(BaseMonthArchiveView)) {
  declare model: EntityTarget<T> | null;
  declare queryset: QuerysetSpec<T> | null;
  override templateNameSuffix = '_archive_month';
}

const WEEK_START: Record<string, string> = { '%W': '1', '%U': '0', '%V': '1' };

/** Django's BaseWeekArchiveView: the rows of a week (`weekFormat` `%U`, `%W`, or `%V` with yearFormat `%G`). */
export class BaseWeekArchiveView extends WeekMixin(YearMixin(BaseDateListView)) {
  override async getDatedItems(): Promise<DatedItems> {
    const weekFormat = this.getWeekFormat();
    const weekStart = WEEK_START[weekFormat];
    if (weekStart === undefined) {
      throw new ImproperlyConfigured(`Unknown week format '${weekFormat}'. Choices are: %U, %V, %W`);
    }
    const yearFormat = this.getYearFormat();
    if (weekFormat === '%V' && yearFormat !== '%G') {
      throw new ImproperlyConfigured(`ISO week directive '%V' is incompatible with the year directive '${yearFormat}'. Use the ISO year '%G' instead.`);
    }
    const date = dateFromString([
      [this.getYear(), yearFormat],
      [weekStart, '%w'],
      [this.getWeek(), weekFormat],
    ]);
    const until = nextPeriodStart('week', date, weekFormat);
    const qs = await this.getDatedQueryset((qb, column) => {
      whereDate(qb, column, '>=', date);
      whereDate(qb, column, '<', until);
    });
    return [null, qs, { week: date, nextWeek: await this.getNextWeek(date), previousWeek: await this.getPreviousWeek(date) }];
  }
}

/** A week (Django's WeekArchiveView): `<app>/<model>_archive_week.pug` with `week` (its first day), `nextWeek`, `previousWeek`. */
export class WeekArchiveView<T extends ObjectLiteral = any> extends MultipleObjectTemplateResponseMixin(TemplateResponseMixin(BaseWeekArchiveView)) {
  declare model: EntityTarget<T> | null;
  declare queryset: QuerysetSpec<T> | null;
  override templateNameSuffix = '_archive_week';
}

/** Django's BaseDayArchiveView: the rows of one day. */
export class BaseDayArchiveView extends DayMixin(MonthMixin(YearMixin(BaseDateListView))) {
  override async getDatedItems(): Promise<DatedItems> {
    const date = dateFromString([
      [this.getYear(), this.getYearFormat()],
      [this.getMonth(), this.getMonthFormat()],
      [this.getDay(), this.getDayFormat()],
    ]);
    return this.datedItemsOn(date);
  }

  /** Rows, and the neighbouring days and months, of `date`. */
  protected async datedItemsOn(date: Date): Promise<DatedItems> {
    const qs = await this.getDatedQueryset((qb, column) => onDay(qb, column, date));
    return [
      null,
      qs,
      {
        day: date,
        previousDay: await this.getPreviousDay(date),
        nextDay: await this.getNextDay(date),
        previousMonth: await this.getPreviousMonth(date),
        nextMonth: await this.getNextMonth(date),
      },
    ];
  }
}

/** A day (Django's DayArchiveView): `<app>/<model>_archive_day.pug` with `day`, `nextDay`, `previousDay`, `nextMonth`, `previousMonth`. */
export class DayArchiveView<T extends ObjectLiteral = any> extends MultipleObjectTemplateResponseMixin(TemplateResponseMixin(BaseDayArchiveView)) {
  declare model: EntityTarget<T> | null;
  declare queryset: QuerysetSpec<T> | null;
  override templateNameSuffix = '_archive_day';
}

/** Django's BaseTodayArchiveView: the day archive of today (the server's date). */
export class BaseTodayArchiveView extends BaseDayArchiveView {
  override getDatedItems(): Promise<DatedItems> {
    return this.datedItemsOn(today());
  }
}

/** Today (Django's TodayArchiveView), with the day archive's template and context. */
export class TodayArchiveView<T extends ObjectLiteral = any> extends MultipleObjectTemplateResponseMixin(TemplateResponseMixin(BaseTodayArchiveView)) {
  declare model: EntityTarget<T> | null;
  declare queryset: QuerysetSpec<T> | null;
  override templateNameSuffix = '_archive_day';
}

/** Django's BaseDateDetailView: one row by year/month/day plus pk or slug; a future date is a 404 unless allowFuture. */
export class BaseDateDetailView extends DateMixin(DayMixin(MonthMixin(YearMixin(BaseDetailView)))) {
  override async getObject(queryset?: QB | null): Promise<any> {
    const date = dateFromString([
      [this.getYear(), this.getYearFormat()],
      [this.getMonth(), this.getMonthFormat()],
      [this.getDay(), this.getDayFormat()],
    ]);
    const qs = queryset ? queryFor(queryset, this.request) : await datedQueryset(this);
    if (!this.getAllowFuture() && date.getTime() > today().getTime()) {
      throw new Http404(`Future ${plural(qs)} not available because ${this.constructor.name}.allowFuture is false.`);
    }
    onDay(qs, dateColumn(qs, this.getDateField()), date);
    return super.getObject(qs);
  }
}

/** One row of a given day (Django's DateDetailView): `<app>/<model>_detail.pug` with `object` and `<model>`. */
export class DateDetailView<T extends ObjectLiteral = any> extends SingleObjectTemplateResponseMixin(TemplateResponseMixin(BaseDateDetailView)) {
  declare model: EntityTarget<T> | null;
  declare queryset: QuerysetSpec<T> | null;
  declare object: T | null;
}
