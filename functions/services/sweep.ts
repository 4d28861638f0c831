import { ConflictError, UnavailableError } from '../../core/errors';
import type { HistoryAction } from '../../core/labels';
import { renderTextMessage, taskLabel, type MessageFacts, type MessageKind } from '../../core/messages';
import { neverOverdueKinds, pastDueReminderKinds, supervisorOf, type ReminderPoint } from '../../core/reminders';
import { stageLabels } from '../../core/labels';
import { clock } from '../adapters/clock';
import { store, type DeclarationItem, type CallItem, type NotificationItem, type PersonItem, type TaskItem } from '../adapters/entities';
import { optionalEnv } from '../adapters/env';
import { queryIndex } from '../adapters/sweep-index';
import { reportTaskSuccess } from '../adapters/workflows';
import { appendAudit } from './audit';
import { getCall } from './calls';
import { calendarOf, type CalendarOverrides, type OfficeCalendar } from '../../core/calendar';
import { officeCalendar } from './working-calendar';
import { reconcileExecutions, type OrphanReport } from './orphans';
import { finishScoringIfAllIn } from './scoring';
import { settleInvitations } from './invitations';
import { finishAcceptanceIfAllIn } from './acceptance';
import { carryOutPending, type OutboxReport } from './outbox';
import { email, membersOf, notificationsFor, textMessage } from './notifications';
import { namesOf } from './directory';
import { CALLBACK_GRACE_MS, draftPlan, taskPlan, taskSweepFields } from './reminders';
import { markCallbackSent } from './tasks';
import { confirmationTimedOut } from './task-book';
import { tranchePaymentTimedOut } from './tranche-payments';
import { rollupIfDue, type RollupReport } from './statistics';

export interface SweepReport {
  now: string;
  /** Items the sweep's index Queries evaluated: what was due, not how many tasks there are. */
  indexItemsRead: number;
  /** Items read to act on what was due (its call, declaration, recipients). */
  lookups: number;
  reminders: number;
  /** Of the reminders, those sent to the assignee's supervisor past the due date. */
  escalations: number;
  notifications: number;
  emails: number;
  /** SMS beside the emails, to recipients with a mobile; failed: refused by the gateway, logged. */
  textMessages: { sent: number; failed: number };
  callbacks: { replayed: number; alreadySettled: number; retryLater: number };
  /** Running executions checked for a waiting task without its record (a page per sweep). */
  executions: OrphanReport;
  /** Outbox intents (start or stop an execution) left pending past their grace, carried out now. */
  intents: OutboxReport;
  /** The statistics' hourly recount (functions/services/statistics.ts), when it ran in this pass. */
  statistics?: RollupReport;
}

/**
 * One pass over what is due at `now`: reminders and escalations of open tasks, applicants' drafts
 * before their call closes, decisions whose callback never reached Step Functions, and outbox
 * intents (executions to start or stop) a crash left pending. Any number
 * may run at once: each reminder is a conditional write, each replay is idempotent.
 */
export async function sweep(now: Date = clock().now()): Promise<SweepReport> {
  const db = store();
  const at = now.toISOString();
  const report = emptyReport(now);
  const context = lookups(report);

  const tasks = await queryIndex(db.entities.task, { index: 'gsi4', pk: 'task', atMost: at });
  const calls = await queryIndex(db.entities.call, { index: 'gsi4', pk: 'call', atMost: at });
  report.indexItemsRead = tasks.read + calls.read;

  await sweepTasks(tasks.items, now, report, context);
  for (const call of calls.items) await remindDrafts(call, now, context, report);
  // Executions first started or stopped, so the orphan check below sees them.
  const { read, ...intents } = await carryOutPending(now);
  report.indexItemsRead += read;
  report.intents = intents;
  report.executions = await reconcileExecutions(now);
  const rollup = await rollupIfDue(now);
  if (rollup) report.statistics = rollup;
  return report;
}

/**
 * The tasks as the sweep's index read them. The read may already be stale when a notice commits
 * (a decision, an extension or the workflow's own timeout in between; the index is eventually
 * consistent besides), so each notice re-checks the task in its transaction. Exported so a test
 * can hand it a copy read before the task closed.
 */
export async function sweepTasks(items: TaskItem[], now: Date, report: SweepReport, context: Lookups = lookups(report)): Promise<void> {
  for (const task of items) {
    if (task.status === 'open') {
      await remindTask(task, now, context, report);
      // A task no execution waits on is timed out here (a task book's confirmation, issue 21.1).
      if (task.kind === 'task_book_confirmation' && task.timeoutAt && Date.parse(task.timeoutAt) <= now.getTime())
        await confirmationTimedOut(task);
      // A released tranche not paid past its escalation and grace: the history says so (issue 23.2).
      if (task.kind === 'tranche_payment' && task.timeoutAt && Date.parse(task.timeoutAt) <= now.getTime())
        await tranchePaymentTimedOut(task);
    } else if (task.callback === 'pending') await replayCallback(task, now, report);
    else {
      // An expert's score kept here for a grace: the stage the last one finishes is finished.
      if (task.kind === 'expert_score') await finishScoringIfAllIn(task.declarationId);
      if (task.kind === 'expert_invitation') await settleInvitations(task.declarationId);
      if (task.kind === 'acceptance_score') await finishAcceptanceIfAllIn(task.declarationId);
      await store().entities.task.patch({ taskId: task.taskId }).remove(['sweepQueue', 'sweepAt']).go();
    }
  }
}

export function emptyReport(now: Date): SweepReport {
  return {
    now: now.toISOString(),
    indexItemsRead: 0,
    lookups: 0,
    reminders: 0,
    escalations: 0,
    notifications: 0,
    emails: 0,
    textMessages: { sent: 0, failed: 0 },
    callbacks: { replayed: 0, alreadySettled: 0, retryLater: 0 },
    executions: { checked: 0, repaired: 0, failed: 0 },
    intents: { completed: 0, scheduled: 0, retryLater: 0 },
  };
}

function lookups(report: SweepReport) {
  const calls = new Map<string, Promise<CallItem>>();
  const declarations = new Map<string, Promise<DeclarationItem | null>>();
  const people = new Map<string, Promise<PersonItem[]>>();
  const names = new Map<string, Promise<string>>();
  let office: Promise<OfficeCalendar> | undefined;
  const count = <T>(value: Promise<T>) => {
    report.lookups++;
    return value;
  };
  return {
    call: (callId: string) => calls.get(callId) ?? calls.set(callId, count(getCall(callId))).get(callId)!,
    declaration: (id: string) =>
      declarations.get(id) ??
      declarations
        .set(
          id,
          count(
            store()
              .entities.declaration.get({ declarationId: id })
              .go()
              .then((r) => r.data),
          ),
        )
        .get(id)!,
    members: (key: string) => people.get(key) ?? people.set(key, count(membersOf(key))).get(key)!,
    /** Who holds a task, by name (an escalation says whose it is), as the directory names them now. */
    name: (key: string) => names.get(key) ?? names.set(key, count(namesOf([key]).then((n) => n(key, 'zh')))).get(key)!,
    /** The calendar a call counts with: the office's years (read once per sweep) and its own overrides. */
    calendar: async (call: CallItem) => {
      office ??= count(officeCalendar());
      return calendarOf(await office, (call.config as { calendarOverrides?: CalendarOverrides }).calendarOverrides ?? {});
    },
  };
}
type Lookups = ReturnType<typeof lookups>;

function link(path: string): string {
  return `${optionalEnv('APP_URL') ?? ''}${path}`;
}

async function remindTask(task: TaskItem, now: Date, context: Lookups, report: SweepReport): Promise<void> {
  const call = await context.call(task.callId);
  const declaration = task.declarationId === task.callId ? null : await context.declaration(task.declarationId);
  const overrides = await context.calendar(call);
  for (const point of taskPlan(task, call, now, overrides).send) {
    const target = point.kind === 'escalation' ? supervisorOf(task.assignee, task.assignedBy) : task.assignee;
    if (!target) continue;
    const people = await context.members(target);
    const facts: MessageFacts = {
      projectTitle: declaration?.title ?? call.title,
      stage: taskLabel(task.kind),
      dueAt: new Date(task.dueAt),
      link: link(`/tasks/${task.taskId}`),
      ...(point.kind === 'escalation' ? { assignee: await context.name(task.assignee) } : {}),
    };
    const about = { taskId: task.taskId, callId: task.callId, ...(declaration ? { declarationId: declaration.declarationId } : {}) };
    const notice = { items: notificationsFor(people, point.kind, facts, about), text: renderTextMessage(point.kind, facts) };
    await sendOnce(task.taskId, point, point.kind, task.dueAt, people, notice, report, task);
  }
  // The next point, unless the task was decided or extended meanwhile (then that write set it).
  const next = taskSweepFields(task, call, now, overrides);
  const patch = store().entities.task.patch({ taskId: task.taskId });
  await (next ? patch.set(next) : patch.remove(['sweepQueue', 'sweepAt']))
    .where(({ status, dueAt }, { eq }) => `${eq(status, 'open')} AND ${eq(dueAt, task.dueAt)}`)
    .go()
    .catch(ignoreConditionFailure);
}

async function remindDrafts(call: CallItem, now: Date, context: Lookups, report: SweepReport): Promise<void> {
  const plan = draftPlan(call, now, await context.calendar(call));
  for (const point of plan.send) {
    const { data: drafts } = await store()
      .entities.declaration.query.byCall({ callId: call.callId })
      .where(({ stage }, { eq }) => eq(stage, 'draft'))
      .go({ pages: 'all' });
    report.lookups += drafts.length;
    const kind = `draft-${point.kind}` as MessageKind;
    for (const draft of drafts) {
      const people = await context.members(`org:${draft.organisationId}`);
      const facts: MessageFacts = {
        projectTitle: draft.title,
        stage: stageLabels.draft,
        dueAt: new Date(call.closesAt),
        link: link(`/declarations/${draft.declarationId}`),
      };
      const items = notificationsFor(people, kind, facts, { declarationId: draft.declarationId, callId: call.callId });
      await sendOnce(draft.declarationId, point, kind, call.closesAt, people, { items, text: renderTextMessage(kind, facts) }, report);
    }
  }
  const patch = store().entities.call.patch({ callId: call.callId });
  await (plan.next ? patch.set({ sweepQueue: 'call', sweepAt: plan.next.toISOString() }) : patch.remove(['sweepQueue', 'sweepAt']))
    .where(({ closesAt }, { eq }) => eq(closesAt, call.closesAt))
    .go()
    .catch(ignoreConditionFailure);
}

/**
 * The reminder record and its notifications in one transaction, the record conditional on not
 * existing: of two sweeps, one commits and the other is cancelled and sends nothing. A task's
 * notice is also conditional on the task as it is then — still open, still due when this notice
 * says, and for a point past the due date not of a kind that is never overdue — so a task the
 * workflow or a decision closed after the sweep read it gets nothing, whatever the ordering.
 * Only the sweep that committed sends the emails and text messages, so each goes once.
 */
async function sendOnce(
  subjectId: string,
  point: ReminderPoint,
  kind: string,
  dueAt: string,
  people: PersonItem[],
  { items, text }: { items: NotificationItem[]; text: string },
  report: SweepReport,
  task?: TaskItem,
): Promise<void> {
  const pastDue = pastDueReminderKinds.includes(point.kind);
  const result = await store()
    .transaction.write(({ reminder, notification, task: tasks }) => [
      reminder.create({ subjectId, kind, dueAt, recipients: people.map((p) => p.username), sentAt: clock().now().toISOString() }).commit(),
      ...(task
        ? [
            tasks
              .check({ taskId: task.taskId })
              .where((attr, op) => {
                const open = `${op.eq(attr.status, 'open')} AND ${op.eq(attr.dueAt, dueAt)}`;
                return pastDue ? `${open} AND ${neverOverdueKinds.map((k) => op.ne(attr.kind, k)).join(' AND ')}` : open;
              })
              .commit(),
          ]
        : []),
      ...items.map((item) => notification.create(item).commit()),
    ])
    .go();
  if (result.canceled) {
    const reasons = (result.data as { code?: string }[]).map((r) => r.code ?? 'None');
    // Sent already by another sweep, or the task is no longer one to notify about.
    if (reasons[0] === 'ConditionalCheckFailed' || (task && reasons[1] === 'ConditionalCheckFailed')) return;
    throw new UnavailableError(`the ${point.kind} reminder of ${subjectId} could not be recorded (${reasons.join(', ')})`);
  }
  report.reminders++;
  if (point.kind === 'escalation') report.escalations++;
  report.notifications += items.length;
  report.emails += await email(items, people);
  const texts = await textMessage(items, people, text);
  report.textMessages.sent += texts.sent;
  report.textMessages.failed += texts.failed;
}

/**
 * A decision committed in DynamoDB whose SendTaskSuccess never arrived (a crash or an outage
 * between the two): told again. A token Step Functions no longer knows means the execution
 * moved on without it (timed out, stopped, or an earlier replay got through): done.
 */
async function replayCallback(task: TaskItem, now: Date, report: SweepReport): Promise<void> {
  let action: HistoryAction;
  try {
    await reportTaskSuccess(task.taskToken, task.decision ?? {});
    report.callbacks.replayed++;
    action = 'callback.replayed';
  } catch (error) {
    if (!(error instanceof ConflictError)) {
      report.callbacks.retryLater++;
      await store()
        .entities.task.patch({ taskId: task.taskId })
        .set({ sweepAt: new Date(now.getTime() + CALLBACK_GRACE_MS).toISOString() })
        .go();
      return;
    }
    report.callbacks.alreadySettled++;
    action = 'callback.already_settled';
  }
  await markCallbackSent(task.taskId);
  await appendAudit({ declarationId: task.declarationId, actor: 'sweep', action, taskId: task.taskId });
}

function ignoreConditionFailure(error: Error): void {
  if (!error.message?.includes('ConditionalCheckFailed') && !error.message?.includes('conditional request failed')) throw error;
}
