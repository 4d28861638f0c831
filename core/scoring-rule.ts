import { rubricMaximum } from './kind-definition';
import type { Criterion, ScoringMethod } from './kinds';
import { isWeighted, TRIM_MINIMUM, tieBreakCriteria, weightOf } from './scoring';

/**
 * The scoring rule of a call in words, as the ranking page and the export state it (issue 20
 * item 3): how an expert's total is made, how the totals combine, how a tie is broken.
 */
export interface ScoringRuleText {
  total: string;
  combination: string;
  tieBreak: string;
}
type Lang = 'zh' | 'en';
type RuleSettings = { rubric: Criterion[]; scoring: ScoringMethod; tieBreak?: readonly string[] | undefined };

const labelOf = (c: Criterion, lang: Lang) => (lang === 'en' ? c.labelEn : c.labelZh);

/** The total's formula, with the weights only when the office set one other than 1. */
export function totalFormula(rubric: Criterion[], lang: Lang): string {
  const max = rubricMaximum(rubric);
  if (!isWeighted(rubric)) {
    return lang === 'en' ? `An expert's total is the sum of the points (out of ${max})` : `专家得分为各项得分之和（满分 ${max}）`;
  }
  const terms = rubric.map((c) => (weightOf(c) === 1 ? labelOf(c, lang) : `${weightOf(c)} × ${labelOf(c, lang)}`)).join(' + ');
  return lang === 'en' ? `An expert's total = ${terms} (out of ${max})` : `专家得分 = ${terms}（满分 ${max}）`;
}

export function combinationRule(scoring: ScoringMethod, lang: Lang): string {
  if (scoring === 'mean') return lang === 'en' ? 'Combined: the mean of the experts’ totals' : '综合得分为各位专家得分的算术平均';
  return lang === 'en'
    ? `Combined: the mean without the highest and the lowest total when at least ${TRIM_MINIMUM} experts scored; with fewer, the plain mean`
    : `综合得分为去掉一个最高分和一个最低分后的平均分（不少于 ${TRIM_MINIMUM} 位专家评分时；不足 ${TRIM_MINIMUM} 位时取算术平均）`;
}

export function tieBreakRule(rubric: Criterion[], tieBreak: readonly string[] | undefined, lang: Lang): string {
  const names = tieBreakCriteria(rubric, tieBreak).map((c) => (lang === 'en' ? `“${c.labelEn}”` : `「${c.labelZh}」`));
  if (lang === 'en') {
    return names.length
      ? `A tie goes to the higher mean on ${names.join(', then ')}; then to the earlier submission`
      : 'A tie goes to the earlier submission';
  }
  return names.length ? `同分时依次比较${names.join('、')}的专家均分，高者在前；仍相同的，先提交者在前` : '同分时先提交者在前';
}

export function scoringRuleText(settings: RuleSettings, lang: Lang): ScoringRuleText {
  return {
    total: totalFormula(settings.rubric, lang),
    combination: combinationRule(settings.scoring, lang),
    tieBreak: tieBreakRule(settings.rubric, settings.tieBreak, lang),
  };
}

/** How one declaration's combined score was reached, e.g. that a trimmed mean fell back to the mean. */
export type AppliedScore = { method: ScoringMethod; count: number; dropped?: [number, number] | undefined };
export function appliedRuleText(score: AppliedScore, lang: Lang): string {
  if (score.count === 0) return lang === 'en' ? 'no expert scored' : '无专家评分';
  if (score.dropped) {
    return lang === 'en'
      ? `${score.count} totals; ${score.dropped[1]} and ${score.dropped[0]} left out`
      : `${score.count} 份评分，去掉最高分 ${score.dropped[1]}、最低分 ${score.dropped[0]} 后平均`;
  }
  if (score.method === 'trimmed-mean') {
    return lang === 'en'
      ? `only ${score.count} totals, fewer than ${TRIM_MINIMUM}: plain mean`
      : `仅 ${score.count} 份评分，不足 ${TRIM_MINIMUM} 份，按算术平均`;
  }
  return lang === 'en' ? `${score.count} totals: mean` : `${score.count} 份评分，算术平均`;
}
