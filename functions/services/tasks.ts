import { createHash } from 'node:crypto';
import { addWorkingDays } from '../../core/calendar';
import { ConflictError, NotFoundError } from '../../core/errors';
import { actsFor, assigneeKeysOf, type Actor, type AssigneeKey } from '../../core/identity';
import type { DecisionInput } from '../../core/schemas';
import { stageAfterFormalReview, type Stage, type TaskKind } from '../../core/stages';
import { clock } from '../adapters/clock';
import { store, type ApplicationItem, type TaskItem } from '../adapters/entities';
import { reportTaskSuccess } from '../adapters/workflows';
import { auditItem } from './audit';
import { getCall } from './calls';

/** A retried handler must find the task it already opened, so the id derives from the token. */
export function taskIdForToken(taskToken: string): string {
  return `tsk_${createHash('sha256').update(taskToken).digest('hex').slice(0, 24)}`;
}

function assigneeFor(kind: TaskKind, declaration: ApplicationItem): AssigneeKey {
  return kind === 'formal_review' ? 'role:city-admin' : `org:${declaration.organisationId}`;
}

export async function openTask(input: {
  taskToken: string;
  executionArn: string;
  applicationId: string;
  kind: TaskKind;
  dueAt?: string | undefined;
}): Promise<TaskItem> {
  const db = store();
  const { data: declaration } = await db.entities.application.get({ applicationId: input.applicationId }).go();
  if (!declaration) throw new NotFoundError(`declaration ${input.applicationId} not found`);
  const now = clock().now();
  let dueAt = input.dueAt;
  if (!dueAt) {
    const call = await getCall(declaration.callId);
    const days = input.kind === 'formal_review' ? call.deadlines.formalReview : call.deadlines.correction;
    dueAt = addWorkingDays(now, days).dueAt.toISOString();
  }
  const task: TaskItem = {
    taskId: taskIdForToken(input.taskToken),
    applicationId: declaration.applicationId,
    callId: declaration.callId,
    kind: input.kind,
    assignee: assigneeFor(input.kind, declaration),
    status: 'open',
    dueAt,
    taskToken: input.taskToken,
    executionArn: input.executionArn,
    callback: 'none',
    createdAt: now.toISOString(),
  };
  const result = await db.transaction
    .write(({ task: t, auditEvent }) => [
      t.create(task).commit(),
      auditEvent
        .create(auditItem({ applicationId: task.applicationId, actor: 'workflow', action: `task.opened.${task.kind}`, taskId: task.taskId }))
        .commit(),
    ])
    .go();
  // Canceled only because the task exists: this is a retry of a handler that already ran.
  if (result.canceled) {
    const { data: existing } = await db.entities.task.get({ taskId: task.taskId }).go();
    if (!existing) throw new ConflictError('could not open the task', undefined);
    return existing;
  }
  return task;
}

export async function listMyTasks(actor: Actor): Promise<TaskItem[]> {
  const db = store();
  const pages = await Promise.all(
    assigneeKeysOf(actor).map((assignee) =>
      db.entities.task.query.byAssignee({ assignee, status: 'open' }).go({ pages: 'all' }),
    ),
  );
  return pages.flatMap((p) => p.data).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

export async function openTasksOf(applicationId: string): Promise<TaskItem[]> {
  const { data } = await store()
    .entities.task.query.byApplication({ applicationId })
    .where(({ status }, { eq }) => eq(status, 'open'))
    .go({ pages: 'all' });
  return data;
}

export async function getVisibleTask(actor: Actor, taskId: string): Promise<TaskItem> {
  const { data } = await store().entities.task.get({ taskId }).go();
  if (!data || !actsFor(actor, data.assignee)) throw new NotFoundError(`task ${taskId} not found`);
  return data;
}

function publicTask(task: TaskItem) {
  const { taskToken: _token, ...rest } = task;
  return rest;
}
export { publicTask };

/**
 * Commits a task's completion, the declaration's move and the audit event in one transaction,
 * then tells the waiting execution. DynamoDB is the source of truth: if the callback is lost after
 * the commit, the task stays `callback: pending` for the reconciler.
 */
export async function completeTask(
  task: TaskItem,
  actor: Actor,
  move: {
    from: Stage;
    to: Stage;
    action: string;
    reason?: string | undefined;
    output: Record<string, unknown>;
    /** A resubmission counts as a submission of the declaration. */
    resubmission?: boolean;
  },
): Promise<TaskItem> {
  const db = store();
  const now = clock().now().toISOString();
  const result = await db.transaction
    .write(({ task: t, application, auditEvent }) => [
      t.patch({ taskId: task.taskId })
        .set({ status: 'decided', dueAt: task.dueAt, decision: move.output, decidedBy: actor.username, decidedAt: now, callback: 'pending' })
        .where(({ status }, { eq }) => eq(status, 'open'))
        .commit(),
      application
        .patch({ applicationId: task.applicationId })
        .set({ stage: move.to, updatedAt: now, ...(move.reason ? { lastReason: move.reason } : {}), ...(move.resubmission ? { submittedAt: now } : {}) })
        .add({ version: 1, ...(move.resubmission ? { submissions: 1 } : {}) })
        .where(({ stage }, { eq }) => eq(stage, move.from))
        .commit(),
      auditEvent
        .create(
          auditItem({
            applicationId: task.applicationId,
            actor: actor.username,
            action: move.action,
            fromStage: move.from,
            toStage: move.to,
            reason: move.reason,
            taskId: task.taskId,
          }),
        )
        .commit(),
    ])
    .go();
  if (result.canceled) {
    const { data: current } = await db.entities.task.get({ taskId: task.taskId }).go();
    throw new ConflictError('this task has already been decided or its declaration has moved on', current ? publicTask(current) : undefined);
  }
  await reportTaskSuccess(task.taskToken, move.output);
  await db.entities.task.patch({ taskId: task.taskId }).set({ callback: 'sent' }).go();
  return { ...task, status: 'decided', decision: move.output, decidedBy: actor.username, decidedAt: now, callback: 'sent' };
}

export async function decide(actor: Actor, taskId: string, input: DecisionInput) {
  const task = await getVisibleTask(actor, taskId);
  if (task.status !== 'open') throw new ConflictError('this task has already been decided', publicTask(task));
  if (task.kind !== 'formal_review') {
    throw new ConflictError('a correction is completed by resubmitting the declaration', publicTask(task));
  }
  const to = stageAfterFormalReview(input.outcome);
  const output: Record<string, unknown> = { outcome: input.outcome, decidedBy: actor.username };
  if (input.comment) output.comment = input.comment;
  if (input.outcome === 'return') {
    const call = await getCall(task.callId);
    const now = clock().now();
    const { dueAt } = addWorkingDays(now, call.deadlines.correction);
    output.revisionDueAt = dueAt.toISOString();
    output.revisionTimeoutSeconds = Math.max(1, Math.ceil((dueAt.getTime() - now.getTime()) / 1000));
  }
  const done = await completeTask(task, actor, {
    from: 'formal_review',
    to,
    action: `formal_review.${input.outcome}`,
    reason: input.comment,
    output,
  });
  return publicTask(done);
}
