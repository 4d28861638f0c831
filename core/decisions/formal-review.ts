import type { FieldProblem } from '../errors';
import { coded } from '../problem-codes';
import type { DecisionInput } from '../schemas';
import { type FormalReviewOutcome, formalReviewOutcomes } from '../stages';
import { refusal, type Ruled } from './members';

/** 形式审查: the city office approves, returns for correction or rejects, with a reason unless approving. */
export const formalReviewMembers = ['outcome', 'comment'] as const;
export interface FormalReview {
  kind: 'formal_review';
  outcome: FormalReviewOutcome;
  comment?: string | undefined;
}

export function formalReviewRule(input: Pick<DecisionInput, (typeof formalReviewMembers)[number]>): Ruled<FormalReview> {
  const problems: FieldProblem[] = [];
  const outcome = input.outcome as FormalReviewOutcome;
  if (!formalReviewOutcomes.includes(outcome))
    problems.push(refusal('outcome', `one of ${formalReviewOutcomes.join(', ')}`, coded('outcome-required')));
  else if (outcome !== 'approve' && !input.comment)
    problems.push(refusal('comment', 'required: the reason, shown to the applicant', coded('reason-required')));
  return { decision: { kind: 'formal_review', outcome, comment: input.comment }, problems };
}
