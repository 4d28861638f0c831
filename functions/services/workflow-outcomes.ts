import { clock } from '../adapters/clock';
import { store } from '../adapters/entities';
import { appendAudit, auditItem } from './audit';
import { finishScoring } from './scoring';
import { closeTasks, openTasksOf } from './tasks';

export interface Finish {
  declarationId: string;
  outcome: 'approved' | 'not_selected' | 'declined' | 'rejected' | 'lapsed' | 'scoring_deadline' | 'failed';
  error?: { Error: string; Cause?: unknown } | undefined;
}

/**
 * Steps the declaration's workflow takes on its own. Decisions were committed with the tasks
 * that carried them; here the workflow records that it ended, or decides what nobody decided in
 * time: a missed correction deadline lapses the declaration, a passed scoring deadline closes the
 * expert review with the scores that are in.
 */
export async function finishDeclaration(finish: Finish): Promise<void> {
  const { declarationId } = finish;
  if (finish.outcome === 'scoring_deadline') {
    await finishScoring(declarationId, 'deadline');
    return;
  }
  if (finish.outcome === 'lapsed') {
    const db = store();
    const now = clock().now().toISOString();
    const reason = '修改期限已过，未重新提交';
    // Unconditional: the workflow's timeout is what counts, whatever raced it.
    await db.transaction
      .write(({ declaration, auditEvent }) => [
        declaration.patch({ declarationId }).set({ stage: 'lapsed', updatedAt: now, lastReason: reason }).add({ version: 1 }).commit(),
        auditEvent
          .create(
            auditItem({
              declarationId,
              actor: 'workflow',
              action: 'correction.deadline_missed',
              fromStage: 'revision',
              toStage: 'lapsed',
              reason,
            }),
          )
          .commit(),
      ])
      .go();
    await closeTasks(await openTasksOf(declarationId));
    return;
  }
  if (finish.outcome === 'failed') {
    const db = store();
    const reason = finish.error ? `${finish.error.Error}: ${String(finish.error.Cause ?? '')}`.slice(0, 1000) : 'the workflow failed';
    await db.entities.declaration
      .patch({ declarationId })
      .set({ stage: 'failed', lastReason: reason, updatedAt: clock().now().toISOString() })
      .add({ version: 1 })
      .go();
    await closeTasks(await openTasksOf(declarationId));
    await appendAudit({ declarationId, actor: 'workflow', action: 'workflow.failed', toStage: 'failed', reason });
    return;
  }
  await appendAudit({ declarationId, actor: 'workflow', action: 'workflow.completed', toStage: finish.outcome });
}
