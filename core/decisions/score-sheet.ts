import type { FieldProblem } from '../errors';
import type { Criterion } from '../kinds';
import { coded } from '../problem-codes';
import type { DecisionInput } from '../schemas';
import { scoreProblems } from '../scoring';
import { refusal, type Ruled } from './members';

/** An expert's sheet (专家评审, and the acceptance's 考核验收): a score per criterion and a comment. */
export const scoreSheetMembers = ['scores', 'comment'] as const;
export interface ScoreSheet {
  scores: Record<string, number>;
  comment: string;
}

/** `rubricName`: how the refusal names the rubric ("rubric", "acceptance rubric"). */
export function scoreSheetRule(
  input: Pick<DecisionInput, (typeof scoreSheetMembers)[number]>,
  rubric: Criterion[],
  rubricName = 'rubric',
): Ruled<ScoreSheet> {
  const problems: FieldProblem[] = [];
  if (!input.scores)
    problems.push(refusal('scores', `required: a score for every criterion of the ${rubricName}`, coded('scores-required')));
  else problems.push(...scoreProblems(rubric, input.scores));
  if (!input.comment) problems.push(refusal('comment', 'required: the expert’s comment', coded('comment-required')));
  return { decision: { scores: input.scores ?? {}, comment: input.comment ?? '' }, problems };
}
