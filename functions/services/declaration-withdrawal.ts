import { declarationFor } from '../../core/access';
import { ConflictError, ForbiddenError } from '../../core/errors';
import type { Actor } from '../../core/identity';
import { coded } from '../../core/problem-codes';
import { clock } from '../adapters/clock';
import { store } from '../adapters/entities';
import { auditItem } from './audit';
import { getVisibleDeclaration } from './declarations';
import { releaseSlots } from './eligibility';
import { carryOutNow, stopIntent } from './outbox';
import { closeTasks, openTasksOf } from './tasks';

/**
 * Withdrawal (撤回申报) by the applicant while the district has not yet acted: the declaration ends
 * `withdrawn`, the places it took under the call's caps are given back in the same transaction, its
 * district task closes and its workflow is stopped (the stop is in the outbox with the move, so a
 * crash between the two still stops it). A district deciding at the same moment and the withdrawal
 * both move from `district_review` on a condition: one of them wins.
 */
export async function withdrawDeclaration(actor: Actor, declarationId: string, reason: string | undefined) {
  if (actor.role !== 'applicant') throw new ForbiddenError('only the declaring organisation may withdraw its declaration');
  const current = await getVisibleDeclaration(actor, declarationId);
  if (current.stage !== 'district_review' || !current.executionArn)
    throw new ConflictError(`a declaration in stage ${current.stage} cannot be withdrawn`, declarationFor(actor, current), {
      coded: coded('declaration-not-withdrawable', { stage: current.stage }),
    });
  const now = clock().now().toISOString();
  const why = reason ?? '申报单位撤回申报';
  const stop = stopIntent(current.executionArn, declarationId, 'DeclarationWithdrawn', why);
  const result = await store()
    .transaction.write(({ declaration, auditEvent, intent, eligibilityCount }) => [
      declaration
        .patch({ declarationId })
        .set({ stage: 'withdrawn', lastReason: why, updatedAt: now })
        .remove(['countedIn'])
        .add({ version: 1 })
        .where(({ version, stage }, { eq }) => `${eq(version, current.version)} AND ${eq(stage, 'district_review')}`)
        .commit(),
      auditEvent
        .create(
          auditItem({
            declarationId,
            actor: actor.username,
            action: 'declaration.withdrawn',
            fromStage: 'district_review',
            toStage: 'withdrawn',
            reason: why,
          }),
        )
        .commit(),
      intent.put(stop).commit(),
      ...releaseSlots(current, { eligibilityCount }),
    ])
    .go();
  if (result.canceled) {
    const { data } = await store().entities.declaration.get({ declarationId }).go({ consistent: true });
    throw new ConflictError('the declaration changed while you withdrew it', data ? declarationFor(actor, data) : undefined, {
      coded: coded('changed-meanwhile'),
    });
  }
  await closeTasks(await openTasksOf(declarationId));
  await carryOutNow(stop);
  const { countedIn: _released, ...rest } = current;
  return declarationFor(actor, { ...rest, stage: 'withdrawn' as const, lastReason: why, updatedAt: now, version: current.version + 1 });
}
