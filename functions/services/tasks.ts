import { createHash } from 'node:crypto';
import { addWorkingDays, uncoveredYearsBetween, type CalendarOverrides } from '../../core/calendar';
import { chinaDate } from '../../core/china-time';
import { ConflictError, NotFoundError } from '../../core/errors';
import { coded } from '../../core/problem-codes';
import { actsFor, assigneeKeysOf, type Actor, type AssigneeKey, WORKFLOW_ACTOR, workflowAssignee } from '../../core/identity';
import { LEGACY_STAGE_DEADLINES, type StageDeadlines } from '../../core/kinds';
import type { Stage, TaskKind } from '../../core/stages';
import { clock } from '../adapters/clock';
import { isConditionFailure, store, type DeclarationItem, type CallItem, type TaskItem } from '../adapters/entities';
import { faultPoint } from '../adapters/faults';
import { reportTaskSuccess } from '../adapters/workflows';
import { auditItem, type AuditEntry } from './audit';
import { writeResolvingCollisions } from './transactions';
import { configOf, getCall } from './calls';
import { countingCalendar } from './working-calendar';
import { CALLBACK_GRACE_MS, taskSweepFields } from './reminders';
import { logger } from '../adapters/log';

/** A retried handler must find the task it already opened, so the id derives from the token. */
export function taskIdForToken(taskToken: string, expert?: string): string {
  return `tsk_${createHash('sha256')
    .update(expert ? `${taskToken}#${expert}` : taskToken)
    .digest('hex')
    .slice(0, 24)}`;
}

const deadlineOf: Partial<Record<TaskKind, keyof StageDeadlines>> = {
  district_recommendation: 'districtRecommendation',
  formal_review: 'formalReview',
  revision: 'correction',
  expert_assignment: 'expertAssignment',
  expert_confirmation: 'expertInvitation',
  expert_invitation: 'expertInvitation',
  expert_review: 'expertReview',
  expert_score: 'expertReview',
  shortlist: 'shortlist',
  objections: 'shortlist',
};

function assigneeFor(kind: TaskKind, declaration?: DeclarationItem): AssigneeKey {
  switch (kind) {
    case 'district_recommendation':
      return `district:${declaration!.districtId}`;
    case 'revision':
    case 'midterm_report':
    case 'midterm_rectification':
    case 'acceptance_application':
    case 'acceptance_rectification':
    case 'title_self_assessment':
    case 'title_rectification':
    case 'task_book_confirmation':
      return `org:${declaration!.organisationId}`;
    case 'expert_review':
      return workflowAssignee('expert-review');
    case 'expert_confirmation':
      return workflowAssignee('expert-confirmation');
    case 'acceptance_review':
      return workflowAssignee('acceptance-review');
    case 'call_outcome':
      return workflowAssignee('call-outcome');
    default:
      return 'role:city-admin';
  }
}

/** A stage's working days; a call stored before the stage had a deadline of its own counts with the deadline every kind had then. */
export function stageDays(call: Pick<CallItem, 'config'>, deadline: keyof StageDeadlines): number {
  return configOf(call).deadlines[deadline] ?? LEGACY_STAGE_DEADLINES[deadline];
}

/** `overrides`: the calendar the call counts with (countingCalendar). */
export function dueDateFor(call: CallItem, kind: TaskKind, from: Date, overrides: CalendarOverrides): string {
  const deadline = deadlineOf[kind];
  // Waiting for the call has no deadline of its own: the call's workflow sets the pace.
  if (!deadline) return new Date(Date.parse(call.closesAt) + 365 * 86400_000).toISOString();
  return addWorkingDays(from, stageDays(call, deadline), overrides).dueAt.toISOString();
}

/**
 * How a due date was reached, kept on the task: counted in working days (from when, how many —
 * so a calendar change can recount it), and the years it was counted through blind, which the
 * city office is shown.
 */
function dueFacts(call: CallItem, kind: TaskKind, now: Date, dueAt: string, overrides: CalendarOverrides): Partial<TaskItem> {
  const deadline = deadlineOf[kind];
  const counted =
    deadline && dueAt === dueDateFor(call, kind, now, overrides)
      ? { dueFrom: now.toISOString(), dueWorkingDays: stageDays(call, deadline) }
      : {};
  const uncoveredYears = uncoveredYearsBetween(chinaDate(now), chinaDate(new Date(dueAt)), overrides);
  return { ...counted, ...(uncoveredYears.length ? { uncoveredYears } : {}) };
}

export interface OpenTaskRequest {
  taskToken: string;
  executionArn: string;
  kind: TaskKind;
  /** The declaration a per-declaration task is about. */
  declarationId?: string | undefined;
  /** The call a per-call task (shortlist, objections) is about. */
  callId?: string | undefined;
  dueAt?: string | undefined;
  /** For `expert_review` and `acceptance_review`: the assigned experts, each of whom gets a scoring task; for `expert_confirmation`, the experts to invite. */
  experts?: string[] | undefined;
  /** A task no execution waits on: when the sweep times it out (functions/services/task-book.ts). */
  timeoutAt?: string | undefined;
}

/** A task held by the workflow opens one task per expert (a score sheet, an invitation), sharing its token. */
const scoringTaskOf: Partial<Record<TaskKind, TaskKind>> = {
  expert_review: 'expert_score',
  acceptance_review: 'acceptance_score',
  expert_confirmation: 'expert_invitation',
};

/**
 * Records the task a workflow waits on. Per-call tasks carry the call's id where a declaration's
 * would be, so both are found by the same "tasks of a subject" index.
 */
export async function openTask(input: OpenTaskRequest): Promise<TaskItem> {
  const db = store();
  const opening = await taskToOpen(input);
  const result = await db.transaction.write((entities) => openingWrites(entities, opening)).go();
  // Canceled only because the task exists: this is a retry of a handler that already ran.
  if (result.canceled) {
    const { data: existing } = await db.entities.task.get({ taskId: opening.task.taskId }).go();
    if (!existing) throw new ConflictError('could not open the task', undefined);
    return existing;
  }
  return opening.task;
}

export type TaskOpening = Awaited<ReturnType<typeof taskToOpen>>;

/** The task a request opens (and its experts' scoring tasks), with its due date and reminders, not yet written. */
export async function taskToOpen(input: OpenTaskRequest) {
  const db = store();
  let declaration: DeclarationItem | undefined;
  if (input.declarationId) {
    const { data } = await db.entities.declaration.get({ declarationId: input.declarationId }).go();
    if (!data) throw new NotFoundError(`declaration ${input.declarationId} not found`);
    declaration = data;
  }
  const callId = declaration?.callId ?? input.callId;
  if (!callId) throw new NotFoundError('a task needs a declaration or a call');
  const call = await getCall(callId);
  const now = clock().now();
  const overrides = await countingCalendar(configOf(call).calendarOverrides);
  const dueAt = input.dueAt ?? dueDateFor(call, input.kind, now, overrides);
  const subject = declaration?.declarationId ?? callId;
  const assignment = assignmentOf[input.kind];
  const assignedBy = assignment ? await expertsAssignedBy(subject, assignment) : undefined;
  const opened: TaskItem = {
    taskId: taskIdForToken(input.taskToken),
    declarationId: subject,
    callId,
    kind: input.kind,
    assignee: assigneeFor(input.kind, declaration),
    status: 'open',
    dueAt,
    taskToken: input.taskToken,
    executionArn: input.executionArn,
    callback: 'none',
    createdAt: now.toISOString(),
    remindFrom: now.toISOString(),
    ...(input.timeoutAt ? { timeoutAt: input.timeoutAt } : {}),
    ...dueFacts(call, input.kind, now, dueAt, overrides),
  };
  const task: TaskItem = { ...opened, ...taskSweepFields(opened, call, now, overrides) };
  const scoringKind = scoringTaskOf[input.kind];
  const scoring: TaskItem[] = (scoringKind ? (input.experts ?? []) : []).map((expert) => ({
    ...task,
    taskId: taskIdForToken(input.taskToken, expert),
    kind: scoringKind!,
    assignee: `user:${expert}`,
    expert,
    ...(assignedBy ? { assignedBy } : {}),
    ...taskSweepFields({ ...opened, kind: scoringKind!, assignee: `user:${expert}` }, call, now, overrides),
  }));
  return { task, scoring };
}

/** Opening a task in a transaction: created only if it does not exist yet, with its audit event. */
export function openingWrites(entities: Writes, { task, scoring }: TaskOpening): Commit[] {
  return [
    entities.task.create(task).commit(),
    ...scoring.map((s) => entities.task.create(s).commit()),
    entities.auditEvent
      .create(
        auditItem({ declarationId: task.declarationId, actor: WORKFLOW_ACTOR, action: `task.opened.${task.kind}`, taskId: task.taskId }),
      )
      .commit(),
  ];
}

/** Closing open tasks in a transaction: each only while still open (else the whole write is canceled). */
export function closingWrites(entities: Writes, tasks: TaskItem[]): Commit[] {
  return tasks.map((t) =>
    entities.task
      .patch({ taskId: t.taskId })
      .set({ status: 'closed', dueAt: t.dueAt })
      .remove(['sweepQueue', 'sweepAt'])
      .where(({ status }, { eq }) => eq(status, 'open'))
      .commit(),
  );
}

/** The task that assigned the experts of a review, selection's or acceptance's. */
const assignmentOf: Partial<Record<TaskKind, TaskKind>> = {
  expert_review: 'expert_assignment',
  expert_confirmation: 'expert_assignment',
  acceptance_review: 'acceptance_assignment',
};

/** The admin who assigned a declaration's experts: told when an expert's score is overdue too long. */
async function expertsAssignedBy(declarationId: string, assignment: TaskKind): Promise<string | undefined> {
  const { data } = await store().entities.task.query.byDeclaration({ declarationId }).go({ pages: 'all' });
  return data
    .filter((t) => t.kind === assignment && t.decidedBy)
    .sort((a, b) => (a.decidedAt ?? '').localeCompare(b.decidedAt ?? ''))
    .at(-1)?.decidedBy;
}

export async function listMyTasks(actor: Actor): Promise<TaskItem[]> {
  const db = store();
  const pages = await Promise.all(
    assigneeKeysOf(actor).map((assignee) => db.entities.task.query.byAssignee({ assignee, status: 'open' }).go({ pages: 'all' })),
  );
  return pages.flatMap((p) => p.data).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

/** Open tasks about a declaration (or, for per-call tasks, a call). */
export async function openTasksOf(subjectId: string): Promise<TaskItem[]> {
  const { data } = await store()
    .entities.task.query.byDeclaration({ declarationId: subjectId })
    .where(({ status }, { eq }) => eq(status, 'open'))
    .go({ pages: 'all' });
  return data;
}

/** An ended project's tasks close but its payments: a released tranche stays payable (core/funding.ts trancheStatus). */
export async function closeTasksOfEndedProject(declarationId: string): Promise<void> {
  await closeTasks((await openTasksOf(declarationId)).filter((t) => !outlivesWorkflows(t)));
}

/** A tranche's payment task belongs to no execution: no workflow's end or hand-over closes it. */
export const outlivesWorkflows = (task: TaskItem) => task.kind === 'tranche_payment';

export async function getVisibleTask(actor: Actor, taskId: string): Promise<TaskItem> {
  const { data } = await store().entities.task.get({ taskId }).go();
  if (!data || !actsFor(actor, data.assignee)) throw new NotFoundError(`task ${taskId} not found`);
  return data;
}

export function publicTask(task: TaskItem) {
  const { taskToken: _token, sweepQueue: _queue, sweepAt: _at, ...rest } = task;
  return { ...rest, extensions: (task.extensions as Extension[] | undefined) ?? [] };
}

export interface Extension {
  from: string;
  to: string;
  reason: string;
  by: string;
  at: string;
}

export type Writes = Parameters<Parameters<ReturnType<typeof store>['transaction']['write']>[0]>[0];
export type Commit = ReturnType<Writes['task']['create']>['commit'] extends () => infer C ? C : never;

export interface Completion {
  /** The declaration's move, conditional on where it stands now. */
  move?:
    | { from: Stage; to: Stage; set?: Partial<DeclarationItem>; add?: { version?: number; submissions?: number }; version?: number }
    | undefined;
  audit: Omit<AuditEntry, 'actor' | 'declarationId' | 'taskId'>;
  /** What the waiting execution receives. */
  output: Record<string, unknown>;
  /** Further writes that must commit with the decision or not at all (a cap, a score sheet). */
  extra?: (entities: Writes) => Commit[];
  /** Leave the workflow waiting: an expert's score completes the stage only when it is the last. */
  report?: boolean;
  /**
   * Keep the decided task in the sweep's index for a grace period: what must follow it in a second
   * write (the last score finishing its stage) is checked again by the sweep after a crash.
   */
  recheck?: boolean;
}

/** Decided: no more reminders. A callback not yet confirmed is the reconciler's after a grace period. */
function decidedPatch(entities: Writes, task: TaskItem, report: boolean) {
  const patch = entities.task.patch({ taskId: task.taskId });
  return report
    ? patch.set({ sweepQueue: 'task', sweepAt: new Date(clock().now().getTime() + CALLBACK_GRACE_MS).toISOString() })
    : patch.remove(['sweepQueue', 'sweepAt']);
}

/**
 * Commits a task's completion, the declaration's move, the audit event and any extra writes in
 * one transaction, then tells the waiting execution. DynamoDB is the source of truth: if the
 * callback is lost after the commit, the task stays `callback: pending` for the reconciler.
 */
export async function completeTask(task: TaskItem, actor: Actor | { username: string }, completion: Completion): Promise<TaskItem> {
  const db = store();
  const now = clock().now().toISOString();
  const report = completion.report ?? true;
  const { move } = completion;
  const write = () =>
    db.transaction
      .write((entities) => [
        decidedPatch(entities, task, report || completion.recheck === true)
          .set({
            status: 'decided',
            dueAt: task.dueAt,
            decision: completion.output,
            decidedBy: actor.username,
            decidedAt: now,
            callback: report ? 'pending' : 'none',
          })
          .where(({ status }, { eq }) => eq(status, 'open'))
          .commit(),
        ...(move
          ? [
              entities.declaration
                .patch({ declarationId: task.declarationId })
                .set({ stage: move.to, updatedAt: now, ...move.set })
                .add({ version: 1, ...move.add })
                .where(({ stage, version }, { eq }) =>
                  move.version === undefined ? eq(stage, move.from) : `${eq(stage, move.from)} AND ${eq(version, move.version)}`,
                )
                .commit(),
            ]
          : []),
        entities.auditEvent
          .create(
            auditItem({
              declarationId: task.declarationId,
              actor: actor.username,
              taskId: task.taskId,
              ...(move ? { fromStage: move.from, toStage: move.to } : {}),
              ...completion.audit,
            }),
          )
          .commit(),
        ...(completion.extra?.(entities) ?? []),
      ])
      .go();
  const result = await writeResolvingCollisions(write);
  if (result.canceled) {
    const { data: current } = await db.entities.task.get({ taskId: task.taskId }).go({ consistent: true });
    if (current && current.status === 'open')
      throw new ConflictError('the decision could not be applied', publicTask(current), {
        cause: result.data,
        coded: coded('changed-meanwhile'),
      });
    throw new ConflictError(
      'this task has already been decided or its declaration has moved on',
      current ? publicTask(current) : undefined,
      {
        coded: coded('task-decided'),
      },
    );
  }
  const done: TaskItem = { ...task, status: 'decided', decision: completion.output, decidedBy: actor.username, decidedAt: now };
  // The Monitoring stack counts these lines of the API's log group as the Decisions metric, per kind.
  logger.info('decision', { kind: task.kind, taskId: task.taskId, outcome: outcomeOf(completion.output) });
  if (!report) return done;
  await faultPoint('decision.committed', task.kind);
  await reportTaskSuccess(task.taskToken, completion.output);
  await markCallbackSent(task.taskId);
  return { ...done, callback: 'sent' };
}

function outcomeOf(output: unknown): string | undefined {
  const outcome = (output as { outcome?: unknown } | undefined)?.outcome;
  return typeof outcome === 'string' ? outcome : undefined;
}

export async function markCallbackSent(taskId: string): Promise<void> {
  await store().entities.task.patch({ taskId }).set({ callback: 'sent' }).remove(['sweepQueue', 'sweepAt']).go();
}

/** Closes tasks nobody will decide any more (a passed deadline, a call that moved on). */
export async function closeTasks(tasks: TaskItem[]): Promise<void> {
  const db = store();
  for (const t of tasks) {
    await db.entities.task
      .patch({ taskId: t.taskId })
      .set({ status: 'closed', dueAt: t.dueAt })
      .remove(['sweepQueue', 'sweepAt'])
      .where(({ status }, { eq }) => eq(status, 'open'))
      .go()
      .catch((error: Error) => {
        if (!isConditionFailure(error)) throw error;
      });
  }
}
