import { describe, expect, it } from 'vitest';
import { addWorkingDays, calendarOf, isWorkingDay, scheduleProblems, uncoveredYearsBetween, workingDaysBetween } from '../../core/calendar';
import { chinaDate } from '../../core/china-time';

describe('the Chinese working-day calendar', () => {
  it('knows the statutory holidays and the 调休 make-up days of the State Council schedule', () => {
    // 2025 国庆+中秋: 1–8 October off; Sunday 28 September and Saturday 11 October worked.
    expect(isWorkingDay('2025-09-28')).toBe(true);
    expect(isWorkingDay('2025-10-01')).toBe(false);
    expect(isWorkingDay('2025-10-08')).toBe(false);
    expect(isWorkingDay('2025-10-11')).toBe(true);
    // 2026 春节: Saturdays 14 and 28 February are make-up working days.
    expect(isWorkingDay('2026-02-14')).toBe(true);
    expect(isWorkingDay('2026-02-28')).toBe(true);
    expect(isWorkingDay('2026-02-16')).toBe(false);
    // An ordinary weekend.
    expect(isWorkingDay('2026-11-21')).toBe(false);
    expect(isWorkingDay('2026-11-23')).toBe(true);
  });

  it('counts working days across a holiday and gives the end of the last day, China time', () => {
    const due = addWorkingDays(new Date('2025-09-30T02:00:00Z'), 1);
    expect(due.date).toBe('2025-10-09');
    expect(due.dueAt.toISOString()).toBe('2025-10-09T15:59:59.999Z');
    expect(due.unknownYear).toBe(false);
    // Five working days from Friday 2026-11-20: the weekend does not count.
    expect(addWorkingDays(new Date('2026-11-20T04:00:00Z'), 5).date).toBe('2026-11-27');
  });

  it('takes the date in China, not in UTC, as the starting day', () => {
    // 16:30 UTC on 30 September is 00:30 on 1 October in China.
    expect(chinaDate(new Date('2025-09-30T16:30:00Z'))).toBe('2025-10-01');
    expect(addWorkingDays(new Date('2025-09-30T16:30:00Z'), 1).date).toBe('2025-10-09');
  });

  it('lets the admin override a day, and flags years the bundled schedule does not cover', () => {
    expect(isWorkingDay('2026-11-23', { '2026-11-23': false })).toBe(false);
    expect(addWorkingDays(new Date('2026-11-20T04:00:00Z'), 1, { '2026-11-23': false }).date).toBe('2026-11-24');
    const intoNextYear = addWorkingDays(new Date('2026-12-30T04:00:00Z'), 3);
    expect(intoNextYear.unknownYear).toBe(true);
    // Outside the schedule the fixed holidays still hold: 元旦 is never a working day.
    expect(isWorkingDay('2027-01-01')).toBe(false);
    expect(intoNextYear.date).toBe('2027-01-05');
  });

  it('keeps the statutory fixed-date holidays in uncovered years: 元旦, 劳动节, 国庆 1–3 October', () => {
    expect(isWorkingDay('2028-05-01')).toBe(false); // a Monday
    expect(isWorkingDay('2027-10-01')).toBe(false); // a Friday
    expect(addWorkingDays(new Date('2027-09-30T02:00:00Z'), 1).date).toBe('2027-10-04');
    expect(isWorkingDay('2028-10-03')).toBe(false); // a Tuesday
    expect(isWorkingDay('2028-10-04')).toBe(true);
  });

  it('counts an entered year as the office entered it, a call override winning, and names the years counted blind', () => {
    const office = { '2027': { holidays: ['2027-02-08', '2027-02-09'], workdays: ['2027-02-20'] } };
    const days = calendarOf(office);
    expect(isWorkingDay('2027-02-08', days)).toBe(false);
    expect(isWorkingDay('2027-02-20', days)).toBe(true); // a Saturday worked (调休)
    expect(isWorkingDay('2027-02-21', days)).toBe(false);
    // A call's own override takes precedence over the office's year.
    expect(isWorkingDay('2027-02-08', calendarOf(office, { '2027-02-08': true }))).toBe(true);
    // The 7-working-day notice of 2027-02-03: the 12th blind, later once the holiday is entered.
    const blind = addWorkingDays(new Date('2027-02-03T02:00:00Z'), 7);
    expect([blind.date, blind.unknownYear]).toEqual(['2027-02-12', true]);
    const entered = addWorkingDays(new Date('2027-02-03T02:00:00Z'), 7, days);
    expect([entered.date, entered.unknownYear]).toEqual(['2027-02-16', false]);
    expect(uncoveredYearsBetween('2026-12-30', '2027-01-05')).toEqual([2027]);
    expect(uncoveredYearsBetween('2026-12-30', '2027-01-05', days)).toEqual([]);
    expect(uncoveredYearsBetween('2026-11-02', '2026-11-20')).toEqual([]);
    expect(workingDaysBetween('2027-02-03', entered.date, days)).toBe(7);
  });

  it('refuses an entered day outside its year, on both lists, or a make-up day on a weekday', () => {
    expect(
      scheduleProblems('2027', { holidays: ['2026-10-01', '2027-02-20'], workdays: ['2027-02-20', '2027-02-10', '2027-02-27'] }),
    ).toEqual([
      { field: 'holidays', index: 0, problem: 'not-in-year' },
      { field: 'workdays', index: 0, problem: 'both' },
      { field: 'workdays', index: 1, problem: 'not-weekend' },
    ]);
  });
});
