import { type Funding, trancheEvents } from '../../core/funding';
import { WORKFLOW_ACTOR } from '../../core/identity';
import type { HistoryAction } from '../../core/labels';
import { portfolioFacts } from '../../core/portfolio';
import { ADMIN_GRACE_DAYS, type Due, dueIn, dueUntil, type ProjectStage } from '../../core/projects';
import { clock } from '../adapters/clock';
import type { ProjectItem, TaskItem } from '../adapters/entities';
import { auditItem } from '../services/audit';
import { getProject, settingsOfProject } from '../services/projects';
import { type Completion, openingWrites } from '../services/tasks';
import { tranchePaymentOpenings } from '../services/tranche-payments';

/**
 * What the construction and acceptance deciders share: the project and its call's settings as
 * the decision finds them, and the move every one of them makes.
 */
export async function loadProject(task: TaskItem) {
  const project = await getProject(task.declarationId, true);
  const settings = await settingsOfProject(project);
  return { project, settings, now: clock().now() };
}
export type ProjectContext = Awaited<ReturnType<typeof loadProject>>;

/** Where a project decision moves the project, what it keeps there, and what the record and the workflow are told. */
export interface ProjectStep {
  to: ProjectStage;
  set: Partial<ProjectItem>;
  output: Record<string, unknown>;
  action: HistoryAction;
  reason?: string | undefined;
  /** Also conditional on the project's version as read (an acceptance checked against its 决算 and expenditure). */
  asRead?: boolean;
}

/**
 * The project moves from the stage the task belongs to (a project task's kind is its stage), so a
 * withdrawal or termination racing the decision wins or loses cleanly.
 */
export async function projectMove(task: TaskItem, step: ProjectStep, ctx: ProjectContext): Promise<Completion> {
  const from = task.kind as ProjectStage;
  const funding = ctx.project.funding as Funding | undefined;
  const after = { stage: step.to, midtermDone: step.set.midtermDone ?? ctx.project.midtermDone };
  // A tranche this move releases opens the office's payment task (登记拨付) with it.
  const payments = await tranchePaymentOpenings(ctx.project, funding, ctx.project, after);
  return {
    audit: { action: step.action, fromStage: from, toStage: step.to, ...(step.reason ? { reason: step.reason } : {}) },
    output: step.output,
    extra: (entities) => [
      entities.project
        .patch({ declarationId: task.declarationId })
        .set({
          stage: step.to,
          updatedAt: ctx.now.toISOString(),
          ...step.set,
          // The portfolio's sort key and KPI attainment follow the stage (core/portfolio.ts).
          ...portfolioFacts({ ...ctx.project, stage: step.to, ...step.set }),
        })
        .add({ version: 1 })
        // A grant made after the read would miss what this move releases: so the funding, too, is as read.
        .where(({ stage, version, funding: granted }, { eq, exists, notExists }) =>
          [
            eq(stage, from),
            funding ? exists(granted) : notExists(granted),
            ...(step.asRead ? [eq(version, ctx.project.version)] : []),
          ].join(' AND '),
        )
        .commit(),
      // The tranches this move releases or stops (issue 23), in the history with it.
      ...trancheEvents(funding, ctx.project, after).map((e) =>
        entities.auditEvent.create(auditItem({ declarationId: task.declarationId, actor: WORKFLOW_ACTOR, ...e })).commit(),
      ),
      ...payments.flatMap((o) => openingWrites(entities, o)),
    ],
  };
}

/** A city-office step's due date, and the wait's timeout with the office's grace. */
export function officeDue(ctx: ProjectContext, workingDays: number): Due {
  return dueIn(ctx.now, workingDays, ctx.settings.calendarOverrides, ADMIN_GRACE_DAYS);
}

/** A rectification's due date: the one the reviewer set, or the call's working days. */
export function rectificationDue(ctx: ProjectContext, dueAt?: string): Due {
  return dueAt
    ? dueUntil(ctx.now, new Date(dueAt))
    : dueIn(ctx.now, ctx.settings.projectDeadlines.rectification, ctx.settings.calendarOverrides);
}

/** The project's mid-term or acceptance record as stored, to add to. */
export const recordOf = (value: unknown) => (value ?? {}) as Record<string, unknown>;
