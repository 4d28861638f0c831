import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Criterion } from '../../core/kinds';
import { nothingToRescore, rescored, rescoredText } from '../../core/rescoring';
import { combine, rank, sheetTotal, type RankEntry, TRIM_MINIMUM } from '../../core/scoring';
import { appliedRuleText, scoringRuleText } from '../../core/scoring-rule';

/** The elder-empowerment rubric of the README's walk-through (满分 20 + 30 + 20 + 15 + 15 = 100). */
const rubric: Criterion[] = [
  { key: 'foundation', labelZh: '项目基础', labelEn: 'Foundation', maxScore: 20 },
  { key: 'plan', labelZh: '实施方案', labelEn: 'Implementation plan', maxScore: 30 },
  { key: 'innovation', labelZh: '创新特色', labelEn: 'Innovation', maxScore: 20 },
  { key: 'support', labelZh: '保障措施', labelEn: 'Support measures', maxScore: 15 },
  { key: 'outcomes', labelZh: '预期成效', labelEn: 'Expected outcomes', maxScore: 15 },
];
const sheet = (foundation: number, plan: number, innovation: number, support: number, outcomes: number) => ({
  foundation,
  plan,
  innovation,
  support,
  outcomes,
});
// Each expert's total, added up by hand.
const experts = {
  a: sheet(18, 26, 17, 13, 12), // 86 — the README's sheet
  b: sheet(16, 24, 15, 12, 11), // 78
  c: sheet(19, 28, 18, 14, 13), // 92
  d: sheet(15, 22, 14, 11, 10), // 72
  e: sheet(20, 29, 19, 15, 14), // 97
  f: sheet(17, 25, 16, 13, 12), // 83
  g: sheet(10, 20, 12, 10, 8), // 60
};
const totals = (...keys: (keyof typeof experts)[]) => keys.map((k) => sheetTotal(rubric, experts[k]));

describe('an expert’s total (百分制): the sum of the points', () => {
  it('the README’s sheet is 18 + 26 + 17 + 13 + 12 = 86 (the old rule made it 85.67)', () => {
    expect(sheetTotal(rubric, experts.a)).toBe(86);
    expect(totals('a', 'b', 'c', 'd', 'e', 'f', 'g')).toEqual([86, 78, 92, 72, 97, 83, 60]);
  });

  it('with the office’s weights: Σ weight × points, and the formula is stated', () => {
    // Every criterion out of 10, weighted 2, 3, 2, 1.5, 1.5: still out of 100.
    const weighted = rubric.map((c, i) => ({ ...c, maxScore: 10, weight: [2, 3, 2, 1.5, 1.5][i]! }));
    // 2 × 9 + 3 × 8 + 2 × 8 + 1.5 × 9 + 1.5 × 8 = 18 + 24 + 16 + 13.5 + 12
    expect(sheetTotal(weighted, sheet(9, 8, 8, 9, 8))).toBe(83.5);
    expect(scoringRuleText({ rubric: weighted, scoring: 'mean' }, 'zh').total).toBe(
      '专家得分 = 2 × 项目基础 + 3 × 实施方案 + 2 × 创新特色 + 1.5 × 保障措施 + 1.5 × 预期成效（满分 100）',
    );
    // A weight of 1 written out is no weight: the plain sum, said plainly.
    expect(scoringRuleText({ rubric: rubric.map((c) => ({ ...c, weight: 1 })), scoring: 'mean' }, 'zh').total).toBe(
      '专家得分为各项得分之和（满分 100）',
    );
  });
});

describe('combining the experts’ totals', () => {
  it('three experts: the README’s three identical sheets combine to 86, three different ones to their plain mean', () => {
    expect(combine(totals('a', 'a', 'a'), 'trimmed-mean')).toMatchObject({ combined: 86, applied: 'mean', count: 3 });
    // (86 + 78 + 92) / 3 = 85.33: with three, nothing is dropped.
    const three = combine(totals('a', 'b', 'c'), 'trimmed-mean');
    expect(three).toMatchObject({ combined: 85.33, method: 'trimmed-mean', applied: 'mean', count: 3 });
    expect(three.dropped).toBeUndefined();
    expect(appliedRuleText(three, 'zh')).toBe('仅 3 份评分，不足 5 份，按算术平均');
  });

  it('four experts: (86 + 78 + 92 + 72) / 4 = 82, still the plain mean', () => {
    expect(combine(totals('a', 'b', 'c', 'd'), 'trimmed-mean')).toMatchObject({ combined: 82, applied: 'mean', count: 4 });
  });

  it('five experts: 97 and 72 dropped, (86 + 78 + 92) / 3 = 85.33', () => {
    const five = combine(totals('a', 'b', 'c', 'd', 'e'), 'trimmed-mean');
    expect(five).toMatchObject({ combined: 85.33, applied: 'trimmed-mean', count: 5, dropped: [72, 97] });
    expect(appliedRuleText(five, 'zh')).toBe('5 份评分，去掉最高分 97、最低分 72 后平均');
    // The same five by the mean: 425 / 5 = 85.
    expect(combine(totals('a', 'b', 'c', 'd', 'e'), 'mean')).toMatchObject({ combined: 85, applied: 'mean' });
  });

  it('seven experts: 97 and 60 dropped, (86 + 78 + 92 + 72 + 83) / 5 = 82.2', () => {
    expect(combine(totals('a', 'b', 'c', 'd', 'e', 'f', 'g'), 'trimmed-mean')).toMatchObject({
      combined: 82.2,
      applied: 'trimmed-mean',
      count: 7,
      dropped: [60, 97],
    });
  });

  it('a trimmed mean of five or more lies between the lowest and highest and is the mean of the middle scores', () => {
    const score = fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100);
    fc.assert(
      fc.property(fc.array(score, { minLength: TRIM_MINIMUM, maxLength: 15 }), (values) => {
        const { combined, dropped, applied } = combine(values, 'trimmed-mean');
        const [low, high] = [Math.min(...values), Math.max(...values)];
        const middle = (values.reduce((a, b) => a + b, 0) - low - high) / (values.length - 2);
        return (
          applied === 'trimmed-mean' &&
          combined! >= low &&
          combined! <= high &&
          Math.abs(combined! - middle) <= 0.005 + 1e-9 &&
          dropped![0] === low &&
          dropped![1] === high
        );
      }),
    );
  });

  it('fewer than five is always the plain mean, whatever the call chose', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: TRIM_MINIMUM - 1 }), (values) => {
        const trimmed = combine(values, 'trimmed-mean');
        return trimmed.combined === combine(values, 'mean').combined && trimmed.applied === 'mean' && trimmed.dropped === undefined;
      }),
    );
  });

  it('states the rule: the combination and its threshold', () => {
    expect(scoringRuleText({ rubric, scoring: 'trimmed-mean' }, 'zh').combination).toBe(
      '综合得分为去掉一个最高分和一个最低分后的平均分（不少于 5 位专家评分时；不足 5 位时取算术平均）',
    );
    expect(scoringRuleText({ rubric, scoring: 'mean' }, 'zh').combination).toBe('综合得分为各位专家得分的算术平均');
  });
});

describe('ties broken by the call’s tieBreak, then by the earlier submission', () => {
  const entry = (declarationId: string, means: Record<string, number>, submittedAt: string): RankEntry => ({
    declarationId,
    combined: 85,
    criterionMeans: means,
    submittedAt,
  });
  const strongPlan = entry('strong-plan', { plan: 28, innovation: 15 }, '2026-05-02T00:00:00.000Z');
  const strongInnovation = entry('strong-innovation', { plan: 24, innovation: 19 }, '2026-05-01T00:00:00.000Z');

  it('the first criterion of tieBreak that differs decides, and the reason says which', () => {
    const ranked = rank([strongPlan, strongInnovation], rubric, ['innovation', 'plan']);
    expect(ranked.map((r) => r.declarationId)).toEqual(['strong-innovation', 'strong-plan']);
    expect(ranked[0]!.tieBreak).toBe('同分 85：按「创新特色」均分 19 对 15');
    expect(rank([strongPlan, strongInnovation], rubric, ['plan']).map((r) => r.declarationId)).toEqual([
      'strong-plan',
      'strong-innovation',
    ]);
  });

  it('a call without tieBreak keeps the criteria by maximum (实施方案, 满分 30, first)', () => {
    expect(rank([strongInnovation, strongPlan], rubric).map((r) => r.declarationId)).toEqual(['strong-plan', 'strong-innovation']);
    expect(scoringRuleText({ rubric, scoring: 'mean' }, 'zh').tieBreak).toBe(
      '同分时依次比较「实施方案」、「项目基础」、「创新特色」、「保障措施」、「预期成效」的专家均分，高者在前；仍相同的，先提交者在前',
    );
  });

  it('equal on every tie-break criterion: the earlier submission first, and the reason names them', () => {
    const later = entry('later', { plan: 26, innovation: 17 }, '2026-05-03T00:00:00.000Z');
    const earlier = entry('earlier', { plan: 26, innovation: 17, support: 9 }, '2026-05-02T00:00:00.000Z');
    const ranked = rank([later, earlier], rubric, ['innovation', 'plan']);
    expect(ranked.map((r) => r.declarationId)).toEqual(['earlier', 'later']);
    expect(ranked[0]!.tieBreak).toBe('同分 85 且「创新特色」「实施方案」均分相同：按提交时间先后');
    // No criteria named: straight to the submission time.
    expect(rank([later, earlier], rubric, [])[0]!.tieBreak).toBe('同分 85：按提交时间先后');
    expect(scoringRuleText({ rubric, scoring: 'mean', tieBreak: [] }, 'zh').tieBreak).toBe('同分时先提交者在前');
  });
});

describe('recomputing scores stored under the old rule', () => {
  const settings = { rubric, scoring: 'trimmed-mean' as const };
  // As the old rule stored the README's declaration: each sheet 85.67, the "trimmed mean" of three.
  const oldSheets = ['expert-1', 'expert-2', 'expert-3'].map((expert) => ({ expert, scores: experts.a, weighted: 85.67 }));
  const oldScore = {
    combined: 85.67,
    method: 'trimmed-mean' as const,
    count: 3,
    note: 'dropped 85.67 and 85.67',
    dropped: [85.67, 85.67] as [number, number],
    criterionMeans: experts.a,
    missing: [],
  };

  it('gives each sheet its sum and the declaration the plain mean of three, and says old → new', () => {
    const change = rescored(settings, oldSheets, oldScore);
    expect(change.sheets).toEqual(oldSheets.map((s) => ({ expert: s.expert, from: 85.67, to: 86 })));
    expect(change.score!.to).toMatchObject({ combined: 86, applied: 'mean', count: 3, missing: [] });
    expect(change.score!.to.dropped).toBeUndefined();
    expect(rescoredText(change, '专家评审')).toBe(
      '专家评审得分按新评分规则（各项得分之和）重算：综合得分 85.67 → 86（仅 3 份评分，不足 5 份，按算术平均）；专家得分 85.67、85.67、85.67 → 86、86、86',
    );
  });

  it('finds nothing to change in what it recomputed', () => {
    const change = rescored(settings, oldSheets, oldScore);
    const newSheets = oldSheets.map((s) => ({ ...s, weighted: 86 }));
    expect(nothingToRescore(rescored(settings, newSheets, change.score!.to))).toBe(true);
    // The same numbers in the shape stored before `applied` existed: nothing to change, nothing to record.
    const { applied: _, ...olderShape } = change.score!.to;
    expect(nothingToRescore(rescored(settings, newSheets, olderShape))).toBe(true);
    // A declaration still being scored has sheets but no combined score yet.
    expect(rescored(settings, newSheets, undefined)).toEqual({ sheets: [] });
  });
});
