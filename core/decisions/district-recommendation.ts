import { ConflictError, type FieldProblem } from '../errors';
import { coded } from '../problem-codes';
import type { DecisionInput } from '../schemas';
import { type RecommendationOutcome, recommendationOutcomes } from '../stages';
import { refusal, type Ruled } from './members';

/** 区级推荐: a district recommends a declaration with its rank, or declines it with a reason. */
export const recommendationMembers = ['outcome', 'rank', 'comment'] as const;
export interface Recommendation {
  kind: 'district_recommendation';
  outcome: RecommendationOutcome;
  rank?: number | undefined;
  comment?: string | undefined;
}

export function recommendationRule(input: Pick<DecisionInput, (typeof recommendationMembers)[number]>): Ruled<Recommendation> {
  const problems: FieldProblem[] = [];
  const outcome = input.outcome as RecommendationOutcome;
  if (!recommendationOutcomes.includes(outcome))
    problems.push(refusal('outcome', `one of ${recommendationOutcomes.join(', ')}`, coded('outcome-required')));
  else if (outcome === 'recommend' && input.rank === undefined)
    problems.push(refusal('rank', 'required: the rank among the district’s recommendations', coded('rank-required')));
  else if (outcome === 'decline' && !input.comment)
    problems.push(refusal('comment', 'required: the reason the district declines', coded('reason-required')));
  if (outcome === 'decline' && input.rank !== undefined)
    problems.push(refusal('rank', 'not part of a district_recommendation decision', coded('not-in-this-decision')));
  return { decision: { kind: 'district_recommendation', outcome, rank: input.rank, comment: input.comment }, problems };
}

/** The district a recommendation task is assigned to (`district:<id>`). */
export function districtOfAssignee(assignee: string): string {
  return assignee.replace(/^district:/, '');
}

/**
 * A refused recommendation is the cap's when the district may recommend none at all, or when the
 * task is still open: then the only condition that can have failed is the district's counter.
 */
export function isCapRefusal(cap: number, taskStillOpen: boolean): boolean {
  return cap === 0 || taskStillOpen;
}

/**
 * A recommendation refused before anything is written: a district with no places (cap 0). The
 * counter's condition in the transaction ("absent or below the cap") would let a first one through.
 */
export function refusalBeforeWriting(outcome: Recommendation['outcome'], districtId: string, cap: number): ConflictError | undefined {
  return outcome === 'recommend' && cap === 0 ? districtCapRefusal(districtId, cap, 0) : undefined;
}

/** What a district over its cap (`districtCaps` on the call) is told. */
export function districtCapRefusal(districtId: string, cap: number, recommended: number): ConflictError {
  if (cap === 0)
    return new ConflictError(
      `district ${districtId} may recommend no declarations in this call`,
      { cap },
      { coded: coded('district-cap-none') },
    );
  return new ConflictError(
    `district ${districtId} has reached its cap of ${cap} recommendations in this call`,
    { cap, recommended },
    { coded: coded('district-cap-reached', { cap }) },
  );
}
