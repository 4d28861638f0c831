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

/** What a point on a criterion counts: the weight the office set, or 1. */
export const weightOf = (c: Pick<Criterion, 'weight'>) => c.weight ?? 1;
/** Whether the office set a weight other than 1 anywhere (then the total's formula is shown). */
export const isWeighted = (rubric: readonly Pick<Criterion, 'weight'>[]) => rubric.some((c) => weightOf(c) !== 1);

/**
 * One expert's total (百分制): the sum of the points given, each times its criterion's weight where
 * the office set one. A 30-point criterion thus counts twice a 15-point one, as on a paper sheet.
 */
export function sheetTotal(rubric: Criterion[], scores: Scores): number {
  return round2(rubric.reduce((sum, c) => sum + weightOf(c) * (scores[c.key] ?? 0), 0));
}

/** 去掉一个最高分和一个最低分 needs at least this many experts' totals; with fewer, the plain mean. */
export const TRIM_MINIMUM = 5;

export interface Combined {
  combined: number | null;
  /** The rule the call chose. */
  method: ScoringMethod;
  /** The rule applied: a trimmed mean with fewer than TRIM_MINIMUM totals is the plain mean. */
  applied: ScoringMethod;
  /** What was actually done, e.g. a trimmed mean with too few scores falls back to the mean. */
  note?: string;
  /** The lowest and highest score a trimmed mean left out. */
  dropped?: [number, number];
  count: number;
}

const mean = (xs: number[]) => round2(xs.reduce((a, b) => a + b, 0) / xs.length);

/** The call's combination of experts' totals; a trimmed mean drops one highest and one lowest, given five or more. */
export function combine(values: number[], method: ScoringMethod): Combined {
  if (values.length === 0) return { combined: null, method, applied: 'mean', count: 0, note: 'no expert scored' };
  if (method === 'mean') return { combined: mean(values), method, applied: 'mean', count: values.length };
  if (values.length < TRIM_MINIMUM) {
    return {
      combined: mean(values),
      method,
      applied: 'mean',
      count: values.length,
      note: `only ${values.length} score(s), fewer than ${TRIM_MINIMUM}: plain mean used`,
    };
  }
  const sorted = [...values].sort((a, b) => a - b);
  return {
    combined: mean(sorted.slice(1, -1)),
    method,
    applied: 'trimmed-mean',
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
 * The criteria that break a tie, in order: the call's `tieBreak`, or for a call stored before it
 * the rubric by weight × maximum (the heaviest first), as ranking always did.
 */
export function tieBreakCriteria(rubric: Criterion[], tieBreak?: readonly string[]): Criterion[] {
  if (tieBreak) return tieBreak.flatMap((key) => rubric.filter((c) => c.key === key));
  return [...rubric].sort((a, b) => weightOf(b) * b.maxScore - weightOf(a) * a.maxScore);
}

/** A tie-break naming a criterion twice or one the rubric lacks, at the entry's index. */
export function tieBreakProblems(rubric: Criterion[], tieBreak: readonly string[], prefix = 'body.tieBreak'): FieldProblem[] {
  return tieBreak.flatMap((key, i): FieldProblem[] => {
    if (!rubric.some((c) => c.key === key))
      return [{ field: `${prefix}.${i}`, message: `${key} is not a criterion of the rubric`, code: 'not-a-criterion', params: {} }];
    if (tieBreak.indexOf(key) !== i)
      return [{ field: `${prefix}.${i}`, message: `${key} is named twice`, code: 'listed-twice', params: { name: key } }];
    return [];
  });
}

/**
 * Orders by combined score; a tie is broken by the criteria's means in the call's order
 * (`tieBreakCriteria`), then by the earlier submission, and the reason is written down for the notice.
 */
export function rank(entries: RankEntry[], rubric: Criterion[], tieBreak?: readonly string[]): Ranked[] {
  const criteria = tieBreakCriteria(rubric, tieBreak);
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
    const same =
      tieBreak === undefined ? '且各项均分相同' : criteria.length ? `且${criteria.map((c) => `「${c.labelZh}」`).join('')}均分相同` : '';
    return { order: byTime, reason: `同分 ${sa}${same ? ` ${same}` : ''}：按提交时间先后` };
  };
  const sorted = [...entries].sort((a, b) => compare(a, b).order || a.declarationId.localeCompare(b.declarationId));
  return sorted.map((entry, i) => {
    const next = sorted[i + 1];
    const tie = next && (entry.combined ?? -1) === (next.combined ?? -1) ? compare(entry, next).reason : undefined;
    return { ...entry, rank: i + 1, ...(tie ? { tieBreak: tie } : {}) };
  });
}
