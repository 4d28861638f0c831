import { chinaDate } from '../../core/china-time';
import { WORKFLOW_ACTOR } from '../../core/identity';
import type { ConstructionPlan } from '../../core/projects';
import { clock } from '../adapters/clock';
import { store } from '../adapters/entities';
import { auditItem } from './audit';
import { carryOutNow, intentOrPut, scheduledStartIntent } from './outbox';

/**
 * A project's next milestone, put in the outbox to start when it falls due (issue 25.4): the
 * mid-term's construction leg `<id>-c<leg>`, or the acceptance execution `<id>-a1`. The sweep
 * carries it out at its instant (every minute in the cloud, at every clock move locally), so no
 * execution sits in a Wait for months. Written once: a retried step finds it and writes nothing.
 */
export async function scheduleMilestone(
  declarationId: string,
  plan: Required<Pick<ConstructionPlan, 'at' | 'machine'>>,
  leg: number,
  audit: boolean,
): Promise<{ scheduled: string; at: string }> {
  const name = plan.machine === 'acceptance' ? `${declarationId}-a1` : `${declarationId}-c${leg}`;
  const intent = scheduledStartIntent(
    plan.machine,
    name,
    { declarationId, leg: plan.machine === 'acceptance' ? 1 : leg, startedAt: plan.at },
    declarationId,
    plan.at,
  );
  const reason =
    plan.machine === 'acceptance' ? `${chinaDate(new Date(plan.at))} 起可申请验收` : `${chinaDate(new Date(plan.at))} 开始中期检查`;
  const result = await store()
    .transaction.write(({ intent: intents, auditEvent }) => [
      intents.create(intent).commit(),
      ...(audit
        ? [auditEvent.create(auditItem({ declarationId, actor: WORKFLOW_ACTOR, action: 'construction.scheduled', reason })).commit()]
        : []),
    ])
    .go();
  // Canceled: a retry of this step wrote it already, or the write lost to something else; either
  // way the start must be there, or the project would never reach its milestone.
  if (result.canceled) await intentOrPut(intent);
  // A milestone already due (a construction shorter than the acceptance window) starts now.
  if (Date.parse(plan.at) <= clock().now().getTime()) await carryOutNow(await intentOrPut(intent));
  return { scheduled: name, at: plan.at };
}
