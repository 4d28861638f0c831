import { z } from 'zod';
import { portfolioQuery } from './portfolio';
import type { Stage } from './stages';
import { phaseOf, type Milestones, type ProjectStage } from './projects';

/**
 * Statistics (issue 22.2, 23.5): per year × district × kind, how many were declared, recommended,
 * established, in construction, accepted (by grade), failed, terminated and named; KPI attainment;
 * on-time rates of the applicant's two construction deadlines and of the selection's district
 * recommendation, formal review and expert scoring; the grants and payments in 分.
 * A cell is a plain set of counters, so cells add up to any total (a district, a kind, the city).
 */
export const counters = [
  'declared',
  'recommended',
  'established',
  'inConstruction',
  'inAcceptance',
  'acceptedExcellent',
  'acceptedPass',
  'failed',
  'terminated',
  'named',
  'kpiMet',
  'kpiUnmet',
  'midtermDue',
  'midtermOnTime',
  'acceptanceDue',
  'acceptanceOnTime',
  'recommendationDue',
  'recommendationOnTime',
  'formalReviewDue',
  'formalReviewOnTime',
  'scoringDue',
  'scoringOnTime',
  'grantedFen',
  'paidFen',
] as const;
export type Counter = (typeof counters)[number];
export type Counts = Record<Counter, number>;

export interface CellKey {
  year: number;
  districtId: string;
  kind: string;
}
export type Cell = CellKey & Counts;

export const emptyCounts = (): Counts => Object.fromEntries(counters.map((c) => [c, 0])) as Counts;

/** The stages a declaration has not yet been, or was never, recommended from (区级推荐). */
const notRecommended: readonly Stage[] = ['draft', 'district_review', 'declined', 'withdrawn'];

/** A declaration as the rollup reads it: submitted ones count as declared; past the district, as recommended. */
export interface DeclarationFacts {
  districtId: string;
  kind: string;
  stage: Stage;
}
export function declarationCounts(d: DeclarationFacts): Partial<Counts> {
  if (d.stage === 'draft' || d.stage === 'withdrawn') return {};
  return { declared: 1, recommended: notRecommended.includes(d.stage) ? 0 : 1 };
}

/** A project as the rollup reads it (model/declarations.ts `project`). */
export interface ProjectFacts {
  districtId: string;
  kind: string;
  stage: ProjectStage;
  milestones: unknown;
  midterm?: unknown;
  acceptance?: unknown;
  lifecycle?: string | undefined;
  naming?: unknown;
  kpiAttainment?: 'met' | 'unmet' | 'none' | undefined;
  funding?: unknown;
}

type Submitted = { submittedAt?: string } | undefined;

/**
 * One project's contribution. A deadline counts once it has passed or been met: on time when the
 * report was submitted by its due date, late when after it or still missing past it.
 */
export function projectCounts(p: ProjectFacts, now: Date): Partial<Counts> {
  const at = now.toISOString();
  const m = p.milestones as Milestones;
  const midterm = (p.midterm as { report?: Submitted } | undefined)?.report;
  const acceptance = p.acceptance as { application?: Submitted; result?: { outcome?: string } } | undefined;
  const phase = phaseOf(p.stage);
  const outcome = acceptance?.result?.outcome;
  const funding = p.funding as { approvedFen?: number; payments?: { amountFen: number }[] } | undefined;
  const counts: Partial<Counts> = {
    established: 1,
    inConstruction: phase === 'construction' ? 1 : 0,
    inAcceptance: phase === 'acceptance' ? 1 : 0,
    acceptedExcellent: p.stage === 'accepted' && outcome === 'excellent' ? 1 : 0,
    acceptedPass: p.stage === 'accepted' && outcome !== 'excellent' ? 1 : 0,
    failed: p.stage === 'acceptance_failed' ? 1 : 0,
    terminated: p.stage === 'terminated' ? 1 : 0,
    named: p.naming ? 1 : 0,
    kpiMet: p.kpiAttainment === 'met' ? 1 : 0,
    kpiUnmet: p.kpiAttainment === 'unmet' ? 1 : 0,
    grantedFen: funding?.approvedFen ?? 0,
    paidFen: (funding?.payments ?? []).reduce((s, x) => s + x.amountFen, 0),
  };
  if (p.lifecycle !== 'acceptance-only' && m?.midtermReportDueAt) {
    const d = deadline(midterm?.submittedAt, m.midtermReportDueAt, at);
    counts.midtermDue = d.due;
    counts.midtermOnTime = d.onTime;
  }
  const applicationDue = m?.acceptanceApplicationDueAt ?? m?.constructionEndsAt;
  if (applicationDue) {
    const d = deadline(acceptance?.application?.submittedAt, applicationDue, at);
    counts.acceptanceDue = d.due;
    counts.acceptanceOnTime = d.onTime;
  }
  return counts;
}

/** The selection's tasks whose timeliness the office follows, and the counters each adds to. */
export const selectionDeadlines = {
  district_recommendation: ['recommendationDue', 'recommendationOnTime'],
  formal_review: ['formalReviewDue', 'formalReviewOnTime'],
  expert_score: ['scoringDue', 'scoringOnTime'],
} as const satisfies Record<string, readonly [Counter, Counter]>;
export type SelectionTaskKind = keyof typeof selectionDeadlines;
export const selectionTaskKinds = Object.keys(selectionDeadlines) as SelectionTaskKind[];

/** A selection task as the rollup reads it (model/declarations.ts `task`). */
export interface SelectionTaskFacts {
  kind: SelectionTaskKind;
  dueAt: string;
  decidedAt?: string | undefined;
}

/**
 * One selection task's contribution (区级推荐, 形式审查, each expert's 专家评分): decided, it counts,
 * on time when decided by the due date in force (an extension granted moves it); undecided, it
 * counts as late once its due date has passed (still open, or closed by a timeout) — unless the
 * declaration was withdrawn (撤回), which closes its open task without anyone being late.
 */
export function selectionTaskCounts(task: SelectionTaskFacts, declarationWithdrawn: boolean, now: Date): Partial<Counts> {
  const [due, onTime] = selectionDeadlines[task.kind];
  if (!task.decidedAt && declarationWithdrawn) return {};
  const d = deadline(task.decidedAt, task.dueAt, now.toISOString());
  return { [due]: d.due, [onTime]: d.onTime };
}

function deadline(submittedAt: string | undefined, dueAt: string, now: string) {
  if (submittedAt) return { due: 1, onTime: submittedAt <= dueAt ? 1 : 0 };
  return { due: dueAt < now ? 1 : 0, onTime: 0 };
}

/** Adds one contribution to a cell's counters. */
export function add(into: Counts, counts: Partial<Counts>): Counts {
  for (const c of counters) into[c] += counts[c] ?? 0;
  return into;
}

/** The key of a cell, as the rollup groups by it. */
export const cellKey = (k: CellKey) => `${k.year}#${k.districtId}#${k.kind}`;

/** A rate in percent with one decimal, or null where nothing counted. */
export const rate = (part: number, whole: number): number | null => (whole ? Math.round((part / whole) * 1000) / 10 : null);

/** The rates a row shows beside its counts. */
export function ratesOf(c: Counts) {
  return {
    kpiRate: rate(c.kpiMet, c.kpiMet + c.kpiUnmet),
    midtermOnTimeRate: rate(c.midtermOnTime, c.midtermDue),
    acceptanceOnTimeRate: rate(c.acceptanceOnTime, c.acceptanceDue),
    recommendationOnTimeRate: rate(c.recommendationOnTime, c.recommendationDue),
    formalReviewOnTimeRate: rate(c.formalReviewOnTime, c.formalReviewDue),
    scoringOnTimeRate: rate(c.scoringOnTime, c.scoringDue),
    establishedRate: rate(c.established, c.declared),
  };
}

/** Sums cells into rows by a dimension (year, district or kind), in the order the keys are given. */
export function totalsBy(cells: Cell[], dimension: keyof CellKey): { key: string; counts: Counts }[] {
  const rows = new Map<string, Counts>();
  for (const cell of cells) {
    const key = String(cell[dimension]);
    add(rows.get(key) ?? rows.set(key, emptyCounts()).get(key)!, cell);
  }
  return [...rows].map(([key, counts]) => ({ key, counts }));
}

export const total = (cells: Cell[]): Counts => cells.reduce((sum, c) => add(sum, c), emptyCounts());

/** The statistics' filters: a year (or a range from…to), a district, a kind; an unknown value is refused at its parameter. */
export const statisticsQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  toYear: z.coerce.number().int().min(2000).max(2100).optional(),
  districtId: portfolioQuery.shape.districtId,
  kind: portfolioQuery.shape.kind,
});
export type StatisticsQuery = z.infer<typeof statisticsQuery>;

/** The columns a table and a sheet show, in order, with their Chinese headers; money columns in 分, shown as 元. */
export const countColumns: { key: Counter; zh: string; en: string }[] = [
  { key: 'declared', zh: '申报数', en: 'Declared' },
  { key: 'recommended', zh: '区级推荐数', en: 'Recommended' },
  { key: 'established', zh: '立项数', en: 'Established' },
  { key: 'inConstruction', zh: '建设中', en: 'In construction' },
  { key: 'inAcceptance', zh: '验收中', en: 'In acceptance' },
  { key: 'acceptedExcellent', zh: '验收优秀', en: 'Accepted: excellent' },
  { key: 'acceptedPass', zh: '验收合格', en: 'Accepted: pass' },
  { key: 'failed', zh: '验收不合格', en: 'Failed' },
  { key: 'terminated', zh: '终止', en: 'Terminated' },
  { key: 'named', zh: '命名授牌', en: 'Named' },
];
export const rateColumns: { key: keyof ReturnType<typeof ratesOf>; zh: string; en: string }[] = [
  { key: 'establishedRate', zh: '立项率（%）', en: 'Established (%)' },
  { key: 'kpiRate', zh: '绩效指标达成率（%）', en: 'KPI attainment (%)' },
  { key: 'recommendationOnTimeRate', zh: '区级推荐按时率（%）', en: 'District recommendation on time (%)' },
  { key: 'formalReviewOnTimeRate', zh: '形式审查按时率（%）', en: 'Formal review on time (%)' },
  { key: 'scoringOnTimeRate', zh: '专家评分按时率（%）', en: 'Expert scoring on time (%)' },
  { key: 'midtermOnTimeRate', zh: '中期报告按时率（%）', en: 'Mid-term report on time (%)' },
  { key: 'acceptanceOnTimeRate', zh: '验收申请按时率（%）', en: 'Acceptance application on time (%)' },
];
export const moneyColumns: { key: 'grantedFen' | 'paidFen'; zh: string; en: string }[] = [
  { key: 'grantedFen', zh: '核定资助（元）', en: 'Granted (yuan)' },
  { key: 'paidFen', zh: '已拨付（元）', en: 'Paid (yuan)' },
];
