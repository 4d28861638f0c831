import { addWorkingDays, workingDaysBefore, type CalendarOverrides } from './calendar';
import { chinaDate, chinaTime } from './china-time';
import { type AssigneeKey, isWorkflowTask } from './identity';
import type { TaskKind } from './stages';

/**
 * When a task's assignee is reminded and its supervisor told, in working days of the Chinese
 * calendar (DOMAIN.md): 7, 3 and 1 working days before the due date, when it passes, and after
 * the call's escalation period overdue. Pure: the sweep asks it what is due at `now`.
 */
export const reminderKinds = ['due-in-7', 'due-in-3', 'due-in-1', 'overdue', 'escalation'] as const;
export type ReminderKind = (typeof reminderKinds)[number];

const BEFORE: { kind: ReminderKind; days: number }[] = [
  { kind: 'due-in-7', days: 7 },
  { kind: 'due-in-3', days: 3 },
  { kind: 'due-in-1', days: 1 },
];
/** Reminders before the due date go out at the start of an office day, not at midnight. */
export const REMINDER_HOUR_CHINA = 9;

export interface ReminderPoint {
  kind: ReminderKind;
  at: Date;
}

export interface ReminderRules {
  overrides?: CalendarOverrides;
  escalationWorkingDays: number;
  /** Only these points are planned (a kind that is never overdue has only the ones before its due date). */
  only?: readonly ReminderKind[];
}

/**
 * Tasks whose deadline their workflow enforces at the due date itself: the Correction,
 * InviteExperts and ExpertReview states time out then, lapsing the declaration, replacing the
 * expert who did not answer, or closing scoring with what is in.
 * They are never `overdue` and never escalated — by the due date they are no longer anyone's to do.
 */
export const neverOverdueKinds: readonly TaskKind[] = ['revision', 'expert_score', 'expert_review', 'expert_invitation'];
/** The points after the due date, which a never-overdue kind does not get. */
export const pastDueReminderKinds: readonly ReminderKind[] = ['overdue', 'escalation'];

/** The reminder points a task of this kind may get. */
export function reminderKindsOf(kind: TaskKind): readonly ReminderKind[] {
  return neverOverdueKinds.includes(kind) ? reminderKinds.filter((k) => !pastDueReminderKinds.includes(k)) : reminderKinds;
}

/** Every point of a due date's schedule, in time order. */
export function reminderSchedule(dueAt: Date, rules: ReminderRules): ReminderPoint[] {
  const overrides = rules.overrides ?? {};
  const dueDate = chinaDate(dueAt);
  return [
    ...BEFORE.map(({ kind, days }) => ({ kind, at: chinaTime(workingDaysBefore(dueDate, days, overrides), REMINDER_HOUR_CHINA) })),
    { kind: 'overdue' as const, at: new Date(dueAt.getTime() + 1) },
    // Overdue for N whole working days: the end of the Nth working day after the due date.
    { kind: 'escalation' as const, at: new Date(addWorkingDays(dueAt, rules.escalationWorkingDays, overrides).dueAt.getTime() + 1) },
  ];
}

export interface ReminderPlan {
  /** What to send now: the most recent of the assignee's reminders that fell due, and the escalation. */
  send: ReminderPoint[];
  /** When to look again; undefined once nothing is left (the task leaves the sweep's index). */
  next: Date | undefined;
}

/**
 * What is due for a due date at `now`. `since` is when this due date was set (the task opened or
 * was extended): points before it are not sent late. When a sweep comes after several points
 * passed, the assignee gets only the latest (a T-7 after T-3 passed says nothing useful); the
 * escalation goes to someone else and is sent whenever it has passed. Sending each point once is
 * the caller's job (a conditional put per point), so this may be asked again.
 */
export function planReminders(dueAt: Date, since: Date, now: Date, rules: ReminderRules): ReminderPlan {
  const points = reminderSchedule(dueAt, rules).filter(
    (p) => p.at.getTime() > since.getTime() && (!rules.only || rules.only.includes(p.kind)),
  );
  const passed = points.filter((p) => p.at.getTime() <= now.getTime());
  const latestForAssignee = passed.filter((p) => p.kind !== 'escalation').at(-1);
  const escalation = passed.find((p) => p.kind === 'escalation');
  return {
    send: [...(latestForAssignee ? [latestForAssignee] : []), ...(escalation ? [escalation] : [])],
    next: points.find((p) => p.at.getTime() > now.getTime())?.at,
  };
}

/**
 * Who is told when a task is overdue too long. A district's task goes to the city office; an
 * expert's to the admin who assigned them (or the office, if unknown); an organisation's
 * correction to the office that returned it. The office's own tasks have no one above them here.
 */
export function supervisorOf(assignee: string, assignedBy?: string): AssigneeKey | undefined {
  if (assignee.startsWith('district:') || assignee.startsWith('org:')) return 'role:city-admin';
  if (assignee.startsWith('user:')) return assignedBy ? `user:${assignedBy}` : 'role:city-admin';
  return undefined;
}

/** Tasks nobody holds (a workflow waiting on experts or its call) are not reminded. */
export function isReminded(assignee: string): boolean {
  return !isWorkflowTask(assignee);
}
