import { conflictReason, type Declarant, pickExperts, type PoolExpert } from '../assignment';
import type { FieldProblem } from '../errors';
import { coded } from '../problem-codes';
import type { DecisionInput } from '../schemas';
import { type TitleReviewOutcome, titleReviewOutcomes } from '../titles';
import { refusal, type Ruled } from './members';
import { rectificationDateProblems } from './midterm-review';

/**
 * 命名复核 (issue 21.5): the office keeps the title, orders a rectification by a date (once a
 * round), or revokes it with a reason; the self-assessment and the rectification are reports.
 * The experts who re-assessed the centre with the office (复核专家组, often on a site visit) may
 * be named: each from the pool, listed once, with 回避 of the centre's organisation and district.
 */
export const titleReviewMembers = ['outcome', 'comment', 'rectificationDueAt', 'reviewPanel'] as const;
export interface TitleReviewDecision {
  outcome: TitleReviewOutcome;
  comment?: string | undefined;
  rectificationDueAt?: string | undefined;
  /** The panel as it stood: each expert's username and name, so the record keeps the names it was decided with. */
  reviewPanel?: { username: string; name: string }[] | undefined;
}

/** The 复核 panel named, each expert checked against the pool and 回避 of the centre; problems at `body.reviewPanel.<i>`. */
export function reviewPanelRule(panel: readonly string[] | undefined, pool: readonly PoolExpert[], centre: Declarant) {
  const { picked, problems } = pickExperts(pool, panel ?? [], (expert) => conflictReason(expert, centre), 'body.reviewPanel');
  return { panel: picked.map((e) => ({ username: e.username, name: e.displayName ?? e.username })), problems };
}

export function titleReviewRule(
  input: Pick<DecisionInput, (typeof titleReviewMembers)[number]>,
  ctx: { now: Date; latestRectificationDue: Date; rectified: boolean; pool: readonly PoolExpert[]; centre: Declarant },
): Ruled<TitleReviewDecision> {
  const problems: FieldProblem[] = [];
  const refuse = (...args: Parameters<typeof refusal>) => problems.push(refusal(...args));
  const allowed: readonly string[] = ctx.rectified ? ['keep', 'revoke'] : titleReviewOutcomes;
  const outcome = input.outcome as TitleReviewOutcome;
  if (!allowed.includes(outcome))
    refuse(
      'outcome',
      `one of ${allowed.join(', ')}${ctx.rectified ? ' (a re-check does not rectify again)' : ''}`,
      coded('outcome-required'),
    );
  else if (outcome === 'rectify' && !input.comment)
    refuse('comment', 'required: what must be rectified (整改要求)', coded('rectification-required'));
  else if (outcome === 'revoke' && !input.comment)
    refuse('comment', 'required: the reason for revoking (撤销理由)', coded('termination-reason-required'));
  problems.push(...rectificationDateProblems(input.rectificationDueAt, outcome, ctx));
  const panel = reviewPanelRule(input.reviewPanel, ctx.pool, ctx.centre);
  problems.push(...panel.problems);
  return {
    decision: {
      outcome,
      comment: input.comment,
      rectificationDueAt: input.rectificationDueAt,
      ...(panel.panel.length ? { reviewPanel: panel.panel } : {}),
    },
    problems,
  };
}

export const titleReportMembers = ['report'] as const;

/** The centre's self-assessment (自评报告) or rectification report (整改报告): the report is required. */
export function titleReportRule(
  kind: 'title_self_assessment' | 'title_rectification',
  input: Pick<DecisionInput, 'report'>,
): Ruled<{ report: string }> {
  const problems: FieldProblem[] = [];
  if (!input.report)
    problems.push(
      refusal(
        'report',
        kind === 'title_self_assessment'
          ? 'required: the self-assessment report (自评报告)'
          : 'required: the rectification report (整改报告)',
        coded('report-required', { report: kind === 'title_self_assessment' ? 'self-assessment' : 'rectification' }),
      ),
    );
  return { decision: { report: input.report ?? '' }, problems };
}
