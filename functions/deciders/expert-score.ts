import { scoreSheetMembers, scoreSheetRule } from '../../core/decisions/score-sheet';
import { sheetTotal } from '../../core/scoring';
import { clock } from '../adapters/clock';
import { faultPoint } from '../adapters/faults';
import { configOf, settledCall } from '../services/calls';
import { finishScoringIfAllIn } from '../services/scoring';
import { decider, inputOf } from './runner';

/**
 * 专家评审: an expert's score sheet commits with their task and bumps the declaration's count of
 * sheets in; the workflow is not told by each sheet (its experts share one token) — the sheet that
 * brings the count to the number of experts finishes the stage (services/scoring.ts).
 */
export const expertScore = decider({
  kind: 'expert_score',
  input: inputOf(scoreSheetMembers),
  load: async (task) => configOf(await settledCall(task.callId)).rubric,
  rule: (input, rubric) => scoreSheetRule(input, rubric),
  effects: (sheet, rubric, task) => ({
    audit: { action: 'expert.scored' },
    output: { scores: sheet.scores, comment: sheet.comment },
    report: false,
    recheck: true,
    extra: ({ scoreSheet, declaration }) => [
      scoreSheet
        .create({
          declarationId: task.declarationId,
          expert: task.expert!,
          scores: sheet.scores,
          weighted: sheetTotal(rubric, sheet.scores),
          comment: sheet.comment,
          submittedAt: clock().now().toISOString(),
        })
        .commit(),
      declaration
        .patch({ declarationId: task.declarationId })
        .add({ scoresIn: 1 })
        .where(({ stage }, { eq }) => eq(stage, 'expert_review'))
        .commit(),
    ],
  }),
  async committed(task) {
    await faultPoint('score.committed', task.kind);
    await finishScoringIfAllIn(task.declarationId);
  },
});
