import type { FieldProblem } from '../errors';
import type { ProjectKind } from '../kinds';
import { coded } from '../problem-codes';
import { type AcceptanceOutcome, acceptanceOutcomes, type ProjectStage } from '../projects';
import type { DecisionInput } from '../schemas';
import { refusal, type Ruled } from './members';

/**
 * 考核验收 result: excellent, pass, rectify (once; the re-inspection then decides) or fail; an
 * excellent brand project may be recommended to the province (择优申报省级).
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
  ctx: { projectKind: ProjectKind; acceptanceRectified: boolean },
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
    if (ctx.projectKind !== 'community-brand')
      refuse('recommendToProvince', 'only brand projects are recommended to the province', coded('province-brand-only'));
    else if (outcome !== 'excellent')
      refuse(
        'recommendToProvince',
        'only an excellent (优秀) brand project is recommended to the province',
        coded('province-excellent-only'),
      );
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
