import { z } from '@hono/zod-openapi';
import { kpiMeasures } from '../../core/kpis';
import { kpiPeriods } from '../../core/kpi-periods';
import { projectStages } from '../../core/projects';
import { Task } from './schemas';

/** The project's response shape (construction, acceptance, report files), checked against its entity like the others in schemas.ts. */
const KpiResult = z.object({
  key: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  unit: z.string(),
  measure: z.enum(kpiMeasures),
  target: z.number(),
  actual: z.number().nullable(),
  met: z.boolean(),
  shortfall: z.number(),
  // Yearly KPIs (issue 21.2): which period a row is for, its whole target, the attainment.
  period: z.enum(kpiPeriods).optional(),
  year: z.number().int().nullable().optional().meta({ description: 'the year of construction a yearly target is for; null otherwise' }),
  periodLabel: z.object({ zh: z.string(), en: z.string() }).optional(),
  periodTarget: z.number().optional().meta({ description: "the whole period's target; `target` is the part due at this check" }),
  attainment: z.number().nullable().optional().meta({ description: "actual / the period's target, in % (达成率)" }),
});
const KpiEvaluation = z
  .object({ items: z.array(KpiResult), met: z.number().int(), total: z.number().int(), allMet: z.boolean() })
  .openapi('KpiEvaluation');

export const ProjectView = z
  .object({
    declarationId: z.string(),
    callId: z.string(),
    kind: z.string(),
    organisationId: z.string(),
    districtId: z.string(),
    title: z.string(),
    phase: z.enum(['construction', 'acceptance', 'closed']),
    stage: z.enum(projectStages),
    stageLabel: z.object({ zh: z.string(), en: z.string() }),
    standing: z.object({ zh: z.string(), en: z.string() }).openapi({
      description: 'where the project stands: its stage, or once accepted its result (优秀/合格, named, recommended to the province)',
    }),
    milestones: z.object({
      constructionStartsAt: z.string(),
      midtermAt: z.string(),
      midtermReportDueAt: z.string(),
      acceptanceOpensAt: z.string(),
      constructionEndsAt: z.string(),
      acceptanceApplicationDueAt: z.string(),
    }),
    milestoneList: z.array(z.object({ key: z.string(), labelZh: z.string(), labelEn: z.string(), at: z.string(), done: z.boolean() })),
    kpiTargets: z.array(z.unknown()),
    kpis: z.object({
      midterm: KpiEvaluation.nullable().meta({
        description: 'against the part of each target due by the mid-term (pro-rated, the first year’s or the whole, as the KPI states)',
      }),
      acceptance: KpiEvaluation.nullable().meta({ description: 'each year against its target' }),
      periods: z.array(KpiResult).meta({ description: 'every target by period: target, actual, attainment' }),
      years: z.array(z.object({ index: z.number().int(), startsAt: z.string(), endsAt: z.string() })),
    }),
    taskBook: z.unknown().optional().meta({
      description:
        'the task book (任务书): its versions (targets, proposed, confirmed by whom and when) and confirmedVersion, the one checked',
    }),
    periodActuals: z
      .record(z.string(), z.record(z.string(), z.number()))
      .optional()
      .meta({ description: 'KPI actuals by year of construction (1, 2, …)' }),
    lifecycle: z
      .enum(['construction', 'acceptance-only'])
      .optional()
      .meta({ description: "'acceptance-only': a single 结项验收 at the end of construction, no mid-term; absent: construction" }),
    midtermDone: z.boolean(),
    midterm: z.unknown().optional(),
    acceptance: z.unknown().optional(),
    acceptanceRectified: z.boolean().optional(),
    experts: z.array(z.string()).optional(),
    scoresIn: z.number().optional(),
    score: z.unknown().optional(),
    siteVisits: z.unknown().optional(),
    reportMaterials: z.unknown().optional().meta({
      description: 'the files on each report (中期报告, 整改报告, 验收申请, 现场考察), by report and material key: name, type, size, when',
    }),
    reportMaterialsAsked: z.unknown().optional().meta({
      description: "the files the kind asks for on each report (the call's copy of its kind's reportMaterials), required or not",
    }),
    naming: z.unknown().optional().meta({
      description: '命名授牌: title, namedAt, grade, number (文号), year, seq (its number within the year), validUntil',
    }),
    titleStatus: z
      .enum(['valid', 'rectifying', 'revoked', 'expired'])
      .optional()
      .meta({ description: "a named title's standing, as shown (expired as soon as its validity passed without a 复核 under way)" }),
    titleReviewStage: z
      .enum(['scheduled', 'self_assessment', 'office_review', 'rectification', 'recheck', 'closed'])
      .optional()
      .meta({ description: 'where the title’s 复核 (workflows/review) stands' }),
    titleReview: z.unknown().optional().meta({
      description: 'the 复核 record: round, period start, next opening, reports, every decision (with the 复核专家组 named, if any)',
    }),
    namedTitle: z.unknown().optional().meta({
      description: 'the named title as read now: naming, status and its Chinese label, next 复核, the 复核 record; null when not named',
    }),
    provinceRecommendation: z.unknown().optional(),
    finalAccounts: z.unknown().optional().meta({
      description: 'the 决算 as the applicant submitted it (issue 23.4); GET /projects/{id}/funding shows whether it reconciles',
    }),
    funding: z.unknown().optional().meta({
      description: 'the grant, its tranches and payments as stored (issue 23); GET /projects/{id}/funding shows them with their standing',
    }),
    lastReason: z.string().optional(),
    executionArn: z.string().optional(),
    executions: z.array(z.string()).optional(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    openTasks: z.array(Task),
    year: z.number().int().optional().meta({ description: 'its call’s year (the portfolio’s keys, issue 22.1)' }),
    batch: z.number().int().optional().meta({ description: 'its call’s batch' }),
    nextDueAt: z.string().optional().meta({ description: 'the next milestone it owes (9999-12-31 once none)' }),
    kpiAttainment: z.enum(['met', 'unmet', 'none']).optional().meta({ description: 'whether the latest KPI actuals meet every target' }),
  })
  .openapi('Project');

/** A row of the portfolio (GET /projects): names, never ids, beside the project's id for its link. */
export const PortfolioRow = z
  .object({
    projectId: z.string(),
    title: z.string(),
    kind: z.string(),
    kindName: z.string(),
    year: z.number().int().nullable(),
    batch: z.number().int().nullable(),
    organisationName: z.string(),
    districtName: z.string(),
    stage: z.enum(projectStages),
    phase: z.enum(['construction', 'acceptance', 'closed']),
    standing: z.string().meta({ description: 'where it stands, in Chinese (the stage, or the acceptance grade once accepted)' }),
    nextDueAt: z.string().nullable().meta({ description: 'the next milestone the project owes; null once it owes none' }),
    nextDue: z.string().nullable().meta({ description: 'which milestone, in Chinese' }),
    overdue: z.boolean(),
    kpiAttainment: z.enum(['met', 'unmet', 'none']),
    titleStatus: z.enum(['valid', 'rectifying', 'revoked', 'expired', 'none']),
  })
  .openapi('PortfolioRow');
const TaskBookVersion = z.object({
  version: z.number().int(),
  status: z.enum(['proposed', 'confirmed', 'superseded']),
  targets: z.array(z.unknown()).meta({ description: 'each KPI with its target, unit, period, mid-term rule and the kind’s minimum' }),
  proposedAt: z.string(),
  proposedBy: z.string(),
  comment: z.string().optional(),
  confirmedAt: z.string().optional(),
  confirmedBy: z.string().optional(),
  deemed: z.boolean().optional().meta({ description: 'confirmed because the confirmation timed out (视为确认)' }),
});
export const TaskBookView = z
  .object({
    declarationId: z.string(),
    confirmedVersion: z.number().int().nullable(),
    targets: z.array(z.unknown()).meta({ description: 'the targets in force: the confirmed version’s' }),
    versions: z.array(TaskBookVersion),
    confirmation: Task.nullable(),
  })
  .openapi('TaskBook');
