import { describe, expect, it } from 'vitest';
import { selectionTaskCounts } from '../../core/statistics';

const now = new Date('2026-06-10T00:00:00.000Z');

describe('the selection’s on-time counts (core/statistics.ts selectionTaskCounts)', () => {
  it('counts a decided task on time by its due date in force, late after it', () => {
    const due = '2026-06-01T00:00:00.000Z';
    expect(selectionTaskCounts({ kind: 'district_recommendation', dueAt: due, decidedAt: due }, false, now)).toEqual({
      recommendationDue: 1,
      recommendationOnTime: 1,
    });
    expect(selectionTaskCounts({ kind: 'formal_review', dueAt: due, decidedAt: '2026-06-01T00:00:00.001Z' }, false, now)).toEqual({
      formalReviewDue: 1,
      formalReviewOnTime: 0,
    });
  });

  it('counts an undecided task late once its due date has passed, and not before', () => {
    expect(selectionTaskCounts({ kind: 'expert_score', dueAt: '2026-06-09T00:00:00.000Z' }, false, now)).toEqual({
      scoringDue: 1,
      scoringOnTime: 0,
    });
    expect(selectionTaskCounts({ kind: 'expert_score', dueAt: '2026-06-11T00:00:00.000Z' }, false, now)).toEqual({
      scoringDue: 0,
      scoringOnTime: 0,
    });
  });

  it('leaves out the task a withdrawal closed', () => {
    expect(selectionTaskCounts({ kind: 'district_recommendation', dueAt: '2026-06-01T00:00:00.000Z' }, true, now)).toEqual({});
  });
});
