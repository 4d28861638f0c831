import { addWorkingDays } from '../../core/calendar';
import { ConflictError, ValidationError } from '../../core/errors';
import { type Actor, WORKFLOW_ACTOR } from '../../core/identity';
import type { KpiTarget } from '../../core/kinds';
import { finalProjectStages, phaseOf } from '../../core/projects';
import { coded } from '../../core/problem-codes';
import {
  adjustmentProblems,
  adjustTargets,
  bookOf,
  confirmedBook,
  projectTargets,
  proposedVersion,
  TASK_BOOK_CONFIRMATION_DAYS,
  TASK_BOOK_GRACE_DAYS,
  type TaskBook,
  targetsSummary,
} from '../../core/task-book';
import { clock } from '../adapters/clock';
import { type ProjectItem, store, type TaskItem } from '../adapters/entities';
import { auditItem } from './audit';
import { configOf, getCall, requireCityAdmin } from './calls';
import { getProject, getVisibleProject, recordOnProject, settingsOfProject } from './projects';
import { closeTasks, closingWrites, openingWrites, openTask, openTasksOf, publicTask, taskToOpen } from './tasks';

/**
 * The task book (任务书, issue 21.1) of an established project. Version 1 is derived at 立项 from
 * the kind's KPIs and the declaration; the city office may adjust it within the kind's bounds (a
 * new version); the applicant confirms each version through a task (`task_book_confirmation`,
 * due in working days, reminded and escalated by the sweep like every task). No execution waits on
 * it — a task book can change while the construction execution sleeps for months — so the task's
 * timeout is the sweep's: past its escalation and a grace, the version is deemed confirmed.
 */
const tokenOf = (declarationId: string, version: number) => `task-book:${declarationId}:v${version}`;

/**
 * Opens the applicant's confirmation of the proposed version (idempotent: the task's id derives
 * from the project and version), closing the confirmation of any earlier version.
 */
export async function openConfirmation(declarationId: string, executionArn?: string): Promise<TaskItem | undefined> {
  const project = await getProject(declarationId, true);
  const proposed = proposedVersion(bookOf(project));
  const open = (await openTasksOf(declarationId)).filter((t) => t.kind === 'task_book_confirmation');
  const token = proposed && tokenOf(declarationId, proposed.version);
  await closeTasks(open.filter((t) => t.taskToken !== token));
  if (!proposed) return undefined;
  return openTask(await confirmationRequest(project, proposed.version, executionArn));
}

/** The confirmation task of a version: due in working days, deemed confirmed by the sweep after its escalation and a grace. */
async function confirmationRequest(project: ProjectItem, version: number, executionArn?: string) {
  const settings = await settingsOfProject(project);
  const escalation = configOf(await getCall(project.callId)).escalationWorkingDays ?? 3;
  const due = addWorkingDays(clock().now(), TASK_BOOK_CONFIRMATION_DAYS, settings.calendarOverrides).dueAt;
  const timeoutAt = addWorkingDays(due, escalation + TASK_BOOK_GRACE_DAYS, settings.calendarOverrides).dueAt;
  return {
    taskToken: tokenOf(project.declarationId, version),
    executionArn: executionArn ?? project.executionArn ?? `task-book:${project.declarationId}`,
    kind: 'task_book_confirmation' as const,
    declarationId: project.declarationId,
    dueAt: due.toISOString(),
    timeoutAt: timeoutAt.toISOString(),
  };
}

/**
 * The office adjusts targets (调整任务书): every KPI within the kind's bounds (422 naming the KPI),
 * until the acceptance starts (409). The result is a new version for the applicant to confirm;
 * the version in force stays so until then.
 */
export async function adjustTaskBook(actor: Actor, declarationId: string, input: { targets: Record<string, number>; comment: string }) {
  requireCityAdmin(actor);
  const project = await getVisibleProject(actor, declarationId);
  if (finalProjectStages.includes(project.stage) || phaseOf(project.stage) !== 'construction')
    throw new ConflictError(
      `the task book is adjusted during construction; the project is ${project.stage}`,
      { stage: project.stage },
      { coded: coded('task-book-not-adjustable', { stage: project.stage }) },
    );
  const book = bookOf(project) ?? { versions: [] };
  const latest = book.versions.at(-1);
  const base = latest?.targets ?? (project.kpiTargets as KpiTarget[]);
  const problems = adjustmentProblems(base, input.targets);
  if (problems.length) throw new ValidationError(problems);
  const version = (latest?.version ?? 0) + 1;
  const targets = adjustTargets(base, input.targets);
  const next: TaskBook = {
    ...book,
    versions: [
      ...book.versions.map((v) => (v.status === 'proposed' ? { ...v, status: 'superseded' as const } : v)),
      { version, status: 'proposed', targets, proposedAt: clock().now().toISOString(), proposedBy: actor.username, comment: input.comment },
    ],
  };
  // The new version, the old confirmation closed and the new one opened commit together: no
  // version is ever left without its confirmation task, nor a task without its version.
  const superseded = (await openTasksOf(declarationId)).filter((t) => t.kind === 'task_book_confirmation');
  const confirmation = await taskToOpen(await confirmationRequest(project, version));
  await recordOnProject(
    project,
    { taskBook: next },
    {
      actor: actor.username,
      action: 'task_book.adjusted',
      reason: `第 ${version} 版：${targetsSummary(targets)}（${input.comment}）`.slice(0, 1000),
    },
    (entities) => [...closingWrites(entities, superseded), ...openingWrites(entities, confirmation)],
  );
  return taskBookView(actor, declarationId);
}

/** GET /projects/{id}/task-book: every version, the one in force, the open confirmation. */
export async function taskBookView(actor: Actor, declarationId: string) {
  const project = await getVisibleProject(actor, declarationId);
  const book = bookOf(project) ?? { versions: [] };
  const confirmation = (await openTasksOf(declarationId)).find((t) => t.kind === 'task_book_confirmation');
  return {
    declarationId,
    confirmedVersion: book.confirmedVersion ?? null,
    targets: projectTargets(project),
    versions: book.versions,
    confirmation: confirmation ? publicTask(confirmation) : null,
  };
}

/**
 * The sweep at a confirmation's timeout: the applicant neither confirmed nor was the book changed,
 * so the version is deemed confirmed (视为确认), recorded once; a changed project is left as it is.
 */
export async function confirmationTimedOut(task: TaskItem): Promise<void> {
  const project = await getProject(task.declarationId, true);
  const proposed = proposedVersion(bookOf(project));
  if (!proposed || tokenOf(task.declarationId, proposed.version) !== task.taskToken || finalProjectStages.includes(project.stage)) {
    await closeTasks([task]);
    return;
  }
  const now = clock().now();
  const result = await store()
    .transaction.write(({ project: p, task: t, auditEvent }) => [
      p
        .patch({ declarationId: task.declarationId })
        .set({ taskBook: confirmedBook(bookOf(project)!, proposed.version, WORKFLOW_ACTOR, now, true), updatedAt: now.toISOString() })
        .add({ version: 1 })
        .where(({ version }, { eq }) => eq(version, project.version))
        .commit(),
      t
        .patch({ taskId: task.taskId })
        .set({ status: 'closed', dueAt: task.dueAt })
        .remove(['sweepQueue', 'sweepAt'])
        .where(({ status }, { eq }) => eq(status, 'open'))
        .commit(),
      auditEvent
        .create(
          auditItem({
            declarationId: task.declarationId,
            actor: WORKFLOW_ACTOR,
            taskId: task.taskId,
            action: 'task_book.deemed_confirmed',
            reason: `第 ${proposed.version} 版任务书逾期未确认，视为确认`,
          }),
        )
        .commit(),
    ])
    .go();
  // Canceled: decided or changed meanwhile; the next sweep sees the task as it now is.
  if (result.canceled) return;
}
