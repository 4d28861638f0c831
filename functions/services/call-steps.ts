import { countingCalendar, dueAfter } from './working-calendar';
import { WORKFLOW_ACTOR, workflowActor } from '../../core/identity';
import { hasCallOpened } from '../../core/calls';
import { chinaDateTime } from '../../core/china-time';
import { ConflictError } from '../../core/errors';
import { finalStages, type Stage } from '../../core/stages';
import { clock } from '../adapters/clock';
import { store, type DeclarationItem } from '../adapters/entities';
import { stopIntent, carryOutNow } from './outbox';
import { appendAudit, auditItem } from './audit';
import { configOf, getCall } from './calls';
import { declarationsOfCall, openObjectionCount } from './selection';
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

/**
 * Establishment (立项): each declaration waiting for its call is told its outcome; those still
 * short of scoring when the call is decided end here, their workflows stopped.
 */
export async function establish(callId: string) {
  const now = clock().now().toISOString();
  let approved = 0;
  let notSelected = 0;
  for (const d of await declarationsOfCall(callId)) {
    if (d.stage === 'draft' || finalStages.includes(d.stage)) continue;
    const { to, reason } = outcomeFor(d);
    const open = await openTasksOf(d.declarationId);
    const waiting = open.find((t) => t.kind === 'call_outcome');
    if (waiting) {
      try {
        await completeTask(waiting, workflowActor, {
          move: { from: d.stage, to, set: { lastReason: reason } },
          audit: { action: to === 'approved' ? 'established' : 'not_established', reason },
          output: { outcome: to === 'approved' ? 'established' : 'not_selected', reason },
        });
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error; // a retried step already told it
      }
    } else {
      // The stop is in the outbox with the move: a retried step skips a declaration already ended.
      const stop = d.executionArn ? stopIntent(d.executionArn, d.declarationId, 'CallEstablished', reason) : undefined;
      await store()
        .transaction.write(({ declaration, auditEvent, intent }) => [
          declaration
            .patch({ declarationId: d.declarationId })
            .set({ stage: to, lastReason: reason, updatedAt: now })
            .add({ version: 1 })
            .where(({ stage }, { eq }) => eq(stage, d.stage))
            .commit(),
          auditEvent
            .create(
              auditItem({
                declarationId: d.declarationId,
                actor: WORKFLOW_ACTOR,
                action: 'not_established',
                fromStage: d.stage,
                toStage: to,
                reason,
              }),
            )
            .commit(),
          ...(stop ? [intent.put(stop).commit()] : []),
        ])
        .go();
      await closeTasks(open);
      if (stop) await carryOutNow(stop);
    }
    if (to === 'approved') approved++;
    else notSelected++;
  }
  await issueEstablishmentNotices(callId);
  await setStatus(callId, 'established');
  return { approved, notSelected };
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
