// The package's CommonJS build (what Node loads) has no named ESM exports; its default has them all.
import chineseDays from 'chinese-days';

/**
 * Working days in the Chinese calendar (weekends and public holidays off, 调休 make-up days on),
 * from `chinese-days`, with admin overrides for dates the package does not know yet.
 * Dates are calendar dates in China (UTC+8), written YYYY-MM-DD.
 */
export interface CalendarOverrides {
  /** date → true (working day) or false (day off) */
  [date: string]: boolean;
}

const CHINA_OFFSET_MS = 8 * 3600_000;
/** Years whose State Council schedule the bundled data holds; outside them only fixed holidays count. */
const KNOWN_YEARS = new Set([2024, 2025, 2026]);
/** Holidays fixed by statute whatever the year's schedule: 元旦, 劳动节, 国庆 (first three days). */
const FIXED_HOLIDAYS = ['01-01', '05-01', '10-01', '10-02', '10-03'];

export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function isKnownYear(date: string): boolean {
  return KNOWN_YEARS.has(Number(date.slice(0, 4)));
}

export function isWorkingDay(date: string, overrides: CalendarOverrides = {}): boolean {
  const override = overrides[date];
  if (override !== undefined) return override;
  if (isKnownYear(date)) return chineseDays.isWorkday(date);
  if (FIXED_HOLIDAYS.includes(date.slice(5))) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The date `n` working days after `from` (a date in China). The due date is the end of that day,
 * 23:59:59 China time, returned as an instant. `unknownYear` is set when the count crossed a year
 * the calendar data does not cover, so the admin can be told to confirm it.
 */
export function addWorkingDays(
  from: Date,
  n: number,
  overrides: CalendarOverrides = {},
): { date: string; dueAt: Date; unknownYear: boolean } {
  let date = chinaDate(from);
  let unknownYear = false;
  let left = n;
  while (left > 0) {
    date = addDays(date, 1);
    if (!isKnownYear(date) && overrides[date] === undefined) unknownYear = true;
    if (isWorkingDay(date, overrides)) left--;
  }
  return { date, dueAt: endOfChinaDay(date), unknownYear };
}

/** The working day `n` working days before `date` (a date in China). */
export function workingDaysBefore(date: string, n: number, overrides: CalendarOverrides = {}): string {
  let left = n;
  while (left > 0) {
    date = addDays(date, -1);
    if (isWorkingDay(date, overrides)) left--;
  }
  return date;
}

/** An instant at a time of day (hours, China time) on a date in China. */
export function chinaTime(date: string, hours: number): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + hours * 3600_000 - CHINA_OFFSET_MS);
}

/** The last millisecond of a date in China: when a due date on that day passes. */
export function endOfChinaDay(date: string): Date {
  return new Date(chinaTime(date, 24).getTime() - 1);
}
