import { z } from 'zod';
import { problemAt, type FieldProblem } from './errors';
import { organisationLevelLabels, organisationTypeLabels, type Label, type LabelLang } from './labels';
import { count, quantity } from './numbers';
import { organisationLevels, organisationTypes, type OrganisationLevel, type OrganisationType } from './organisations';
import { coded } from './problem-codes';
import { DEFAULT_TITLE_VALIDITY_YEARS, titleValidUntil } from './titles';

/**
 * Who may declare under a kind (申报条件), as rules the office sets on the kind and submission
 * checks (issue 20). What rules cannot judge (authenticity, feasibility) stays with formal review.
 */
const FIELD_KEY = /^[a-z][a-zA-Z0-9]{0,39}$/;

export const eligibilityRules = z.strictObject({
  /** Organisation levels that may declare; a street centre, say, but not a district bureau. */
  levels: z.array(z.enum(organisationLevels)).min(1, 'name at least one level').max(organisationLevels.length),
  /** Organisation types that may declare. */
  types: z.array(z.enum(organisationTypes)).min(1, 'name at least one type').max(organisationTypes.length),
  /** At most this many submitted declarations per organisation in one call. */
  maxPerOrganisation: count(1, 100).optional(),
  /** At most this many per street (a street centre and the teaching points under it) in one call. */
  maxPerStreet: count(1, 100).optional(),
  /** An organisation holding this kind's title, within its validity, may not declare again. */
  notIfAlreadyNamed: z.boolean(),
  /** Figures the form must reach, each naming an integer or decimal field of the kind's form. */
  minimums: z.array(z.strictObject({ field: z.string().regex(FIELD_KEY, 'a form field key'), min: quantity(0, 1e9) })).max(20),
});
export type EligibilityRules = z.infer<typeof eligibilityRules>;

/** Rules that let any street-level or lower organisation declare as often as the district cap allows. */
export const OPEN_ELIGIBILITY: EligibilityRules = {
  levels: ['street', 'point'],
  types: [...organisationTypes],
  notIfAlreadyNamed: false,
  minimums: [],
};

/** What the rules judge a submission on, gathered by functions/services/eligibility.ts with keyed reads. */
export interface EligibilityFacts {
  /** The declaring organisation as the directory holds it; undefined when the directory has no such entry. */
  organisation: { level: OrganisationLevel; type: OrganisationType } | undefined;
  /** Declarations already counted against the organisation in this call; undefined when not counted again (a resubmission). */
  countedForOrganisation?: number | undefined;
  /** The same for its street (a street centre and the teaching points under it); undefined without a street. */
  countedForStreet?: number | undefined;
  /** When the organisation's title under this kind runs out (an ISO instant), if it holds one. */
  titleValidUntil?: string | undefined;
  now: Date;
  fields: Readonly<Record<string, unknown>>;
  /** The form's labels by field key, so a minimum names the figure as the applicant knows it. */
  fieldLabels: Readonly<Record<string, string>>;
}

const byLabel = <K extends string>(keys: readonly K[], labels: Record<K, Label>, lang: LabelLang, joiner: string) =>
  keys.map((k) => labels[k][lang]).join(joiner);

/** Who may declare, as the rule reads: 「本类型仅限街道（镇）级的社区教育中心申报」. */
export function whoMayDeclare(levels: readonly OrganisationLevel[], types: readonly OrganisationType[], lang: LabelLang = 'zh'): string {
  const allTypes = organisationTypes.every((t) => types.includes(t));
  if (lang === 'en') {
    const kinds = allTypes ? 'any organisation' : byLabel(types, organisationTypeLabels, 'en', ' or ').toLowerCase();
    return `Only these may declare under this kind: ${kinds} at ${byLabel(levels, organisationLevelLabels, 'en', ' or ').toLowerCase()} level`;
  }
  const at = byLabel(levels, organisationLevelLabels, 'zh', '、');
  return `本类型仅限${at}${allTypes ? '单位' : `的${byLabel(types, organisationTypeLabels, 'zh', '、')}`}申报`;
}
export const organisationCapText = (max: number, lang: LabelLang = 'zh') =>
  lang === 'zh' ? `每个单位在本批次最多申报 ${max} 项` : `At most ${max} declaration(s) per organisation in this call`;
export const streetCapText = (max: number, lang: LabelLang = 'zh') =>
  lang === 'zh'
    ? `每个街道（镇）在本批次最多申报 ${max} 项（含其下属教学点）`
    : `At most ${max} declaration(s) per street or township in this call (its teaching points included)`;
export const alreadyNamedText = (lang: LabelLang = 'zh') =>
  lang === 'zh'
    ? '已获命名且在有效期内的单位不得重复申报'
    : 'An organisation already named under this kind, within its validity, may not declare again';
export const minimumText = (label: string, min: number, lang: LabelLang = 'zh') =>
  lang === 'zh' ? `${label}须不少于 ${min}` : `${label} must be at least ${min}`;

/** The rules as the call's page lists them up front, in the reader's language. */
export function eligibilityRuleTexts(
  rules: EligibilityRules,
  fieldLabels: Readonly<Record<string, string>>,
  lang: LabelLang = 'zh',
): string[] {
  return [
    whoMayDeclare(rules.levels, rules.types, lang),
    ...(rules.maxPerOrganisation ? [organisationCapText(rules.maxPerOrganisation, lang)] : []),
    ...(rules.maxPerStreet ? [streetCapText(rules.maxPerStreet, lang)] : []),
    ...(rules.notIfAlreadyNamed ? [alreadyNamedText(lang)] : []),
    ...rules.minimums.map((m) => minimumText(fieldLabels[m.field] ?? m.field, m.min, lang)),
  ];
}

// One named rule each: a problem naming the rule in Chinese (the API's message and the page's), or nothing.

export function organisationMayDeclare(rules: EligibilityRules, facts: EligibilityFacts): FieldProblem | undefined {
  const o = facts.organisation;
  if (o && rules.levels.includes(o.level) && rules.types.includes(o.type)) return undefined;
  const params = { levels: [...rules.levels], types: [...rules.types] };
  return problemAt('declaration.organisation', whoMayDeclare(rules.levels, rules.types), coded('eligibility-organisation', params));
}

export function withinOrganisationCap(rules: EligibilityRules, facts: EligibilityFacts): FieldProblem | undefined {
  const max = rules.maxPerOrganisation;
  if (max === undefined || facts.countedForOrganisation === undefined || facts.countedForOrganisation < max) return undefined;
  return organisationCapProblem(max);
}
export const organisationCapProblem = (max: number) =>
  problemAt('declaration.organisation', organisationCapText(max), coded('eligibility-organisation-cap', { max }));

export function withinStreetCap(rules: EligibilityRules, facts: EligibilityFacts): FieldProblem | undefined {
  const max = rules.maxPerStreet;
  if (max === undefined || facts.countedForStreet === undefined || facts.countedForStreet < max) return undefined;
  return streetCapProblem(max);
}
export const streetCapProblem = (max: number) =>
  problemAt('declaration.organisation', streetCapText(max), coded('eligibility-street-cap', { max }));

/** A title is held until the instant its validity ends; from then on the organisation may declare again. */
export function notAlreadyNamed(rules: EligibilityRules, facts: EligibilityFacts): FieldProblem | undefined {
  if (!rules.notIfAlreadyNamed || !facts.titleValidUntil || Date.parse(facts.titleValidUntil) <= facts.now.getTime()) return undefined;
  const validUntil = facts.titleValidUntil;
  return problemAt(
    'declaration.organisation',
    `${alreadyNamedText()}（有效期至 ${validUntil.slice(0, 10)}）`,
    coded('eligibility-already-named', { validUntil }),
  );
}

/** Each figure the form must reach; a blank one is left to the form's own required check. */
export function meetsMinimums(rules: EligibilityRules, facts: EligibilityFacts): FieldProblem[] {
  return rules.minimums.flatMap(({ field, min }) => {
    const value = facts.fields[field];
    if (value === undefined || value === null || value === '') return [];
    const figure = typeof value === 'number' ? value : Number(value);
    if (Number.isFinite(figure) && figure >= min) return [];
    const label = facts.fieldLabels[field] ?? field;
    return [problemAt(`declaration.fields.${field}`, minimumText(label, min), coded('eligibility-minimum', { label, min }))];
  });
}

/** Every rule the submission breaks; none: it may be submitted (formal review still judges the rest). */
export function eligibilityProblems(rules: EligibilityRules, facts: EligibilityFacts): FieldProblem[] {
  return [
    organisationMayDeclare(rules, facts),
    withinOrganisationCap(rules, facts),
    withinStreetCap(rules, facts),
    notAlreadyNamed(rules, facts),
    ...meetsMinimums(rules, facts),
  ].filter((p): p is FieldProblem => p !== undefined);
}

/** The rules a call judges by: its own, or the open ones for a call stored before it had any. */
export const eligibilityOf = (config: { eligibility?: EligibilityRules | undefined }): EligibilityRules =>
  config.eligibility ?? OPEN_ELIGIBILITY;

/** Years a title is held when the kind's outcome names none. */
// A title's validity is core/titles.ts's; re-exported where the rule "already named" reads it.
export { DEFAULT_TITLE_VALIDITY_YEARS, titleValidUntil };

/** The street an organisation's declarations count under: a street centre's own, a teaching point's parent's. */
export function streetOf(organisation: {
  organisationId: string;
  level: OrganisationLevel;
  parentId?: string | undefined;
}): string | undefined {
  if (organisation.level === 'street') return organisation.organisationId;
  if (organisation.level === 'point') return organisation.parentId;
  return undefined;
}
