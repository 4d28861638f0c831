import type { FieldProblem } from '../errors';
import { coded } from '../problem-codes';
import type { DecisionInput } from '../schemas';
import { type InvitationOutcome, invitationOutcomes } from '../stages';
import { refusal, type Ruled } from './members';

/** 专家邀请: an invited expert accepts, or declines with a reason the city office reads. */
export const invitationMembers = ['outcome', 'reason'] as const;
export interface InvitationAnswer {
  outcome: InvitationOutcome;
  reason?: string | undefined;
}

export function invitationRule(input: Pick<DecisionInput, (typeof invitationMembers)[number]>): Ruled<InvitationAnswer> {
  const problems: FieldProblem[] = [];
  const outcome = input.outcome as InvitationOutcome;
  if (!invitationOutcomes.includes(outcome))
    problems.push(refusal('outcome', `one of ${invitationOutcomes.join(', ')}`, coded('outcome-required')));
  else if (outcome === 'decline' && !input.reason?.trim())
    problems.push(refusal('reason', 'required: why the expert declines', coded('decline-reason-required')));
  return { decision: { outcome, reason: input.reason?.trim() || undefined }, problems };
}
