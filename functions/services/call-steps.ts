import { countingCalendar, dueAfter } from './working-calendar';
import { WORKFLOW_ACTOR, workflowActor } from '../../core/identity';
import { hasCallOpened } from '../../core/calls';
import { chinaDateTime } from '../../core/china-time';
import { ConflictError } from '../../core/errors';
import { finalStages, type Stage } from '../../core/stages';
import { clock } from '../adapters/clock';
import { store, type DeclarationItem, type TaskItem } from '../adapters/entities';
import { faultPoint } from '../adapters/faults';
import { stopIntent, carryOutNow } from './outbox';
import { appendAudit, auditItem } from './audit';
import { configOf, getCall } from './calls';
import { declarationsOfCall, openObjectionCount } from './selection';
import { startConstructionOrRecord } from './establishment';
import { issueEstablishmentNotices } from './result-notices';
import { closeTasks, completeTask, openTasksOf } from './tasks';

/**
 * The steps of a call's own workflow (workflows/call). Each is idempotent: Step Functions may run
 * a step twice, and a retry must not announce a notice or establish a project twice.
 */
async function setStatus(
  callId: string,
  status: 'open' | 'reviewing' | 'notice' | 'objections' | 'established' | 'failed',
  extra: Record<string, string | number[]> = {},
) {
  await store()
    .entities.call.patch({ callId })
    .set({ status, ...extra, updatedAt: clock().now().toISOString() })
    .go();
  await appendAudit({ declarationId: callId, actor: WORKFLOW_ACTOR, action: `call.${status}` });
}

/** The opening may have been moved after the workflow started waiting; then it waits again. */
export async function openCall(callId: string) {
  const call = await getCall(callId);
  if (!hasCallOpened(call, clock().now())) return { ready: false, opensAt: call.opensAt };
  if (call.status === 'scheduled') await setStatus(callId, 'open');
  return { ready: true, closesAt: call.closesAt };
}

export async function closeCall(callId: string) {
  const call = await getCall(callId);
  if (call.status === 'open' || call.status === 'scheduled') await setStatus(callId, 'reviewing');
  return { closed: true };
}

/** The notice runs N working days (7 by default) in the Chinese calendar, with the call's overrides. */
export async function publishNotice(callId: string) {
  const call = await getCall(callId);
  if (call.noticeEndsAt) return { endsAt: call.noticeEndsAt };
  const config = configOf(call);
  const now = clock().now();
  const due = dueAfter(now, config.noticeWorkingDays, await countingCalendar(config.calendarOverrides));
  const endsAt = due.dueAt.toISOString();
  for (const declarationId of call.shortlist ?? []) {
    await store()
      .transaction.write(({ declaration, auditEvent }) => [
        declaration
          .patch({ declarationId })
          .set({ stage: 'in_notice', updatedAt: now.toISOString() })
          .add({ version: 1 })
          .where(({ stage }, { eq }) => eq(stage, 'scored'))
          .commit(),
        auditEvent
          .create(
            auditItem({
              declarationId,
              actor: WORKFLOW_ACTOR,
              action: 'notice.published',
              fromStage: 'scored',
              toStage: 'in_notice',
              reason: `公示至 ${chinaDateTime(new Date(endsAt))}`,
            }),
          )
          .commit(),
      ])
      .go();
  }
  await setStatus(callId, 'notice', {
    noticeOpensAt: now.toISOString(),
    noticeEndsAt: endsAt,
    ...(due.uncoveredYears.length ? { noticeUncoveredYears: due.uncoveredYears } : {}),
  });
  return { endsAt };
}

/** At the end of the notice: are objections still waiting to be handled? */
export async function closeNotice(callId: string) {
  const pending = await openObjectionCount(callId);
  if (pending > 0) await setStatus(callId, 'objections');
  return { pending };
}

function outcomeFor(d: DeclarationItem): { to: Stage; reason: string } {
  if (d.stage === 'in_notice' && d.shortlisted && !d.objectionUpheld) return { to: 'approved', reason: '公示无异议，予以立项' };
  if (d.objectionUpheld) return { to: 'not_selected', reason: d.lastReason ?? '异议成立' };
  if (d.stage === 'scored') return { to: 'not_selected', reason: '未列入择优名单' };
  return { to: 'not_selected', reason: `评审未在立项前完成（停留在 ${d.stage}）` };
}

/** The history's word for a declaration's outcome at 立项, whichever way it was settled. */
const establishmentAction = (to: Stage) => (to === 'approved' ? 'established' : 'not_established');

/** Scoring is over: a declaration here is the call's to decide, and its own execution has ended. */
const scoringDone = (stage: Stage) => stage === 'scored' || stage === 'in_notice';

/**
 * Establishment (立项): each declaration of the call is settled, and each approved one's project
 * started here (services/establishment.ts), since a declaration's execution ends at scoring.
 * Those still short of scoring end here too, their executions stopped. A declaration whose
 * execution predates that change still waits for its call with a token: it is told, and starts
 * its own project. A retried step skips what is settled and starts what is approved again, which
 * finds the project it already started.
 */
export async function establish(callId: string) {
  let approved = 0;
  let notSelected = 0;
  let notStarted = 0;
  const toStart: string[] = [];
  for (const d of await declarationsOfCall(callId)) {
    if (d.stage === 'approved') toStart.push(d.declarationId);
    if (d.stage === 'draft' || finalStages.includes(d.stage)) continue;
    const { to, reason } = outcomeFor(d);
    const open = await openTasksOf(d.declarationId);
    const waiting = open.find((t) => t.kind === 'call_outcome');
    if (waiting) await tellWaitingExecution(waiting, d, to, reason);
    else {
      const settled = await settle(d, to, reason, open);
      if (settled && to === 'approved') toStart.push(d.declarationId);
    }
    if (to === 'approved') approved++;
    else notSelected++;
  }
  for (const declarationId of toStart) if ((await startConstructionOrRecord(declarationId)) === 'not_started') notStarted++;
  await issueEstablishmentNotices(callId);
  await setStatus(callId, 'established');
  return { approved, notSelected, notStarted };
}

async function tellWaitingExecution(waiting: TaskItem, d: DeclarationItem, to: Stage, reason: string) {
  try {
    await completeTask(waiting, workflowActor, {
      move: { from: d.stage, to, set: { lastReason: reason } },
      audit: { action: establishmentAction(to), reason },
      output: { outcome: to === 'approved' ? 'established' : 'not_selected', reason },
    });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error; // a retried step already told it
  }
}

/**
 * The outcome with its audit event, if the declaration is still where it was read (else false);
 * one still short of scoring has its execution stopped with it (the stop in the outbox).
 */
async function settle(d: DeclarationItem, to: Stage, reason: string, open: TaskItem[]): Promise<boolean> {
  const stop = !scoringDone(d.stage) && d.executionArn ? stopIntent(d.executionArn, d.declarationId, 'CallEstablished', reason) : undefined;
  const { canceled } = await store()
    .transaction.write(({ declaration, auditEvent, intent }) => [
      declaration
        .patch({ declarationId: d.declarationId })
        .set({ stage: to, lastReason: reason, updatedAt: clock().now().toISOString() })
        .add({ version: 1 })
        .where(({ stage }, { eq }) => eq(stage, d.stage))
        .commit(),
      auditEvent
        .create(
          auditItem({
            declarationId: d.declarationId,
            actor: WORKFLOW_ACTOR,
            action: establishmentAction(to),
            fromStage: d.stage,
            toStage: to,
            reason,
          }),
        )
        .commit(),
      ...(stop ? [intent.put(stop).commit()] : []),
    ])
    .go();
  if (canceled) return false;
  await faultPoint('call.settled', to);
  await closeTasks(open);
  if (stop) await carryOutNow(stop);
  return true;
}

export async function failCall(callId: string, error: { Error?: string; Cause?: unknown } | undefined) {
  await setStatus(callId, 'failed');
  await appendAudit({
    declarationId: callId,
    actor: WORKFLOW_ACTOR,
    action: 'call.workflow_failed',
    reason: `${error?.Error ?? ''}: ${String(error?.Cause ?? '')}`.slice(0, 1000),
  });
}
