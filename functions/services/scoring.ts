import { combinedScoreText } from '../../core/labels';
import { NotFoundError } from '../../core/errors';
import { type Actor, WORKFLOW_ACTOR, workflowActor } from '../../core/identity';
import { combine, criterionMeans, type Scores } from '../../core/scoring';
import { clock } from '../adapters/clock';
import { store } from '../adapters/entities';
import { auditItem } from './audit';
import { type CallSettings, configOf, settledCall } from './calls';
import { getVisibleDeclaration } from './declarations';
import { closeTasks, completeTask, openTasksOf } from './tasks';

/** The last sheet finishes the stage; the sweep calls this too, for a crash between the two writes. */
export async function finishScoringIfAllIn(declarationId: string) {
  const { data: declaration } = await store().entities.declaration.get({ declarationId }).go({ consistent: true });
  if (declaration && (declaration.scoresIn ?? 0) >= (declaration.experts?.length ?? Infinity)) {
    await finishScoring(declarationId, 'all-scored');
  }
}

async function combinedOf(declarationId: string, call: CallSettings, experts: string[]) {
  const config = configOf(call);
  const { data: sheets } = await store().entities.scoreSheet.query.byDeclaration({ declarationId }).go({ pages: 'all' });
  const combined = combine(
    sheets.map((s) => s.weighted),
    config.scoring,
  );
  const missing = experts.filter((e) => !sheets.some((s) => s.expert === e));
  return {
    ...combined,
    criterionMeans: criterionMeans(
      config.rubric,
      sheets.map((s) => s.scores as Scores),
    ),
    missing,
  };
}

/**
 * Ends the expert review: when all have scored (the workflow is told), or at the deadline with
 * what is in and the gap recorded (the workflow timed the stage out itself and is not waiting).
 */
export async function finishScoring(declarationId: string, why: 'all-scored' | 'deadline') {
  const db = store();
  const { data: declaration } = await db.entities.declaration.get({ declarationId }).go({ consistent: true });
  if (!declaration) throw new NotFoundError(`declaration ${declarationId} not found`);
  if (declaration.stage !== 'expert_review') return { alreadyDone: true };
  const call = await settledCall(declaration.callId);
  const score = await combinedOf(declarationId, call, declaration.experts ?? []);
  const open = await openTasksOf(declarationId);
  const stageTask = open.find((t) => t.kind === 'expert_review');
  if (why === 'all-scored' && stageTask) {
    try {
      await completeTask(stageTask, workflowActor, {
        move: { from: 'expert_review', to: 'scored', set: { score } },
        audit: { action: 'expert_review.completed', reason: combinedScoreText(score) },
        output: { combined: score.combined, count: score.count },
      });
    } catch (error) {
      // Another expert's request finished the stage first.
      if ((error as Error).name !== 'ConflictError') throw error;
    }
    return { score };
  }
  const now = clock().now().toISOString();
  await db.transaction
    .write(({ declaration, auditEvent }) => [
      declaration
        .patch({ declarationId })
        .set({ stage: 'scored', score, updatedAt: now })
        .add({ version: 1 })
        .where(({ stage }, { eq }) => eq(stage, 'expert_review'))
        .commit(),
      auditEvent
        .create(
          auditItem({
            declarationId,
            actor: WORKFLOW_ACTOR,
            action: 'expert_review.deadline_reached',
            fromStage: 'expert_review',
            toStage: 'scored',
            reason: combinedScoreText(score, score.missing.length),
          }),
        )
        .commit(),
    ])
    .go();
  await closeTasks(open.filter((t) => t.kind === 'expert_score' || t.kind === 'expert_review'));
  return { score };
}

/**
 * Score sheets as the asker may see them: the city office sees all; an assigned expert sees their
 * own, and the others' only once their own is in, so nobody anchors on a colleague's numbers.
 */
export async function scoresOf(actor: Actor, declarationId: string) {
  const declaration = await getVisibleDeclaration(actor, declarationId);
  const { data: sheets } = await store().entities.scoreSheet.query.byDeclaration({ declarationId }).go({ pages: 'all' });
  if (actor.role === 'city-admin') return { items: sheets, score: declaration.score ?? null };
  if (actor.role === 'expert') {
    const own = sheets.find((s) => s.expert === actor.username);
    return own ? { items: sheets, score: declaration.score ?? null } : { items: [], score: null, hidden: 'score your own sheet first' };
  }
  return { items: [], score: declaration.score ?? null };
}
