import {
  type AcceptanceDecision,
  acceptanceDecisionMembers,
  acceptanceDecisionRule,
  stageAfterAcceptance,
} from '../../core/decisions/acceptance-decision';
import { settledCall } from '../services/calls';
import { issueAcceptanceNotice } from '../services/result-notices';
import { logger } from '../adapters/log';
import type { Completion } from '../services/tasks';
import type { TaskItem } from '../adapters/entities';
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
  load: async (task) => {
    const ctx = await loadProject(task);
    return { ...ctx, year: (await settledCall(ctx.project.callId)).year };
  },
  rule: (input, { project, settings }) =>
    acceptanceDecisionRule(input, { outcome: settings.outcome, acceptanceRectified: project.acceptanceRectified ?? false }),
  effects: (decision, ctx, task, actor) =>
    listedForProvince(projectMove(task, acceptanceStep(decision, ctx, actor.username), ctx), decision, ctx, task, actor.username),
  committed: (task) => noticeAfterDecision(task.declarationId),
});

/**
 * The result notice goes after the decision's commit: the decision stands whatever befalls the
 * notice, and a notice that could not be issued is logged for the office to see to.
 */
async function noticeAfterDecision(declarationId: string): Promise<void> {
  try {
    await issueAcceptanceNotice(declarationId);
  } catch (error) {
    logger.error('acceptance result notice not issued', { declarationId, error: String(error) });
  }
}

/**
 * A recommended project goes on its year's province list (model/incubation.ts) in the decision's
 * own transaction, so the list the office exports is read by key and never disagrees with the result.
 */
function listedForProvince(
  move: Completion,
  c: AcceptanceDecision,
  ctx: ProjectContext & { year: number },
  task: TaskItem,
  by: string,
): Completion {
  const { outcome } = ctx.settings;
  if (!c.recommendToProvince || outcome.type !== 'recommendation') return move;
  const { project } = ctx;
  const listing = {
    year: ctx.year,
    callId: project.callId,
    declarationId: task.declarationId,
    kind: project.kind,
    organisationId: project.organisationId,
    districtId: project.districtId,
    title: project.title,
    recommendedTo: outcome.toZh,
    recommendedAt: ctx.now.toISOString(),
    recommendedBy: by,
  };
  return { ...move, extra: (entities) => [...(move.extra?.(entities) ?? []), entities.provinceListing.put(listing).commit()] };
}

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
