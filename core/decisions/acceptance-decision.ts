import type { FieldProblem } from '../errors';
import type { KindOutcome } from '../kind-definition';
import { coded } from '../problem-codes';
import { type AcceptanceOutcome, acceptanceOutcomes, type ProjectStage } from '../projects';
import type { DecisionInput } from '../schemas';
import { refusal, type Ruled } from './members';

/**
 * 考核验收 result: excellent, pass, rectify (once; the re-inspection then decides) or fail; an
 * excellent project of a kind whose outcome is a recommendation upward may be recommended (择优推荐).
 */
export const acceptanceDecisionMembers = ['outcome', 'comment', 'recommendToProvince'] as const;
export interface AcceptanceDecision {
  kind: 'acceptance';
  outcome: AcceptanceOutcome;
  comment?: string | undefined;
  recommendToProvince: boolean;
}

export function acceptanceDecisionRule(
  input: Pick<DecisionInput, (typeof acceptanceDecisionMembers)[number]>,
  ctx: { outcome: KindOutcome; acceptanceRectified: boolean },
): Ruled<AcceptanceDecision> {
  const problems: FieldProblem[] = [];
  const refuse = (...args: Parameters<typeof refusal>) => problems.push(refusal(...args));
  const outcome = input.outcome as AcceptanceOutcome;
  if (!acceptanceOutcomes.includes(outcome)) refuse('outcome', `one of ${acceptanceOutcomes.join(', ')}`, coded('outcome-required'));
  else if (outcome === 'rectify' && ctx.acceptanceRectified)
    refuse('outcome', 'acceptance is rectified once; the re-inspection decides excellent, pass or fail', coded('rectify-once'));
  else if ((outcome === 'rectify' || outcome === 'fail') && !input.comment)
    refuse('comment', 'required: the reason, shown to the applicant', coded('reason-required'));
  if (input.recommendToProvince) {
    if (ctx.outcome.type !== 'recommendation')
      refuse('recommendToProvince', 'this kind recommends nothing upward after acceptance', coded('province-brand-only'));
    else if (outcome !== 'excellent')
      refuse('recommendToProvince', 'only an excellent (优秀) project is recommended upward', coded('province-excellent-only'));
  }
  return {
    decision: { kind: 'acceptance', outcome, comment: input.comment, recommendToProvince: input.recommendToProvince ?? false },
    problems,
  };
}

/** The project stage an acceptance result moves it to. */
const acceptanceMoves: Record<AcceptanceOutcome, ProjectStage> = {
  excellent: 'accepted',
  pass: 'accepted',
  rectify: 'acceptance_rectification',
  fail: 'acceptance_failed',
};
export const stageAfterAcceptance = (outcome: AcceptanceOutcome): ProjectStage => acceptanceMoves[outcome];
