/**
 * Whole days, counted in an IANA time zone (`@date-fns/tz`). Everything day-based in this package (FSRS's delta_t,
 * the planner's study days, the statistics' calendar) goes through here so the day boundary is defined once.
 * ts-fsrs itself counts elapsed days between UTC dates, so 'UTC' is the scheduler's own convention.
 */
import { tzOffset, TZDate } from '@date-fns/tz';
// One module each, not the package's index: the index loads all ~250 functions (~10 MB resident in the API).
import { addDays } from 'date-fns/addDays';
import { startOfDay } from 'date-fns/startOfDay';

export const MS_PER_DAY = 86_400_000;

/** An IANA time zone name such as "Europe/Berlin", "Asia/Shanghai", "Etc/GMT-2" or "UTC". */
export type TTimeZone = string;

/** Days since 1970-01-01 of the calendar date that `at` falls on in `timeZone` (daylight saving time included). */
export function dayNumber(at: Date, timeZone: TTimeZone = 'UTC'): number {
  const offsetMinutes = timeZone === 'UTC' ? 0 : tzOffset(timeZone, at);
  return Math.floor((at.getTime() + offsetMinutes * 60_000) / MS_PER_DAY);
}

/** The calendar date (YYYY-MM-DD) of a day number. */
export function dayNumberToIsoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * The local day around `at` in `timeZone`: its first instant and the first instant of the next day (23 or 25 hours
 * later across a daylight-saving change). The last answer per zone is kept (a pure function of its inputs, so every
 * process computes the same): the study queue asks on every request.
 */
const lastDay = new Map<TTimeZone, { start: number; end: number }>();
export function localDay(at: Date, timeZone: TTimeZone = 'UTC'): { start: Date; end: Date } {
  const t = at.getTime();
  const known = lastDay.get(timeZone);
  if (known && known.start <= t && t < known.end) return { start: new Date(known.start), end: new Date(known.end) };
  const start = startOfDay(new TZDate(t, timeZone));
  const end = startOfDay(addDays(start, 1));
  const day = { start: start.getTime(), end: end.getTime() };
  if (lastDay.size > 1000) lastDay.clear();
  lastDay.set(timeZone, day);
  return { start: new Date(day.start), end: new Date(day.end) };
}

/** The first instant of a calendar date (YYYY-MM-DD) in `timeZone`. */
export function startOfLocalDate(isoDate: string, timeZone: TTimeZone = 'UTC'): Date {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(startOfDay(new TZDate(year, month - 1, day, timeZone)).getTime());
}
