import { ConflictError } from './errors';
import { coded } from './problem-codes';
import { projectOutcomes, projectTaskKinds } from './projects';
import { titleReviewOutcomes, titleTaskKinds } from './titles';

/**
 * Where a declaration stands in the selection (DOMAIN.md stages 1–7). The workflows move it; these
 * rules say which moves are legal so the API and the step handlers agree without asking each other.
 */
export const stages = [
  'draft',
  'district_review',
  'formal_review',
  'revision',
  'expert_assignment',
  'expert_invitation',
  'expert_review',
  'scored',
  'in_notice',
  'approved',
  'declined',
  'rejected',
  'lapsed',
  'not_selected',
  'failed',
  /** Withdrawn (撤回) by its applicant before the district acted on it. */
  'withdrawn',
] as const;
export type Stage = (typeof stages)[number];

export const finalStages: readonly Stage[] = ['approved', 'declined', 'rejected', 'lapsed', 'not_selected', 'failed', 'withdrawn'];

/**
 * Tasks the workflows open. Human ones sit in an inbox; `expert_review` and `call_outcome` are the
 * workflow waiting on many experts or on its call, and belong to no person.
 */
export const taskKinds = [
  'district_recommendation',
  'formal_review',
  'revision',
  'expert_assignment',
  'expert_confirmation',
  'expert_invitation',
  'expert_review',
  'expert_score',
  'call_outcome',
  'shortlist',
  'objections',
  ...projectTaskKinds,
  ...titleTaskKinds,
] as const;
export type TaskKind = (typeof taskKinds)[number];

/** The kinds a token-waiting state opens; each expert's scoring (or invitation) task is opened by the task the workflow holds. */
export const workflowTaskKinds = taskKinds.filter(
  (k) =>
    k !== 'expert_score' &&
    k !== 'acceptance_score' &&
    k !== 'expert_invitation' &&
    k !== 'task_book_confirmation' &&
    k !== 'tranche_payment',
);

/** What an invited expert answers (专家邀请): accept, or decline with a reason. */
export const invitationOutcomes = ['accept', 'decline'] as const;
export type InvitationOutcome = (typeof invitationOutcomes)[number];

export const recommendationOutcomes = ['recommend', 'decline'] as const;
export const formalReviewOutcomes = ['approve', 'return', 'reject'] as const;
export type RecommendationOutcome = (typeof recommendationOutcomes)[number];
export type FormalReviewOutcome = (typeof formalReviewOutcomes)[number];
export const decisionOutcomes = [
  ...new Set([...recommendationOutcomes, ...formalReviewOutcomes, ...invitationOutcomes, ...projectOutcomes, ...titleReviewOutcomes]),
] as [string, ...string[]];

export function isEditable(stage: Stage): boolean {
  return stage === 'draft' || stage === 'revision';
}

export function assertEditable(stage: Stage): void {
  if (!isEditable(stage)) {
    throw new ConflictError(
      `a declaration in stage ${stage} cannot be edited`,
      { stage },
      { coded: coded('declaration-not-editable', { stage }) },
    );
  }
}

/** The stage a formal-review outcome moves the declaration to. */
export function stageAfterFormalReview(outcome: FormalReviewOutcome): Stage {
  switch (outcome) {
    case 'approve':
      return 'expert_assignment';
    case 'return':
      return 'revision';
    case 'reject':
      return 'rejected';
  }
}

export function stageAfterRecommendation(outcome: RecommendationOutcome): Stage {
  return outcome === 'recommend' ? 'formal_review' : 'declined';
}

/** The stage a declaration is in while a task of this kind is open on it. */
export function stageOfTask(kind: TaskKind): Stage | undefined {
  switch (kind) {
    case 'district_recommendation':
      return 'district_review';
    case 'formal_review':
    case 'revision':
    case 'expert_assignment':
    case 'expert_review':
      return kind;
    case 'expert_score':
      return 'expert_review';
    case 'expert_confirmation':
    case 'expert_invitation':
      return 'expert_invitation';
    default:
      return undefined;
  }
}

/** Call-level progress (the call's own workflow). */
export const callStatuses = ['scheduled', 'open', 'reviewing', 'notice', 'objections', 'established', 'failed'] as const;
export type CallStatus = (typeof callStatuses)[number];
