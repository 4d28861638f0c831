// The package's CommonJS build (what Node loads) has no named ESM exports; its default has them all.
import chineseDays from 'chinese-days';
import { chinaDate, endOfChinaDay } from './china-time';

/**
 * Working days in the Chinese calendar (weekends and public holidays off, 调休 make-up days on),
 * from `chinese-days`, with admin overrides for dates the package does not know yet.
 * Dates are calendar dates in China (UTC+8), written YYYY-MM-DD.
 */
export interface CalendarOverrides {
  /** date → true (working day) or false (day off) */
  [date: string]: boolean;
}

/** Years whose State Council schedule the bundled data holds; outside them only fixed holidays count. */
const KNOWN_YEARS = new Set([2024, 2025, 2026]);
/** Holidays fixed by statute whatever the year's schedule: 元旦, 劳动节, 国庆 (first three days). */
const FIXED_HOLIDAYS = ['01-01', '05-01', '10-01', '10-02', '10-03'];

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function isKnownYear(date: string): boolean {
  return KNOWN_YEARS.has(Number(date.slice(0, 4)));
}

/**
 * One year of the State Council's schedule as the city office entered it: the days off
 * (holidays, weekends inside a holiday included or not) and the 调休 make-up working days.
 */
export interface YearSchedule {
  holidays: string[];
  workdays: string[];
}
/** The office's calendar: year (e.g. "2027") → its schedule. Entered once for all calls. */
export type OfficeCalendar = Record<string, YearSchedule>;

/** A weekday-or-weekend default with the fixed statutory holidays, for a year nobody described. */
function defaultWorkingDay(date: string): boolean {
  return !FIXED_HOLIDAYS.includes(date.slice(5)) && !isWeekend(date);
}

function isWeekend(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/**
 * Every date of an entered year, working or not: weekends off unless a make-up day, the entered
 * holidays off. The year is then covered: no date in it is a guess.
 */
function expandYear(year: string, schedule: YearSchedule): CalendarOverrides {
  const days: CalendarOverrides = {};
  const holidays = new Set(schedule.holidays);
  const workdays = new Set(schedule.workdays);
  for (let date = `${year}-01-01`; date.startsWith(year); date = addDays(date, 1)) {
    days[date] = workdays.has(date) || (!holidays.has(date) && !isWeekend(date));
  }
  return days;
}

/**
 * The calendar a call counts with: the office's entered years, then the call's own overrides on
 * top (a call may still differ for a date, and its word wins).
 */
export function calendarOf(office: OfficeCalendar, callOverrides: CalendarOverrides = {}): CalendarOverrides {
  return Object.assign({}, ...Object.entries(office).map(([year, schedule]) => expandYear(year, schedule)), callOverrides);
}

/** Whether a date's working-day status is known (packaged data, an entered year or a call override), not guessed. */
function isCovered(date: string, overrides: CalendarOverrides = {}): boolean {
  return isKnownYear(date) || overrides[date] !== undefined;
}

/**
 * The years of the days from `from` (exclusive) to `to` (inclusive) whose status is a guess:
 * a due date counted over them may fall inside a holiday nobody entered. Empty when all is known.
 */
export function uncoveredYearsBetween(from: string, to: string, overrides: CalendarOverrides = {}): number[] {
  const years = new Set<number>();
  for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) {
    if (!isCovered(date, overrides)) years.add(Number(date.slice(0, 4)));
  }
  return [...years].sort();
}

/** Working days after `from` up to and including `to` (dates in China): what a due date was counted as. */
export function workingDaysBetween(from: string, to: string, overrides: CalendarOverrides = {}): number {
  let n = 0;
  for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) if (isWorkingDay(date, overrides)) n++;
  return n;
}

/** Years whose schedule the packaged data holds. */
export function packagedYears(): number[] {
  return [...KNOWN_YEARS];
}

/** What is wrong with an entered year, per field and index; empty when nothing is. */
export function scheduleProblems(
  year: string,
  schedule: YearSchedule,
): { field: 'holidays' | 'workdays'; index: number; problem: 'not-in-year' | 'both' | 'not-weekend' }[] {
  const problems: ReturnType<typeof scheduleProblems> = [];
  const holidays = new Set(schedule.holidays);
  schedule.holidays.forEach((date, index) => {
    if (!date.startsWith(`${year}-`)) problems.push({ field: 'holidays', index, problem: 'not-in-year' });
  });
  schedule.workdays.forEach((date, index) => {
    if (!date.startsWith(`${year}-`)) problems.push({ field: 'workdays', index, problem: 'not-in-year' });
    else if (holidays.has(date)) problems.push({ field: 'workdays', index, problem: 'both' });
    // A 调休 make-up day is a weekend worked; a weekday is working already.
    else if (!isWeekend(date)) problems.push({ field: 'workdays', index, problem: 'not-weekend' });
  });
  return problems;
}

export function isWorkingDay(date: string, overrides: CalendarOverrides = {}): boolean {
  const override = overrides[date];
  if (override !== undefined) return override;
  if (isKnownYear(date)) return chineseDays.isWorkday(date);
  return defaultWorkingDay(date);
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
    if (!isCovered(date, overrides)) unknownYear = true;
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
