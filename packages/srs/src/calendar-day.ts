/**
 * Whole days, counted in a fixed offset from UTC. Everything day-based in this package (FSRS's delta_t, the
 * planner's study days, the statistics' calendar) goes through here so the day boundary is defined once.
 * ts-fsrs itself counts elapsed days between UTC dates, so offset 0 is the scheduler's own convention.
 */
export const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 in the zone `utcOffsetMinutes` east of UTC (e.g. +120 for CEST, -300 for EST). */
export function dayNumber(at: Date, utcOffsetMinutes = 0): number {
  return Math.floor((at.getTime() + utcOffsetMinutes * 60_000) / MS_PER_DAY);
}

/** The calendar date (YYYY-MM-DD) of a day number. */
export function dayNumberToIsoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
