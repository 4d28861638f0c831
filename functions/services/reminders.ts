import { planReminders, isReminded, reminderKindsOf, type ReminderPlan, type ReminderRules } from '../../core/reminders';
import type { CallConfig } from '../../core/kinds';
import type { CalendarOverrides } from '../../core/calendar';
import type { CallItem, TaskItem } from '../adapters/entities';

/**
 * A call's reminder rules; calls stored before escalation was configurable get the preset's 3.
 * `overrides` is the calendar it counts with (the office's years and the call's own overrides,
 * see countingCalendar); without it, the call's own only.
 */
export function rulesOf(config: CallConfig, overrides: CalendarOverrides = config.calendarOverrides): ReminderRules {
  return { overrides, escalationWorkingDays: config.escalationWorkingDays ?? 3 };
}

export function taskPlan(
  task: Pick<TaskItem, 'dueAt' | 'remindFrom' | 'createdAt' | 'kind'>,
  call: CallItem,
  now: Date,
  overrides?: CalendarOverrides,
): ReminderPlan {
  const rules = { ...rulesOf(call.config as CallConfig, overrides), only: reminderKindsOf(task.kind) };
  return planReminders(new Date(task.dueAt), new Date(task.remindFrom ?? task.createdAt), now, rules);
}

/** The sweep attributes an open task carries: in the index until its last reminder is planned. */
export function taskSweepFields(
  task: Pick<TaskItem, 'dueAt' | 'remindFrom' | 'createdAt' | 'assignee' | 'kind'> & { timeoutAt?: string | undefined },
  call: CallItem,
  now: Date,
  overrides?: CalendarOverrides,
) {
  const reminder = isReminded(task.assignee) ? taskPlan(task, call, now, overrides).next : undefined;
  // A task no execution waits on stays in the index until its timeout, which the sweep carries out.
  const timeout = task.timeoutAt ? new Date(task.timeoutAt) : undefined;
  const next = reminder && timeout ? new Date(Math.min(reminder.getTime(), timeout.getTime())) : (reminder ?? timeout);
  return next ? { sweepQueue: 'task' as const, sweepAt: next.toISOString() } : undefined;
}

/** Drafts are reminded 7, 3 and 1 working days before their call closes. */
export function draftPlan(call: CallItem, now: Date, overrides?: CalendarOverrides): ReminderPlan {
  const plan = planReminders(new Date(call.closesAt), new Date(call.createdAt), now, rulesOf(call.config as CallConfig, overrides));
  const beforeClosing = (kind: string) => kind.startsWith('due-in-');
  const next = plan.next && plan.next.getTime() <= Date.parse(call.closesAt) ? plan.next : undefined;
  return { send: plan.send.filter((p) => beforeClosing(p.kind)), next };
}

export function callSweepFields(call: CallItem, now: Date) {
  const next = draftPlan(call, now).next;
  return next ? { sweepQueue: 'call' as const, sweepAt: next.toISOString() } : undefined;
}

/** How soon a decision whose callback has not been confirmed is replayed. */
export const CALLBACK_GRACE_MS = 60_000;
