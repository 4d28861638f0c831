import { addWorkingDays } from '../../core/calendar';
import type { HistoryAction } from '../../core/labels';
import type { Actor } from '../../core/identity';
import type { KpiTarget } from '../../core/kinds';
import { evaluateKpis } from '../../core/kpis';
import {
  ADMIN_GRACE_DAYS,
  checkProjectDecision,
  dueIn,
  dueUntil,
  type CheckedProjectDecision,
  type ProjectDecisionInput,
  type ProjectStage,
  type ProjectTaskKind,
} from '../../core/projects';
import { clock } from '../adapters/clock';
import type { ProjectItem, TaskItem } from '../adapters/entities';
import { scoreAcceptance } from './acceptance';
import { getProject, settingsOfProject } from './projects';
import { completeTask, publicTask } from './tasks';

interface Step {
  to: ProjectStage;
  set: Partial<ProjectItem>;
  output: Record<string, unknown>;
  action: HistoryAction;
  reason?: string | undefined;
}

/**
 * A decision on a construction or acceptance task (the same POST /tasks/{id}/decision as the
 * selection's). It commits with the project's move, conditional on the stage the task belongs to,
 * so a withdrawal or termination racing it wins or loses cleanly; the output tells the waiting
 * execution where to go and when the next step is due.
 */
export async function decideProjectTask(actor: Actor, task: TaskItem, input: ProjectDecisionInput) {
  const project = await getProject(task.declarationId, true);
  const settings = await settingsOfProject(project);
  const d = settings.projectDeadlines;
  const overrides = settings.calendarOverrides;
  const now = clock().now();
  const kind = task.kind as ProjectTaskKind;
  const checked = checkProjectDecision(kind, input, {
    projectKind: project.kind,
    kpiTargets: project.kpiTargets as KpiTarget[],
    acceptanceRectified: project.acceptanceRectified ?? false,
    acceptanceRubric: settings.acceptanceRubric,
    latestRectificationDue: addWorkingDays(now, d.rectification, overrides).dueAt,
    now,
  });
  if (checked.kind === 'score') return publicTask(await scoreAcceptance(actor, task, checked));

  const at = now.toISOString();
  const by = actor.username;
  const review = () => dueIn(now, d.midtermReview, overrides, ADMIN_GRACE_DAYS);
  const decision = () => dueIn(now, d.acceptanceDecision, overrides, ADMIN_GRACE_DAYS);
  const rectification = (dueAt?: string) => (dueAt ? dueUntil(now, new Date(dueAt)) : dueIn(now, d.rectification, overrides));
  const kpiSummary = (actuals: Record<string, number>) => {
    const e = evaluateKpis(project.kpiTargets as KpiTarget[], actuals);
    return `KPI ${e.met}/${e.total} 达标${
      e.allMet
        ? ''
        : `；未达标：${e.items
            .filter((i) => !i.met)
            .map((i) => `${i.labelZh} 差 ${i.shortfall}${i.unit}`)
            .join('，')}`
    }`;
  };
  const midterm = (project.midterm ?? {}) as Record<string, unknown>;
  const acceptance = (project.acceptance ?? {}) as Record<string, unknown>;
  let step: Step;
  if (checked.kind === 'report') {
    const report = { report: checked.report, kpiActuals: checked.kpiActuals, materials: checked.materials, submittedAt: at, by };
    const reason = kpiSummary(checked.kpiActuals);
    if (kind === 'midterm_report')
      step = {
        to: 'midterm_review',
        set: { midterm: { ...midterm, report } },
        output: { outcome: 'reported', ...review() },
        action: 'midterm.reported',
        reason,
      };
    else if (kind === 'midterm_rectification')
      step = {
        to: 'midterm_recheck',
        set: { midterm: { ...midterm, rectification: report } },
        output: { outcome: 'rectified', ...review() },
        action: 'midterm.rectified',
        reason,
      };
    else if (kind === 'acceptance_application') {
      step = {
        to: 'acceptance_assignment',
        set: { acceptance: { ...acceptance, application: report } },
        output: { outcome: 'applied', ...dueIn(now, d.acceptanceAssignment, overrides, ADMIN_GRACE_DAYS) },
        action: 'acceptance.applied',
        reason,
      };
    } else
      step = {
        to: 'acceptance_decision',
        set: { acceptance: { ...acceptance, rectification: report } },
        output: { outcome: 'rectified', ...decision() },
        action: 'acceptance.rectified',
        reason,
      };
  } else if (checked.kind === 'midterm') {
    step = midtermStep(kind, checked, { midterm, at, by, rectification });
  } else {
    step = acceptanceStep(checked, { acceptance, at, by, rectification });
  }
  const from = kind as ProjectStage;
  const done = await completeTask(task, actor, {
    audit: { action: step.action, fromStage: from, toStage: step.to, ...(step.reason ? { reason: step.reason } : {}) },
    output: step.output,
    extra: ({ project: p }) => [
      p
        .patch({ declarationId: task.declarationId })
        .set({ stage: step.to, updatedAt: at, ...step.set })
        .add({ version: 1 })
        .where(({ stage }, { eq }) => eq(stage, from))
        .commit(),
    ],
  });
  return publicTask(done);
}

type Rectification = (dueAt?: string) => { dueAt: string; timeoutSeconds: number };

function midtermStep(
  kind: ProjectTaskKind,
  c: Extract<CheckedProjectDecision, { kind: 'midterm' }>,
  ctx: { midterm: Record<string, unknown>; at: string; by: string; rectification: Rectification },
): Step {
  const key = kind === 'midterm_review' ? 'review' : 'recheck';
  const result = { outcome: c.outcome, comment: c.comment, decidedAt: ctx.at, by: ctx.by };
  if (c.outcome === 'pass') {
    return {
      to: 'construction',
      set: { midtermDone: true, midterm: { ...ctx.midterm, [key]: result } },
      output: { outcome: 'pass' },
      action: `midterm.${key}.pass`,
      reason: c.comment,
    };
  }
  if (c.outcome === 'rectify') {
    const due = ctx.rectification(c.rectificationDueAt);
    return {
      to: 'midterm_rectification',
      set: { midterm: { ...ctx.midterm, [key]: { ...result, rectificationDueAt: due.dueAt } }, lastReason: c.comment },
      output: { outcome: 'rectify', ...due },
      action: `midterm.${key}.rectify`,
      reason: `${c.comment}（整改期限 ${due.dueAt}）`,
    };
  }
  return {
    to: 'terminated',
    set: { midterm: { ...ctx.midterm, [key]: result }, lastReason: c.comment },
    output: { outcome: 'terminate' },
    action: `midterm.${key}.terminate`,
    reason: c.comment,
  };
}

function acceptanceStep(
  c: Extract<CheckedProjectDecision, { kind: 'acceptance' }>,
  ctx: { acceptance: Record<string, unknown>; at: string; by: string; rectification: Rectification },
): Step {
  const result = { outcome: c.outcome, comment: c.comment, recommendToProvince: c.recommendToProvince, decidedAt: ctx.at, by: ctx.by };
  const acceptance = { ...ctx.acceptance, result };
  switch (c.outcome) {
    case 'excellent':
    case 'pass':
      return { to: 'accepted', set: { acceptance }, output: { outcome: c.outcome }, action: `acceptance.${c.outcome}`, reason: c.comment };
    case 'rectify': {
      const due = ctx.rectification();
      return {
        to: 'acceptance_rectification',
        set: { acceptance: { ...acceptance, rectificationDueAt: due.dueAt }, acceptanceRectified: true, lastReason: c.comment },
        output: { outcome: 'rectify', ...due },
        action: 'acceptance.rectify',
        reason: `${c.comment}（整改后复验，期限 ${due.dueAt}）`,
      };
    }
    case 'fail':
      return {
        to: 'acceptance_failed',
        set: { acceptance, lastReason: c.comment },
        output: { outcome: 'fail' },
        action: 'acceptance.fail',
        reason: c.comment,
      };
  }
}
