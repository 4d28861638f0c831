import { describe, expect, it } from 'vitest';
import { addWorkingDays, chinaDate, isWorkingDay } from '../../core/calendar';

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
});
