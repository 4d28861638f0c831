import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chinaDate, chinaDateTime, chinaInput, chinaTime, endOfChinaDay, fromChinaInput, onChinaDate, when } from '../../core/china-time';

describe('China time', () => {
  it('turns the day at 16:00 UTC, not at midnight UTC', () => {
    expect(chinaDate(new Date('2026-10-12T15:59:59.999Z'))).toBe('2026-10-12');
    expect(chinaDate(new Date('2026-10-12T16:00:00.000Z'))).toBe('2026-10-13');
    expect(chinaDateTime(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01 00:30');
  });

  it('ends a day in China at its last millisecond, 15:59:59.999 UTC', () => {
    expect(endOfChinaDay('2026-10-12').toISOString()).toBe('2026-10-12T15:59:59.999Z');
    expect(chinaTime('2026-10-12', 9).toISOString()).toBe('2026-10-12T01:00:00.000Z');
    expect(chinaTime('2026-10-12', 0).toISOString()).toBe('2026-10-11T16:00:00.000Z');
  });

  it('keeps every instant inside the China day it names', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), (instant) => {
        const date = chinaDate(instant);
        expect(chinaTime(date, 0).getTime()).toBeLessThanOrEqual(instant.getTime());
        expect(endOfChinaDay(date).getTime()).toBeGreaterThanOrEqual(instant.getTime());
      }),
    );
  });

  it('reads and writes the pages’ datetime-local inputs as China time, both ways', () => {
    expect(chinaInput('2026-11-25T01:00:00.000Z')).toBe('2026-11-25T09:00');
    expect(fromChinaInput('2026-11-25T09:00')).toBe('2026-11-25T09:00:00+08:00');
    expect(new Date(fromChinaInput(chinaInput('2026-11-25T01:00:00.000Z'))!).toISOString()).toBe('2026-11-25T01:00:00.000Z');
    // What is not an input's value is left for the schema to refuse with its field named.
    expect(fromChinaInput('tomorrow')).toBe('tomorrow');
    expect(fromChinaInput(undefined)).toBeUndefined();
  });

  it('puts a picked date at a time of day in China, and leaves anything else as typed', () => {
    expect(onChinaDate('2026-10-12', '23:59:59')).toBe('2026-10-12T23:59:59+08:00');
    expect(new Date(onChinaDate('2026-10-12', '12:00:00')).toISOString()).toBe('2026-10-12T04:00:00.000Z');
    expect(onChinaDate('12/10/2026', '12:00:00')).toBe('12/10/2026');
  });

  it('shows an instant in China time in either language', () => {
    expect(when('2026-10-12T15:59:00Z')).toContain('23:59');
    expect(when('2026-10-12T15:59:00Z', 'en')).toContain('23:59');
    expect(when(undefined)).toBe('—');
  });
});
