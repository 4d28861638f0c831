import { addWorkingDays, calendarOf, uncoveredYearsBetween, type CalendarOverrides, type OfficeCalendar } from '../../core/calendar';
import { chinaDate } from '../../core/china-time';
import { store, type CalendarYearItem } from '../adapters/entities';

/**
 * The working-day calendar as every deadline reads it: the years the office entered, and a call's
 * own overrides. Kept apart from the office's editing of it (office-calendar.ts), which moves open
 * tasks and so needs the inbox — the inbox needs only this.
 */
export async function enteredYears(): Promise<CalendarYearItem[]> {
  const { data } = await store().entities.calendarYear.query.byYear({}).go({ pages: 'all' });
  return data;
}

/** The years the office entered, as the calendar counts them. */
export async function officeCalendar(): Promise<OfficeCalendar> {
  return Object.fromEntries((await enteredYears()).map((y) => [y.year, { holidays: y.holidays, workdays: y.workdays }]));
}

/** The days a call counts with: the office's years, then the call's own overrides, which win. */
export async function countingCalendar(callOverrides: CalendarOverrides | undefined): Promise<CalendarOverrides> {
  return calendarOf(await officeCalendar(), callOverrides ?? {});
}

/** A due date `n` working days after `from`, with the years it was counted through blind. */
export function dueAfter(from: Date, n: number, overrides: CalendarOverrides) {
  const { dueAt } = addWorkingDays(from, n, overrides);
  return { dueAt, uncoveredYears: uncoveredYearsBetween(chinaDate(from), chinaDate(dueAt), overrides) };
}
