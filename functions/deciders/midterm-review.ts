import { addWorkingDays } from '../../core/calendar';
import {
  type MidtermReview,
  type MidtermReviewKind,
  midtermReviewMembers,
  midtermReviewRule,
  stageAfterMidtermReview,
} from '../../core/decisions/midterm-review';
import { loadProject, type ProjectContext, type ProjectStep, projectMove, recordOf, rectificationDue } from './project';
import { decider, inputOf } from './runner';

/**
 * 中期检查: the city office passes the project (construction goes on), orders a rectification by a
 * date within the call's limit (整改), or terminates it with a reason. The re-check after a
 * rectification (midterm-recheck.ts) decides the same way, without rectifying again.
 */
export const midtermReview = midtermDecider('midterm_review');

export function midtermDecider(kind: MidtermReviewKind) {
  return decider({
    kind,
    input: inputOf(midtermReviewMembers),
    load: loadProject,
    rule: (input, { now, settings }) =>
      midtermReviewRule(kind, input, {
        now,
        latestRectificationDue: addWorkingDays(now, settings.projectDeadlines.rectification, settings.calendarOverrides).dueAt,
      }),
    effects: (decision, ctx, task, actor) => projectMove(task, midtermStep(kind, decision, ctx, actor.username), ctx),
  });
}

function midtermStep(kind: MidtermReviewKind, c: MidtermReview, ctx: ProjectContext, by: string): ProjectStep {
  const key = kind === 'midterm_review' ? 'review' : 'recheck';
  const midterm = recordOf(ctx.project.midterm);
  const result = { outcome: c.outcome, comment: c.comment, decidedAt: ctx.now.toISOString(), by };
  const to = stageAfterMidtermReview(c.outcome);
  switch (c.outcome) {
    case 'pass':
      return {
        to,
        set: { midtermDone: true, midterm: { ...midterm, [key]: result } },
        output: { outcome: 'pass' },
        action: `midterm.${key}.pass`,
        reason: c.comment,
      };
    case 'rectify': {
      const due = rectificationDue(ctx, c.rectificationDueAt);
      return {
        to,
        set: { midterm: { ...midterm, [key]: { ...result, rectificationDueAt: due.dueAt } }, lastReason: c.comment },
        output: { outcome: 'rectify', ...due },
        action: `midterm.${key}.rectify`,
        reason: `${c.comment}（整改期限 ${due.dueAt}）`,
      };
    }
    case 'terminate':
      return {
        to,
        set: { midterm: { ...midterm, [key]: result }, lastReason: c.comment },
        output: { outcome: 'terminate' },
        action: `midterm.${key}.terminate`,
        reason: c.comment,
      };
  }
}
