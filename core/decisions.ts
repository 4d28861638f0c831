import { problemAt, ValidationError, type FieldProblem } from './errors';
import { coded, type Coded } from './problem-codes';
import type { Criterion } from './kinds';
import type { DecisionInput } from './schemas';
import { scoreProblems } from './scoring';
import {
  formalReviewOutcomes,
  recommendationOutcomes,
  type FormalReviewOutcome,
  type RecommendationOutcome,
  type TaskKind,
} from './stages';

/**
 * What a decision must carry for the task it decides. The edge has checked types and bounds;
 * this checks the combination, so an assignee is told exactly which field to fill.
 */
export type CheckedDecision =
  | { kind: 'district_recommendation'; outcome: RecommendationOutcome; rank?: number | undefined; comment?: string | undefined }
  | { kind: 'formal_review'; outcome: FormalReviewOutcome; comment?: string | undefined }
  | { kind: 'expert_score'; scores: Record<string, number>; comment: string };

export function checkDecision(kind: TaskKind, input: DecisionInput, rubric: Criterion[]): CheckedDecision {
  const problems: FieldProblem[] = [];
  const refuse = (field: string, message: string, code?: Coded) => problems.push(problemAt(`body.${field}`, message, code));
  const notFor = (field: keyof DecisionInput) => {
    if (input[field] !== undefined) refuse(field, `not part of a ${kind} decision`, coded('not-in-this-decision'));
  };
  // Fields of construction and acceptance decisions have no meaning in the selection.
  for (const field of ['report', 'kpiActuals', 'materials', 'rectificationDueAt', 'recommendToProvince'] as const) notFor(field);
  let decision: CheckedDecision | undefined;
  if (kind === 'district_recommendation') {
    notFor('scores');
    const outcome = input.outcome as RecommendationOutcome;
    if (!recommendationOutcomes.includes(outcome))
      refuse('outcome', `one of ${recommendationOutcomes.join(', ')}`, coded('outcome-required'));
    else if (outcome === 'recommend' && input.rank === undefined)
      refuse('rank', 'required: the rank among the district’s recommendations', coded('rank-required'));
    else if (outcome === 'decline' && !input.comment)
      refuse('comment', 'required: the reason the district declines', coded('reason-required'));
    if (outcome === 'decline') notFor('rank');
    decision = { kind, outcome, rank: input.rank, comment: input.comment };
  } else if (kind === 'formal_review') {
    notFor('scores');
    notFor('rank');
    const outcome = input.outcome as FormalReviewOutcome;
    if (!formalReviewOutcomes.includes(outcome)) refuse('outcome', `one of ${formalReviewOutcomes.join(', ')}`, coded('outcome-required'));
    else if (outcome !== 'approve' && !input.comment)
      refuse('comment', 'required: the reason, shown to the applicant', coded('reason-required'));
    decision = { kind, outcome, comment: input.comment };
  } else if (kind === 'expert_score') {
    notFor('outcome');
    notFor('rank');
    if (!input.scores) refuse('scores', 'required: a score for every criterion of the rubric', coded('scores-required'));
    else problems.push(...scoreProblems(rubric, input.scores));
    if (!input.comment) refuse('comment', 'required: the expert’s comment', coded('comment-required'));
    decision = { kind, scores: input.scores ?? {}, comment: input.comment ?? '' };
  }
  if (!decision) throw new ValidationError([{ field: 'path.taskId', message: `a ${kind} task is not decided here` }]);
  if (problems.length) throw new ValidationError(problems);
  return decision;
}
