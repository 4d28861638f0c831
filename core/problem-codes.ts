import type { $ZodIssue } from 'zod/v4/core';
import type { OrganisationLevel, OrganisationType } from './organisations';

/**
 * A stable name for each thing a person can get wrong or cannot do now, with the facts a sentence
 * about it needs. The API answers with the English `message` written beside the code; the web
 * pages say the same in the reader's language from the code (functions/api/pages/messages.ts),
 * so no wording but the API's lives in core.
 */
export interface ProblemFacts {
  // The edge's schemas (zod issues), see codeOfIssue.
  required: {};
  'too-short': { min: number };
  'too-long': { max: number };
  'too-small': { min: number };
  'too-big': { max: number };
  'too-few': { min: number };
  'too-many': { max: number };
  'not-a-number': {};
  'not-an-integer': {};
  'not-a-choice': {};
  'not-a-date': {};
  'not-an-email': {};
  /** A multi-select's option sent twice. */
  'chosen-twice': {};
  'not-a-phone': {};
  'bad-format': {};
  'bad-key': {};
  'unknown-field': {};
  /** `__proto__`, `constructor` or `prototype` as a record's key (core/records.ts). */
  'reserved-key': {};
  /** Control, bidirectional or zero-width characters in text a person reads (core/text.ts). */
  'bad-character': {};
  /** More than two decimals, or a number too small to store (core/numbers.ts). */
  'too-precise': {};
  'nothing-to-change': {};
  // A declaration and its materials.
  /** The label is absent for the declaration's own fields (title, summary, contacts). */
  'required-before-submission': { label?: string };
  'material-required-before-submission': { label: string };
  'not-a-form-field': {};
  'material-not-asked': {};
  'upload-not-this-material': {};
  'upload-missing': {};
  'material-empty': {};
  // Eligibility rules (申报条件, core/eligibility.ts), judged at submission.
  'eligibility-organisation': { levels: OrganisationLevel[]; types: OrganisationType[] };
  'eligibility-organisation-cap': { max: number };
  'eligibility-street-cap': { max: number };
  'eligibility-already-named': { validUntil: string };
  'eligibility-minimum': { label: string; min: number };
  'material-too-large': { maxMb: number };
  'material-type-not-accepted': { accepted: string };
  'material-type-mismatch': { extension: string };
  'material-content-mismatch': { extension: string; found?: string };
  /** A project report's required file (issue 21.3) not yet uploaded. */
  'report-material-missing': { label: string; report: string };
  'report-material-not-now': { stage: string };
  // Decisions, scores and KPI actuals.
  'not-in-this-decision': {};
  'outcome-required': {};
  'rank-required': {};
  'reason-required': {};
  'decline-reason-required': {};
  'rectification-required': {};
  'termination-reason-required': {};
  'comment-required': {};
  'report-required': { report: 'progress' | 'final' | 'self-assessment' | 'rectification' };
  'scores-required': {};
  'score-required': { label: string; max: number };
  'score-out-of-range': { max: number };
  'not-a-criterion': {};
  'kpi-actuals-required': {};
  'kpi-required': { label: string; unit: string };
  'kpi-negative': {};
  'kpi-share-over-100': {};
  'kpi-whole-number': { unit: string };
  'not-a-kpi-target': {};
  // The task book and yearly actuals (issue 21.1, 21.2).
  'kpi-below-minimum': { label: string; unit: string; minimum: number };
  'kpi-above-maximum': { label: string; unit: string; maximum: number };
  'kpi-period-not-open': { year: number; opensAt: string };
  'kpi-no-such-period': { years: number };
  'task-book-not-adjustable': { stage: string };
  'task-book-stale': { version: number };
  'rectify-once': {};
  'rectification-date-without-rectify': {};
  'date-not-in-future': {};
  'rectification-too-late': { latest: string };
  'province-brand-only': {};
  'province-excellent-only': {};
  // Experts and 回避.
  'conflict-organisation': { expert: string };
  'conflict-district': { expert: string };
  'not-in-expert-pool': { expert: string };
  'listed-twice': { name: string };
  'no-eligible-expert': {};
  'conflict-declared': { expert: string };
  'conflict-relationship': { expert: string };
  'expert-specialty': { expert: string };
  'expert-inactive': { expert: string };
  'expert-unavailable': { expert: string };
  'expert-asked-before': { expert: string };
  'unknown-specialty': { name: string };
  'specialty-exists': { name: string };
  'window-ends-before-start': {};
  // Accounts.
  'username-taken': { name: string };
  'email-taken': {};
  'unknown-organisation': { id: string };
  'role-not-for-organisation': {};
  'district-not-organisations': {};
  // The directory and its import workbook.
  'import-missing-column': { column: string };
  'import-unknown-column': { column: string };
  'import-duplicate-row': { row: number };
  'import-unknown-organisation': { name: string };
  'import-ambiguous-organisation': { name: string; count: number };
  'import-unknown-specialty': { name: string };
  'import-not-an-expert': { username: string };
  'import-credit-code-differs': { existing: string };
  'import-bad-window': {};
  'import-parent-refused': { row: number };
  'import-account-field': {};
  // The import of earlier projects (issue 22.5).
  'import-unknown-kind': { name: string };
  'import-kind-not-built': { name: string };
  'import-date-future': {};
  'import-date-order': {};
  'import-midterm-not-due': { date: string };
  'not-a-credit-code': {};
  'organisation-parent-missing': {};
  'organisation-parent-unexpected': {};
  'organisation-parent-level': { level: string };
  'organisation-cycle': {};
  'organisation-parent-unknown': {};
  'organisation-parent-retired': {};
  // Calls, shortlist, objections, extensions.
  'closes-before-opens': {};
  'over-quota': { chosen: number; quota: number };
  'not-in-call': { id: string };
  'not-scored': { id: string; stage: string };
  'not-in-notice': {};
  'due-date-not-later': { current: string };
  // The office calendar.
  'date-not-in-year': { year: string };
  'calendar-day-twice': {};
  'make-up-day-not-weekend': {};
  // 409: not possible in the current state.
  'call-not-open': { opensAt: string; closesAt: string };
  'call-closed': { closesAt: string };
  'call-opened': {};
  'declaration-not-editable': { stage: string };
  'declaration-not-submittable': { stage: string };
  'declaration-not-withdrawable': { stage: string };
  'correction-not-open': {};
  'changed-meanwhile': {};
  'edited-meanwhile': {};
  'task-decided': {};
  'district-cap-none': {};
  'district-cap-reached': { cap: number };
  'experts-not-yet': { stage: string };
  'acceptance-experts-not-yet': { stage: string };
  'project-not-in-stage': { stage: string };
  'project-ended': { stage: string };
  'site-visit-not-now': { stage: string };
  'shortlist-not-now': {};
  'objections-closed': {};
  'objection-handled': {};
  'task-not-open': {};
  'not-extendable': {};
  'organisation-duplicate': { name: string };
  'organisation-has-active-children': { count: number };
  // Kinds (issue 20).
  'kind-exists': { key: string };
  'kind-unknown': {};
  'kind-version-in-use': { version: number };
  // Incubation (培育, issue 21.4).
  'incubation-date-outside': { from: string; to: string };
  'attendee-unknown': { attendee: string };
  'incubation-not-this-kind': {};
  'incubation-closed': { stage: string };
  'incubation-responded': {};
  // Objections filed by the public (issue 22.4).
  'not-a-contact': {};
  'confirmation-code-wrong': { attemptsLeft: number };
  'confirmation-code-expired': {};
  'confirmation-code-used': {};
  'objection-filed': {};
  'too-many-files': { max: number };
  // Funding (issue 23): the budget at submission, the grant and its payments.
  'budget-over-maximum': { requestedFen: number; maxFen: number };
  'budget-category-over': { label: string; maxPercent: number };
  'tranches-sum': {};
  'tranche-order': {};
  'grant-reason-required': { requestedFen: number };
  'grant-above-maximum': { maxFen: number };
  'grant-exists': {};
  'grant-not-yet': {};
  'tranche-no-midterm': {};
  'not-a-tranche': {};
  'payment-above-payable': { payableFen: number };
  'tranche-already-paid': { voucher: string };
  'voucher-used': { tranche: number };
  // Expenditure and final accounts (issue 23.3-4).
  'expenditure-not-now': { stage: string };
  'final-accounts-not-now': { stage: string };
  'no-budget': {};
  'not-a-budget-line': {};
  'not-a-budget-source': {};
  'final-accounts-missing': {};
  'final-accounts-mismatch': { reason: string };
  // 429.
  'too-many-attempts': { retryAfterSeconds: number };
}
export type ProblemCode = keyof ProblemFacts;
export type Coded = { [K in ProblemCode]: { code: K; params: ProblemFacts[K] } }[ProblemCode];

/** A code and its facts (none to give for a code without any): `coded('district-cap-reached', { cap })`. */
export const coded = <K extends ProblemCode>(
  code: K,
  ...facts: {} extends ProblemFacts[K] ? [ProblemFacts[K]?] : [ProblemFacts[K]]
): Coded => ({ code, params: facts[0] ?? {} }) as Coded;

/** A custom (refine) issue says which problem it is through its params. */
export const issueCode = <K extends ProblemCode>(code: K) => ({ params: { code } });

/** The schemas' own English for a key, so its issues can be told from other patterns. */
export const KEY_FORMAT = 'a key of letters, digits, _ or -';

/** What a schema's issue is, in the codes above; undefined for what a page user cannot meet. */
export function codeOfIssue(issue: $ZodIssue): Coded | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return { code: 'not-an-integer', params: {} };
      if (issue.expected === 'number') return { code: 'not-a-number', params: {} };
      // Forms leave an empty input out, so a missing value is what a wrong type means there.
      return { code: 'required', params: {} };
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? { code: 'required', params: {} } : { code: 'too-short', params: { min } };
      if (issue.origin === 'array' || issue.origin === 'set') return { code: 'too-few', params: { min } };
      return { code: 'too-small', params: { min } };
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return { code: 'too-long', params: { max } };
      if (issue.origin === 'array' || issue.origin === 'set') return { code: 'too-many', params: { max } };
      return { code: 'too-big', params: { max } };
    }
    case 'invalid_value':
      return { code: 'not-a-choice', params: {} };
    case 'invalid_union': {
      // The only unions are "an instant or a date": the date is missing, or neither.
      const inner = issue.errors.flat();
      if (inner.every((e) => e.code === 'invalid_type')) return { code: 'required', params: {} };
      if (inner.every((e) => e.code === 'invalid_format' && (e.format === 'datetime' || e.format === 'date')))
        return { code: 'not-a-date', params: {} };
      return undefined;
    }
    case 'invalid_format':
      if (issue.format === 'datetime' || issue.format === 'date') return { code: 'not-a-date', params: {} };
      if (issue.format === 'email') return { code: 'not-an-email', params: {} };
      return { code: 'bad-format', params: {} };
    case 'unrecognized_keys':
      return { code: 'unknown-field', params: {} };
    case 'invalid_key':
      // A record's key: a district's or a criterion's code, or a calendar date.
      return issue.issues.some((i) => i.message === KEY_FORMAT) ? { code: 'bad-key', params: {} } : { code: 'bad-format', params: {} };
    case 'custom': {
      const code = (issue.params as { code?: ProblemCode } | undefined)?.code;
      return code ? ({ code, params: {} } as Coded) : undefined;
    }
    default:
      return undefined;
  }
}
