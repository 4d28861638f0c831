import { clock } from '../adapters/clock';
import { store } from '../adapters/entities';
import { appendAudit, auditItem } from './audit';
import { openTasksOf } from './tasks';

export interface Finish {
  applicationId: string;
  outcome: 'approved' | 'rejected' | 'lapsed' | 'failed';
  error?: { Error: string; Cause?: unknown } | undefined;
}

/**
 * Approval and rejection were committed with the decision; here the workflow records that it
 * ended. A missed correction deadline is decided by the workflow itself: the declaration lapses
 * and its correction task closes, whatever raced it.
 */
export async function finishDeclaration(finish: Finish): Promise<void> {
  const { applicationId } = finish;
  if (finish.outcome === 'lapsed') {
    const db = store();
    const now = clock().now().toISOString();
    const tasks = await openTasksOf(applicationId);
    await db.transaction
      .write(({ application, task, auditEvent }) => [
        application
          .patch({ applicationId })
          .set({ stage: 'lapsed', updatedAt: now, lastReason: 'the correction deadline passed without a resubmission' })
          .add({ version: 1 })
          .commit(),
        ...tasks.map((t) => task.patch({ taskId: t.taskId }).set({ status: 'closed', dueAt: t.dueAt }).commit()),
        auditEvent
          .create(
            auditItem({
              applicationId,
              actor: 'workflow',
              action: 'correction.deadline_missed',
              fromStage: 'revision',
              toStage: 'lapsed',
              reason: 'the correction deadline passed without a resubmission',
            }),
          )
          .commit(),
      ])
      .go();
    return;
  }
  await appendAudit({
    applicationId,
    actor: 'workflow',
    action: finish.outcome === 'failed' ? 'workflow.failed' : 'workflow.completed',
    toStage: finish.outcome === 'failed' ? undefined : finish.outcome,
    reason: finish.error ? `${finish.error.Error}: ${String(finish.error.Cause ?? '')}`.slice(0, 1000) : undefined,
  });
}
