import { addWorkingDays } from '../../core/calendar';
import {
  type Funding,
  type FundingState,
  newlyPayable,
  TRANCHE_PAYMENT_DAYS,
  TRANCHE_PAYMENT_GRACE_DAYS,
  trancheMilestoneLabels,
  tranchePaymentToken,
} from '../../core/funding';
import { WORKFLOW_ACTOR } from '../../core/identity';
import { formatYuan } from '../../core/money';
import { clock } from '../adapters/clock';
import { type ProjectItem, store, type TaskItem } from '../adapters/entities';
import { auditItem } from './audit';
import { configOf, getCall } from './calls';
import { settingsOfProject } from './projects';
import { type Commit, openTasksOf, type TaskOpening, taskToOpen, type Writes } from './tasks';

/**
 * The city office's payment of a released tranche (登记拨付, issue 23.2) as a task: opened in the
 * transaction that releases the tranche (the grant, for the tranche of 立项; the mid-term or
 * acceptance decision for theirs), due in working days, reminded and escalated by the sweep like
 * every office task, and closed by the payment's own write. No execution waits on it, so its
 * timeout is the sweep's: past its escalation and a grace the history says the payment is overdue
 * (once); the task stays with the office until the payment is recorded.
 */
const executionOf = (declarationId: string) => `tranche-payment:${declarationId}`;

/** The payment tasks the tranches a move releases open, not yet written (`before` null: the grant itself). */
export async function tranchePaymentOpenings(
  project: ProjectItem,
  funding: Funding | undefined,
  before: FundingState | null,
  after: FundingState,
): Promise<TaskOpening[]> {
  const released = newlyPayable(funding, before, after);
  if (!released.length) return [];
  const settings = await settingsOfProject(project);
  const escalation = configOf(await getCall(project.callId)).escalationWorkingDays ?? 3;
  const due = addWorkingDays(clock().now(), TRANCHE_PAYMENT_DAYS, settings.calendarOverrides).dueAt;
  const timeoutAt = addWorkingDays(due, escalation + TRANCHE_PAYMENT_GRACE_DAYS, settings.calendarOverrides).dueAt;
  return Promise.all(
    released.map((t) =>
      taskToOpen({
        taskToken: tranchePaymentToken(project.declarationId, t.index),
        executionArn: executionOf(project.declarationId),
        kind: 'tranche_payment',
        declarationId: project.declarationId,
        dueAt: due.toISOString(),
        timeoutAt: timeoutAt.toISOString(),
      }),
    ),
  );
}

/** The open payment task of a tranche, if there is one (a grant made before these tasks has none). */
export async function openPaymentTask(declarationId: string, tranche: number): Promise<TaskItem | undefined> {
  const token = tranchePaymentToken(declarationId, tranche);
  return (await openTasksOf(declarationId)).find((t) => t.kind === 'tranche_payment' && t.taskToken === token);
}

/** The payment closes its task in its own transaction: decided by whoever recorded it, out of the sweep's index. */
export function paymentTaskDone(entities: Writes, task: TaskItem, by: string, decision: Record<string, unknown>): Commit[] {
  return [
    entities.task
      .patch({ taskId: task.taskId })
      .set({ status: 'decided', dueAt: task.dueAt, decision, decidedBy: by, decidedAt: clock().now().toISOString() })
      .remove(['sweepQueue', 'sweepAt', 'timeoutAt'])
      .where(({ status }, { eq }) => eq(status, 'open'))
      .commit(),
  ];
}

/**
 * The sweep at a payment task's timeout: still open, so the history says the tranche's payment is
 * overdue, once (the timeout is removed with it); the task stays open for the payment.
 */
export async function tranchePaymentTimedOut(task: TaskItem): Promise<void> {
  const { data: project } = await store().entities.project.get({ declarationId: task.declarationId }).go();
  const funding = project?.funding as Funding | undefined;
  const tranche = funding?.tranches.find((t) => tranchePaymentToken(task.declarationId, t.index) === task.taskToken);
  const what = tranche
    ? `第 ${tranche.index} 笔（${trancheMilestoneLabels[tranche.milestone].zh}，${formatYuan(tranche.amountFen)}）`
    : '经费';
  await store()
    .transaction.write(({ task: t, auditEvent }) => [
      t
        .patch({ taskId: task.taskId })
        .remove(['timeoutAt'])
        .where(({ status, timeoutAt }, { eq, exists }) => `${eq(status, 'open')} AND ${exists(timeoutAt)}`)
        .commit(),
      auditEvent
        .create(
          auditItem({
            declarationId: task.declarationId,
            actor: WORKFLOW_ACTOR,
            action: 'funding.payment_overdue',
            taskId: task.taskId,
            reason: `${what}已可拨付，逾期未登记拨付（应于 ${task.dueAt.slice(0, 10)} 前登记）`,
          }),
        )
        .commit(),
    ])
    .go();
  // Canceled: paid or timed out meanwhile; nothing to say.
}
