import { z } from 'zod';
import { eligibilityRules } from './eligibility';
import { formDefinition } from './form-definition';
import { fundingDefinition, fundingDefinitionProblems } from './funding';
import { kpiMeasures } from './kpis';
import { kpiTermsShape } from './kpi-periods';
import { count, figure, weight } from './numbers';
import { reportMaterialsDefinition, reportMaterialsProblems } from './report-materials';
import { personText } from './text';
import { numberPatternProblem } from './titles';

/**
 * A kind (项目类型) as the office's data (issue 20): one version of it, everything a call of the
 * kind starts from. A call copies the version it opens with, so changing a kind never changes a
 * running call; a version a call uses is frozen (a change is a new version).
 */
export const KIND_KEY = /^[a-z][a-z0-9-]{1,39}$/;
export const kindKey = z.string().regex(KIND_KEY, 'a kind key is lower-case letters, digits and -, 2 to 40 long');

const KEY = /^[a-z][a-zA-Z0-9]{0,39}$/;
const labels = {
  key: z.string().regex(KEY, 'a key is a lower-camel-case word of at most 40 letters and digits'),
  labelZh: personText(100),
  labelEn: personText(100),
};
const workingDays = count(1, 60);

/** A rubric criterion: its 满分, and a weight only where the office sets one (absent: 1). */
export const criterionDefinition = z.strictObject({
  ...labels,
  maxScore: count(1, 100),
  weight: weight.optional(),
  /** An acceptance criterion judging the use of funds: its experts see the project's budget execution beside it (issue 23.4). */
  fundsUse: z.literal(true).optional(),
});
const rubricDefinition = z.array(criterionDefinition).max(20);

export const kpiDefinition = z.strictObject({
  ...labels,
  unit: personText(20, { tooLong: 'a unit is at most 20 characters' }),
  target: figure,
  measure: z.enum(kpiMeasures).optional(),
  /** Its period, mid-term rule, the task book's bounds and the declaration's figure it takes (issue 21). */
  ...kpiTermsShape,
});

export const kindLifecycles = [
  /** Ends at 立项 (a selection or recognition: 评选, 认定). */
  'selection-only',
  /** One 结项验收 after the construction period, no mid-term check. */
  'acceptance-only',
  /** Mid-term check, then acceptance (考核验收). */
  'construction',
] as const;
export type KindLifecycle = (typeof kindLifecycles)[number];

/** What a good outcome confers: a title (命名授牌) with a validity, a recommendation upward, or nothing. */
export const kindOutcome = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({
    type: z.literal('title'),
    titleZh: personText(100),
    titleEn: personText(100),
    validityYears: count(1, 10),
    /** Years between 复核 (core/titles.ts); 0: none. Absent: every validity period (issue 21.5). */
    reviewEveryYears: count(0, 10).optional(),
    /** The 文号 pattern, with `{year}` and `{seq}`; absent: DEFAULT_TITLE_NUMBER_PATTERN. */
    numberPattern: personText(60).optional(),
  }),
  z.strictObject({ type: z.literal('recommendation'), toZh: personText(100), toEn: personText(100) }),
]);
export type KindOutcome = z.infer<typeof kindOutcome>;

/** Σ weight × 满分: what a rubric's total must be. */
export const rubricMaximum = (rubric: readonly { maxScore: number; weight?: number | undefined }[]) =>
  Math.round(rubric.reduce((sum, c) => sum + (c.weight ?? 1) * c.maxScore, 0) * 100) / 100;

export const kindDefinitionShape = {
  nameZh: personText(100),
  nameEn: personText(100),
  form: formDefinition,
  materials: z.array(z.strictObject({ ...labels, required: z.boolean() })).max(30),
  /** Files the project's reports carry (issue 21.3); optional, so kinds and calls stored before it still read: none asked. */
  reportMaterials: reportMaterialsDefinition.optional(),
  rubric: rubricDefinition.min(1, 'a rubric needs at least one criterion'),
  /** The rubric's declared total (百分制: 100); the criteria's maxima must sum to it. */
  rubricTotal: count(1, 1000),
  acceptanceRubric: rubricDefinition,
  acceptanceRubricTotal: count(0, 1000),
  kpiTargets: z.array(kpiDefinition).max(30),
  deadlines: z.strictObject({
    districtRecommendation: workingDays,
    formalReview: workingDays,
    correction: workingDays,
    expertAssignment: workingDays,
    expertInvitation: workingDays,
    expertReview: workingDays,
    shortlist: workingDays,
  }),
  projectDeadlines: z.strictObject({
    midtermReport: workingDays.max(25),
    midtermReview: workingDays.max(15),
    rectification: workingDays.max(40),
    acceptanceAssignment: workingDays.max(15),
    acceptanceReview: workingDays.max(20),
    acceptanceDecision: workingDays.max(15),
  }),
  lifecycle: z.enum(kindLifecycles),
  /** Months from 立项 to the end of construction; unused by a kind that ends at 立项. */
  constructionMonths: count(1, 60),
  outcome: kindOutcome,
  quota: count(1, 1000),
  defaultDistrictCap: count(0, 1000),
  expertsPerDeclaration: count(1, 15),
  scoring: z.enum(['mean', 'trimmed-mean']),
  /** Criteria (keys of `rubric`) whose mean breaks a tie, in order; then the earlier submission. */
  tieBreak: z.array(z.string().regex(KEY)).max(20),
  noticeWorkingDays: count(1, 30),
  escalationWorkingDays: count(1, 30),
  eligibility: eligibilityRules,
  /** The budget table, maximum grant and category limits (issue 23); optional, so kinds stored before it read: no budget rules. */
  funding: fundingDefinition.optional(),
};

/** The cross-member rules, each problem at the member it is about. */
export const kindDefinition = z.strictObject(kindDefinitionShape).superRefine((kind, ctx) => {
  const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (rubricMaximum(kind.rubric) !== kind.rubricTotal)
    problem(['rubric'], `the criteria's maxima sum to ${rubricMaximum(kind.rubric)}, not the declared total ${kind.rubricTotal}`);
  if (rubricMaximum(kind.acceptanceRubric) !== kind.acceptanceRubricTotal)
    problem(
      ['acceptanceRubric'],
      `the criteria's maxima sum to ${rubricMaximum(kind.acceptanceRubric)}, not the declared total ${kind.acceptanceRubricTotal}`,
    );
  kind.rubric.forEach((criterion, index) => {
    if (criterion.fundsUse) problem(['rubric', index, 'fundsUse'], 'only an acceptance criterion judges the use of funds');
  });
  if (kind.lifecycle !== 'selection-only' && kind.acceptanceRubric.length === 0)
    problem(['acceptanceRubric'], 'a kind with acceptance needs an acceptance rubric');
  for (const [list, what] of [
    [kind.rubric, 'rubric'],
    [kind.acceptanceRubric, 'acceptanceRubric'],
    [kind.kpiTargets, 'kpiTargets'],
    [kind.materials, 'materials'],
  ] as const) {
    const seen = new Set<string>();
    list.forEach((item, index) => {
      if (seen.has(item.key)) problem([what, index, 'key'], `duplicate key ${item.key}`);
      seen.add(item.key);
    });
  }
  for (const p of reportMaterialsProblems(kind.reportMaterials)) problem(p.path, p.message);
  for (const p of fundingDefinitionProblems(kind.funding, kind.form, kind.lifecycle)) problem(p.path, p.message);
  kind.kpiTargets.forEach((kpi, index) => {
    if (kpi.minimum !== undefined && kpi.minimum > kpi.target) problem(['kpiTargets', index, 'minimum'], 'the minimum is above the target');
    if (kpi.maximum !== undefined && kpi.maximum < kpi.target) problem(['kpiTargets', index, 'maximum'], 'the maximum is below the target');
    const field = kpi.fromField === undefined ? undefined : kind.form.find((f) => f.key === kpi.fromField);
    if (kpi.fromField !== undefined && (!field || (field.type !== 'integer' && field.type !== 'decimal')))
      problem(['kpiTargets', index, 'fromField'], `${kpi.fromField} is not a number field of the form`);
  });
  kind.tieBreak.forEach((key, index) => {
    if (!kind.rubric.some((c) => c.key === key)) problem(['tieBreak', index], `${key} is not a criterion of the rubric`);
  });
  kind.eligibility.minimums.forEach((minimum, index) => {
    const field = kind.form.find((f) => f.key === minimum.field);
    if (!field || (field.type !== 'integer' && field.type !== 'decimal'))
      problem(['eligibility', 'minimums', index, 'field'], `${minimum.field} is not a number field of the form`);
  });
  if (kind.eligibility.notIfAlreadyNamed && kind.outcome.type !== 'title')
    problem(['eligibility', 'notIfAlreadyNamed'], 'only a kind that confers a title can refuse those already named');
  const pattern = kind.outcome.type === 'title' ? kind.outcome.numberPattern : undefined;
  const patternProblem = pattern === undefined ? undefined : numberPatternProblem(pattern);
  if (patternProblem) problem(['outcome', 'numberPattern'], patternProblem);
});
export type KindDefinition = z.infer<typeof kindDefinition>;
