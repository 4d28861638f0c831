import { isDeepStrictEqual } from 'node:util';
import type { Criterion, ScoringMethod } from './kinds';
import { appliedRuleText } from './scoring-rule';
import { type Combined, combine, criterionMeans, type Scores, sheetTotal } from './scoring';

/**
 * Scores stored under the old rule (each criterion's share of its maximum, a trimmed mean from
 * three sheets) recomputed under today's (core/scoring.ts): what would change, and the record's
 * words for it. Only a changed number counts: the same numbers stored in an older shape are left. Recomputing what is already current changes nothing, so a rerun writes nothing.
 */
export interface StoredSheet {
  expert: string;
  scores: Scores;
  weighted: number;
}
export type StoredScore = Partial<Combined> & { criterionMeans?: Scores; missing?: string[] };
export interface Rescored {
  /** The sheets whose stored total differs from today's. */
  sheets: { expert: string; from: number; to: number }[];
  /** The combined score as it is now, when a combined score is stored and it differs. */
  score?: { from: StoredScore; to: StoredScore };
}

export function rescored(
  settings: { rubric: Criterion[]; scoring: ScoringMethod },
  sheets: StoredSheet[],
  stored: StoredScore | undefined,
): Rescored {
  const totals = sheets.map((s) => ({ expert: s.expert, from: s.weighted, to: sheetTotal(settings.rubric, s.scores) }));
  const changed = { sheets: totals.filter((t) => t.from !== t.to) };
  if (!stored) return changed;
  const to: StoredScore = {
    ...combine(
      totals.map((t) => t.to),
      settings.scoring,
    ),
    criterionMeans: criterionMeans(
      settings.rubric,
      sheets.map((s) => s.scores),
    ),
    missing: stored.missing ?? [],
  };
  return isDeepStrictEqual(numbersOf(to), numbersOf(stored)) ? changed : { ...changed, score: { from: stored, to } };
}

/** What a reader of the score sees; a score stored without today's `applied` is still right if these agree. */
const numbersOf = (score: StoredScore) => ({
  combined: score.combined ?? null,
  count: score.count ?? 0,
  dropped: score.dropped ?? null,
  criterionMeans: score.criterionMeans ?? {},
});

export const nothingToRescore = (r: Rescored) => r.sheets.length === 0 && !r.score;

/** The history's line: old → new for the combined score and the experts' totals. */
export function rescoredText(r: Rescored, what: '专家评审' | '考核验收'): string {
  const parts = [
    ...(r.score
      ? [`综合得分 ${r.score.from.combined ?? '—'} → ${r.score.to.combined ?? '—'}（${appliedRuleText(r.score.to as Combined, 'zh')}）`]
      : []),
    ...(r.sheets.length ? [`专家得分 ${r.sheets.map((s) => s.from).join('、')} → ${r.sheets.map((s) => s.to).join('、')}`] : []),
  ];
  return `${what}得分按新评分规则（各项得分之和）重算：${parts.join('；')}`;
}
