import {
  districtCapRefusal,
  districtOfAssignee,
  isCapRefusal,
  recommendationMembers,
  recommendationRule,
  refusalBeforeWriting,
} from '../../core/decisions/district-recommendation';
import { districtCapOf } from '../../core/kinds';
import { stageAfterRecommendation } from '../../core/stages';
import { store, type TaskItem } from '../adapters/entities';
import { configOf, settledCall } from '../services/calls';
import { decider, inputOf } from './runner';

/**
 * 区级推荐: the district recommends (with its rank; the declaration goes to formal review) or
 * declines (with a reason; it ends `declined`). A recommendation counts against the district's
 * cap on the call, as a condition on the district's counter in the decision's transaction, so two
 * reviewers racing for the last place cannot both win it.
 */
export const districtRecommendation = decider({
  kind: 'district_recommendation',
  input: inputOf(recommendationMembers),
  async load(task) {
    const districtId = districtOfAssignee(task.assignee);
    return { districtId, cap: districtCapOf(configOf(await settledCall(task.callId)), districtId) };
  },
  rule: (input) => recommendationRule(input),
  effects(decision, { districtId, cap }, task, actor) {
    const refusal = refusalBeforeWriting(decision.outcome, districtId, cap);
    if (refusal) throw refusal;
    const to = stageAfterRecommendation(decision.outcome);
    return {
      move: {
        from: 'district_review',
        to,
        set: {
          ...(decision.rank ? { districtRank: decision.rank } : {}),
          ...(decision.comment && to === 'declined' ? { lastReason: decision.comment } : {}),
        },
      },
      audit: { action: `district.${decision.outcome}`, ...(decision.comment ? { reason: decision.comment } : {}) },
      output: {
        outcome: decision.outcome,
        decidedBy: actor.username,
        ...(decision.rank ? { rank: decision.rank } : {}),
        ...(decision.comment ? { comment: decision.comment } : {}),
      },
      extra: ({ districtRecommendations }) =>
        decision.outcome === 'recommend'
          ? [
              districtRecommendations
                .update({ callId: task.callId, districtId })
                .add({ recommended: 1 })
                .where(({ recommended }, { notExists, lt }) => `${notExists(recommended)} OR ${lt(recommended, cap)}`)
                .commit(),
            ]
          : [],
    };
  },
  async refused(error, { districtId, cap }, task) {
    if (!isCapRefusal(cap, (error.current as TaskItem | undefined)?.status === 'open')) return;
    const recommended = cap === 0 ? 0 : await recommendedSoFar(task.callId, districtId);
    throw districtCapRefusal(districtId, cap, recommended);
  },
});

async function recommendedSoFar(callId: string, districtId: string): Promise<number> {
  const { data } = await store().entities.districtRecommendations.get({ callId, districtId }).go();
  return data?.recommended ?? 0;
}
