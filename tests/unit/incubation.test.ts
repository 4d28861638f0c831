import { describe, expect, it } from 'vitest';
import { incubationOpen, incubationRecordInput, incubationRecordProblems, isIncubated } from '../../core/incubation';

// Construction from 2026-03-01 08:30 to 2027-02-28 23:59 China time (UTC+8).
const milestones = { constructionStartsAt: '2026-03-01T00:30:00.000Z', constructionEndsAt: '2027-02-28T15:59:59.000Z' };

describe('incubation rules (培育)', () => {
  it('takes a date within construction, both ends included, as China dates', () => {
    const at = (date: string) => incubationRecordProblems({ date, attendees: ['expert-1'] }, { milestones, unknownAttendees: [] });
    expect(at('2026-03-01')).toEqual([]);
    expect(at('2027-02-28')).toEqual([]);
    expect(at('2026-02-28')).toEqual([
      expect.objectContaining({ field: 'body.date', code: 'incubation-date-outside', params: { from: '2026-03-01', to: '2027-02-28' } }),
    ]);
    expect(at('2027-03-01').map((p) => p.field)).toEqual(['body.date']);
  });

  it('names each attendee the directory does not know at their place in the list', () => {
    const problems = incubationRecordProblems(
      { date: '2026-05-01', attendees: ['expert-1', 'ghost', 'expert-2', 'nobody'] },
      { milestones, unknownAttendees: ['ghost', 'nobody'] },
    );
    expect(problems.map((p) => [p.field, p.params])).toEqual([
      ['body.attendees.1', { attendee: 'ghost' }],
      ['body.attendees.3', { attendee: 'nobody' }],
    ]);
  });

  it('incubates only kinds that recommend upward, until the project ends', () => {
    expect(isIncubated({ type: 'recommendation', toZh: '省级品牌', toEn: 'province brand' })).toBe(true);
    expect(isIncubated({ type: 'title', titleZh: '示范中心', titleEn: 'Centre', validityYears: 3 } as never)).toBe(false);
    expect(incubationOpen('construction')).toBe(true);
    expect(incubationOpen('acceptance_decision')).toBe(true);
    expect(incubationOpen('accepted')).toBe(false);
    expect(incubationOpen('withdrawn')).toBe(false);
  });

  it('refuses a record without attendees, of another type, or with a date that is not a calendar date', () => {
    const ok = { type: 'guidance', date: '2026-05-01', topic: '品牌定位', attendees: ['expert-1'] };
    expect(incubationRecordInput.safeParse(ok).success).toBe(true);
    expect(incubationRecordInput.safeParse({ ...ok, attendees: [] }).success).toBe(false);
    expect(incubationRecordInput.safeParse({ ...ok, type: 'visit' }).success).toBe(false);
    expect(incubationRecordInput.safeParse({ ...ok, date: '2026-02-30' }).success).toBe(false);
  });
});
