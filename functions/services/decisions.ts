import { addWorkingDays } from '../../core/calendar';
import { countingCalendar } from './office-calendar';
import { checkDecision } from '../../core/decisions';
import { ConflictError } from '../../core/errors';
import { coded } from '../../core/problem-codes';
import type { Actor } from '../../core/identity';
import { districtCapOf } from '../../core/kinds';
import type { DecisionInput } from '../../core/schemas';
import { stageAfterFormalReview, stageAfterRecommendation } from '../../core/stages';
import { isProjectTask } from '../../core/projects';
import { clock } from '../adapters/clock';
import { store, type TaskItem } from '../adapters/entities';
import { configOf, getCall } from './calls';
import { decideProjectTask } from './project-decisions';
import { scoreDeclaration } from './scoring';
import { completeTask, getVisibleTask, publicTask } from './tasks';

const decidedElsewhere: Partial<Record<TaskItem['kind'], string>> = {
  revision: 'a correction is completed by resubmitting the declaration (POST /declarations/{id}/submit)',
  expert_assignment: 'experts are assigned with POST /declarations/{id}/experts',
  shortlist: 'the shortlist is confirmed with POST /calls/{callId}/shortlist',
  objections: 'objections are handled one by one with POST /objections/{objectionId}/handling',
  acceptance_assignment: 'acceptance experts are assigned with POST /projects/{id}/experts',
};

/** A decision on an open task by its assignee; what it must carry depends on the task's kind. */
export async function decide(actor: Actor, taskId: string, input: DecisionInput) {
  const task = await getVisibleTask(actor, taskId);
  if (task.status !== 'open')
    throw new ConflictError('this task has already been decided', publicTask(task), { coded: coded('task-decided') });
  const elsewhere = decidedElsewhere[task.kind];
  if (elsewhere) throw new ConflictError(elsewhere, publicTask(task));
  if (isProjectTask(task.kind)) return decideProjectTask(actor, task, input);
  const call = await getCall(task.callId);
  const config = configOf(call);
  const decision = checkDecision(task.kind, input, config.rubric);

  if (decision.kind === 'expert_score') return publicTask(await scoreDeclaration(actor, task, call, decision));

  if (decision.kind === 'district_recommendation') {
    const to = stageAfterRecommendation(decision.outcome);
    const cap = districtCapOf(config, task.assignee.replace(/^district:/, ''));
    const districtId = task.assignee.replace(/^district:/, '');
    const output = {
      outcome: decision.outcome,
      decidedBy: actor.username,
      ...(decision.rank ? { rank: decision.rank } : {}),
      ...(decision.comment ? { comment: decision.comment } : {}),
    };
    try {
      const done = await completeTask(task, actor, {
        move: {
          from: 'district_review',
          to,
          set: {
            ...(decision.rank ? { districtRank: decision.rank } : {}),
            ...(decision.comment && to === 'declined' ? { lastReason: decision.comment } : {}),
          },
        },
        audit: { action: `district.${decision.outcome}`, ...(decision.comment ? { reason: decision.comment } : {}) },
        output,
        // The cap is a condition on the district's counter, so two reviewers racing for the last
        // place cannot both win it.
        extra: ({ districtRecommendations }) =>
          decision.outcome === 'recommend'
            ? [
                districtRecommendations
                  .update({ callId: task.callId, districtId })
                  .add({ recommended: 1 })
                  .where(({ recommended }, { notExists, lt }) => `${notExists(recommended)} OR ${lt(recommended, cap)}`)
                  .commit(),
              ]
            : [],
      });
      return publicTask(done);
    } catch (error) {
      if (error instanceof ConflictError && cap === 0)
        throw new ConflictError(
          `district ${districtId} may recommend no declarations in this call`,
          { cap },
          { coded: coded('district-cap-none') },
        );
      if (error instanceof ConflictError && (error.current as TaskItem | undefined)?.status === 'open') {
        const { data } = await store().entities.districtRecommendations.get({ callId: task.callId, districtId }).go();
        throw new ConflictError(
          `district ${districtId} has reached its cap of ${cap} recommendations in this call`,
          { cap, recommended: data?.recommended ?? 0 },
          { coded: coded('district-cap-reached', { cap }) },
        );
      }
      throw error;
    }
  }

  const to = stageAfterFormalReview(decision.outcome);
  const output: Record<string, unknown> = { outcome: decision.outcome, decidedBy: actor.username };
  if (decision.comment) output.comment = decision.comment;
  if (decision.outcome === 'return') {
    const now = clock().now();
    const { dueAt } = addWorkingDays(now, config.deadlines.correction, await countingCalendar(config.calendarOverrides));
    output.revisionDueAt = dueAt.toISOString();
    output.revisionTimeoutSeconds = Math.max(1, Math.ceil((dueAt.getTime() - now.getTime()) / 1000));
  }
  const done = await completeTask(task, actor, {
    move: { from: 'formal_review', to, set: decision.comment ? { lastReason: decision.comment } : {} },
    audit: { action: `formal_review.${decision.outcome}`, ...(decision.comment ? { reason: decision.comment } : {}) },
    output,
  });
  return publicTask(done);
}
