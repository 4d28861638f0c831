import {
  type AcceptanceDecision,
  acceptanceDecisionMembers,
  acceptanceDecisionRule,
  stageAfterAcceptance,
} from '../../core/decisions/acceptance-decision';
import { loadProject, type ProjectContext, type ProjectStep, projectMove, recordOf, rectificationDue } from './project';
import { decider, inputOf } from './runner';

/**
 * 考核验收 result, after the experts' scores: excellent or pass (accepted), rectify once with the
 * call's working days (then the re-inspection decides), or fail; an excellent project of a kind
 * that recommends upward may be recommended.
 */
export const acceptanceDecision = decider({
  kind: 'acceptance_decision',
  input: inputOf(acceptanceDecisionMembers),
  load: loadProject,
  rule: (input, { project, settings }) =>
    acceptanceDecisionRule(input, { outcome: settings.outcome, acceptanceRectified: project.acceptanceRectified ?? false }),
  effects: (decision, ctx, task, actor) => projectMove(task, acceptanceStep(decision, ctx, actor.username), ctx),
});

function acceptanceStep(c: AcceptanceDecision, ctx: ProjectContext, by: string): ProjectStep {
  const result = {
    outcome: c.outcome,
    comment: c.comment,
    recommendToProvince: c.recommendToProvince,
    // What the recommendation is for, as the kind named it when decided.
    ...(c.recommendToProvince && ctx.settings.outcome.type === 'recommendation'
      ? { recommendedTo: { zh: ctx.settings.outcome.toZh, en: ctx.settings.outcome.toEn } }
      : {}),
    decidedAt: ctx.now.toISOString(),
    by,
  };
  const acceptance = { ...recordOf(ctx.project.acceptance), result };
  const to = stageAfterAcceptance(c.outcome);
  switch (c.outcome) {
    case 'excellent':
    case 'pass':
      return { to, set: { acceptance }, output: { outcome: c.outcome }, action: `acceptance.${c.outcome}`, reason: c.comment };
    case 'rectify': {
      const due = rectificationDue(ctx);
      return {
        to,
        set: { acceptance: { ...acceptance, rectificationDueAt: due.dueAt }, acceptanceRectified: true, lastReason: c.comment },
        output: { outcome: 'rectify', ...due },
        action: 'acceptance.rectify',
        reason: `${c.comment}（整改后复验，期限 ${due.dueAt}）`,
      };
    }
    case 'fail':
      return { to, set: { acceptance, lastReason: c.comment }, output: { outcome: 'fail' }, action: 'acceptance.fail', reason: c.comment };
  }
}
