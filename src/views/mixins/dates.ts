import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import {
  dateColumn,
  firstDay,
  nextPeriodStart,
  periodStart,
  today,
  whereDate,
  addDays,
  type DateColumn,
  type Period,
} from '../../db/dates';
import { isQueryBuilder, queryFor } from '../../db/lookups';
import { Http404, ImproperlyConfigured } from '../../http/exceptions';
import type { HttpRequest } from '../../http/request';
import type { Kwargs, MaybePromise } from '../../urls/types';
import type { Constructor } from './context';

/** What the date mixins need from the view. */
export interface DatedView {
  request: HttpRequest;
  kwargs: Kwargs;
}

/** What next/previous links need: the date mixin and the list's allowEmpty. */
interface NextPreviousView extends DatedView {
  getDateField(): string;
  getAllowFuture(): boolean;
  getAllowEmpty(): boolean;
  getQueryset(): MaybePromise<unknown>;
  getWeekFormat?(): string;
}

function urlValue(view: DatedView, attribute: unknown, name: string, what: string): unknown {
  if (attribute !== null && attribute !== undefined) return attribute;
  const fromUrl = view.kwargs[name];
  if (fromUrl !== undefined && fromUrl !== null) return fromUrl;
  const fromQuery = view.request.GET.get(name);
  if (fromQuery !== null && fromQuery !== undefined) return fromQuery;
  throw new Http404(`No ${what} specified`);
}

/** The view's query builder (Date views need one: arrays have no date column to query). */
export async function datedQueryset(view: { getQueryset(): MaybePromise<unknown>; request: HttpRequest; constructor: Function }): Promise<SelectQueryBuilder<ObjectLiteral>> {
  const qs = await view.getQueryset();
  if (!isQueryBuilder(qs)) {
    throw new ImproperlyConfigured(`${view.constructor.name}: the date-based views need a query builder (model or queryset), not an array.`);
  }
  return queryFor(qs, view.request);
}

/**
 * Next or previous period of `date` (Django's `_get_next_prev`): with allowEmpty the adjacent
 * period (null when in the future and allowFuture is false); without it, the nearest period that
 * has rows (null when there is none).
 */
export async function nextOrPrevious(view: NextPreviousView, date: Date, isPrevious: boolean, period: Period): Promise<Date | null> {
  const weekFormat = view.getWeekFormat?.() ?? '%U';
  const start = periodStart(period, date, weekFormat);
  const end = nextPeriodStart(period, date, weekFormat);
  const allowFuture = view.getAllowFuture();
  if (view.getAllowEmpty()) {
    const result = isPrevious ? periodStart(period, addDays(start, -1), weekFormat) : end;
    return allowFuture || result.getTime() <= today().getTime() ? result : null;
  }
  const qb = await datedQueryset(view as NextPreviousView & { constructor: Function });
  const column = dateColumn(qb, view.getDateField());
  if (isPrevious) whereDate(qb, column, '<', start);
  else whereDate(qb, column, '>=', end);
  if (!allowFuture) futureFilter(qb, column);
  const day = await firstDay(qb, column, isPrevious ? 'DESC' : 'ASC');
  return day === null ? null : periodStart(period, day, weekFormat);
}

/** Keep rows not in the future: `<= now` for a datetime column, `<= today` for a date column. */
export function futureFilter(qb: SelectQueryBuilder<ObjectLiteral>, column: DateColumn): void {
  if (column.isDatetime) whereDate(qb, column, '<=', new Date(), true);
  else whereDate(qb, column, '<=', today());
}

/** Adds Django's YearMixin: `year` (attribute, URL parameter or `?year=`), `yearFormat` (`%Y`), next/previous year. */
export function YearMixin<TBase extends Constructor<DatedView>>(Base: TBase) {
  class YearMixinView extends Base {
    /** Read with yearFormat: `%Y` (default), `%G` (ISO year, with week format `%V`) or `%y`. */
    yearFormat = '%Y';
    /** The year, when not taken from the URL. */
    year: string | number | null = null;

    getYearFormat(): string {
      return this.yearFormat;
    }

    /** The year text: `year`, else the `year` URL parameter, else `?year=`; else Http404 "No year specified". */
    getYear(): unknown {
      return urlValue(this, this.year, 'year', 'year');
    }

    getNextYear(date: Date): Promise<Date | null> {
      return nextOrPrevious(this as unknown as NextPreviousView, date, false, 'year');
    }

    getPreviousYear(date: Date): Promise<Date | null> {
      return nextOrPrevious(this as unknown as NextPreviousView, date, true, 'year');
    }
  }
  return YearMixinView;
}

/** Adds Django's MonthMixin: `month`, `monthFormat` (`%b`: `oct`; `%m`: `10`), next/previous month. */
export function MonthMixin<TBase extends Constructor<DatedView>>(Base: TBase) {
  class MonthMixinView extends Base {
    /** Read with monthFormat: `%b` (default, `oct`), `%B` (`october`) or `%m` (`10`). */
    monthFormat = '%b';
    month: string | number | null = null;

    getMonthFormat(): string {
      return this.monthFormat;
    }

    /** The month text: `month`, else the URL parameter, else `?month=`; else Http404 "No month specified". */
    getMonth(): unknown {
      return urlValue(this, this.month, 'month', 'month');
    }

    getNextMonth(date: Date): Promise<Date | null> {
      return nextOrPrevious(this as unknown as NextPreviousView, date, false, 'month');
    }

    getPreviousMonth(date: Date): Promise<Date | null> {
      return nextOrPrevious(this as unknown as NextPreviousView, date, true, 'month');
    }
  }
  return MonthMixinView;
}

/** Adds Django's DayMixin: `day`, `dayFormat` (`%d`), next/previous day. */
export function DayMixin<TBase extends Constructor<DatedView>>(Base: TBase) {
  class DayMixinView extends Base {
    dayFormat = '%d';
    day: string | number | null = null;

    getDayFormat(): string {
      return this.dayFormat;
    }

    /** The day text: `day`, else the URL parameter, else `?day=`; else Http404 "No day specified". */
    getDay(): unknown {
      return urlValue(this, this.day, 'day', 'day');
    }

    getNextDay(date: Date): Promise<Date | null> {
      return nextOrPrevious(this as unknown as NextPreviousView, date, false, 'day');
    }

    getPreviousDay(date: Date): Promise<Date | null> {
      return nextOrPrevious(this as unknown as NextPreviousView, date, true, 'day');
    }
  }
  return DayMixinView;
}

/** Adds Django's WeekMixin: `week`, `weekFormat` (`%U` Sunday-based, `%W` Monday-based, `%V` ISO), next/previous week. */
export function WeekMixin<TBase extends Constructor<DatedView>>(Base: TBase) {
  class WeekMixinView extends Base {
    weekFormat = '%U';
    week: string | number | null = null;

    getWeekFormat(): string {
      return this.weekFormat;
    }

    /** The week text: `week`, else the URL parameter, else `?week=`; else Http404 "No week specified". */
    getWeek(): unknown {
      return urlValue(this, this.week, 'week', 'week');
    }

    getNextWeek(date: Date): Promise<Date | null> {
      return nextOrPrevious(this as unknown as NextPreviousView, date, false, 'week');
    }

    getPreviousWeek(date: Date): Promise<Date | null> {
      return nextOrPrevious(this as unknown as NextPreviousView, date, true, 'week');
    }
  }
  return WeekMixinView;
}

/** Adds Django's DateMixin: `dateField` (required) and `allowFuture` (default false). */
export function DateMixin<TBase extends Constructor<DatedView>>(Base: TBase) {
  class DateMixinView extends Base {
    /** The date or datetime column the archive is about. */
    dateField: string | null = null;
    /** Whether rows dated in the future are shown. */
    allowFuture = false;

    /** `dateField`; ImproperlyConfigured "X.dateField is required." when not set. */
    getDateField(): string {
      if (this.dateField === null || this.dateField === undefined) {
        throw new ImproperlyConfigured(`${this.constructor.name}.dateField is required.`);
      }
      return this.dateField;
    }

    getAllowFuture(): boolean {
      return this.allowFuture;
    }
  }
  return DateMixinView;
}
