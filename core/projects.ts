import { addWorkingDays, type CalendarOverrides } from './calendar';
import type { ProjectDeadlines } from './kinds';

/**
 * An established project (立项) through construction, mid-term check and acceptance (DOMAIN.md
 * stages 8–11). The selection's `stage` ends at `approved`; from there the project's own stage
 * says where it stands, and the phase executions (workflows/construction, workflows/acceptance)
 * route on it, so a successor execution continues exactly where its predecessor stopped.
 */
export const projectStages = [
  'construction',
  'midterm_report',
  'midterm_review',
  'midterm_rectification',
  'midterm_recheck',
  'acceptance_application',
  'acceptance_assignment',
  'acceptance_review',
  'acceptance_decision',
  'acceptance_rectification',
  'accepted',
  'acceptance_failed',
  'terminated',
  'withdrawn',
  'failed',
] as const;
export type ProjectStage = (typeof projectStages)[number];
export const finalProjectStages: readonly ProjectStage[] = ['accepted', 'acceptance_failed', 'terminated', 'withdrawn', 'failed'];

export type ProjectPhase = 'construction' | 'acceptance' | 'closed';
export function phaseOf(stage: ProjectStage): ProjectPhase {
  if (finalProjectStages.includes(stage)) return 'closed';
  return stage.startsWith('acceptance_') ? 'acceptance' : 'construction';
}

/** Tasks of construction and acceptance, opened through the same task entity as the selection's. */
export const projectTaskKinds = [
  'midterm_report',
  'midterm_review',
  'midterm_rectification',
  'midterm_recheck',
  'acceptance_application',
  'acceptance_assignment',
  'acceptance_review',
  'acceptance_score',
  'acceptance_decision',
  'acceptance_rectification',
  /** The applicant confirms the task book (任务书, issue 21.1); opened by a service, timed out by the sweep. */
  'task_book_confirmation',
  /** The city office records a released tranche's payment (issue 23.2); opened with the release, closed by the payment. */
  'tranche_payment',
] as const;
export type ProjectTaskKind = (typeof projectTaskKinds)[number];
export const isProjectTask = (kind: string): kind is ProjectTaskKind => (projectTaskKinds as readonly string[]).includes(kind);

export const midtermOutcomes = ['pass', 'rectify', 'terminate'] as const;
export const acceptanceOutcomes = ['excellent', 'pass', 'rectify', 'fail'] as const;
export type MidtermOutcome = (typeof midtermOutcomes)[number];
export type AcceptanceOutcome = (typeof acceptanceOutcomes)[number];
export const projectOutcomes = [...new Set([...midtermOutcomes, ...acceptanceOutcomes])] as const;

// ---- time: milestones and the one-year bound of every execution ----

const DAY = 86400_000;
/** The application for acceptance opens this long before construction ends; it is due at the end. */
export const ACCEPTANCE_WINDOW_DAYS = 60;
/** How long an overdue city-office task may stay open before its execution hands over to a fresh one. */
export const ADMIN_GRACE_DAYS = 14;
/** Step Functions' own limit for a Standard execution, which every phase execution stays under. */
export const EXECUTION_LIMIT_DAYS = 365;

export function addMonths(from: Date, months: number): Date {
  const d = new Date(from.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

export interface Milestones {
  constructionStartsAt: string;
  midtermAt: string;
  midtermReportDueAt: string;
  acceptanceOpensAt: string;
  constructionEndsAt: string;
  /** The acceptance application (验收申请) is due by the end of construction. */
  acceptanceApplicationDueAt: string;
}

export function milestonesOf(
  establishedAt: Date,
  months: number,
  deadlines: ProjectDeadlines,
  overrides: CalendarOverrides = {},
): Milestones {
  return milestonesUntil(establishedAt, addMonths(establishedAt, months), deadlines, overrides);
}

/** The milestones of a construction that runs from `establishedAt` to `ends` (a project imported with its own dates, issue 22.5). */
export function milestonesUntil(
  establishedAt: Date,
  ends: Date,
  deadlines: ProjectDeadlines,
  overrides: CalendarOverrides = {},
): Milestones {
  const midterm = new Date(establishedAt.getTime() + Math.round((ends.getTime() - establishedAt.getTime()) / 2));
  const opens = new Date(Math.max(midterm.getTime() + DAY, ends.getTime() - ACCEPTANCE_WINDOW_DAYS * DAY));
  return {
    constructionStartsAt: establishedAt.toISOString(),
    midtermAt: midterm.toISOString(),
    midtermReportDueAt: addWorkingDays(midterm, deadlines.midtermReport, overrides).dueAt.toISOString(),
    acceptanceOpensAt: opens.toISOString(),
    constructionEndsAt: ends.toISOString(),
    acceptanceApplicationDueAt: ends.toISOString(),
  };
}

/** Calendar days `n` working days can take at worst: weekends, plus the longest holiday run. */
export function calendarDaysOf(workingDays: number): number {
  return Math.ceil((workingDays * 7) / 5) + 12;
}

/** A step's due date and the timeout the waiting state gets: the due date, plus grace for the office. */
export interface Due {
  dueAt: string;
  timeoutSeconds: number;
}
export function dueIn(now: Date, workingDays: number, overrides: CalendarOverrides, graceDays = 0): Due {
  const { dueAt } = addWorkingDays(now, workingDays, overrides);
  return dueUntil(now, dueAt, graceDays);
}
export function dueUntil(now: Date, dueAt: Date, graceDays = 0): Due {
  return { dueAt: dueAt.toISOString(), timeoutSeconds: Math.max(1, Math.ceil((dueAt.getTime() + graceDays * DAY - now.getTime()) / 1000)) };
}

/**
 * The most a construction execution can run: it starts when the mid-term falls due, then a whole
 * mid-term check with a rectification in which every step takes its full time (the office's with
 * grace). Unit-tested to stay under a year for the largest deadlines a call may set.
 */
export function constructionBudgetDays(d: ProjectDeadlines): number {
  return (
    calendarDaysOf(d.midtermReport) +
    calendarDaysOf(d.midtermReview) +
    ADMIN_GRACE_DAYS +
    calendarDaysOf(d.rectification) +
    calendarDaysOf(d.midtermReview) +
    ADMIN_GRACE_DAYS
  );
}

/** The same for acceptance: the application window, then every step at its longest, one rectification. */
export function acceptanceBudgetDays(d: ProjectDeadlines): number {
  const decision = calendarDaysOf(d.acceptanceDecision) + ADMIN_GRACE_DAYS;
  return (
    ACCEPTANCE_WINDOW_DAYS +
    calendarDaysOf(d.acceptanceAssignment) +
    ADMIN_GRACE_DAYS +
    calendarDaysOf(d.acceptanceReview) +
    decision +
    calendarDaysOf(d.rectification) +
    decision
  );
}

/** A project's next milestone and the execution that starts it: the mid-term's, then acceptance's. */
export interface Milestone {
  at: string;
  machine: 'construction' | 'acceptance';
}
export function nextMilestone(project: { milestones: Milestones; midtermDone: boolean }): Milestone {
  return project.midtermDone
    ? { at: project.milestones.acceptanceOpensAt, machine: 'acceptance' }
    : { at: project.milestones.midtermAt, machine: 'construction' };
}

export type ConstructionNext = 'midterm' | 'midterm_review' | 'midterm_recheck' | 'acceptance' | 'scheduled' | 'closed';
export interface ConstructionPlan {
  next: ConstructionNext;
  /** For `scheduled`: when the next milestone falls due, and which execution the sweep starts then. */
  at?: string;
  machine?: 'construction' | 'acceptance';
  /** The latest this execution can still be running, by its budget. */
  plannedEnd: string;
}

/**
 * Where a construction execution goes next, from where the project stands. A milestone already
 * due starts now; one still ahead is scheduled: the execution ends, and the sweep starts the
 * milestone's own execution when it falls due (a construction leg for the mid-term, the
 * acceptance execution for acceptance). Nothing waits, so no execution nears a year and no
 * transitions are spent on waiting (issue 25.4).
 */
export function planConstruction(
  project: { stage: ProjectStage; milestones: Milestones; midtermDone: boolean },
  startedAt: Date,
  now: Date,
  deadlines: ProjectDeadlines,
): ConstructionPlan {
  const budgetEnd = new Date(startedAt.getTime() + constructionBudgetDays(deadlines) * DAY).toISOString();
  if (finalProjectStages.includes(project.stage)) return { next: 'closed', plannedEnd: now.toISOString() };
  if (project.stage === 'midterm_review' || project.stage === 'midterm_recheck') return { next: project.stage, plannedEnd: budgetEnd };
  // A retried Plan that had already opened the mid-term report opens it again.
  if (project.stage === 'midterm_report') return { next: 'midterm', plannedEnd: budgetEnd };
  if (project.stage !== 'construction') throw new Error(`a construction execution cannot continue from ${project.stage}`);
  const { at, machine } = nextMilestone(project);
  if (Date.parse(at) > now.getTime()) return { next: 'scheduled', at, machine, plannedEnd: now.toISOString() };
  return machine === 'acceptance' ? { next: 'acceptance', plannedEnd: now.toISOString() } : { next: 'midterm', plannedEnd: budgetEnd };
}
