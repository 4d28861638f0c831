import { NotFoundError } from '../../core/errors';
import { clock } from '../adapters/clock';
import { store } from '../adapters/entities';
import { optionalEnv } from '../adapters/env';
import { reportTaskFailure, runningExecutions, waitingTaskOf } from '../adapters/workflows';
import { stateMachineEnvOf, stateMachines } from '../steps/registry';
import { appendAudit } from './audit';
import { CALLBACK_GRACE_MS } from './reminders';
import { taskIdForToken } from './tasks';

/** Running executions checked per state machine per sweep: Step Functions' list and history calls are rate-limited. */
export const EXECUTIONS_PER_SWEEP = 25;

export interface OrphanReport {
  checked: number;
  repaired: number;
  failed: number;
}

/**
 * Executions waiting on a task token whose task record is missing (its open-step handler's write
 * lost, or the record removed): nobody could ever decide them. Step Functions cannot list
 * executions by what they wait on, so each sweep pages through the RUNNING ones from a stored
 * cursor, EXECUTIONS_PER_SWEEP at a time, and reads each one's latest history events. The record
 * is opened again from the handler's own payload (the task id derives from the token, so this is
 * the record it would have written); if its subject is gone the task is failed, so the state's
 * Catch records the declaration `failed` with the reason — stuck becomes visible.
 */
export async function reconcileExecutions(now: Date): Promise<OrphanReport> {
  const report: OrphanReport = { checked: 0, repaired: 0, failed: 0 };
  for (const machine of stateMachines) {
    const stateMachineArn = optionalEnv(stateMachineEnvOf(machine));
    if (!stateMachineArn) continue;
    const name = `executions#${stateMachineArn}`;
    const { data: cursor } = await store().entities.sweepCursor.get({ name }).go();
    const page = await runningExecutions(stateMachineArn, cursor?.nextToken, EXECUTIONS_PER_SWEEP);
    for (const executionArn of page.arns) {
      report.checked++;
      await checkExecution(executionArn, now, report);
    }
    await store()
      .entities.sweepCursor.put({ name, ...(page.nextToken ? { nextToken: page.nextToken } : {}), updatedAt: clock().now().toISOString() })
      .go();
  }
  return report;
}

async function checkExecution(executionArn: string, now: Date, report: OrphanReport): Promise<void> {
  const waiting = await waitingTaskOf(executionArn);
  // A handler still running has not written its record yet.
  if (!waiting || now.getTime() - waiting.since.getTime() < CALLBACK_GRACE_MS) return;
  const taskId = taskIdForToken(waiting.token);
  const { data: task } = await store().entities.task.get({ taskId }).go();
  if (task) return;
  const subject = String(waiting.payload.declarationId ?? waiting.payload.callId ?? '');
  try {
    const { handler } = await import('../steps/open-task');
    await handler(waiting.payload);
    report.repaired++;
    if (subject) await appendAudit({ declarationId: subject, actor: 'sweep', action: 'task.record_repaired', taskId });
  } catch (error) {
    // Only what can never succeed is failed (its declaration or call is gone); anything else, such
    // as a race with the handler's own write, is looked at again by the next sweep.
    if (!(error instanceof NotFoundError)) return;
    const cause = `the task record of ${executionArn} was missing and could not be opened again: ${(error as Error).message}`;
    if (await reportTaskFailure(waiting.token, 'TaskRecordMissing', cause)) report.failed++;
  }
}
