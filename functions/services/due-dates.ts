import { store, type TaskItem } from '../adapters/entities';
import { auditItem, type AuditEntry } from './audit';
import type { taskSweepFields } from './reminders';

/**
 * Moves an open task's due date — an extension the office grants, or a holiday schedule that
 * changed — in one transaction: the date and its reminder round, the sweep's index entry (or its
 * removal) and the audit event, on condition that the task is still open at the due date the
 * caller saw. False when it was not: someone decided or moved it meanwhile.
 */
export async function moveOpenTaskDueDate(
  task: TaskItem,
  change: { dueAt: string; remindFrom: string } & Partial<Pick<TaskItem, 'extensions' | 'uncoveredYears'>>,
  sweep: ReturnType<typeof taskSweepFields>,
  audit: Pick<AuditEntry, 'actor' | 'action' | 'reason'>,
): Promise<boolean> {
  const { taskId } = task;
  const result = await store()
    .transaction.write(({ task: t, auditEvent }) => [
      (sweep ? t.patch({ taskId }).set(sweep) : t.patch({ taskId }).remove(['sweepQueue', 'sweepAt']))
        // status with dueAt: the assignee index's sort key is rebuilt from both.
        .set({ status: 'open', ...change })
        .where(({ status, dueAt }, { eq }) => `${eq(status, 'open')} AND ${eq(dueAt, task.dueAt)}`)
        .commit(),
      auditEvent.create(auditItem({ declarationId: task.declarationId, taskId, ...audit })).commit(),
    ])
    .go();
  return !result.canceled;
}
