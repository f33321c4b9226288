import type { EntityManager } from 'typeorm';
import {
  DayArchiveView,
  HttpResponseRedirect,
  MonthArchiveView,
  TemplateView,
  currentManager,
  reverse,
  type HttpRequest,
  type HttpResponse,
} from 'express-generic-views';
import { localKwargs } from '../theater/format';
import { seatsLeftByScreening } from './capacity';
import { Screening } from './entities';

/** Screenings with their movie and room, the base query of the schedule pages. */
export const screeningsWithMovie = (m: EntityManager) =>
  m.getRepository(Screening).createQueryBuilder('screening').innerJoinAndSelect('screening.movie', 'movie').innerJoinAndSelect('screening.room', 'room');

/**
 * The schedule's settings shared by the month and day pages (date-based views on
 * `Screening.startsAt`): future screenings are shown (`allowFuture`), and an empty day or month
 * is a 404, so "next"/"previous" jump to the nearest days that have screenings.
 */
const scheduleOptions = { dateField: 'startsAt', allowFuture: true, allowEmpty: false, monthFormat: '%m' } as const;

/** `/schedule/<yyyy>/<mm>/`: the days of a month that have screenings (MonthArchiveView). */
export class ScheduleMonth extends MonthArchiveView<Screening> {
  override queryset = screeningsWithMovie;
  override dateField: string | null = scheduleOptions.dateField;
  override allowFuture = scheduleOptions.allowFuture;
  override allowEmpty = scheduleOptions.allowEmpty;
  override monthFormat = scheduleOptions.monthFormat;
  override ordering = ['startsAt', 'room.name'];

  override async getContextData(kwargs: Record<string, unknown> = {}) {
    const context = await super.getContextData(kwargs);
    const list = (context.screeningList ?? []) as Screening[];
    const byDay = new Map<string, { date: Date; movies: Set<string> }>();
    for (const s of list) {
      const key = s.startsAt.toDateString();
      if (!byDay.has(key)) byDay.set(key, { date: s.startsAt, movies: new Set() });
      byDay.get(key)!.movies.add(s.movie.title);
    }
    return { ...context, days: [...byDay.values()].map((d) => ({ date: d.date, count: d.movies.size, titles: [...d.movies].slice(0, 4) })) };
  }
}

/** `/schedule/<yyyy>/<mm>/<dd>/`: one day's screenings, by time, with the seats left (DayArchiveView). */
export class ScheduleDay extends DayArchiveView<Screening> {
  override queryset = screeningsWithMovie;
  override dateField: string | null = scheduleOptions.dateField;
  override allowFuture = scheduleOptions.allowFuture;
  override allowEmpty = scheduleOptions.allowEmpty;
  override monthFormat = scheduleOptions.monthFormat;
  override ordering = ['startsAt', 'room.name'];

  override async getContextData(kwargs: Record<string, unknown> = {}) {
    const context = await super.getContextData(kwargs);
    const list = (context.screeningList ?? []) as Screening[];
    const left = await seatsLeftByScreening(currentManager(this.request), list);
    return { ...context, seatsLeft: Object.fromEntries(left), now: new Date() };
  }
}

/**
 * `/schedule/`: to the day of the next screening that has not started; a page saying there are
 * none when nothing is scheduled.
 */
export class ScheduleIndex extends TemplateView {
  override templateName = 'screenings/schedule_empty.pug';

  override async get(request: HttpRequest): Promise<HttpResponse> {
    const next = await currentManager(request)
      .getRepository(Screening)
      .createQueryBuilder('screening')
      .where('screening.startsAt >= :now', { now: new Date() })
      .orderBy('screening.startsAt')
      .getOne();
    if (next) return new HttpResponseRedirect(reverse('schedule:day', { kwargs: localKwargs(next.startsAt) }));
    return super.get(request);
  }
}
