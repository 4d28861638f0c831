import type { KindDefinition } from './kind-definition';

/**
 * A call's configuration: the kind version it opened with (core/kind-definition.ts), copied into
 * the call and adjusted by the city admin before the call opens. Kinds themselves are the office's
 * data (functions/services/kinds.ts; the seeded ones in config/kinds/), never named in code.
 */
export interface Labelled {
  key: string;
  labelZh: string;
  labelEn: string;
}
export type Criterion = KindDefinition['rubric'][number];
export type KpiTarget = KindDefinition['kpiTargets'][number];
export type RequiredMaterial = KindDefinition['materials'][number];
/** Working days each stage of the selection may take. */
export type StageDeadlines = KindDefinition['deadlines'];
/**
 * Working days each step of construction and acceptance may take. Every one is bounded so that no
 * phase execution plans more than a year (core/projects.ts proves the sum).
 */
export type ProjectDeadlines = KindDefinition['projectDeadlines'];
/**
 * The stage deadlines every kind had before kinds were data: what a call stored before a stage had
 * a deadline of its own (the invitation's) counts with.
 */
export const LEGACY_STAGE_DEADLINES: StageDeadlines = {
  districtRecommendation: 10,
  formalReview: 10,
  correction: 5,
  expertAssignment: 5,
  expertInvitation: 3,
  expertReview: 10,
  shortlist: 10,
};
export const scoringMethods = ['mean', 'trimmed-mean'] as const;
export type ScoringMethod = (typeof scoringMethods)[number];

/** A form field of a call stored before forms were typed (issue 20): text or a bounded number. */
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

/** What a call stored before kinds were data (issue 20) lacks: it reads with the defaults where it is used. */
type LaterMembers = 'form' | 'rubricTotal' | 'acceptanceRubricTotal' | 'lifecycle' | 'outcome' | 'tieBreak' | 'eligibility';

/** A call's own configuration: its kind version's definition as the city admin adjusted it. */
export interface CallConfig
  extends Omit<KindDefinition, 'nameZh' | 'nameEn' | 'quota' | LaterMembers>,
    Partial<Pick<KindDefinition, LaterMembers>> {
  /** Per-district caps on recommendations; a district not named gets `defaultDistrictCap`. */
  districtCaps: Record<string, number>;
  calendarOverrides: Record<string, boolean>;
  /** Codes from the office's specialty list the draw asks for (any one qualifies); none: any expert. */
  expertSpecialties?: string[];
  /** The form of a call stored before forms were typed; such a call has no `form`. */
  formFields?: FormField[];
  /** The call's guidelines (申报指南), shown on the public pages; none: only its title and rules. */
  guidelines?: string;
  /** The public notice shows the combined scores only when the office sets this (issue 22.4). */
  publishNoticeScores?: boolean;
}

const definedOnly = <T extends object>(adjust: T) =>
  Object.fromEntries(Object.entries(adjust).filter(([, v]) => v !== undefined)) as Partial<T>;

/** A call's configuration from its kind version's definition, with the admin's adjustments. */
export function configFromDefinition(definition: KindDefinition, adjust: Partial<CallConfig> = {}): CallConfig {
  const { nameZh: _zh, nameEn: _en, quota: _quota, ...kind } = structuredClone(definition);
  const defined = definedOnly(adjust);
  return {
    ...kind,
    districtCaps: {},
    calendarOverrides: {},
    ...defined,
    deadlines: { ...kind.deadlines, ...defined.deadlines },
    projectDeadlines: { ...kind.projectDeadlines, ...defined.projectDeadlines },
  };
}

/**
 * The construction and acceptance settings of a call. A call stored before these settings existed
 * lacks some; they come from its kind's first version (`legacy`), which the caller reads only then.
 */
export function projectSettingsOf(config: Partial<CallConfig>, legacy?: Partial<KindDefinition>) {
  const of = <K extends keyof KindDefinition & keyof CallConfig>(key: K) => {
    const value = config[key] ?? legacy?.[key];
    if (value === undefined) throw new Error(`the call's configuration has no ${key}, and no kind definition was given for it`);
    return value as CallConfig[K];
  };
  return {
    lifecycle: config.lifecycle ?? legacy?.lifecycle ?? 'construction',
    outcome: config.outcome ?? legacy?.outcome ?? { type: 'none' as const },
    constructionMonths: of('constructionMonths'),
    kpiTargets: of('kpiTargets'),
    acceptanceRubric: of('acceptanceRubric'),
    projectDeadlines: { ...legacy?.projectDeadlines, ...config.projectDeadlines } as ProjectDeadlines,
    expertsPerDeclaration: of('expertsPerDeclaration'),
    scoring: of('scoring'),
    calendarOverrides: config.calendarOverrides ?? {},
    /** A call stored before report files (issue 21.3) asks for none. */
    reportMaterials: config.reportMaterials ?? {},
    /** A call stored before funding (issue 23) has no budget rules. */
    funding: config.funding,
  };
}
export type ProjectSettings = ReturnType<typeof projectSettingsOf>;

/** The members `projectSettingsOf` needs that a call stored before them may lack. */
export const needsLegacyDefaults = (config: Partial<CallConfig>) =>
  ['constructionMonths', 'kpiTargets', 'acceptanceRubric', 'expertsPerDeclaration', 'scoring'].some(
    (key) => config[key as keyof CallConfig] === undefined,
  ) ||
  !config.projectDeadlines ||
  Object.keys(config.projectDeadlines).length < 6;

export function districtCapOf(config: CallConfig, districtId: string): number {
  return config.districtCaps[districtId] ?? config.defaultDistrictCap;
}
