import type { CheckedDecision } from '../../core/decisions';
import { combinedScoreText } from '../../core/labels';
import { NotFoundError } from '../../core/errors';
import type { Actor } from '../../core/identity';
import { combine, criterionMeans, weightedScore, type Scores } from '../../core/scoring';
import { clock } from '../adapters/clock';
import { faultPoint } from '../adapters/faults';
import { store, type CallItem, type TaskItem } from '../adapters/entities';
import { auditItem } from './audit';
import { configOf, getCall } from './calls';
import { getVisibleDeclaration } from './declarations';
import { closeTasks, completeTask, openTasksOf } from './tasks';

/**
 * An expert's score sheet commits with their task; the last expert's completes the stage. Each
 * sheet bumps the declaration's count in the same transaction, so whoever sees the count reach
 * the number of experts finishes the stage, and a condition lets only one of them do it.
 */
export async function scoreDeclaration(
  actor: Actor,
  task: TaskItem,
  call: CallItem,
  decision: Extract<CheckedDecision, { kind: 'expert_score' }>,
) {
  const rubric = configOf(call).rubric;
  const now = clock().now().toISOString();
  const done = await completeTask(task, actor, {
    audit: { action: 'expert.scored' },
    output: { scores: decision.scores, comment: decision.comment },
    report: false,
    recheck: true,
    extra: ({ scoreSheet, declaration }) => [
      scoreSheet
        .create({
          declarationId: task.declarationId,
          expert: task.expert!,
          scores: decision.scores,
          weighted: weightedScore(rubric, decision.scores),
          comment: decision.comment,
          submittedAt: now,
        })
        .commit(),
      declaration
        .patch({ declarationId: task.declarationId })
        .add({ scoresIn: 1 })
        .where(({ stage }, { eq }) => eq(stage, 'expert_review'))
        .commit(),
    ],
  });
  await faultPoint('score.committed', task.kind);
  await finishScoringIfAllIn(task.declarationId);
  return done;
}

/** The last sheet finishes the stage; the sweep calls this too, for a crash between the two writes. */
export async function finishScoringIfAllIn(declarationId: string) {
  const { data: declaration } = await store().entities.declaration.get({ declarationId }).go({ consistent: true });
  if (declaration && (declaration.scoresIn ?? 0) >= (declaration.experts?.length ?? Infinity)) {
    await finishScoring(declarationId, 'all-scored');
  }
}

async function combinedOf(declarationId: string, call: CallItem, experts: string[]) {
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
  const call = await getCall(declaration.callId);
  const score = await combinedOf(declarationId, call, declaration.experts ?? []);
  const open = await openTasksOf(declarationId);
  const stageTask = open.find((t) => t.kind === 'expert_review');
  if (why === 'all-scored' && stageTask) {
    try {
      await completeTask(
        stageTask,
        { username: 'workflow' },
        {
          move: { from: 'expert_review', to: 'scored', set: { score } },
          audit: { action: 'expert_review.completed', reason: combinedScoreText(score) },
          output: { combined: score.combined, count: score.count },
        },
      );
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
            actor: 'workflow',
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
