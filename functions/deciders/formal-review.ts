import { formalReviewMembers, formalReviewRule } from '../../core/decisions/formal-review';
import { dueIn } from '../../core/projects';
import { stageAfterFormalReview } from '../../core/stages';
import { clock } from '../adapters/clock';
import { configOf, settledCall } from '../services/calls';
import { countingCalendar } from '../services/working-calendar';
import { decider, inputOf } from './runner';

/**
 * 形式审查: the city office approves (on to expert assignment), returns for correction (退回修改;
 * the workflow waits for the resubmission until the correction deadline it is given here) or
 * rejects; a return or rejection carries the reason the applicant is shown.
 */
export const formalReview = decider({
  kind: 'formal_review',
  input: inputOf(formalReviewMembers),
  load: async (task) => configOf(await settledCall(task.callId)),
  rule: (input) => formalReviewRule(input),
  async effects(decision, config, _task, actor) {
    const output: Record<string, unknown> = { outcome: decision.outcome, decidedBy: actor.username };
    if (decision.comment) output.comment = decision.comment;
    if (decision.outcome === 'return') {
      const due = dueIn(clock().now(), config.deadlines.correction, await countingCalendar(config.calendarOverrides));
      output.revisionDueAt = due.dueAt;
      output.revisionTimeoutSeconds = due.timeoutSeconds;
    }
    return {
      move: {
        from: 'formal_review',
        to: stageAfterFormalReview(decision.outcome),
        set: decision.comment ? { lastReason: decision.comment } : {},
      },
      audit: { action: `formal_review.${decision.outcome}`, ...(decision.comment ? { reason: decision.comment } : {}) },
      output,
    };
  },
});
