import type { FieldProblem } from '../errors';
import { coded } from '../problem-codes';
import { type MidtermOutcome, midtermOutcomes, type ProjectStage } from '../projects';
import type { DecisionInput } from '../schemas';
import { refusal, type Ruled } from './members';

/** 中期检查: the city office passes, orders a rectification (整改) by a date, or terminates; a re-check does not rectify again. */
export const midtermReviewMembers = ['outcome', 'comment', 'rectificationDueAt'] as const;
export type MidtermReviewKind = 'midterm_review' | 'midterm_recheck';
export interface MidtermReview {
  kind: 'midterm';
  outcome: MidtermOutcome;
  comment?: string | undefined;
  rectificationDueAt?: string | undefined;
}

export function midtermReviewRule(
  kind: MidtermReviewKind,
  input: Pick<DecisionInput, (typeof midtermReviewMembers)[number]>,
  ctx: { now: Date; latestRectificationDue: Date },
): Ruled<MidtermReview> {
  const problems: FieldProblem[] = [];
  const refuse = (...args: Parameters<typeof refusal>) => problems.push(refusal(...args));
  const allowed: readonly string[] = kind === 'midterm_review' ? midtermOutcomes : ['pass', 'terminate'];
  const outcome = input.outcome as MidtermOutcome;
  if (!allowed.includes(outcome))
    refuse(
      'outcome',
      `one of ${allowed.join(', ')}${kind === 'midterm_recheck' ? ' (a re-check does not rectify again)' : ''}`,
      coded('outcome-required'),
    );
  else if (outcome !== 'pass' && !input.comment) {
    if (outcome === 'rectify') refuse('comment', 'required: what must be rectified (整改要求)', coded('rectification-required'));
    else refuse('comment', 'required: the reason for terminating (终止理由)', coded('termination-reason-required'));
  }
  problems.push(...rectificationDateProblems(input.rectificationDueAt, outcome, ctx));
  return { decision: { kind: 'midterm', outcome, comment: input.comment, rectificationDueAt: input.rectificationDueAt }, problems };
}

/** A rectification deadline (整改期限) a reviewer sets: only to rectify, in the future, within the call's limit. */
export function rectificationDateProblems(
  dueAt: string | undefined,
  outcome: string,
  ctx: { now: Date; latestRectificationDue: Date },
): FieldProblem[] {
  if (dueAt === undefined) return [];
  const due = Date.parse(dueAt);
  if (outcome !== 'rectify')
    return [refusal('rectificationDueAt', 'only with outcome rectify', coded('rectification-date-without-rectify'))];
  if (due <= ctx.now.getTime()) return [refusal('rectificationDueAt', 'must be in the future', coded('date-not-in-future'))];
  if (due > ctx.latestRectificationDue.getTime()) {
    const latest = ctx.latestRectificationDue.toISOString();
    return [
      refusal('rectificationDueAt', `at most ${latest} (the call's rectification limit)`, coded('rectification-too-late', { latest })),
    ];
  }
  return [];
}

/** The project stage a mid-term review's (or re-check's) outcome moves it to. */
const midtermMoves: Record<MidtermOutcome, ProjectStage> = {
  pass: 'construction',
  rectify: 'midterm_rectification',
  terminate: 'terminated',
};
export const stageAfterMidtermReview = (outcome: MidtermOutcome): ProjectStage => midtermMoves[outcome];
