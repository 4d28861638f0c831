import { ConflictError } from '../../core/errors';
import { coded } from '../../core/problem-codes';
import { bookOf, confirmedBook, proposedVersion, targetsSummary } from '../../core/task-book';
import { clock } from '../adapters/clock';
import { getProject } from '../services/projects';
import { decider, inputOf } from './runner';

/**
 * 确认任务书: the applicant confirms the task book's proposed version (issue 21.1), optionally with
 * a comment. No execution waits on it (`report: false`); the write is conditional on the project
 * as read, so an adjustment by the office meanwhile (a newer version) makes it a conflict.
 */
export const taskBookConfirmation = decider({
  kind: 'task_book_confirmation',
  input: inputOf(['comment'] as const),
  load: async (task) => {
    const project = await getProject(task.declarationId, true);
    const proposed = proposedVersion(bookOf(project));
    if (!proposed || `task-book:${task.declarationId}:v${proposed.version}` !== task.taskToken)
      throw new ConflictError(
        'the task book has changed since this confirmation was opened',
        { version: proposed?.version ?? null },
        { coded: coded('task-book-stale', { version: proposed?.version ?? 0 }) },
      );
    return { project, proposed };
  },
  rule: (input) => ({ decision: { comment: input.comment }, problems: [] }),
  effects: (decision, { project, proposed }, task, actor) => {
    const now = clock().now();
    return {
      audit: {
        action: 'task_book.confirmed',
        reason: `第 ${proposed.version} 版：${targetsSummary(proposed.targets)}${decision.comment ? `（${decision.comment}）` : ''}`.slice(
          0,
          1000,
        ),
      },
      output: { outcome: 'confirmed', version: proposed.version },
      report: false,
      extra: ({ project: p }) => [
        p
          .patch({ declarationId: task.declarationId })
          .set({ taskBook: confirmedBook(bookOf(project)!, proposed.version, actor.username, now), updatedAt: now.toISOString() })
          .add({ version: 1 })
          .where(({ version }, { eq }) => eq(version, project.version))
          .commit(),
      ],
    };
  },
});
