import { z } from 'zod';
import { reportMaterialsDefinition } from './report-materials';
import { eligibilityRules } from './eligibility';
import { formDefinition, MAX_FIELDS } from './form-definition';
import { kindKey } from './kind-definition';
import { scoringMethods } from './kinds';
import { kpiMeasures } from './kpis';
import { kpiTermsShape } from './kpi-periods';
import { count, figure, score, weight } from './numbers';
import { phone } from './phone';
import { issueCode, KEY_FORMAT } from './problem-codes';
import { keyedRecord } from './records';
import { decisionOutcomes } from './stages';
import { personText } from './text';

/**
 * Input shapes, validated at the API edge. Objects are strict (unknown fields are refused, so no
 * mass assignment), every string, array and record is bounded, every number is of a kind
 * (core/numbers.ts), text is clean (core/text.ts: line breaks only where a textarea sends them,
 * the same `maxLength > 200` rule the pages use) and no record takes a reserved key (core/records.ts).
 */
const text = (max: number) => personText(max, { multiline: max > 200 });
/** Optional long text that may be left empty (a comment). */
const optionalText = (max: number) => personText(max, { multiline: true, min: 0 });
const isoInstant = z.iso.datetime({ offset: true });
export const configKey = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/, KEY_FORMAT);
/** An id or username named in a body: it becomes part of a key, so it has the ids' alphabet. */
const reference = z.string().regex(/^[A-Za-z0-9._@+-]{1,100}$/, 'an id of letters, digits, or . _ @ + -');
const somethingToChange = (o: object) => Object.keys(o).length > 0;
const nothingToChange = { message: 'nothing to change: name at least one field', ...issueCode('nothing-to-change') };
/**
 * A record whose keys have a format: the OpenAPI document states it (propertyNames, maxProperties),
 * since the generator leaves a record's key schema out.
 */
const boundedRecord = <T extends z.ZodType>(value: T, max: number, key: z.ZodType<string, string> = configKey, what = 'entries') =>
  keyedRecord(key, value, max, what).meta({ propertyNames: keyFormat(key), maxProperties: max });
const keyFormat = (key: z.ZodType) => {
  const { $schema: _, ...format } = z.toJSONSchema(key) as Record<string, unknown>;
  return format;
};
/** A PATCH names at least one field; the document says so, as the refinement cannot. */
const patchOf = <T extends z.ZodType<object>>(schema: T) => schema.refine(somethingToChange, nothingToChange).meta({ minProperties: 1 });

export const workingDays = count(1, 60);
const labelled = { key: configKey, labelZh: text(100), labelEn: text(100) };
const rubric = z
  .array(z.strictObject({ ...labelled, weight, maxScore: count(1, 100), fundsUse: z.literal(true).optional() }))
  .min(1)
  .max(20);

export const callConfig = {
  quota: count(1, 1000),
  districtCaps: boundedRecord(count(0, 1000), 100),
  defaultDistrictCap: count(0, 1000),
  /** The typed declaration form (core/form-definition.ts). */
  form: formDefinition,
  materials: z.array(z.strictObject({ ...labelled, required: z.boolean() })).max(30),
  /** Files the project's reports carry, by report (core/report-materials.ts). */
  reportMaterials: reportMaterialsDefinition,
  rubric,
  acceptanceRubric: rubric,
  kpiTargets: z
    .array(z.strictObject({ ...labelled, unit: text(20), target: figure, measure: z.enum(kpiMeasures).optional(), ...kpiTermsShape }))
    .max(30),
  deadlines: z
    .strictObject({
      districtRecommendation: workingDays,
      formalReview: workingDays,
      correction: workingDays,
      expertAssignment: workingDays,
      expertInvitation: workingDays,
      expertReview: workingDays,
      shortlist: workingDays,
    })
    .partial(),
  projectDeadlines: z
    .strictObject({
      midtermReport: workingDays.max(25),
      midtermReview: workingDays.max(15),
      rectification: workingDays.max(40),
      acceptanceAssignment: workingDays.max(15),
      acceptanceReview: workingDays.max(20),
      acceptanceDecision: workingDays.max(15),
    })
    .partial(),
  constructionMonths: count(1, 60),
  expertsPerDeclaration: count(1, 15),
  /** The specialties the draw asks for, codes of the office's list (checked against it when saved); none: any. */
  expertSpecialties: z.array(configKey).max(20),
  scoring: z.enum(scoringMethods),
  /** Criteria (keys of the rubric) whose means break a tie, in order; then the earlier submission. */
  tieBreak: z.array(configKey).max(20),
  noticeWorkingDays: count(1, 30),
  escalationWorkingDays: count(1, 30),
  /** Who may declare, judged at submission (core/eligibility.ts). */
  eligibility: eligibilityRules,
  /** Dates the calendar package does not know yet (date → working day or not). */
  calendarOverrides: boundedRecord(z.boolean(), 400, z.iso.date(), 'dates'),
  /** The call's guidelines (申报指南) as the public pages show them (issue 22.4). */
  guidelines: optionalText(20_000),
  /** Whether the public notice (公示) shows each project's combined score; off unless the office says so (issue 22.4). */
  publishNoticeScores: z.boolean(),
};

export const createCallInput = z
  .strictObject({
    kind: kindKey,
    /** The kind's version the call copies; absent: its latest. */
    kindVersion: count(1, 10_000).optional(),
    year: count(2000, 2100),
    batch: count(1, 20).default(1),
    title: text(200),
    opensAt: isoInstant,
    closesAt: isoInstant,
  })
  .extend(z.object(callConfig).partial().shape);
export type CreateCallInput = z.infer<typeof createCallInput>;

export const updateCallInput = patchOf(
  z
    .strictObject({ title: text(200), opensAt: isoInstant, closesAt: isoInstant })
    .extend(z.object(callConfig).shape)
    .partial(),
);
export type UpdateCallInput = z.infer<typeof updateCallInput>;

export const materialInput = z.strictObject({
  key: configKey,
  fileName: text(200),
  contentType: z
    .string()
    .regex(/^[a-z]+\/[a-z0-9.+-]+$/, 'a MIME type')
    .max(100),
  sizeBytes: count(1, 50 * 1024 * 1024),
});

/**
 * What a form field's value may be at the edge, before the call's own form is known: text, a
 * number, yes/no, the options chosen, or a table's rows of such cells.
 */
const formCell = z.union([optionalText(20000), z.number(), z.boolean()]);
const anyFormValue = z.union([formCell, z.array(z.union([formCell, keyedRecord(configKey, formCell, 20, 'columns')])).max(500)]);

export const declarationFields = {
  title: text(200),
  summary: text(5000),
  contactName: text(50),
  contactPhone: phone,
};

export const createDeclarationInput = z.strictObject({
  title: declarationFields.title,
  summary: declarationFields.summary.optional(),
  contactName: declarationFields.contactName.optional(),
  contactPhone: declarationFields.contactPhone.optional(),
  /**
   * The call's own form's values by field key, each checked against its field (GET
   * /calls/{callId}/declaration-schema) at write and, complete, at submission.
   */
  fields: boundedRecord(anyFormValue, MAX_FIELDS)
    .optional()
    .describe(
      'The call’s own form’s values by field key (money in 分, a table as its rows); their schema per call: GET /calls/{callId}/declaration-schema',
    ),
  /** Attached materials, by the call's material key (uploaded with POST /declarations/{id}/materials/{key}/upload-form). */
  materials: z.array(materialInput).max(30).optional(),
  /** Experts the applicant declares a relationship with (申明回避), by username: never drawn or picked for it. */
  avoidExperts: z.array(reference).max(10).optional(),
});
export type CreateDeclarationInput = z.infer<typeof createDeclarationInput>;

export const updateDeclarationInput = patchOf(createDeclarationInput.partial());
export type UpdateDeclarationInput = z.infer<typeof updateDeclarationInput>;

/** What a declaration must hold before it can be submitted (the call's own fields checked apart). */
export const submittableDeclaration = z.object({
  title: declarationFields.title,
  summary: declarationFields.summary,
  contactName: declarationFields.contactName,
  contactPhone: declarationFields.contactPhone,
});

/**
 * One shape for every decision; which members a task kind needs is checked against the task
 * (each kind's rule in core/decisions/), so the error names the field the assignee must fill.
 */
/** Why the applicant withdraws its declaration (撤回申报), if it says. */
export const withdrawDeclarationInput = z.strictObject({ reason: optionalText(500).optional() });

export const decisionInput = z.strictObject({
  outcome: z.enum(decisionOutcomes).optional(),
  /** A district's rank of the declaration among those it recommends. */
  rank: count(1, 1000).optional(),
  /** An expert's score per rubric criterion. */
  scores: boundedRecord(score, 20).optional(),
  comment: optionalText(2000).optional(),
  /** Why an invited expert declines (required then; the city office reads it). */
  reason: optionalText(2000).optional(),
  /** A progress or final report (进展报告 / 总结报告) of a construction or acceptance task. */
  report: text(20000).optional(),
  /** Actual figures per KPI target of the call (checked against the targets in core/kpis.ts). */
  kpiActuals: boundedRecord(figure, 30).optional(),
  materials: z.array(materialInput).max(30).optional(),
  /** A mid-term review's rectification (整改) deadline; by default the call's working days. */
  rectificationDueAt: isoInstant.optional(),
  /** An excellent brand project recommended to the province (择优申报省级). */
  recommendToProvince: z.boolean().optional(),
  /** 复核专家组: the pool's experts who re-assessed a named centre with the office (title_review), by username. */
  reviewPanel: z.array(reference).min(1).max(15).optional(),
});
export type DecisionInput = z.infer<typeof decisionInput>;

export const assignExpertsInput = z.strictObject({
  /** Usernames from the expert pool; omitted, the system proposes an assignment. */
  experts: z.array(reference).min(1).max(15).optional(),
});

export const shortlistInput = z.strictObject({
  declarationIds: z.array(reference).min(1).max(1000),
});

export const objectionInput = z.strictObject({
  declarationId: reference,
  realName: text(50),
  reason: text(2000),
  evidence: optionalText(5000).optional(),
});

export const objectionHandlingInput = z.strictObject({
  outcome: z.enum(['upheld', 'dismissed']),
  note: text(2000),
});

/** Days (China dates, inclusive) an expert cannot take work. */
const unavailableWindow = z
  .strictObject({ from: z.iso.date(), to: z.iso.date() })
  .refine((w) => w.from <= w.to, { message: 'the window ends before it starts', path: ['to'], ...issueCode('window-ends-before-start') });

const expertFields = {
  displayName: text(100),
  districtId: reference,
  /** The employer (工作单位). */
  organisationId: reference,
  /** Codes of the office's specialty list (checked against it when saved). */
  specialties: z.array(configKey).max(10),
  /** 职称. */
  title: text(50),
  /** Organisations the expert must not review. */
  declaredConflicts: z.array(reference).max(20),
  unavailable: z.array(unavailableWindow).max(20),
  active: z.boolean(),
};

export const expertInput = z.strictObject({
  username: reference,
  displayName: expertFields.displayName,
  districtId: expertFields.districtId,
  organisationId: expertFields.organisationId,
  specialties: expertFields.specialties.optional(),
  title: expertFields.title.optional(),
  declaredConflicts: expertFields.declaredConflicts.optional(),
  unavailable: expertFields.unavailable.optional(),
  active: expertFields.active.optional(),
});
export type ExpertInput = z.infer<typeof expertInput>;

export const expertPatchInput = patchOf(z.strictObject(expertFields).partial());
export type ExpertPatchInput = z.infer<typeof expertPatchInput>;

/** The pool page's and GET /experts' filters. */
export const expertQuery = z.strictObject({
  specialty: configKey.optional(),
  district: reference.optional(),
  /** At most this many open tasks. */
  maxLoad: z.coerce.number().int().min(0).max(1000).optional(),
});

export const specialtyInput = z.strictObject({ code: configKey, nameZh: text(50), nameEn: text(100).optional() });

/** Withdrawal by the applicant or termination by the city office, always with the reason. */
export const endProjectInput = z.strictObject({ reason: text(2000) });

/** A recorded site visit (实地考察) during acceptance. */
export const siteVisitInput = z.strictObject({
  visitedAt: isoInstant,
  visitors: z.array(text(100)).min(1).max(20),
  findings: text(5000),
});

/** An admin's extension of a task's due date: a later instant, or a date (the end of that day in China). */
export const extensionInput = z.strictObject({
  dueAt: z.union([isoInstant, z.iso.date()]),
  reason: text(500),
});

/** A year of the office calendar, in the path: 2024–2099. */
export const calendarYearParam = z.string().regex(/^20[2-9]\d$/, 'a year from 2024 to 2099');
/** One year of the State Council's schedule: the days off and the 调休 make-up working days. */
export const yearScheduleInput = z.strictObject({
  holidays: z.array(z.iso.date()).max(80),
  workdays: z.array(z.iso.date()).max(20),
});
/** Saving it: the version the office saw (0 for a year not entered) and whether promised due dates move. */
export const calendarSaveInput = yearScheduleInput.extend({
  version: z.number().int().min(0),
  moveTasks: z.boolean(),
});

export const notificationQuery = z.strictObject({
  status: z.enum(['all', 'unread']).default('all'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});

/** The city office adjusts a project's task book (任务书): new targets for some KPIs, and why. */
export const taskBookInput = z.strictObject({
  targets: boundedRecord(figure, 30).refine((t) => Object.keys(t).length > 0, { message: 'at least one target' }),
  comment: text(2000),
});

/** The applicant's actuals for a year of construction (1 for the first). */
export const yearlyActualsInput = z.strictObject({
  year: count(1, 20),
  actuals: boundedRecord(figure, 30),
});
