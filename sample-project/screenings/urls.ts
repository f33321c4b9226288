import { path, registerConverter, type UrlPattern } from 'express-generic-views';
import { ScheduleDay, ScheduleIndex, ScheduleMonth } from './views';

/**
 * A two-digit month or day (`05`): matched as text, kept as text for the date views'
 * `%m`/`%d` formats, and zero-padded when reversed (`url('schedule:day', { kwargs: { month: 5 } })`).
 */
class TwoDigitConverter {
  regex = '[0-9]{2}';
  toValue(text: string): string {
    return text;
  }
  toUrl(value: string | number): string {
    return String(value).padStart(2, '0');
  }
}
registerConverter(TwoDigitConverter, 'mm');

/** The schedule app's URLs (namespace `schedule`). */
export const scheduleUrls: UrlPattern[] = [
  path('', ScheduleIndex.asView(), { name: 'index' }),
  path('<int:year>/<mm:month>/', ScheduleMonth.asView(), { name: 'month' }),
  path('<int:year>/<mm:month>/<mm:day>/', ScheduleDay.asView(), { name: 'day' }),
];
