import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conflictOf, proposeExperts, type PoolExpert } from '../../core/assignment';
import { checkDecision } from '../../core/decisions';
import { ValidationError } from '../../core/errors';
import type { Criterion } from '../../core/kinds';
import { combine, criterionMeans, rank, scoreProblems, sheetTotal, type RankEntry } from '../../core/scoring';

const rubric: Criterion[] = [
  { key: 'plan', labelZh: '实施方案', labelEn: 'Plan', weight: 30, maxScore: 30 },
  { key: 'innovation', labelZh: '创新特色', labelEn: 'Innovation', weight: 20, maxScore: 20 },
  { key: 'outcomes', labelZh: '预期成效', labelEn: 'Outcomes', weight: 10, maxScore: 10 },
];

function fieldsOf(thrown: () => unknown): string[] {
  try {
    thrown();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).errors.map((p) => p.field);
  }
  throw new Error('expected a ValidationError');
}

describe('scores (专家评审)', () => {
  it('names every missing, unknown and out-of-range criterion', () => {
    const problems = scoreProblems(rubric, { plan: 31, innovation: -1, bogus: 3 });
    expect(problems.map((p) => p.field).sort()).toEqual([
      'body.scores.bogus',
      'body.scores.innovation',
      'body.scores.outcomes',
      'body.scores.plan',
    ]);
    expect(problems.find((p) => p.field === 'body.scores.plan')!.message).toBe('must be between 0 and 30');
    expect(scoreProblems(rubric, { plan: 30, innovation: 0, outcomes: 10 })).toEqual([]);
  });

  it('totals an expert’s points, each times its weight where one is set (absent: 1)', () => {
    const plain = rubric.map(({ weight: _, ...c }) => c);
    expect(sheetTotal(plain, { plan: 30, innovation: 20, outcomes: 10 })).toBe(60);
    expect(sheetTotal(plain, { plan: 0, innovation: 0, outcomes: 0 })).toBe(0);
    expect(sheetTotal(plain, { plan: 15, innovation: 20, outcomes: 10 })).toBe(45);
    // Weighted: 30 × 15 + 20 × 20 + 10 × 10.
    expect(sheetTotal(rubric, { plan: 15, innovation: 20, outcomes: 10 })).toBe(950);
  });

  it('keeps any valid sheet within 0..the rubric’s total', () => {
    const plain = rubric.map(({ weight: _, ...c }) => c);
    const sheet = fc.record({
      plan: fc.integer({ min: 0, max: 30 }),
      innovation: fc.integer({ min: 0, max: 20 }),
      outcomes: fc.integer({ min: 0, max: 10 }),
    });
    fc.assert(
      fc.property(sheet, (scores) => {
        const score = sheetTotal(plain, scores);
        return score >= 0 && score <= 60 && scoreProblems(plain, scores).length === 0;
      }),
    );
  });

  it('combines by mean, or by a trimmed mean that drops one highest and one lowest from five scores up', () => {
    expect(combine([70, 80, 90, 100], 'mean')).toEqual({ combined: 85, method: 'mean', applied: 'mean', count: 4 });
    expect(combine([60, 80, 82, 99], 'trimmed-mean')).toMatchObject({
      combined: 80.25,
      applied: 'mean',
      count: 4,
      note: 'only 4 score(s), fewer than 5: plain mean used',
    });
    expect(combine([60, 80, 82, 90, 99], 'trimmed-mean')).toMatchObject({
      combined: 84,
      applied: 'trimmed-mean',
      note: 'dropped 60 and 99',
    });
    expect(combine([60, 90], 'trimmed-mean')).toMatchObject({ combined: 75, note: 'only 2 score(s), fewer than 5: plain mean used' });
    expect(combine([], 'mean')).toMatchObject({ combined: null, count: 0, note: 'no expert scored' });
  });

  it('never lets a trimmed mean leave the range of the scores it was given', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 3, maxLength: 9 }), (values) => {
        const { combined } = combine(values, 'trimmed-mean');
        return combined! >= Math.min(...values) && combined! <= Math.max(...values);
      }),
    );
  });

  it('averages each criterion over the sheets in', () => {
    expect(
      criterionMeans(rubric, [
        { plan: 20, innovation: 10, outcomes: 5 },
        { plan: 25, innovation: 15, outcomes: 6 },
      ]),
    ).toEqual({ plan: 22.5, innovation: 12.5, outcomes: 5.5 });
    expect(criterionMeans(rubric, [])).toEqual({ plan: 0, innovation: 0, outcomes: 0 });
  });
});

describe('ranking (择优)', () => {
  const entry = (
    declarationId: string,
    combined: number | null,
    means: Record<string, number>,
    submittedAt = '2026-05-01T00:00:00.000Z',
  ): RankEntry => ({
    declarationId,
    combined,
    criterionMeans: means,
    submittedAt,
  });

  it('orders by combined score, unscored last', () => {
    const ranked = rank([entry('low', 60, {}), entry('none', null, {}), entry('high', 90, {})], rubric);
    expect(ranked.map((r) => [r.declarationId, r.rank])).toEqual([
      ['high', 1],
      ['low', 2],
      ['none', 3],
    ]);
    expect(ranked.every((r) => r.tieBreak === undefined)).toBe(true);
  });

  it('breaks a tie by the heaviest criterion and says so', () => {
    const ranked = rank(
      [entry('weaker-plan', 80, { plan: 20, innovation: 18 }), entry('stronger-plan', 80, { plan: 24, innovation: 12 })],
      rubric,
    );
    expect(ranked.map((r) => r.declarationId)).toEqual(['stronger-plan', 'weaker-plan']);
    expect(ranked[0]!.tieBreak).toBe('同分 80：按「实施方案」均分 24 对 20');
  });

  it('falls back to the earlier submission when every criterion ties', () => {
    const same = { plan: 20, innovation: 10, outcomes: 5 };
    const ranked = rank(
      [entry('later', 75, same, '2026-05-02T00:00:00.000Z'), entry('earlier', 75, same, '2026-05-01T00:00:00.000Z')],
      rubric,
    );
    expect(ranked.map((r) => r.declarationId)).toEqual(['earlier', 'later']);
    expect(ranked[0]!.tieBreak).toBe('同分 75 且各项均分相同：按提交时间先后');
  });

  it('gives every entry one rank, 1..n, whatever the input order', () => {
    const entries = fc.array(fc.record({ id: fc.uuid(), score: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }) }), {
      maxLength: 20,
    });
    fc.assert(
      fc.property(entries, (xs) => {
        const ranked = rank(
          xs.map((x) => entry(x.id, x.score, {})),
          rubric,
        );
        const reversed = rank(xs.map((x) => entry(x.id, x.score, {})).reverse(), rubric);
        return (
          ranked.map((r) => r.rank).join() === xs.map((_, i) => i + 1).join() &&
          ranked.map((r) => r.declarationId).join() === reversed.map((r) => r.declarationId).join()
        );
      }),
    );
  });
});

describe('expert assignment with 回避', () => {
  const declaration = { districtId: 'district-a', organisationId: 'centre-a1' };
  const pool: PoolExpert[] = [
    { username: 'expert-1', districtId: 'district-a', organisationId: 'uni-1' },
    { username: 'expert-2', districtId: 'district-b', organisationId: 'uni-2' },
    { username: 'expert-3', districtId: 'district-c', organisationId: 'centre-a1' },
    { username: 'expert-4', districtId: 'district-c', organisationId: 'uni-4' },
    { username: 'expert-5', districtId: 'district-b', organisationId: 'uni-5' },
  ];

  it('names the conflict: the same organisation first, then the same district', () => {
    expect(conflictOf(pool[0]!, declaration)).toBe('回避：expert-1 is from the declaration’s district');
    expect(conflictOf(pool[2]!, declaration)).toBe('回避：expert-3 belongs to the declaring organisation');
    expect(conflictOf(pool[1]!, declaration)).toBeUndefined();
    // With a display name in the pool, the person is named by it, never by the username.
    expect(conflictOf({ ...pool[0]!, displayName: '评审专家1' }, declaration)).toBe('回避：评审专家1 is from the declaration’s district');
  });

  it('proposes the least loaded eligible experts, stably by name on equal load', () => {
    expect(proposeExperts(pool, declaration, 2, {}).map((e) => e.username)).toEqual(['expert-2', 'expert-4']);
    expect(proposeExperts(pool, declaration, 2, { 'expert-2': 3, 'expert-4': 1 }).map((e) => e.username)).toEqual(['expert-5', 'expert-4']);
    expect(proposeExperts(pool, declaration, 5, {})).toHaveLength(3);
  });

  it('never proposes a conflicted expert, for any pool and load', () => {
    const anyExpert = fc.record({
      username: fc.string({ minLength: 1 }),
      districtId: fc.constantFrom('district-a', 'district-b'),
      organisationId: fc.constantFrom('centre-a1', 'uni'),
    });
    fc.assert(
      fc.property(fc.array(anyExpert, { maxLength: 12 }), fc.integer({ min: 0, max: 6 }), (experts, count) =>
        proposeExperts(experts, declaration, count, {}).every((e) => conflictOf(e, declaration) === undefined),
      ),
    );
  });
});

describe('what a decision must carry', () => {
  it('a district recommends with a rank, or declines with a reason', () => {
    expect(checkDecision('district_recommendation', { outcome: 'recommend', rank: 2 }, rubric)).toMatchObject({
      outcome: 'recommend',
      rank: 2,
    });
    expect(fieldsOf(() => checkDecision('district_recommendation', { outcome: 'recommend' }, rubric))).toEqual(['body.rank']);
    expect(fieldsOf(() => checkDecision('district_recommendation', { outcome: 'decline' }, rubric))).toEqual(['body.comment']);
    expect(fieldsOf(() => checkDecision('district_recommendation', { outcome: 'decline', rank: 1, comment: '名额已满' }, rubric))).toEqual([
      'body.rank',
    ]);
    expect(fieldsOf(() => checkDecision('district_recommendation', { outcome: 'approve' }, rubric))).toEqual(['body.outcome']);
  });

  it('a formal review returns or rejects only with a reason shown to the applicant', () => {
    expect(checkDecision('formal_review', { outcome: 'approve' }, rubric)).toMatchObject({ kind: 'formal_review', outcome: 'approve' });
    expect(fieldsOf(() => checkDecision('formal_review', { outcome: 'return' }, rubric))).toEqual(['body.comment']);
    expect(fieldsOf(() => checkDecision('formal_review', { outcome: 'reject', rank: 1, comment: '不符合' }, rubric))).toEqual([
      'body.rank',
    ]);
  });

  it('an expert scores every criterion with a comment, and nothing else', () => {
    const scores = { plan: 25, innovation: 15, outcomes: 8 };
    expect(checkDecision('expert_score', { scores, comment: '扎实' }, rubric)).toEqual({ kind: 'expert_score', scores, comment: '扎实' });
    expect(fieldsOf(() => checkDecision('expert_score', { outcome: 'approve', scores: { plan: 25 } }, rubric)).sort()).toEqual([
      'body.comment',
      'body.outcome',
      'body.scores.innovation',
      'body.scores.outcomes',
    ]);
  });

  it('refuses a task kind that is not decided through POST /tasks/{id}/decision', () => {
    expect(fieldsOf(() => checkDecision('call_outcome', { outcome: 'approve' }, rubric))).toEqual(['path.taskId']);
  });
});
