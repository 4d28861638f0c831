import {
  type AcceptanceDecision,
  acceptanceDecisionMembers,
  acceptanceDecisionRule,
  stageAfterAcceptance,
} from '../../core/decisions/acceptance-decision';
import { ConflictError } from '../../core/errors';
import { coded } from '../../core/problem-codes';
import { settledCall } from '../services/calls';
import { acceptanceBlockOf } from '../services/expenditure';
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
  effects: async (decision, ctx, task, actor) => {
    const checked = await refuseUnreconciled(decision, ctx);
    const step = { ...acceptanceStep(decision, ctx, actor.username), asRead: checked };
    return listedForProvince(await projectMove(task, step, ctx), decision, ctx, task, actor.username);
  },
  committed: (task) => noticeAfterDecision(task.declarationId),
});

/**
 * A funded project is accepted (excellent or pass) only on a 决算 that reconciles with its reported
 * expenditure and the payments (issue 23.4): 409 naming the lines that differ. Rectify and fail stay
 * open, so the office can send the accounts back. The move is conditional on the project's version,
 * which every expenditure and 决算 write raises, so the check holds at the commit.
 */
async function refuseUnreconciled(decision: AcceptanceDecision, ctx: ProjectContext): Promise<boolean> {
  if (decision.outcome !== 'excellent' && decision.outcome !== 'pass') return false;
  const block = await acceptanceBlockOf(ctx.project);
  if (!block) return Boolean(ctx.project.funding);
  throw new ConflictError(
    block.reason,
    { stage: ctx.project.stage, mismatches: block.mismatches },
    {
      coded:
        block.code === 'final-accounts-missing'
          ? coded('final-accounts-missing')
          : coded('final-accounts-mismatch', { reason: block.reason }),
    },
  );
}

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
