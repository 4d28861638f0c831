import type { FieldProblem } from './errors';
import type { Criterion, ScoringMethod } from './kinds';

/**
 * Expert scores and how a call combines them (专家评审 and 择优). Pure: the services load and
 * store; everything that decides a number or an order is here, where it is unit-tested.
 */
export type Scores = Record<string, number>;

/** Every criterion scored, each within 0..its maximum, nothing unknown. */
export function scoreProblems(rubric: Criterion[], scores: Scores, prefix = 'body.scores'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const known = new Set(rubric.map((c) => c.key));
  for (const key of Object.keys(scores)) {
    if (!known.has(key))
      problems.push({ field: `${prefix}.${key}`, message: 'not a criterion of this call’s rubric', code: 'not-a-criterion', params: {} });
  }
  for (const c of rubric) {
    const value = scores[c.key];
    if (value === undefined)
      problems.push({
        field: `${prefix}.${c.key}`,
        message: `required: score ${c.labelZh} (0–${c.maxScore})`,
        code: 'score-required',
        params: { label: c.labelZh, max: c.maxScore },
      });
    else if (!Number.isFinite(value) || value < 0 || value > c.maxScore) {
      problems.push({
        field: `${prefix}.${c.key}`,
        message: `must be between 0 and ${c.maxScore}`,
        code: 'score-out-of-range',
        params: { max: c.maxScore },
      });
    }
  }
  return problems;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** One expert's score on a 0–100 scale: each criterion's share of its maximum, weighted. */
export function weightedScore(rubric: Criterion[], scores: Scores): number {
  const totalWeight = rubric.reduce((sum, c) => sum + (c.weight ?? 1), 0);
  const sum = rubric.reduce((acc, c) => acc + ((c.weight ?? 1) * (scores[c.key] ?? 0)) / c.maxScore, 0);
  return round2((sum / totalWeight) * 100);
}

export interface Combined {
  combined: number | null;
  method: ScoringMethod;
  /** What was actually done, e.g. a trimmed mean with too few scores falls back to the mean. */
  note?: string;
  /** The lowest and highest score a trimmed mean left out. */
  dropped?: [number, number];
  count: number;
}

/** The call's combination of expert scores; a trimmed mean drops one highest and one lowest. */
export function combine(values: number[], method: ScoringMethod): Combined {
  if (values.length === 0) return { combined: null, method, count: 0, note: 'no expert scored' };
  const mean = (xs: number[]) => round2(xs.reduce((a, b) => a + b, 0) / xs.length);
  if (method === 'mean') return { combined: mean(values), method, count: values.length };
  if (values.length < 3) {
    return { combined: mean(values), method, count: values.length, note: `only ${values.length} score(s): plain mean used` };
  }
  const sorted = [...values].sort((a, b) => a - b);
  return {
    combined: mean(sorted.slice(1, -1)),
    method,
    count: values.length,
    note: `dropped ${sorted[0]} and ${sorted.at(-1)}`,
    dropped: [sorted[0]!, sorted.at(-1)!],
  };
}

/** Mean score of each criterion over the experts who scored. */
export function criterionMeans(rubric: Criterion[], sheets: Scores[]): Scores {
  return Object.fromEntries(
    rubric.map((c) => [c.key, sheets.length ? round2(sheets.reduce((sum, s) => sum + (s[c.key] ?? 0), 0) / sheets.length) : 0]),
  );
}

export interface RankEntry {
  declarationId: string;
  combined: number | null;
  criterionMeans: Scores;
  submittedAt: string;
}
export interface Ranked extends RankEntry {
  rank: number;
  /** Why this entry stands above the next one with the same combined score. */
  tieBreak?: string;
}

/**
 * Orders by combined score; a tie is broken by the criteria in order of weight (the heaviest
 * first), then by the earlier submission, and the reason is written down for the notice.
 */
export function rank(entries: RankEntry[], rubric: Criterion[]): Ranked[] {
  const criteria = [...rubric].sort((a, b) => (b.weight ?? 1) * b.maxScore - (a.weight ?? 1) * a.maxScore);
  const compare = (a: RankEntry, b: RankEntry): { order: number; reason?: string } => {
    const sa = a.combined ?? -1;
    const sb = b.combined ?? -1;
    if (sa !== sb) return { order: sb - sa };
    for (const c of criteria) {
      const diff = (b.criterionMeans[c.key] ?? 0) - (a.criterionMeans[c.key] ?? 0);
      if (diff !== 0) {
        return {
          order: diff,
          reason: `同分 ${sa}：按「${c.labelZh}」均分 ${a.criterionMeans[c.key] ?? 0} 对 ${b.criterionMeans[c.key] ?? 0}`,
        };
      }
    }
    const byTime = a.submittedAt.localeCompare(b.submittedAt);
    return { order: byTime, reason: `同分 ${sa} 且各项均分相同：按提交时间先后` };
  };
  const sorted = [...entries].sort((a, b) => compare(a, b).order || a.declarationId.localeCompare(b.declarationId));
  return sorted.map((entry, i) => {
    const next = sorted[i + 1];
    const tie = next && (entry.combined ?? -1) === (next.combined ?? -1) ? compare(entry, next).reason : undefined;
    return { ...entry, rank: i + 1, ...(tie ? { tieBreak: tie } : {}) };
  });
}
