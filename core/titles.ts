import { chinaDate } from './china-time';

/**
 * A named title's life (命名授牌, issue 21.5): its number (文号), its validity, and the 复核
 * (re-assessment) the kind schedules. Pure: the services and the review workflow
 * (workflows/review) apply these.
 */

export const DEFAULT_TITLE_VALIDITY_YEARS = 3;

/** The end of a title conferred at `namedAt`, held for `years` (the same date that many years on). */
export function titleValidUntil(namedAt: Date, years: number): string {
  const until = new Date(namedAt);
  until.setUTCFullYear(until.getUTCFullYear() + years);
  return until.toISOString();
}

/** The 文号 when the office set no pattern of its own; `{year}` is the naming's China year, `{seq}` its number in that year. */
export const DEFAULT_TITLE_NUMBER_PATTERN = '沪终身办〔{year}〕{seq}号';

/** A 复核 opens this many days before the period it judges ends, so it is decided before the title would lapse. */
export const REVIEW_LEAD_DAYS = 90;

export const titleStatuses = ['valid', 'rectifying', 'revoked', 'expired'] as const;
export type TitleStatus = (typeof titleStatuses)[number];

/** The office's 复核 outcomes: keep (保留), rectify by a deadline (限期整改), revoke (撤销). */
export const titleReviewOutcomes = ['keep', 'rectify', 'revoke'] as const;
export type TitleReviewOutcome = (typeof titleReviewOutcomes)[number];

/** Where a 复核 stands; the review workflow's `Plan` routes on it. */
export const titleReviewStages = ['scheduled', 'self_assessment', 'office_review', 'rectification', 'recheck', 'closed'] as const;
export type TitleReviewStage = (typeof titleReviewStages)[number];

/** What the kind's title outcome says of a title's life, with the defaults for a kind stored before issue 21.5. */
export interface TitleTerms {
  validityYears: number;
  /** Years between 复核; 0: none, the title simply expires. Absent: every validity period. */
  reviewEveryYears: number;
  numberPattern: string;
}

export function titleTermsOf(
  outcome: { validityYears?: number; reviewEveryYears?: number; numberPattern?: string } | undefined,
): TitleTerms {
  const validityYears = outcome?.validityYears ?? DEFAULT_TITLE_VALIDITY_YEARS;
  return {
    validityYears,
    reviewEveryYears: outcome?.reviewEveryYears ?? validityYears,
    numberPattern: outcome?.numberPattern ?? DEFAULT_TITLE_NUMBER_PATTERN,
  };
}

/** The naming year as the office counts it: the China calendar year of the naming. */
export const numberingYear = (namedAt: Date) => Number(chinaDate(namedAt).slice(0, 4));

/** A title's 文号 from the office's pattern: `沪终身办〔{year}〕{seq}号` with year 2029, seq 3 → 沪终身办〔2029〕3号. */
export function titleNumber(pattern: string, year: number, seq: number): string {
  return pattern.replaceAll('{year}', String(year)).replaceAll('{seq}', String(seq));
}

/** A pattern must number titles apart: it carries `{seq}`. */
export function numberPatternProblem(pattern: string): string | undefined {
  return pattern.includes('{seq}') ? undefined : 'a 文号 pattern must contain {seq} (the number within the year)';
}

/**
 * When the next 复核 opens for a period starting at `from` and valid until `validUntil`:
 * REVIEW_LEAD_DAYS before the earlier of the review interval's end and the validity's end.
 * Undefined when the kind reviews nothing (the title then expires at `validUntil`).
 */
export function reviewOpensAt(from: Date, validUntil: string, terms: TitleTerms): string | undefined {
  if (terms.reviewEveryYears === 0) return undefined;
  const interval = Date.parse(titleValidUntil(from, terms.reviewEveryYears));
  const end = Math.min(interval, Date.parse(validUntil));
  return new Date(Math.max(from.getTime(), end - REVIEW_LEAD_DAYS * 86400_000)).toISOString();
}

/** A kept title's next period: from the end of the one judged (or now, if later), for the kind's validity. */
export function renewedValidity(validUntil: string, now: Date, terms: TitleTerms): { from: string; validUntil: string } {
  const from = new Date(Math.max(Date.parse(validUntil), now.getTime()));
  return { from: from.toISOString(), validUntil: titleValidUntil(from, terms.validityYears) };
}

/**
 * How a title shows: revoked and expired as stored; a valid or rectifying title whose validity
 * has passed shows expired even before the workflow records it — except while a 复核 is under way,
 * which decides it.
 */
export function titleStatusOf(stored: TitleStatus | undefined, validUntil: string | undefined, now: Date, reviewing: boolean): TitleStatus {
  const status = stored ?? 'valid';
  if (status === 'revoked' || status === 'expired') return status;
  if (!reviewing && validUntil && Date.parse(validUntil) <= now.getTime()) return 'expired';
  return status;
}

/** The title's status after an office 复核 decision. */
export function statusAfterReview(outcome: TitleReviewOutcome): TitleStatus {
  return outcome === 'keep' ? 'valid' : outcome === 'rectify' ? 'rectifying' : 'revoked';
}

/** The 复核's human steps: the centre's self-assessment (自评报告), the office's review, the rectification report (整改报告). */
export const titleTaskKinds = ['title_self_assessment', 'title_review', 'title_rectification'] as const;
export type TitleTaskKind = (typeof titleTaskKinds)[number];
