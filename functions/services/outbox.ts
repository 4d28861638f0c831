import { clock } from '../adapters/clock';
import { carryingCorrelation } from '../adapters/correlation';
import { store, type IntentItem } from '../adapters/entities';
import { faultPoint } from '../adapters/faults';
import { logger } from '../adapters/log';
import { queryIndex } from '../adapters/sweep-index';
import { startExecutionOf, stopExecution } from '../adapters/workflows';
import type { StateMachineName } from '../adapters/state-machines';
import { appendAudit } from './audit';
import { recordExecution } from './project-executions';
import { CALLBACK_GRACE_MS } from './reminders';

/**
 * The outbox of Step Functions calls. A state change that must start or stop an execution writes
 * the intent in its own transaction; the request carries it out at once (so latency does not wait
 * for the sweep), and a crash or outage between the two leaves it pending for the reconciler.
 * Carrying one out twice is harmless: a start is idempotent by the execution's name (a repeated
 * start with the same name and input is the same request; ExecutionAlreadyExists counts as
 * started), a stop of an ended execution is a no-op.
 */
function pending(now: Date) {
  return {
    status: 'pending' as const,
    createdAt: now.toISOString(),
    sweepQueue: 'intent' as const,
    sweepAt: new Date(now.getTime() + CALLBACK_GRACE_MS).toISOString(),
  };
}

export function startIntent(
  machine: StateMachineName,
  name: string,
  input: object,
  subjectId: string,
  recordOn?: IntentItem['recordOn'],
): IntentItem {
  return {
    intentId: `start#${machine}#${name}`,
    action: 'start',
    machine,
    name,
    // The request's correlation id goes with the intent, so a start the reconciler carries out
    // later still carries it into the execution.
    input: JSON.stringify(carryingCorrelation(input)),
    subjectId,
    ...(recordOn ? { recordOn } : {}),
    ...pending(clock().now()),
  };
}

/**
 * A start the sweep carries out at `at` and not before: a project's next milestone (issue 25.4).
 * In place of an execution waiting months in a Wait state, which costs transitions and must hand
 * over before Step Functions' one-year limit, the milestone's execution starts when it falls due.
 */
export function scheduledStartIntent(
  machine: StateMachineName,
  name: string,
  input: object,
  declarationId: string,
  at: string,
): IntentItem {
  return {
    ...startIntent(machine, name, input, declarationId, 'project'),
    startsAt: at,
    sweepAt: at,
  };
}

export function stopIntent(executionArn: string, subjectId: string, error: string, cause: string): IntentItem {
  return {
    intentId: `stop#${executionArn}`,
    action: 'stop',
    executionArn,
    error,
    cause: cause.slice(0, 32_000),
    subjectId,
    ...pending(clock().now()),
  };
}

/** Starts or stops the execution, records a started one's ARN where it belongs, marks the intent done. */
async function carryOut(intent: IntentItem, by: 'request' | 'sweep'): Promise<string | undefined> {
  let executionArn: string | undefined;
  if (intent.action === 'start') {
    executionArn = await startExecutionOf(intent.machine!, intent.name!, JSON.parse(intent.input ?? '{}'));
    await faultPoint('intent.started', intent.machine);
    if (intent.recordOn === 'declaration')
      await store().entities.declaration.patch({ declarationId: intent.subjectId }).set({ executionArn }).go();
    if (intent.recordOn === 'call') await store().entities.call.patch({ callId: intent.subjectId }).set({ executionArn }).go();
    // A milestone's execution is on its project from the start, before its own Plan records it:
    // a withdrawal in between stops it, and the chain lists it even if Plan fails.
    if (intent.recordOn === 'project') {
      const { data: project } = await store().entities.project.get({ declarationId: intent.subjectId }).go({ consistent: true });
      if (project) await recordExecution(project, executionArn);
    }
  } else {
    await stopExecution(intent.executionArn!, intent.cause ?? '', intent.error);
    await faultPoint('intent.started', 'stop');
  }
  await store()
    .entities.intent.patch({ intentId: intent.intentId })
    .set({ status: 'done', doneAt: clock().now().toISOString(), doneBy: by })
    .remove(['sweepQueue', 'sweepAt'])
    .go();
  return executionArn;
}

/**
 * On the request path, after the intent's transaction committed: the write is acknowledged
 * whatever Step Functions answers, so a failure here is the reconciler's, not the caller's.
 */
export async function carryOutNow(intent: IntentItem): Promise<string | undefined> {
  try {
    return await carryOut(intent, 'request');
  } catch (error) {
    logger.warn('left to the reconciler', { intentId: intent.intentId, error: String(error) });
    return undefined;
  }
}

/** The intent by its id, or a new one put in the outbox (a change recorded before the outbox existed). */
export async function intentOrPut(intent: IntentItem): Promise<IntentItem> {
  const { data } = await store().entities.intent.get({ intentId: intent.intentId }).go({ consistent: true });
  if (data) return data;
  await store().entities.intent.put(intent).go();
  return intent;
}

export interface OutboxReport {
  /** Intents the sweep found pending past their grace and carried out: repairs. */
  completed: number;
  /** Milestone starts scheduled for now or earlier, carried out: the plan. */
  scheduled: number;
  retryLater: number;
}

/** The reconciler's part: every intent pending past its grace, found by a Query on the sweep's index. */
export async function carryOutPending(now: Date): Promise<OutboxReport & { read: number }> {
  const report = { completed: 0, scheduled: 0, retryLater: 0, read: 0 };
  const due = await queryIndex(store().entities.intent, { index: 'gsi4', pk: 'intent', atMost: now.toISOString() });
  report.read = due.read;
  for (const intent of due.items) {
    if (intent.status === 'done') {
      await store().entities.intent.patch({ intentId: intent.intentId }).remove(['sweepQueue', 'sweepAt']).go();
      continue;
    }
    try {
      await carryOut(intent, 'sweep');
      // A milestone started when due is the plan, not a repair; its execution records what it opens.
      if (intent.startsAt) {
        report.scheduled++;
        continue;
      }
      report.completed++;
      await appendAudit({
        declarationId: intent.subjectId,
        actor: 'sweep',
        action: intent.action === 'start' ? 'workflow.started_by_reconciler' : 'workflow.stopped_by_reconciler',
      });
    } catch (error) {
      report.retryLater++;
      logger.warn('intent not carried out; next sweep', { intentId: intent.intentId, error: String(error) });
      await store()
        .entities.intent.patch({ intentId: intent.intentId })
        .set({ sweepAt: new Date(now.getTime() + CALLBACK_GRACE_MS).toISOString() })
        .go();
    }
  }
  return report;
}
