import { countingCalendar } from './working-calendar';
import { WORKFLOW_ACTOR } from '../../core/identity';
import { type Funding, trancheEvents } from '../../core/funding';
import { canSeeDeclaration, declarationFor, tasksFor } from '../../core/access';
import { ConflictError, ForbiddenError, NotFoundError } from '../../core/errors';
import { coded } from '../../core/problem-codes';
import type { Actor } from '../../core/identity';
import { needsLegacyDefaults, projectSettingsOf, type CallConfig, type ProjectSettings } from '../../core/kinds';
import { portfolioFacts } from '../../core/portfolio';
import { projectStageLabels, projectStanding } from '../../core/labels';
import {
  finalProjectStages,
  milestonesOf,
  nextMilestone,
  phaseOf,
  type Milestones,
  type ProjectPhase,
  type ProjectStage,
} from '../../core/projects';
import { clock } from '../adapters/clock';
import { store, type IntentItem, type ProjectItem } from '../adapters/entities';
import { faultPoint } from '../adapters/faults';
import { carryOutNow, intentOrPut, stopIntent } from './outbox';
import { appendAudit, auditItem, historyOf, type AuditEntry } from './audit';
import { settledCall } from './calls';
import { legacyDefinitionOf } from './call-kinds';
import { titleHeld } from './eligibility';
import { titleView } from './title-view';
import { firstTaskBook, projectTargets, targetsSummary } from '../../core/task-book';
import { actualsOfProject, evaluatePeriods, projectYears } from '../../core/kpi-periods';
import { closeTasksOfEndedProject, type Commit, openTasksOf, publicTask, type Writes } from './tasks';
import { counterWrite, withNextTitleNumber } from './title-numbers';
import { titleTermsOf } from '../../core/titles';
import { scheduleMilestone } from './milestone-starts';

/**
 * An established project (立项) through construction and acceptance. The project item is the
 * record of where it stands; each phase execution reads it to know what to do next.
 */
export async function getProject(declarationId: string, consistent = false): Promise<ProjectItem> {
  const { data } = await store().entities.project.get({ declarationId }).go({ consistent });
  if (!data) throw new NotFoundError(`project ${declarationId} not found`);
  return data;
}

export async function getVisibleProject(actor: Actor, declarationId: string): Promise<ProjectItem> {
  const { data } = await store().entities.project.get({ declarationId }).go();
  if (!data || !canSeeDeclaration(actor, data)) throw new NotFoundError(`project ${declarationId} not found`);
  return data;
}

export async function settingsOfProject(project: Pick<ProjectItem, 'callId' | 'kind'>): Promise<ProjectSettings> {
  const call = await settledCall(project.callId);
  const config = call.config as Partial<CallConfig>;
  const settings = projectSettingsOf(config, needsLegacyDefaults(config) ? await legacyDefinitionOf(project.kind) : undefined);
  return { ...settings, calendarOverrides: await countingCalendar(settings.calendarOverrides) };
}

/**
 * Moves the project from the stage it must be in, with the audit event, in one transaction; a
 * project that moved meanwhile (withdrawn, terminated, a racing decision) is a conflict.
 */
export async function moveProject(
  declarationId: string,
  move: { from: ProjectStage | readonly ProjectStage[]; to: ProjectStage; set?: Partial<ProjectItem> },
  audit: Omit<AuditEntry, 'declarationId' | 'fromStage' | 'toStage'>,
  intents: IntentItem[] = [],
): Promise<void> {
  const now = clock().now().toISOString();
  const from = typeof move.from === 'string' ? [move.from] : move.from;
  // The portfolio's sort key and KPI attainment follow the stage (core/portfolio.ts).
  const current = await getProject(declarationId, true);
  const facts = portfolioFacts({ ...current, stage: move.to, ...move.set });
  // A project that ends stops its tranches not yet released (issue 23), and its history says so.
  const stopped = finalProjectStages.includes(move.to)
    ? trancheEvents(current.funding as Funding | undefined, current, { stage: move.to, midtermDone: current.midtermDone })
    : [];
  const result = await store()
    .transaction.write(({ project, auditEvent, intent }) => [
      project
        .patch({ declarationId })
        .set({ stage: move.to, updatedAt: now, ...move.set, ...facts })
        .add({ version: 1 })
        .where(({ stage }, { eq }) => from.map((f) => eq(stage, f)).join(' OR '))
        .commit(),
      auditEvent.create(auditItem({ declarationId, fromStage: from.join('|'), toStage: move.to, ...audit })).commit(),
      ...stopped.map((e) => auditEvent.create(auditItem({ declarationId, actor: WORKFLOW_ACTOR, ...e })).commit()),
      ...intents.map((i) => intent.put(i).commit()),
    ])
    .go();
  if (result.canceled) {
    const current = await getProject(declarationId, true);
    throw new ConflictError(
      `the project is ${current.stage}, not ${from.join(' or ')}`,
      { stage: current.stage },
      { coded: coded('project-not-in-stage', { stage: current.stage }) },
    );
  }
}

/**
 * Records something on the project as it was read (its version), with the audit event, in one
 * transaction; a project that changed meanwhile is a conflict to try again.
 */
export async function recordOnProject(
  project: Pick<ProjectItem, 'declarationId' | 'version'>,
  set: Partial<ProjectItem>,
  audit: Omit<AuditEntry, 'declarationId'>,
  /** Writes that must commit with the change or not at all (a task opened or closed with it). */
  extra: (entities: Writes) => Commit[] = () => [],
): Promise<void> {
  const { declarationId } = project;
  const result = await store()
    .transaction.write((entities) => [
      entities.project
        .patch({ declarationId })
        .set({ ...set, updatedAt: clock().now().toISOString() })
        .add({ version: 1 })
        .where(({ version }, { eq }) => eq(version, project.version))
        .commit(),
      entities.auditEvent.create(auditItem({ declarationId, ...audit })).commit(),
      ...extra(entities),
    ])
    .go();
  if (result.canceled)
    throw new ConflictError(
      'the project changed meanwhile; try again',
      { stage: (await getProject(declarationId)).stage },
      { coded: coded('changed-meanwhile') },
    );
}

/**
 * Establishment (立项) starts construction: the project item with its milestones, then the first
 * milestone's execution scheduled for when it falls due (services/milestone-starts.ts). Run by
 * the declaration workflow's last step, so a retry must find both.
 * A kind that ends at 立项 (a selection, 评选) has no project: the establishment is recorded and
 * nothing is started. A kind with a single 结项验收 has no mid-term: its project starts with the
 * mid-term counted as done, so acceptance is its first milestone.
 */
export async function establishProject(declarationId: string): Promise<{ scheduled?: boolean; concluded?: boolean }> {
  const db = store();
  const { data: existing } = await db.entities.project.get({ declarationId }).go({ consistent: true });
  if (!existing) {
    const { data: declaration } = await db.entities.declaration.get({ declarationId }).go({ consistent: true });
    if (!declaration) throw new NotFoundError(`declaration ${declarationId} not found`);
    if (declaration.stage !== 'approved')
      throw new ConflictError(`only an established declaration becomes a project; this one is ${declaration.stage}`);
    const settings = await settingsOfProject(declaration);
    if (settings.lifecycle === 'selection-only') return concludeSelection(declaration, settings.outcome);
    const now = clock().now();
    const milestones = milestonesOf(now, settings.constructionMonths, settings.projectDeadlines, settings.calendarOverrides);
    const { year, batch } = await settledCall(declaration.callId);
    // The task book's first version, from the kind's KPIs and the declaration's own figures (issue 21.1).
    const taskBook = firstTaskBook(settings.kpiTargets, (declaration.fields ?? {}) as Record<string, unknown>, now);
    const established = {
      declarationId,
      callId: declaration.callId,
      kind: declaration.kind,
      organisationId: declaration.organisationId,
      districtId: declaration.districtId,
      title: declaration.title,
      stage: 'construction',
      milestones,
      kpiTargets: settings.kpiTargets,
      taskBook,
      lifecycle: settings.lifecycle,
      midtermDone: settings.lifecycle === 'acceptance-only',
      executions: [],
      version: 1,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      year,
      batch,
    } satisfies ProjectItem;
    const item: ProjectItem = { ...established, ...portfolioFacts(established) };
    const result = await db.transaction
      .write(({ project, auditEvent }) => [
        project.create(item).commit(),
        auditEvent
          .create(
            auditItem({
              declarationId,
              actor: WORKFLOW_ACTOR,
              action: 'construction.started',
              toStage: 'construction',
              reason: `建设期 ${settings.constructionMonths} 个月：${milestones.constructionStartsAt.slice(0, 10)} 至 ${milestones.constructionEndsAt.slice(0, 10)}，${settings.lifecycle === 'acceptance-only' ? '期满结项验收' : `中期检查 ${milestones.midtermAt.slice(0, 10)}`}`,
            }),
          )
          .commit(),
        auditEvent
          .create(
            auditItem({
              declarationId,
              actor: WORKFLOW_ACTOR,
              action: 'task_book.proposed',
              reason: `第 1 版：${targetsSummary(taskBook.versions[0]!.targets)}`.slice(0, 1000),
            }),
          )
          .commit(),
      ])
      .go();
    if (result.canceled) await getProject(declarationId, true); // a retry created it first
  }
  // The first milestone's execution is scheduled, not started: nothing waits for it meanwhile.
  const project = existing ?? (await getProject(declarationId, true));
  await scheduleMilestone(
    declarationId,
    nextMilestone({ milestones: project.milestones as Milestones, midtermDone: project.midtermDone }),
    1,
    false,
  );
  return { scheduled: true };
}

/**
 * The end of a selection-only declaration at 立项, recorded once (a retried step finds it). A title
 * it confers is held from now, in the same write, so the kind's "already named" rule sees it.
 */
async function concludeSelection(
  declaration: { declarationId: string; kind: string; organisationId: string },
  outcome: ProjectSettings['outcome'],
) {
  const { declarationId } = declaration;
  const action = 'selection.concluded' as const;
  if ((await historyOf(declarationId)).some((e) => e.action === action)) return { concluded: true };
  const reason =
    outcome.type === 'title' ? `授予${outcome.titleZh}称号` : outcome.type === 'recommendation' ? `推荐${outcome.toZh}` : undefined;
  const entry = { declarationId, actor: WORKFLOW_ACTOR, action, ...(reason ? { reason } : {}) };
  if (outcome.type !== 'title') {
    await appendAudit(entry);
    return { concluded: true };
  }
  // A title conferred by selection is numbered like one conferred at acceptance (命名文号), from
  // the same counter; a cancelled write lost the number to a racing naming and reads again.
  const now = clock().now();
  await withNextTitleNumber(titleTermsOf(outcome).numberPattern, now, (taken) =>
    store()
      .transaction.write((entities) => [
        counterWrite(entities, taken),
        entities.title
          .put({ ...titleHeld(declaration, outcome.titleZh, now, { outcome }), number: taken.number, status: 'valid' as const })
          .commit(),
        entities.auditEvent.create(auditItem({ ...entry, reason: `${entry.reason}（${taken.number}）` })).commit(),
      ])
      .go(),
  );
  return { concluded: true };
}

/** 409 for a project that has ended: nothing more is recorded on it. */
export function assertNotEnded(project: Pick<ProjectItem, 'stage'>): void {
  if (finalProjectStages.includes(project.stage))
    throw new ConflictError(
      `the project has already ended (${project.stage})`,
      { stage: project.stage },
      { coded: coded('project-ended', { stage: project.stage }) },
    );
}

/**
 * Withdrawal (撤回) by the applicant or termination (终止) by the city office, at any point of
 * construction or acceptance: the stage moves first (so any decision racing it loses), open tasks
 * close, and the running execution is stopped.
 */
export async function endProject(actor: Actor, declarationId: string, how: 'withdraw' | 'terminate', reason: string) {
  if (how === 'withdraw' && actor.role !== 'applicant') throw new ForbiddenError('only the project’s applicant may withdraw it');
  if (how === 'terminate' && actor.role !== 'city-admin') throw new ForbiddenError('only the city office may terminate a project');
  const project = await getVisibleProject(actor, declarationId);
  assertNotEnded(project);
  const to: ProjectStage = how === 'withdraw' ? 'withdrawn' : 'terminated';
  const error = how === 'withdraw' ? 'ProjectWithdrawn' : 'ProjectTerminated';
  // The stop is in the outbox with the move, so a crash between the two still stops it.
  const stop = (executionArn: string) => stopIntent(executionArn, declarationId, error, reason);
  const intents = project.executionArn ? [stop(project.executionArn)] : [];
  await moveProject(
    declarationId,
    { from: project.stage, to, set: { lastReason: reason } },
    { actor: actor.username, action: how === 'withdraw' ? 'project.withdrawn' : 'project.terminated', reason },
    intents,
  );
  await faultPoint('project.ended');
  await closeTasksOfEndedProject(declarationId);
  for (const intent of intents) await carryOutNow(intent);
  // A next leg that recorded itself between the read and the move is stopped as well.
  const { executionArn } = await getProject(declarationId, true);
  if (executionArn && executionArn !== project.executionArn) await carryOutNow(await intentOrPut(stop(executionArn)));
  return projectView(actor, declarationId);
}

function milestoneList(m: Milestones, project: ProjectItem) {
  const at = (key: string, labelZh: string, labelEn: string, date: string, done: boolean) => ({ key, labelZh, labelEn, at: date, done });
  const stage = project.stage;
  const inAcceptance = phaseOf(stage) !== 'construction';
  return [
    at('constructionStarts', '立项，建设开始', 'Construction starts', m.constructionStartsAt, true),
    // A kind with a single 结项验收 has no mid-term to show.
    ...(project.lifecycle === 'acceptance-only'
      ? []
      : [
          at('midterm', '中期检查', 'Mid-term check', m.midtermAt, project.midtermDone || inAcceptance),
          at(
            'midtermReportDue',
            '中期报告截止',
            'Mid-term report due',
            m.midtermReportDueAt,
            project.midterm?.report !== undefined || inAcceptance,
          ),
        ]),
    at('acceptanceOpens', '验收申请开始', 'Acceptance application opens', m.acceptanceOpensAt, inAcceptance),
    at(
      'constructionEnds',
      '建设期结束；验收申请截止',
      'Construction ends; acceptance application due',
      m.constructionEndsAt,
      project.acceptance?.application !== undefined || phaseOf(stage) === 'closed',
    ),
  ];
}

/**
 * What the applicant, its district, the city office and the acceptance experts see: where the
 * project stands, its milestones and due dates, KPI targets against the actuals reported at
 * mid-term and acceptance (met / not met, shortfall), the results, and the open tasks.
 */
export async function projectView(actor: Actor, declarationId: string) {
  const project = await getVisibleProject(actor, declarationId);
  const tasks = await openTasksOf(declarationId);
  // The confirmed task book's targets (issue 21.1), checked year by year (issue 21.2).
  const targets = projectTargets(project);
  const milestones = project.milestones as Milestones;
  const years = projectYears(milestones);
  const actuals = actualsOfProject(project);
  const check = (which: 'midterm' | 'acceptance', at: string) => evaluatePeriods(targets, years, actuals, which, new Date(at));
  const midterm = project.midterm as { report?: unknown } | undefined;
  const acceptance = project.acceptance as { application?: unknown } | undefined;
  const namedTitle = titleView(project, clock().now());
  return {
    ...declarationFor(actor, project),
    ...(namedTitle ? { titleStatus: namedTitle.status } : {}),
    namedTitle,
    kpiTargets: targets,
    phase: phaseOf(project.stage),
    stageLabel: projectStageLabels[project.stage],
    standing: projectStanding(project),
    milestoneList: milestoneList(project.milestones as Milestones, project),
    kpis: {
      midterm: midterm?.report ? check('midterm', milestones.midtermAt) : null,
      acceptance: acceptance?.application ? check('acceptance', milestones.constructionEndsAt) : null,
      /** Every period: its target, the actual reported, the attainment (达成率). */
      periods: check('acceptance', milestones.constructionEndsAt).items,
      years,
    },
    /** What the kind asks for on each report (issue 21.3); what was uploaded is `reportMaterials`. */
    reportMaterialsAsked: (await settingsOfProject(project)).reportMaterials,
    openTasks: tasksFor(actor, tasks).map(publicTask),
  };
}

/** Where the established ones among these declarations stand as projects, for lists; those the asker may not see are left out. */
export async function projectStandings(
  actor: Actor,
  declarationIds: string[],
): Promise<Record<string, { phase: ProjectPhase; standing: { zh: string; en: string } }>> {
  if (declarationIds.length === 0) return {};
  const { data } = await store()
    .entities.project.get(declarationIds.map((declarationId) => ({ declarationId })))
    .go();
  return Object.fromEntries(
    data
      .filter((p) => canSeeDeclaration(actor, p))
      .map((p) => [p.declarationId, { phase: phaseOf(p.stage), standing: projectStanding(p) }]),
  );
}
