import type { FormDefinition } from './form-definition';
import type { KpiMeasure } from './kpis';

/**
 * Project kinds are configuration, not code (DOMAIN.md): each preset is the default a call of
 * that kind starts from, and the city admin may adjust a call before it opens. The figures come
 * from the seed documents where they name one (KPI targets), otherwise from common practice.
 */
export const projectKinds = ['elder-empowerment', 'community-brand', 'demonstration-centre'] as const;
export type ProjectKind = (typeof projectKinds)[number];

export interface Labelled {
  key: string;
  labelZh: string;
  labelEn: string;
}
export const formFieldTypes = ['text', 'integer', 'decimal'] as const;
export type FormFieldType = (typeof formFieldTypes)[number];
export interface FormField extends Labelled {
  required: boolean;
  maxLength: number;
  /** Text unless said; a number field is stored as a number within `min`–`max` (core/form-fields.ts). */
  type?: FormFieldType;
  min?: number;
  max?: number;
}
export interface RequiredMaterial extends Labelled {
  required: boolean;
}
export interface Criterion extends Labelled {
  /** Relative weight in the combined score; weights need not add up to anything. */
  weight: number;
  maxScore: number;
}
export interface KpiTarget extends Labelled {
  unit: string;
  target: number;
  /** What the figure is (core/kpis.ts); a call's own targets without one are plain counts. */
  measure?: KpiMeasure;
}
/** Working days each stage of the selection may take. */
export interface StageDeadlines {
  districtRecommendation: number;
  formalReview: number;
  correction: number;
  expertAssignment: number;
  /** An invited expert's time to accept or decline (专家邀请); unanswered, the next one is drawn. */
  expertInvitation: number;
  expertReview: number;
  shortlist: number;
}
/**
 * Working days each step of construction and acceptance may take. Every one is bounded so that no
 * phase execution plans more than a year (core/projects.ts proves the sum).
 */
export interface ProjectDeadlines {
  midtermReport: number;
  midtermReview: number;
  /** The longest rectification (整改) deadline a reviewer may set, in working days. */
  rectification: number;
  acceptanceAssignment: number;
  acceptanceReview: number;
  acceptanceDecision: number;
}
export const scoringMethods = ['mean', 'trimmed-mean'] as const;
export type ScoringMethod = (typeof scoringMethods)[number];

export interface KindPreset {
  kind: ProjectKind;
  nameZh: string;
  nameEn: string;
  formFields: FormField[];
  materials: RequiredMaterial[];
  rubric: Criterion[];
  kpiTargets: KpiTarget[];
  deadlines: StageDeadlines;
  constructionMonths: number;
  /** Criteria the experts score at acceptance (考核验收). */
  acceptanceRubric: Criterion[];
  projectDeadlines: ProjectDeadlines;
  quota: number;
  /** How many declarations a district may recommend, unless the call names its own cap. */
  defaultDistrictCap: number;
  expertsPerDeclaration: number;
  scoring: ScoringMethod;
  noticeWorkingDays: number;
  /** Working days a task may be overdue before its supervisor is told (escalation). */
  escalationWorkingDays: number;
}

const field = (key: string, labelZh: string, labelEn: string, maxLength = 2000, required = true): FormField => ({
  key,
  labelZh,
  labelEn,
  required,
  maxLength,
});
/** A field holding a count (people, staff) or a measure (m²), with the bounds that make sense. */
const numberField = (key: string, labelZh: string, labelEn: string, type: 'integer' | 'decimal', min: number, max: number): FormField => ({
  ...field(key, labelZh, labelEn, 20),
  type,
  min,
  max,
});
const material = (key: string, labelZh: string, labelEn: string, required = true): RequiredMaterial => ({
  key,
  labelZh,
  labelEn,
  required,
});
const criterion = (key: string, labelZh: string, labelEn: string, maxScore: number, weight = 1): Criterion => ({
  key,
  labelZh,
  labelEn,
  maxScore,
  weight,
});
const kpi = (key: string, labelZh: string, labelEn: string, unit: string, target: number, measure: KpiMeasure): KpiTarget => ({
  key,
  labelZh,
  labelEn,
  unit,
  target,
  measure,
});

const projectDeadlines: ProjectDeadlines = {
  midtermReport: 20,
  midtermReview: 10,
  rectification: 30,
  acceptanceAssignment: 10,
  acceptanceReview: 15,
  acceptanceDecision: 10,
};

const selectionDeadlines: StageDeadlines = {
  districtRecommendation: 10,
  formalReview: 10,
  correction: 5,
  expertAssignment: 5,
  expertInvitation: 3,
  expertReview: 10,
  shortlist: 10,
};

export const kindPresets: Record<ProjectKind, KindPreset> = {
  'elder-empowerment': {
    kind: 'elder-empowerment',
    nameZh: '老年教育赋能项目',
    nameEn: 'Elder-education empowerment project',
    formFields: [
      field('serviceArea', '服务区域', 'Area served', 200),
      numberField('plannedLearners', '计划服务老年学员人数', 'Elderly learners planned', 'integer', 1, 1_000_000),
      field('implementationPlan', '实施方案', 'Implementation plan', 5000),
    ],
    materials: [
      material('declarationForm', '申报书（盖章扫描件）', 'Declaration form (stamped scan)'),
      material('budget', '经费预算表', 'Budget'),
      material('photos', '场地照片', 'Photos of the premises', false),
    ],
    rubric: [
      criterion('foundation', '项目基础', 'Foundation', 20),
      criterion('plan', '实施方案', 'Implementation plan', 30),
      criterion('innovation', '创新特色', 'Innovation', 20),
      criterion('support', '保障措施', 'Support measures', 15),
      criterion('outcomes', '预期成效', 'Expected outcomes', 15),
    ],
    kpiTargets: [
      kpi('classHours', '每班年学时', 'Class hours per class per year', '学时', 20, 'class_hours'),
      kpi('elderShare', '老年学员占当地老年人口比例', 'Share of the local elderly enrolled', '%', 10, 'population_share'),
      kpi('smartTraining', '智能技术培训', 'Smart-technology training', '人次/年', 5000, 'person_times'),
      kpi('placesSupplied', '老年教育学位供给', 'Elder-education places supplied', '个/年', 500, 'places'),
    ],
    deadlines: selectionDeadlines,
    constructionMonths: 12,
    acceptanceRubric: [
      criterion('delivery', '任务完成', 'Tasks delivered', 30),
      criterion('kpis', '指标达成', 'KPI targets reached', 30),
      criterion('learners', '学员满意度', 'Learner satisfaction', 20),
      criterion('management', '经费与管理', 'Funds and management', 20),
    ],
    projectDeadlines,
    quota: 20,
    defaultDistrictCap: 5,
    expertsPerDeclaration: 3,
    scoring: 'trimmed-mean',
    noticeWorkingDays: 7,
    escalationWorkingDays: 3,
  },
  'community-brand': {
    kind: 'community-brand',
    nameZh: '社区教育特色品牌项目',
    nameEn: 'Community-education brand project',
    formFields: [
      field('brandName', '品牌名称', 'Brand name', 100),
      field('features', '品牌特色', 'What makes it distinctive', 5000),
      numberField('teamSize', '团队人数', 'Team size', 'integer', 1, 10_000),
    ],
    materials: [
      material('declarationForm', '申报书（盖章扫描件）', 'Declaration form (stamped scan)'),
      material('caseStudy', '品牌案例材料', 'Case material'),
    ],
    rubric: [
      criterion('positioning', '品牌定位', 'Positioning', 20),
      criterion('programme', '课程与活动', 'Courses and activities', 30),
      criterion('team', '团队建设', 'Team', 20),
      criterion('impact', '社会影响', 'Social impact', 20),
      criterion('sustainability', '可持续性', 'Sustainability', 10),
    ],
    kpiTargets: [
      kpi('trainingSessions', '培训活动场次', 'Training sessions', '场/年', 4, 'sessions'),
      kpi('personTimes', '参与人次', 'Person-times', '人次/年', 400, 'person_times'),
      kpi('localCourses', '本土课程', 'Local courses', '门', 1, 'count'),
    ],
    deadlines: selectionDeadlines,
    constructionMonths: 24,
    acceptanceRubric: [
      criterion('brand', '品牌影响', 'Brand influence', 30),
      criterion('kpis', '指标达成', 'KPI targets reached', 25),
      criterion('courses', '课程建设', 'Courses built', 25),
      criterion('sustainability', '持续发展', 'Sustainability', 20),
    ],
    projectDeadlines,
    quota: 15,
    defaultDistrictCap: 3,
    expertsPerDeclaration: 3,
    scoring: 'mean',
    noticeWorkingDays: 7,
    escalationWorkingDays: 3,
  },
  'demonstration-centre': {
    kind: 'demonstration-centre',
    nameZh: '市级示范性社区教育中心',
    nameEn: 'Municipal demonstration community-education centre',
    formFields: [
      field('centreName', '中心名称', 'Centre name', 100),
      numberField('floorArea', '场地面积（平方米）', 'Floor area (m²)', 'decimal', 1, 1_000_000),
      numberField('staffCount', '专兼职人员数', 'Staff', 'integer', 1, 100_000),
      field('teachingPoints', '下设教学点', 'Teaching points', 2000, false),
    ],
    materials: [
      material('declarationForm', '申报书（盖章扫描件）', 'Declaration form (stamped scan)'),
      material('selfAssessment', '自评报告', 'Self-assessment'),
      material('evidence', '佐证材料', 'Supporting evidence'),
    ],
    rubric: [
      criterion('organisation', '组织管理', 'Organisation', 20),
      criterion('staff', '队伍建设', 'Staff', 20),
      criterion('premises', '阵地建设', 'Premises', 20),
      criterion('activities', '教育活动', 'Activities', 25),
      criterion('innovation', '特色创新', 'Innovation', 15),
    ],
    kpiTargets: [
      kpi('registrations', '线上学习新增注册', 'New online registrations', '人/年', 100, 'registrations'),
      kpi('credits', '学员学分', 'Credits per learner', '学分', 20, 'credits'),
      kpi('trainingSessions', '培训活动场次', 'Training sessions', '场/年', 4, 'sessions'),
      kpi('personTimes', '培训人次', 'Person-times trained', '人次/年', 400, 'person_times'),
    ],
    deadlines: selectionDeadlines,
    constructionMonths: 24,
    acceptanceRubric: [
      criterion('organisation', '组织管理', 'Organisation', 20),
      criterion('premises', '阵地建设', 'Premises', 20),
      criterion('kpis', '指标达成', 'KPI targets reached', 30),
      criterion('demonstration', '示范引领', 'Demonstration effect', 30),
    ],
    projectDeadlines,
    quota: 10,
    defaultDistrictCap: 2,
    expertsPerDeclaration: 3,
    scoring: 'trimmed-mean',
    noticeWorkingDays: 7,
    escalationWorkingDays: 3,
  },
};

/** A call's own configuration: its kind's preset as the city admin adjusted it. */
export interface CallConfig extends Omit<KindPreset, 'kind' | 'nameZh' | 'nameEn' | 'quota'> {
  /** Per-district caps on recommendations; a district not named gets `defaultDistrictCap`. */
  districtCaps: Record<string, number>;
  calendarOverrides: Record<string, boolean>;
  /** Codes from the office's specialty list the draw asks for (any one qualifies); none: any expert. */
  expertSpecialties?: string[];
  /** The typed form (core/form-definition.ts); calls stored before it have `formFields` (formOf reads both). */
  form?: FormDefinition;
}

export function configFromPreset(kind: ProjectKind, adjust: Partial<CallConfig> = {}): CallConfig {
  const { kind: _kind, nameZh: _zh, nameEn: _en, quota: _quota, ...preset } = kindPresets[kind];
  const defined = Object.fromEntries(Object.entries(adjust).filter(([, v]) => v !== undefined)) as Partial<CallConfig>;
  return {
    ...structuredClone(preset),
    districtCaps: {},
    calendarOverrides: {},
    ...defined,
    deadlines: { ...preset.deadlines, ...defined.deadlines },
    projectDeadlines: { ...preset.projectDeadlines, ...defined.projectDeadlines },
  };
}

/**
 * The construction and acceptance settings of a call, with the kind's defaults for calls stored
 * before these settings existed.
 */
export function projectSettingsOf(kind: ProjectKind, config: Partial<CallConfig>) {
  const preset = kindPresets[kind];
  return {
    constructionMonths: config.constructionMonths ?? preset.constructionMonths,
    kpiTargets: config.kpiTargets ?? preset.kpiTargets,
    acceptanceRubric: config.acceptanceRubric ?? preset.acceptanceRubric,
    projectDeadlines: { ...preset.projectDeadlines, ...config.projectDeadlines },
    expertsPerDeclaration: config.expertsPerDeclaration ?? preset.expertsPerDeclaration,
    scoring: config.scoring ?? preset.scoring,
    calendarOverrides: config.calendarOverrides ?? {},
  };
}
export type ProjectSettings = ReturnType<typeof projectSettingsOf>;

export function districtCapOf(config: CallConfig, districtId: string): number {
  return config.districtCaps[districtId] ?? config.defaultDistrictCap;
}
