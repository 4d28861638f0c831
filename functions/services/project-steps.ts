import { chinaDateTime } from '../../core/china-time';
import { WORKFLOW_ACTOR } from '../../core/identity';
import { taskKindLabels, type HistoryAction } from '../../core/labels';
import {
  acceptanceBudgetDays,
  ADMIN_GRACE_DAYS,
  dueIn,
  dueUntil,
  finalProjectStages,
  planConstruction,
  type Due,
  type Milestones,
  type ProjectStage,
} from '../../core/projects';
import { clock } from '../adapters/clock';
import { store, type ProjectItem } from '../adapters/entities';
import { startPhaseWorkflow } from '../adapters/workflows';
import { appendAudit, historyOf } from './audit';
import { finishAcceptanceScoring } from './acceptance';
import { getProject, moveProject, settingsOfProject } from './projects';
import { recordExecution } from './project-executions';
import { closeTasks, closeTasksOfEndedProject, openTasksOf, outlivesWorkflows } from './tasks';
import { nameProject, startTitleReview } from './titles';
import { scheduleMilestone } from './milestone-starts';

/**
 * The steps construction and acceptance executions take on their own (workflows/construction,
 * workflows/acceptance). Each is idempotent — Step Functions may run a step twice — and each
 * reads where the project stands rather than trusting what the execution carried.
 */
type Machine = 'construction' | 'acceptance';
const MAX_LEGS = 30;

/** A due date at least a day away: a clock moved past a milestone still leaves time to act. */
function dueNoEarlierThan(now: Date, dueAt: string, workingDays: number, overrides: Record<string, boolean>): Due {
  return Date.parse(dueAt) > now.getTime() + 86400_000 ? dueUntil(now, new Date(dueAt)) : dueIn(now, workingDays, overrides);
}

/** Moves the project unless a retry of this very step already did. */
async function moveOnce(
  project: ProjectItem,
  from: ProjectStage,
  to: ProjectStage,
  audit: { action: HistoryAction; reason?: string },
  set: Partial<ProjectItem> = {},
) {
  if (project.stage === to) return;
  await moveProject(project.declarationId, { from, to, set }, { actor: WORKFLOW_ACTOR, ...audit });
}

export async function planConstructionStep(declarationId: string, executionArn: string, startedAt: string, leg: number) {
  const project = await getProject(declarationId, true);
  await recordExecution(project, executionArn);
  const settings = await settingsOfProject(project);
  const now = clock().now();
  const plan = planConstruction(
    { stage: project.stage, milestones: project.milestones as Milestones, midtermDone: project.midtermDone },
    new Date(startedAt),
    now,
    settings.projectDeadlines,
  );
  if (plan.next === 'midterm_review' || plan.next === 'midterm_recheck') {
    return {
      route: plan.next,
      plannedEnd: plan.plannedEnd,
      ...dueIn(now, settings.projectDeadlines.midtermReview, settings.calendarOverrides, ADMIN_GRACE_DAYS),
    };
  }
  if (plan.next === 'scheduled') {
    // The next leg of construction is the mid-term's, the one after it acceptance's own execution.
    const scheduled = await scheduleMilestone(declarationId, { at: plan.at!, machine: plan.machine! }, leg + 1, true);
    return { route: plan.next, plannedEnd: plan.plannedEnd, ...scheduled };
  }
  // The mid-term's report opens in this step, not a state of its own: one transition fewer (issue 25.4).
  if (plan.next === 'midterm') return { route: plan.next, plannedEnd: plan.plannedEnd, ...(await startMidterm(declarationId)) };
  return { route: plan.next, plannedEnd: plan.plannedEnd };
}

/** The middle of construction: the applicant is asked for its progress report and KPI actuals. */
async function startMidterm(declarationId: string): Promise<Due> {
  const project = await getProject(declarationId, true);
  const settings = await settingsOfProject(project);
  const milestones = project.milestones as Milestones;
  await moveOnce(project, 'construction', 'midterm_report', {
    action: 'midterm.started',
    reason: `中期报告截止 ${chinaDateTime(new Date(milestones.midtermReportDueAt))}`,
  });
  return dueNoEarlierThan(
    clock().now(),
    milestones.midtermReportDueAt,
    settings.projectDeadlines.midtermReport,
    settings.calendarOverrides,
  );
}

/** A report or rectification not in by its deadline: the reviewer decides without it, and knows. */
export async function deadlineMissed(
  declarationId: string,
  which: 'midterm_report' | 'midterm_rectification' | 'acceptance_rectification',
): Promise<Due> {
  const project = await getProject(declarationId, true);
  const settings = await settingsOfProject(project);
  const d = settings.projectDeadlines;
  const next = {
    midterm_report: ['midterm_review', d.midtermReview],
    midterm_rectification: ['midterm_recheck', d.midtermReview],
    acceptance_rectification: ['acceptance_decision', d.acceptanceDecision],
  } as const;
  const [to, days] = next[which];
  await moveOnce(project, which, to, {
    action: `${which}.missed`,
    reason: which === 'midterm_report' ? '中期报告逾期未提交' : '整改逾期未提交',
  });
  await closeTasks((await openTasksOf(declarationId)).filter((t) => t.kind === which));
  return dueIn(clock().now(), days, settings.calendarOverrides, ADMIN_GRACE_DAYS);
}

/**
 * Hands the project over to a fresh execution of the same phase when the city office let a task
 * run past its grace. The successor reads the project's stage and goes on from there; the stale
 * task is closed so it is opened afresh.
 */
export async function handOver(declarationId: string, machine: Machine, leg: number) {
  // A project's legs are the mid-term's and the office's overdue reopenings; a chain this long is a loop.
  if (leg >= MAX_LEGS) throw new Error(`${machine} of ${declarationId} has handed over ${leg} times; stopping the chain`);
  const stale = (await openTasksOf(declarationId)).filter((t) => t.assignee === 'role:city-admin' && !outlivesWorkflows(t));
  await closeTasks(stale);
  const executionArn = await startPhaseWorkflow(machine, `${declarationId}-${machine === 'construction' ? 'c' : 'a'}${leg + 1}`, {
    declarationId,
    leg: leg + 1,
    startedAt: clock().now().toISOString(),
  });
  await appendAudit({
    declarationId,
    actor: WORKFLOW_ACTOR,
    action: `${machine}.handover`,
    reason: `市级任务逾期未办（${stale.map((t) => taskKindLabels[t.kind].zh).join('、') || '无'}），由第 ${leg + 1} 段执行重新开启`,
  });
  return { executionArn };
}

/** Construction is nearly over: the acceptance phase starts in its own execution. */
export async function startAcceptance(declarationId: string) {
  const executionArn = await startPhaseWorkflow('acceptance', `${declarationId}-a1`, {
    declarationId,
    leg: 1,
    startedAt: clock().now().toISOString(),
  });
  return { executionArn };
}

export async function planAcceptanceStep(declarationId: string, executionArn: string, startedAt: string) {
  let project = await getProject(declarationId, true);
  await recordExecution(project, executionArn);
  const settings = await settingsOfProject(project);
  const d = settings.projectDeadlines;
  const now = clock().now();
  const milestones = project.milestones as Milestones;
  const plannedEnd = new Date(Date.parse(startedAt) + acceptanceBudgetDays(d) * 86400_000).toISOString();
  if (project.stage === 'construction' && project.midtermDone) {
    await moveProject(
      declarationId,
      { from: 'construction', to: 'acceptance_application' },
      {
        actor: WORKFLOW_ACTOR,
        action: 'acceptance.opened',
        reason: `验收申请截止 ${chinaDateTime(new Date(milestones.acceptanceApplicationDueAt))}`,
      },
    );
    project = await getProject(declarationId, true);
  }
  switch (project.stage) {
    case 'acceptance_application':
      return {
        route: 'application',
        plannedEnd,
        ...dueNoEarlierThan(now, milestones.acceptanceApplicationDueAt, d.acceptanceAssignment, settings.calendarOverrides),
      };
    case 'acceptance_assignment':
      return { route: 'assignment', plannedEnd, ...dueIn(now, d.acceptanceAssignment, settings.calendarOverrides, ADMIN_GRACE_DAYS) };
    case 'acceptance_decision':
      return { route: 'decision', plannedEnd, ...dueIn(now, d.acceptanceDecision, settings.calendarOverrides, ADMIN_GRACE_DAYS) };
    default:
      if (finalProjectStages.includes(project.stage)) return { route: 'closed' };
      throw new Error(`an acceptance execution cannot continue from ${project.stage}`);
  }
}

/** No acceptance application by the end of construction: the project fails acceptance. */
export async function applicationMissed(declarationId: string) {
  const project = await getProject(declarationId, true);
  const reason = '建设期结束前未提交验收申请';
  await moveOnce(
    project,
    'acceptance_application',
    'acceptance_failed',
    { action: 'acceptance.application_missed', reason },
    { lastReason: reason },
  );
  await closeTasksOfEndedProject(declarationId);
  return { ok: true };
}

/** The scoring deadline passed: the result is decided on the scores that are in. */
export async function closeAcceptanceScoring(declarationId: string): Promise<Due> {
  await finishAcceptanceScoring(declarationId, 'deadline');
  const project = await getProject(declarationId, true);
  const settings = await settingsOfProject(project);
  return dueIn(clock().now(), settings.projectDeadlines.acceptanceDecision, settings.calendarOverrides, ADMIN_GRACE_DAYS);
}

/**
 * After a passed acceptance, what the kind's outcome confers: a title is conferred (命名授牌); an
 * excellent project the office chose is recommended upward (择优推荐). Both are recorded once.
 */
export async function conclude(declarationId: string) {
  const project = await getProject(declarationId, true);
  const { outcome } = await settingsOfProject(project);
  const result = project.acceptance?.result as { outcome: string; recommendToProvince?: boolean } | undefined;
  const now = clock().now().toISOString();
  let named = false;
  let recommended = false;
  if (outcome.type === 'title' && !project.naming) {
    // Numbered (文号) with its validity and 复核 schedule; the title item beside it is what
    // eligibility reads ("already named, within its validity") — core/titles.ts, services/titles.ts.
    const naming = await nameProject(project, outcome, result?.outcome === 'excellent' ? '优秀' : '合格', new Date(now));
    if (naming) {
      await appendAudit({
        declarationId,
        actor: WORKFLOW_ACTOR,
        action: 'project.named',
        reason: `命名授牌：${naming.title}（验收${naming.grade}），文号 ${naming.number}，有效期至 ${chinaDateTime(new Date(naming.validUntil))}`,
      });
      named = true;
    }
  }
  // The 复核 chain (workflows/review) starts once named; a retried step finds the execution it started.
  if (outcome.type === 'title') await startTitleReview(declarationId);
  if (outcome.type === 'recommendation' && result?.recommendToProvince && !project.provinceRecommendation) {
    await store()
      .entities.project.patch({ declarationId })
      .set({ provinceRecommendation: { recommendedAt: now }, updatedAt: now })
      .add({ version: 1 })
      .go();
    await appendAudit({
      declarationId,
      actor: WORKFLOW_ACTOR,
      action: 'project.recommended_to_province',
      reason: `验收优秀，择优推荐申报${outcome.toZh}`,
    });
    recommended = true;
  }
  return { named, recommended };
}

/**
 * Establishment could not start construction beyond its retries: the declaration stays approved
 * with no project, so its history says why (else nobody would learn it but from the execution).
 */
export async function recordConstructionNotStarted(declarationId: string, error: { Error?: string; Cause?: unknown } | undefined) {
  const action = 'construction.not_started';
  if ((await historyOf(declarationId)).some((e) => e.action === action)) return { ok: true };
  const reason = `${error?.Error ?? 'construction not started'}: ${String(error?.Cause ?? '')}`.slice(0, 1000);
  await appendAudit({ declarationId, actor: WORKFLOW_ACTOR, action, reason });
  return { ok: true };
}

export async function recordProjectFailure(declarationId: string, error: { Error?: string; Cause?: unknown } | undefined) {
  const reason = `${error?.Error ?? 'workflow failed'}: ${String(error?.Cause ?? '')}`.slice(0, 1000);
  const project = await getProject(declarationId, true);
  if (!finalProjectStages.includes(project.stage)) {
    await moveProject(
      declarationId,
      { from: project.stage, to: 'failed', set: { lastReason: reason } },
      { actor: WORKFLOW_ACTOR, action: 'project.workflow_failed', reason },
    );
  } else if (!(await historyOf(declarationId)).some((e) => e.action === 'title.review_failed' && e.reason === reason)) {
    // An accepted project's stage is final, so only its history can tell the office that the
    // title's 复核 chain stopped (the workflow's Fail says "see the project's history").
    await appendAudit({ declarationId, actor: WORKFLOW_ACTOR, action: 'title.review_failed', reason });
  }
  await closeTasksOfEndedProject(declarationId);
  return { ok: true };
}
