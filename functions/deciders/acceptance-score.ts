import { scoreSheetMembers, scoreSheetRule } from '../../core/decisions/score-sheet';
import { sheetTotal } from '../../core/scoring';
import { finishAcceptanceIfAllIn } from '../services/acceptance';
import { loadProject } from './project';
import { decider, inputOf } from './runner';

/**
 * 考核验收 by an acceptance expert: their sheet against the call's acceptance rubric commits with
 * their task and bumps the project's count of sheets in; the last one finishes the scoring
 * (services/acceptance.ts), which tells the waiting execution.
 */
export const acceptanceScore = decider({
  kind: 'acceptance_score',
  input: inputOf(scoreSheetMembers),
  load: loadProject,
  rule: (input, { settings }) => scoreSheetRule(input, settings.acceptanceRubric, 'acceptance rubric'),
  effects: (sheet, { settings, now }, task) => ({
    audit: { action: 'acceptance.expert_scored' },
    output: { scores: sheet.scores, comment: sheet.comment },
    report: false,
    recheck: true,
    extra: ({ acceptanceSheet, project }) => [
      acceptanceSheet
        .create({
          declarationId: task.declarationId,
          expert: task.expert!,
          scores: sheet.scores,
          weighted: sheetTotal(settings.acceptanceRubric, sheet.scores),
          comment: sheet.comment,
          submittedAt: now.toISOString(),
        })
        .commit(),
      project
        .patch({ declarationId: task.declarationId })
        .add({ scoresIn: 1 })
        .where(({ stage }, { eq }) => eq(stage, 'acceptance_review'))
        .commit(),
    ],
  }),
  committed: (task) => finishAcceptanceIfAllIn(task.declarationId),
});
