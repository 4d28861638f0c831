import type { FieldProblem } from './errors';
import { WORKFLOW_ACTOR } from './identity';
import type { KpiTarget } from './kinds';
import { kpiProblems } from './kpis';
import { midtermRuleOf, minimumOf, periodOf } from './kpi-periods';
import { coded } from './problem-codes';

/**
 * The task book (任务书, issue 21.1): at 立项 each project's targets are fixed from its kind's KPIs
 * and its own declaration, adjusted by the office within the kind's bounds and confirmed by the
 * applicant. Every change is a new version; the mid-term and the acceptance check the confirmed one.
 */
export type TaskBookStatus = 'proposed' | 'confirmed' | 'superseded';
export interface TaskBookVersion {
  version: number;
  status: TaskBookStatus;
  targets: KpiTarget[];
  proposedAt: string;
  proposedBy: string;
  comment?: string;
  confirmedAt?: string;
  confirmedBy?: string;
  /** Confirmed because the applicant let the confirmation time out (视为确认). */
  deemed?: boolean;
}
export interface TaskBook {
  versions: TaskBookVersion[];
  /** The version in force: what the mid-term and the acceptance check. */
  confirmedVersion?: number;
}

/** Applicants have this many working days to confirm a task book. */
export const TASK_BOOK_CONFIRMATION_DAYS = 10;
/** After the escalation, this many working days more before an unconfirmed task book is deemed confirmed. */
export const TASK_BOOK_GRACE_DAYS = 2;

/** A declared figure, if the field holds a number. */
function declared(fields: Record<string, unknown>, key: string | undefined): number | undefined {
  const value = key === undefined ? undefined : fields[key];
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * The targets at 立项: each KPI of the kind with its period and mid-term rule written out (a later
 * kind change does not move them), its target the declaration's own figure where the KPI takes one,
 * kept within the kind's bounds.
 */
export function deriveTargets(kindTargets: KpiTarget[], fields: Record<string, unknown>): KpiTarget[] {
  return kindTargets.map((t) => {
    const own = declared(fields, t.fromField);
    const bounded = own === undefined ? t.target : Math.min(t.maximum ?? Number.POSITIVE_INFINITY, Math.max(minimumOf(t), own));
    return { ...t, period: periodOf(t), midterm: midtermRuleOf(t), minimum: minimumOf(t), target: bounded };
  });
}

/** An office's change of targets: known KPIs, figures fitting their measures, within the kind's bounds. */
export function adjustmentProblems(targets: KpiTarget[], changes: Record<string, number>, prefix = 'body.targets'): FieldProblem[] {
  const changed = targets.filter((t) => changes[t.key] !== undefined);
  const problems = kpiProblems(changed, changes, prefix).map((p) =>
    p.code === 'not-a-kpi-target' ? { ...p, message: 'not a KPI of this task book' } : p,
  );
  if (problems.length) return problems;
  for (const t of changed) {
    const value = changes[t.key]!;
    if (value < minimumOf(t))
      problems.push({
        field: `${prefix}.${t.key}`,
        message: `${t.labelEn} (${t.labelZh}): the kind's minimum is ${minimumOf(t)} ${t.unit}`,
        ...coded('kpi-below-minimum', { label: t.labelZh, unit: t.unit, minimum: minimumOf(t) }),
      });
    else if (t.maximum !== undefined && value > t.maximum)
      problems.push({
        field: `${prefix}.${t.key}`,
        message: `${t.labelEn} (${t.labelZh}): the kind's maximum is ${t.maximum} ${t.unit}`,
        ...coded('kpi-above-maximum', { label: t.labelZh, unit: t.unit, maximum: t.maximum }),
      });
  }
  return problems;
}

export const adjustTargets = (targets: KpiTarget[], changes: Record<string, number>): KpiTarget[] =>
  targets.map((t) => (changes[t.key] === undefined ? t : { ...t, target: changes[t.key]! }));

/** The confirmed version's targets; a project established before task books checks the call's. */
export function targetsInForce(book: TaskBook | undefined, callTargets: KpiTarget[]): KpiTarget[] {
  const confirmed = book?.versions.find((v) => v.version === book.confirmedVersion);
  return confirmed?.targets ?? callTargets;
}

/** The version waiting for the applicant's confirmation, if any. */
export const proposedVersion = (book: TaskBook | undefined) => book?.versions.find((v) => v.status === 'proposed');

/** The one-line account of a version's targets for the record. */
export const targetsSummary = (targets: KpiTarget[]) => targets.map((t) => `${t.labelZh} ${t.target}${t.unit}`).join('，');

export const bookOf = (project: { taskBook?: unknown }) => project.taskBook as TaskBook | undefined;

/** The targets the mid-term and the acceptance check, of a project item as stored. */
export const projectTargets = (project: { taskBook?: unknown; kpiTargets: unknown }) =>
  targetsInForce(bookOf(project), project.kpiTargets as KpiTarget[]);

/** Version 1, derived at 立项 and written with the project item, for the applicant to confirm. */
export function firstTaskBook(kindTargets: KpiTarget[], fields: Record<string, unknown>, now: Date): TaskBook {
  const targets = deriveTargets(kindTargets, fields);
  return { versions: [{ version: 1, status: 'proposed', targets, proposedAt: now.toISOString(), proposedBy: WORKFLOW_ACTOR }] };
}

/** The book with `version` confirmed (by the applicant, or deemed at the timeout); the one confirmed before is superseded. */
export function confirmedBook(book: TaskBook, version: number, by: string, now: Date, deemed = false): TaskBook {
  return {
    confirmedVersion: version,
    versions: book.versions.map((v): TaskBookVersion => {
      if (v.version === version)
        return { ...v, status: 'confirmed', confirmedAt: now.toISOString(), confirmedBy: by, ...(deemed ? { deemed } : {}) };
      return v.status === 'confirmed' ? { ...v, status: 'superseded' } : v;
    }),
  };
}
