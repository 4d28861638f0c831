import { describe, expect, it } from 'vitest';
import {
  numberingYear,
  numberPatternProblem,
  renewedValidity,
  reviewOpensAt,
  titleNumber,
  titleStatusOf,
  titleTermsOf,
} from '../../core/titles';

describe('a named title’s rules (core/titles.ts)', () => {
  it('numbers from the office’s pattern, by the China year of the naming', () => {
    expect(titleNumber('沪终身办〔{year}〕{seq}号', 2029, 3)).toBe('沪终身办〔2029〕3号');
    // 31 December 17:00 UTC is already 1 January in China.
    expect(numberingYear(new Date('2029-12-31T17:00:00Z'))).toBe(2030);
    expect(numberPatternProblem('沪终身办〔{year}〕号')).toMatch('{seq}');
    expect(numberPatternProblem('第{seq}号')).toBeUndefined();
  });

  it('opens the 复核 90 days before the earlier of the interval and the validity, or never when the kind reviews nothing', () => {
    const named = new Date('2027-03-01T00:00:00Z');
    const terms = titleTermsOf({ validityYears: 3 });
    expect(terms).toMatchObject({ reviewEveryYears: 3, numberPattern: '沪终身办〔{year}〕{seq}号' });
    expect(reviewOpensAt(named, '2030-03-01T00:00:00.000Z', terms)).toBe(
      new Date(Date.parse('2030-03-01T00:00:00Z') - 90 * 86400_000).toISOString(),
    );
    const yearly = titleTermsOf({ validityYears: 3, reviewEveryYears: 1 });
    expect(reviewOpensAt(named, '2030-03-01T00:00:00.000Z', yearly)).toBe(
      new Date(Date.parse('2028-03-01T00:00:00Z') - 90 * 86400_000).toISOString(),
    );
    expect(reviewOpensAt(named, '2030-03-01T00:00:00.000Z', titleTermsOf({ validityYears: 3, reviewEveryYears: 0 }))).toBeUndefined();
  });

  it('renews a kept title from the end of its period, and shows a lapsed one expired unless a 复核 is deciding it', () => {
    const terms = titleTermsOf({ validityYears: 3 });
    expect(renewedValidity('2030-03-01T00:00:00.000Z', new Date('2030-01-10T00:00:00Z'), terms)).toEqual({
      from: '2030-03-01T00:00:00.000Z',
      validUntil: '2033-03-01T00:00:00.000Z',
    });
    const after = new Date('2030-03-02T00:00:00Z');
    expect(titleStatusOf('valid', '2030-03-01T00:00:00.000Z', after, false)).toBe('expired');
    expect(titleStatusOf('rectifying', '2030-03-01T00:00:00.000Z', after, true)).toBe('rectifying');
    expect(titleStatusOf('revoked', '2033-03-01T00:00:00.000Z', after, false)).toBe('revoked');
    expect(titleStatusOf(undefined, '2033-03-01T00:00:00.000Z', after, false)).toBe('valid');
  });
});
