/**
 * Formatting helpers for the templates (`fmt.time(screening.startsAt)` …), given to every
 * template by the theater context processor. Screening times are instants shown in the server's
 * time zone (`TIME_ZONE`); the date views' `day`, `month` and `dateList` are calendar dates
 * (midnight UTC), shown with UTC getters so that they never shift by a day.
 */

const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false });
const shortDay = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });
const calendarLong = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const calendarShort = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', timeZone: 'UTC' });
const calendarMonth = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

const two = (n: number) => String(n).padStart(2, '0');

/** URL parameters of the schedule's day page for a calendar date (UTC parts). */
export function calendarKwargs(date: Date): { year: number; month: number; day: number } {
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** URL parameters of the schedule's month page for a calendar date (UTC parts). */
export function monthKwargs(date: Date): { year: number; month: number } {
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1 };
}

/** URL parameters of the schedule's day page for an instant (local parts). */
export function localKwargs(date: Date): { year: number; month: number; day: number } {
  return { year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate() };
}

/** The helpers templates get as `fmt`. */
export const fmt = Object.freeze({
  /** `20:30` */
  time: (d: Date) => time.format(d),
  /** `Sat 21 Nov` (local) */
  day: (d: Date) => shortDay.format(d),
  /** `Saturday 21 November 2026` of a calendar date */
  calendar: (d: Date) => calendarLong.format(d),
  /** `Sat 21` of a calendar date */
  calendarShort: (d: Date) => calendarShort.format(d),
  /** `November 2026` of a calendar date */
  month: (d: Date) => calendarMonth.format(d),
  /** `$10.50` */
  money: (cents: number) => money.format(cents / 100),
  /** `2 h 05 min` */
  runtime: (minutes: number) => (minutes >= 60 ? `${Math.floor(minutes / 60)} h ${two(minutes % 60)} min` : `${minutes} min`),
  /** `1987` of `1987-06-01` */
  year: (isoDate: string) => String(isoDate).slice(0, 4),
  /** A hue for the poster placeholder of a movie. */
  hue: (id: number) => (id * 47) % 360,
  calendarKwargs,
  monthKwargs,
  localKwargs,
});
