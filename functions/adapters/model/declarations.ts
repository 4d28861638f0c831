import { Entity } from 'electrodb';
import { projectStages } from '../../../core/projects';
import { stages, taskKinds } from '../../../core/stages';
import { titleReviewStages, titleStatuses } from '../../../core/titles';
import { service, sweepAttributes } from './common';

/** A declaration (申报) and what its life records: its tasks, audit trail, experts' sheets and, once established, its project. */
export const declaration = new Entity({
  model: { entity: 'declaration', version: '1', service },
  attributes: {
    declarationId: { type: 'string', required: true },
    callId: { type: 'string', required: true },
    kind: { type: 'string', required: true },
    organisationId: { type: 'string', required: true },
    districtId: { type: 'string', required: true },
    applicant: { type: 'string', required: true },
    title: { type: 'string', required: true },
    summary: { type: 'string' },
    contactName: { type: 'string' },
    contactPhone: { type: 'string' },
    fields: { type: 'any' },
    materials: { type: 'any' },
    stage: { type: stages, required: true },
    districtRank: { type: 'number' },
    experts: { type: 'list', items: { type: 'string' } },
    /** 专家邀请 (core/invitations.ts): how many must accept, everyone asked, who accepted, whose invitation ended unaccepted. */
    expertsWanted: { type: 'number' },
    invitedExperts: { type: 'list', items: { type: 'string' } },
    acceptedExperts: { type: 'list', items: { type: 'string' } },
    closedInvitations: { type: 'list', items: { type: 'string' } },
    /** Experts the applicant declared a relationship with (申明回避), by username: never drawn or picked. */
    avoidExperts: { type: 'list', items: { type: 'string' } },
    /** How many assigned experts have scored; the last one completes the stage. */
    scoresIn: { type: 'number' },
    /** The combined score and how it was reached (core/scoring.ts `Combined`, plus criterion means). */
    score: { type: 'any' },
    shortlisted: { type: 'boolean' },
    objectionUpheld: { type: 'boolean' },
    /** Bumped by every write, so racing writers are told apart by a condition. */
    version: { type: 'number', required: true },
    submissions: { type: 'number', required: true, default: 0 },
    executionArn: { type: 'string' },
    lastReason: { type: 'string' },
    createdAt: { type: 'string', required: true },
    updatedAt: { type: 'string', required: true },
    submittedAt: { type: 'string' },
    /** The eligibility counters its submission added one to (model/eligibility.ts), released on withdrawal. */
    countedIn: { type: 'list', items: { type: 'string' } },
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['declarationId'] }, sk: { field: 'sk', composite: [] } },
    byCall: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: ['callId'] },
      sk: { field: 'gsi1sk', composite: ['createdAt', 'declarationId'] },
    },
    byOrganisation: {
      index: 'gsi2',
      pk: { field: 'gsi2pk', composite: ['organisationId'] },
      sk: { field: 'gsi2sk', composite: ['createdAt', 'declarationId'] },
    },
    byDistrict: {
      index: 'gsi3',
      pk: { field: 'gsi3pk', composite: ['districtId'] },
      sk: { field: 'gsi3sk', composite: ['createdAt', 'declarationId'] },
    },
  },
});

export const task = new Entity({
  model: { entity: 'task', version: '1', service },
  attributes: {
    taskId: { type: 'string', required: true },
    declarationId: { type: 'string', required: true },
    callId: { type: 'string', required: true },
    kind: { type: taskKinds, required: true },
    assignee: { type: 'string', required: true },
    /** An expert_score task's expert (its assignee is user:<expert>). */
    expert: { type: 'string' },
    status: { type: ['open', 'decided', 'closed'] as const, required: true },
    dueAt: { type: 'string', required: true },
    taskToken: { type: 'string', required: true },
    executionArn: { type: 'string', required: true },
    /** The decision's payload for Step Functions; kept so a lost callback can be replayed. */
    decision: { type: 'any' },
    decidedBy: { type: 'string' },
    decidedAt: { type: 'string' },
    callback: { type: ['none', 'pending', 'sent'] as const, required: true, default: 'none' },
    createdAt: { type: 'string', required: true },
    /** When the current due date was set (opened or extended): reminders before it are not sent late. */
    remindFrom: { type: 'string' },
    /** Who assigned an expert's task, told if it is overdue too long. */
    assignedBy: { type: 'string' },
    /** Every extension: { from, to, reason, by, at }, oldest first. */
    extensions: { type: 'any' },
    /** Years its due date was counted through without their holiday schedule (the office is warned). */
    uncoveredYears: { type: 'list', items: { type: 'number' } },
    /** A due date counted in working days: from when and how many, so a calendar change can recount it. */
    dueFrom: { type: 'string' },
    dueWorkingDays: { type: 'number' },
    /** A task no execution waits on (a task book's confirmation): when the sweep times it out. */
    timeoutAt: { type: 'string' },
    ...sweepAttributes,
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['taskId'] }, sk: { field: 'sk', composite: [] } },
    byAssignee: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: ['assignee'] },
      sk: { field: 'gsi1sk', composite: ['status', 'dueAt', 'taskId'] },
    },
    byDeclaration: {
      index: 'gsi2',
      pk: { field: 'gsi2pk', composite: ['declarationId'] },
      sk: { field: 'gsi2sk', composite: ['createdAt', 'taskId'] },
    },
  },
});

/**
 * One expert's score sheet for one declaration or project: the selection's (entity `scoresheet`)
 * and the acceptance's (考核验收, entity `acceptancesheet`) have one shape. They stay two entities
 * because the entity's name is part of each stored item's sort key (`$scoresheet_1#expert_…`) and
 * a project shares its declaration's id, hence its partition: one entity would change the keys of
 * the sheets already stored, and mix the two kinds in one query.
 */
function expertSheet<Name extends string>(entity: Name) {
  return new Entity({
    model: { entity, version: '1', service },
    attributes: {
      declarationId: { type: 'string', required: true },
      expert: { type: 'string', required: true },
      scores: { type: 'any', required: true },
      weighted: { type: 'number', required: true },
      comment: { type: 'string', required: true },
      submittedAt: { type: 'string', required: true },
    },
    indexes: {
      byDeclaration: { pk: { field: 'pk', composite: ['declarationId'] }, sk: { field: 'sk', composite: ['expert'] } },
    },
  });
}

export const scoreSheet = expertSheet('scoresheet');
export const acceptanceSheet = expertSheet('acceptancesheet');

/**
 * An established project through construction and acceptance; its id is its declaration's, so the
 * tasks, audit trail and visibility of the declaration carry over. `stage` is the project's own
 * (core/projects.ts); the declaration's selection stage stays `approved`.
 */
export const project = new Entity({
  model: { entity: 'project', version: '1', service },
  attributes: {
    declarationId: { type: 'string', required: true },
    callId: { type: 'string', required: true },
    kind: { type: 'string', required: true },
    organisationId: { type: 'string', required: true },
    districtId: { type: 'string', required: true },
    title: { type: 'string', required: true },
    stage: { type: projectStages, required: true },
    /** core/projects.ts `Milestones`. */
    milestones: { type: 'any', required: true },
    /** The call's KPI targets when the project was established. */
    kpiTargets: { type: 'any', required: true },
    /** The kind's lifecycle when established: 'acceptance-only' has no mid-term (it starts done). Absent: 'construction'. */
    lifecycle: { type: ['construction', 'acceptance-only'] as const },
    midtermDone: { type: 'boolean', required: true, default: false },
    /** Reports, actuals and results of the mid-term check: { report, rectification, review, recheck }. */
    midterm: { type: 'any' },
    /** The acceptance application, rectification and result. */
    acceptance: { type: 'any' },
    acceptanceRectified: { type: 'boolean' },
    /** Experts assigned at acceptance (they may see the project while assigned). */
    experts: { type: 'list', items: { type: 'string' } },
    scoresIn: { type: 'number' },
    score: { type: 'any' },
    siteVisits: { type: 'any' },
    /** Files on its reports by report (core/report-materials.ts `ProjectReportMaterials`). */
    reportMaterials: { type: 'any' },
    /** 命名授牌: { title, namedAt, grade, number (文号), year, seq, validUntil } (core/titles.ts). */
    naming: { type: 'any' },
    /** The named title's standing, kept for filtering and shown everywhere (issue 21.5). */
    titleStatus: { type: titleStatuses },
    /** The title's 复核 (workflows/review): { stage, round, opensAt, from, rounds, executionArn, executions, ... }. */
    titleReview: { type: 'any' },
    /** Where the 复核 stands (core/titles.ts `titleReviewStages`); the review workflow routes on it, decisions are conditional on it. */
    titleReviewStage: { type: titleReviewStages },
    provinceRecommendation: { type: 'any' },
    /** The grant, its tranches and payments (core/funding.ts `Funding`, issue 23). */
    funding: { type: 'any' },
    /** The 决算 submitted with the acceptance application (core/expenditure.ts `FinalAccounts`, issue 23.4). */
    finalAccounts: { type: 'any' },
    /** The task book (core/task-book.ts `TaskBook`): its versions and the one confirmed (issue 21.1). */
    taskBook: { type: 'any' },
    /** KPI actuals by year of construction (core/kpi-periods.ts `PeriodActuals`, issue 21.2). */
    periodActuals: { type: 'any' },
    lastReason: { type: 'string' },
    /** The phase execution now running, and every one the project has had, oldest first. */
    executionArn: { type: 'string' },
    executions: { type: 'list', items: { type: 'string' } },
    version: { type: 'number', required: true },
    createdAt: { type: 'string', required: true },
    updatedAt: { type: 'string', required: true },
    /**
     * The portfolio's keys (issue 22.1, core/portfolio.ts): its call's year and batch, the next due
     * date (the sort key; rewritten with every stage change) and the KPI attainment, written at
     * 立项. A project established before they existed is in no portfolio index until backfilled.
     */
    year: { type: 'number' },
    batch: { type: 'number' },
    nextDueAt: { type: 'string' },
    kpiAttainment: { type: ['met', 'unmet', 'none'] as const },
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['declarationId'] }, sk: { field: 'sk', composite: [] } },
    /** The office's portfolio, one partition per year, by next due date. */
    portfolioByYear: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: ['year'] },
      sk: { field: 'gsi1sk', composite: ['nextDueAt', 'declarationId'] },
    },
    /** A district's, per year. */
    portfolioByDistrict: {
      index: 'gsi2',
      pk: { field: 'gsi2pk', composite: ['districtId', 'year'] },
      sk: { field: 'gsi2sk', composite: ['nextDueAt', 'declarationId'] },
    },
    /** An organisation's, all years. */
    portfolioByOrganisation: {
      index: 'gsi3',
      pk: { field: 'gsi3pk', composite: ['organisationId'] },
      sk: { field: 'gsi3sk', composite: ['nextDueAt', 'declarationId'] },
    },
  },
});

export const auditEvent = new Entity({
  model: { entity: 'audit', version: '1', service },
  attributes: {
    declarationId: { type: 'string', required: true },
    eventId: { type: 'string', required: true },
    at: { type: 'string', required: true },
    actor: { type: 'string', required: true },
    /** The actor's name when the event was written (functions/services/audit.ts); absent on older events and the workflow's. */
    actorName: { type: 'string' },
    action: { type: 'string', required: true },
    fromStage: { type: 'string' },
    toStage: { type: 'string' },
    reason: { type: 'string' },
    taskId: { type: 'string' },
    /** The request or step that wrote it, as its log lines carry it (functions/adapters/correlation.ts). */
    correlationId: { type: 'string' },
  },
  indexes: {
    byDeclaration: {
      pk: { field: 'pk', composite: ['declarationId'] },
      sk: { field: 'sk', composite: ['at', 'eventId'] },
    },
  },
});
