import { z } from 'zod';
import type { KpiTarget } from './kinds';
import { evaluateKpis } from './kpis';
import { finalProjectStages, phaseOf, projectStages, type Milestones, type ProjectPhase, type ProjectStage } from './projects';

/**
 * The office's portfolio (issue 22.1): every project one may see, across calls and years. What a
 * row is sorted and filtered by is kept on the project item when its stage changes (`portfolioFacts`),
 * so a list reads it by key: the project's next due date (its sort key, so "overdue" is a key range)
 * and whether its KPIs were met.
 */

/** A project with nothing more to do sorts after every due date. */
export const NOTHING_DUE = '9999-12-31T00:00:00.000Z';

export const projectPhases = ['construction', 'acceptance', 'closed'] as const satisfies readonly ProjectPhase[];
export const kpiAttainments = ['met', 'unmet', 'none'] as const;
export type KpiAttainment = (typeof kpiAttainments)[number];
/** A title's standing (issue 22's title work adds `titleStatus` to projects); `none`: no title recorded. */
export const titleStatuses = ['valid', 'rectifying', 'revoked', 'expired', 'none'] as const;
export type TitleStatus = (typeof titleStatuses)[number];
export const portfolioSorts = ['due', '-due'] as const;
export type PortfolioSort = (typeof portfolioSorts)[number];

interface ProjectFacts {
  stage: ProjectStage;
  milestones: unknown;
  lifecycle?: 'construction' | 'acceptance-only' | undefined;
  midtermDone?: boolean | undefined;
  midterm?: unknown;
  acceptance?: unknown;
  kpiTargets?: unknown;
}

type Reports = { report?: { kpiActuals?: Record<string, number> }; rectification?: { kpiActuals?: Record<string, number> } };
type AcceptanceReports = {
  application?: { kpiActuals?: Record<string, number> };
  rectification?: { kpiActuals?: Record<string, number> };
};

/** The next milestone the project still owes: the mid-term report, then the acceptance application; none once applied or closed. */
export function nextDueOf(project: ProjectFacts): { at: string; key: 'midtermReportDue' | 'acceptanceApplicationDue' | 'none' } {
  if (finalProjectStages.includes(project.stage)) return { at: NOTHING_DUE, key: 'none' };
  const m = project.milestones as Milestones;
  const midterm = project.midterm as Reports | undefined;
  const acceptance = project.acceptance as AcceptanceReports | undefined;
  const phase = phaseOf(project.stage);
  const midtermOwed = project.lifecycle !== 'acceptance-only' && phase === 'construction' && !project.midtermDone && !midterm?.report;
  if (midtermOwed) return { at: m.midtermReportDueAt, key: 'midtermReportDue' };
  if (!acceptance?.application) return { at: m.acceptanceApplicationDueAt ?? m.constructionEndsAt, key: 'acceptanceApplicationDue' };
  return { at: NOTHING_DUE, key: 'none' };
}

/** Whether the latest KPI actuals reported (acceptance before mid-term, a rectification before its report) meet every target. */
export function kpiAttainmentOf(project: ProjectFacts): KpiAttainment {
  const midterm = project.midterm as Reports | undefined;
  const acceptance = project.acceptance as AcceptanceReports | undefined;
  const actuals =
    acceptance?.rectification?.kpiActuals ??
    acceptance?.application?.kpiActuals ??
    midterm?.rectification?.kpiActuals ??
    midterm?.report?.kpiActuals;
  if (!actuals) return 'none';
  return evaluateKpis((project.kpiTargets ?? []) as KpiTarget[], actuals).allMet ? 'met' : 'unmet';
}

/** What the portfolio's index keys and filters read, as the project item must carry them after a change. */
export function portfolioFacts(project: ProjectFacts): { nextDueAt: string; kpiAttainment: KpiAttainment } {
  return { nextDueAt: nextDueOf(project).at, kpiAttainment: kpiAttainmentOf(project) };
}

export const isOverdue = (nextDueAt: string | undefined, now: Date) => !!nextDueAt && nextDueAt < now.toISOString();

/** The stages a phase filter stands for. */
export function stagesOfPhase(phase: ProjectPhase): ProjectStage[] {
  return projectStages.filter((s) => phaseOf(s) === phase);
}

/** A row's place in the sorted list: its next due date, then its id. */
export interface Position {
  nextDueAt: string;
  declarationId: string;
}
export const positionKey = (p: Position) => `${p.nextDueAt}#${p.declarationId}`.toLowerCase();

/** One partition's answer to a page: the rows it matched past the cursor, and the last place it read up to if it has more. */
export interface PartitionRead<R extends Position> {
  rows: R[];
  /** Where this partition stopped reading; undefined when it was read to its end. */
  readUpTo?: Position | undefined;
}

/**
 * The next page over several partitions each sorted the same way: rows are safe to show only up
 * to the nearest place a partition stopped reading (beyond it that partition may hold earlier
 * rows). The cursor is the last place shown, or that boundary when the page came out short.
 */
export function mergePage<R extends Position>(
  reads: PartitionRead<R>[],
  limit: number,
  descending: boolean,
): { rows: R[]; next: Position | undefined } {
  const before = (a: Position, b: Position) => (descending ? positionKey(a) > positionKey(b) : positionKey(a) < positionKey(b));
  const bounds = reads.map((r) => r.readUpTo).filter((p): p is Position => !!p);
  const boundary = bounds.reduce<Position | undefined>((nearest, p) => (!nearest || before(p, nearest) ? p : nearest), undefined);
  const all = reads
    .flatMap((r) => r.rows)
    .sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0))
    .filter((row) => !boundary || !before(boundary, row));
  const rows = all.slice(0, limit);
  if (all.length > limit) return { rows, next: position(rows[rows.length - 1]!) };
  return { rows, next: boundary };
}

const position = (p: Position): Position => ({ nextDueAt: p.nextDueAt, declarationId: p.declarationId });

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'an id of letters, digits, _ and -');

/** The portfolio's filters, sort and page, as the API and the page take them; a value outside these is refused at its parameter. */
export const portfolioQuery = z.strictObject({
  kind: z.string().min(1).max(64).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  batch: z.coerce.number().int().min(1).max(99).optional(),
  districtId: id.optional(),
  organisationId: id.optional(),
  phase: z.enum(projectPhases).optional(),
  stage: z.enum(projectStages).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  kpi: z.enum(kpiAttainments).optional(),
  titleStatus: z.enum(titleStatuses).optional(),
  sort: z.enum(portfolioSorts).default('due'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});
export type PortfolioQuery = z.infer<typeof portfolioQuery>;
