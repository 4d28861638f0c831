import { proposeExperts } from '../../core/assignment';
import { WORKFLOW_ACTOR, workflowActor } from '../../core/identity';
import { combinedScoreText } from '../../core/labels';
import { ConflictError, ValidationError } from '../../core/errors';
import { missingReportMaterials, type ProjectReportMaterials } from '../../core/report-materials';
import { coded } from '../../core/problem-codes';
import type { Actor } from '../../core/identity';
import { ADMIN_GRACE_DAYS, dueIn } from '../../core/projects';
import { combine, criterionMeans, type Scores } from '../../core/scoring';
import { clock } from '../adapters/clock';
import { store } from '../adapters/entities';
import { auditItem } from './audit';
import { requireCityAdmin } from './calls';
import { checkChoice, expertPool, loads } from './expert-pool';
import { getProject, getVisibleProject, recordOnProject, settingsOfProject } from './projects';
import { closeTasks, completeTask, openTasksOf, publicTask } from './tasks';

/**
 * Assessment (考核验收) by experts: assigned with 回避 by the selection's own rules (core/assignment),
 * scored against the call's acceptance rubric and combined as the call combines (core/scoring).
 */
export async function assignAcceptanceExperts(actor: Actor, declarationId: string, chosen?: string[]) {
  requireCityAdmin(actor);
  const project = await getVisibleProject(actor, declarationId);
  const task = (await openTasksOf(declarationId)).find((t) => t.kind === 'acceptance_assignment');
  if (project.stage !== 'acceptance_assignment' || !task) {
    throw new ConflictError(
      `acceptance experts are assigned once the acceptance application is in; the project is ${project.stage}`,
      { stage: project.stage },
      { coded: coded('acceptance-experts-not-yet', { stage: project.stage }) },
    );
  }
  const settings = await settingsOfProject(project);
  const pool = await expertPool();
  const experts = chosen
    ? checkChoice(pool, project, chosen)
    : proposeExperts(pool, project, settings.expertsPerDeclaration, await loads(pool));
  if (experts.length === 0)
    throw new ConflictError(
      'no expert in the pool may assess this project (回避)',
      { pool: pool.length },
      { coded: coded('no-eligible-expert') },
    );
  const usernames = experts.map((e) => e.username);
  const due = dueIn(clock().now(), settings.projectDeadlines.acceptanceReview, settings.calendarOverrides);
  const done = await completeTask(task, actor, {
    audit: {
      action: 'acceptance.experts_assigned',
      fromStage: 'acceptance_assignment',
      toStage: 'acceptance_review',
      reason: usernames.join(', '),
    },
    output: { outcome: 'assigned', experts: usernames, ...due },
    extra: ({ project: p }) => [
      p
        .patch({ declarationId })
        .set({ stage: 'acceptance_review', experts: usernames, scoresIn: 0, updatedAt: clock().now().toISOString() })
        .add({ version: 1 })
        .where(({ stage }, { eq }) => eq(stage, 'acceptance_assignment'))
        .commit(),
    ],
  });
  return { task: publicTask(done), experts: usernames, reviewDueAt: due.dueAt };
}

/** The last sheet finishes the scoring; the sweep calls this too, for a crash between the two writes. */
export async function finishAcceptanceIfAllIn(declarationId: string) {
  const current = await getProject(declarationId, true);
  if ((current.scoresIn ?? 0) >= (current.experts?.length ?? Infinity)) await finishAcceptanceScoring(declarationId, 'all-scored');
}

/**
 * Ends the scoring: when all have scored (the waiting execution is told, with the decision's due
 * date), or at the deadline with what is in (the execution timed out and is not waiting).
 */
export async function finishAcceptanceScoring(declarationId: string, why: 'all-scored' | 'deadline') {
  const project = await getProject(declarationId, true);
  if (project.stage !== 'acceptance_review') return;
  const settings = await settingsOfProject(project);
  const { data: sheets } = await store().entities.acceptanceSheet.query.byDeclaration({ declarationId }).go({ pages: 'all' });
  const missing = (project.experts ?? []).filter((e) => !sheets.some((s) => s.expert === e));
  const score = {
    ...combine(
      sheets.map((s) => s.weighted),
      settings.scoring,
    ),
    criterionMeans: criterionMeans(
      settings.acceptanceRubric,
      sheets.map((s) => s.scores as Scores),
    ),
    missing,
  };
  const reason = combinedScoreText(score, missing.length);
  const open = await openTasksOf(declarationId);
  const stageTask = open.find((t) => t.kind === 'acceptance_review');
  const move = ({ project: p }: Parameters<NonNullable<Parameters<typeof completeTask>[2]['extra']>>[0]) => [
    p
      .patch({ declarationId })
      .set({ stage: 'acceptance_decision', score, updatedAt: clock().now().toISOString() })
      .add({ version: 1 })
      .where(({ stage }, { eq }) => eq(stage, 'acceptance_review'))
      .commit(),
  ];
  if (why === 'all-scored' && stageTask) {
    const due = dueIn(clock().now(), settings.projectDeadlines.acceptanceDecision, settings.calendarOverrides, ADMIN_GRACE_DAYS);
    try {
      await completeTask(stageTask, workflowActor, {
        audit: { action: 'acceptance.scoring_completed', fromStage: 'acceptance_review', toStage: 'acceptance_decision', reason },
        output: { outcome: 'scored', combined: score.combined, ...due },
        extra: move,
      });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error; // another expert's request finished it
    }
    return;
  }
  await store()
    .transaction.write((entities) => [
      ...move(entities),
      entities.auditEvent
        .create(
          auditItem({
            declarationId,
            actor: WORKFLOW_ACTOR,
            action: 'acceptance.scoring_deadline',
            fromStage: 'acceptance_review',
            toStage: 'acceptance_decision',
            reason,
          }),
        )
        .commit(),
    ])
    .go();
  await closeTasks(open.filter((t) => t.kind === 'acceptance_score' || t.kind === 'acceptance_review'));
}

/** Acceptance sheets: the city office sees all; an assigned expert sees others' once their own is in. */
export async function acceptanceScoresOf(actor: Actor, declarationId: string) {
  const project = await getVisibleProject(actor, declarationId);
  const { data: sheets } = await store().entities.acceptanceSheet.query.byDeclaration({ declarationId }).go({ pages: 'all' });
  if (actor.role === 'city-admin') return { items: sheets, score: project.score ?? null };
  if (actor.role === 'expert' && !sheets.some((s) => s.expert === actor.username))
    return { items: [], score: null, hidden: 'score your own sheet first' };
  if (actor.role === 'expert') return { items: sheets, score: project.score ?? null };
  return { items: [], score: project.score ?? null };
}

/** A recorded site visit (实地考察) while the project is being assessed. */
export async function recordSiteVisit(
  actor: Actor,
  declarationId: string,
  visit: { visitedAt: string; visitors: string[]; findings: string },
) {
  requireCityAdmin(actor);
  const project = await getVisibleProject(actor, declarationId);
  const during = ['acceptance_assignment', 'acceptance_review', 'acceptance_decision', 'acceptance_rectification'];
  if (!during.includes(project.stage))
    throw new ConflictError(
      `site visits are recorded during assessment; the project is ${project.stage}`,
      { stage: project.stage },
      { coded: coded('site-visit-not-now', { stage: project.stage }) },
    );
  // The files the kind requires of a site visit are uploaded first (issue 21.3), and the visit keeps them.
  const files = project.reportMaterials as ProjectReportMaterials | undefined;
  const missing = missingReportMaterials((await settingsOfProject(project)).reportMaterials, 'site-visit', files);
  if (missing.length) throw new ValidationError(missing);
  const now = clock().now().toISOString();
  const entry = {
    ...visit,
    visitedAt: new Date(visit.visitedAt).toISOString(),
    recordedBy: actor.username,
    recordedAt: now,
    ...(files?.['site-visit']?.length ? { materials: files['site-visit'] } : {}),
  };
  const visits = [...((project.siteVisits as unknown[]) ?? []), entry];
  await recordOnProject(
    project,
    { siteVisits: visits },
    {
      actor: actor.username,
      action: 'acceptance.site_visit',
      reason: `${entry.visitedAt.slice(0, 10)} ${visit.visitors.join('、')}：${visit.findings}`.slice(0, 1000),
    },
  );
  return entry;
}
