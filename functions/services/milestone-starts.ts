import { chinaDate } from '../../core/china-time';
import { WORKFLOW_ACTOR } from '../../core/identity';
import type { HistoryAction } from '../../core/labels';
import type { Milestone } from '../../core/projects';
import { clock } from '../adapters/clock';
import { store } from '../adapters/entities';
import { auditItem } from './audit';
import { carryOutNow, intentOrPut, scheduledStartIntent } from './outbox';

type Scheduled = 'construction' | 'acceptance' | 'review';
const letter = { construction: 'c', acceptance: 'a', review: 'r' } as const satisfies Record<Scheduled, string>;

/**
 * A project's next milestone, put in the outbox to start when it falls due (issue 25.4): the
 * mid-term's construction leg `<id>-c<leg>`, the acceptance execution `<id>-a1`, or a title's next
 * 复核 leg `<id>-r<leg>`. The sweep carries it out at its instant (every minute in the cloud, at
 * every clock move locally), so no execution sits in a Wait for months. Written once: a retried
 * step finds it and writes nothing more.
 */
export async function scheduleStart(
  declarationId: string,
  machine: Scheduled,
  leg: number,
  at: string,
  audit?: { action: HistoryAction; reason: string },
): Promise<{ scheduled: string; at: string }> {
  const name = `${declarationId}-${letter[machine]}${leg}`;
  const intent = scheduledStartIntent(machine, name, { declarationId, leg, startedAt: at }, declarationId, at);
  const result = await store()
    .transaction.write(({ intent: intents, auditEvent }) => [
      intents.create(intent).commit(),
      ...(audit ? [auditEvent.create(auditItem({ declarationId, actor: WORKFLOW_ACTOR, ...audit })).commit()] : []),
    ])
    .go();
  // Canceled: a retry of this step wrote it already, or the write lost to something else; either
  // way the start must be there, or the project would never reach its milestone.
  if (result.canceled) await intentOrPut(intent);
  // A milestone already due (a construction shorter than the acceptance window) starts now.
  if (Date.parse(at) <= clock().now().getTime()) await carryOutNow(await intentOrPut(intent));
  return { scheduled: name, at };
}

/** Construction's next milestone: the mid-term's leg, or acceptance (always `<id>-a1`) once the mid-term has passed. */
export function scheduleMilestone(declarationId: string, next: Milestone, leg: number, audit: boolean) {
  const day = chinaDate(new Date(next.at));
  const reason = next.machine === 'acceptance' ? `${day} 起可申请验收` : `${day} 开始中期检查`;
  return scheduleStart(
    declarationId,
    next.machine,
    next.machine === 'acceptance' ? 1 : leg,
    next.at,
    audit ? { action: 'construction.scheduled', reason } : undefined,
  );
}
