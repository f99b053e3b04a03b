/**
 * The JP year of a moment: the calendar year in Western Indonesian Time (WIB),
 * the zone the ministry's job schedulers run in, so that a course finished on
 * the evening of 31 December in Jakarta counts for that year.
 */
export const JP_TIME_ZONE = 'Asia/Jakarta';

const yearFormat = new Intl.DateTimeFormat('en-CA', { timeZone: JP_TIME_ZONE, year: 'numeric' });

export function jpYearOf(moment: Date): number {
  return Number(yearFormat.format(moment));
}

/** The year of a calendar date (YYYY-MM-DD): the date itself says it. */
export function yearOfDate(date: string): number {
  return Number(date.slice(0, 4));
}

const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: JP_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date (YYYY-MM-DD) in WIB. */
export function todayIn(now: Date = new Date()): string {
  return dateFormat.format(now);
}
