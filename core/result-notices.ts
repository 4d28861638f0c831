import type { Label } from './labels';

const l = (zh: string, en: string): Label => ({ zh, en });

/**
 * Result notices (结果通知): what the office tells each applicant when a call is decided (立项通知,
 * established or not, with the reason), when a project's acceptance is decided (验收结果通知), and
 * what it announces for the whole call (立项结果公告). Each carries a number the office can cite.
 */
export const resultNoticeKinds = ['establishment', 'acceptance', 'call_result'] as const;
export type ResultNoticeKind = (typeof resultNoticeKinds)[number];

export const resultNoticeKindLabels: Record<ResultNoticeKind, Label> = {
  establishment: l('立项通知', 'Establishment notice'),
  acceptance: l('验收结果通知', 'Acceptance result notice'),
  call_result: l('立项结果公告', 'Call result announcement'),
};

/** The office that issues every notice, as it signs them. */
export const issuingOffice: Label = l('市终身教育办公室', 'City Lifelong Education Office');

/**
 * One id per notice and what it is about, so a retried step or a repeated request finds the notice
 * already issued instead of issuing a second one.
 */
export function resultNoticeId(kind: ResultNoticeKind, subjectId: string): string {
  return `${kind}-${subjectId}`;
}

/**
 * The number (文号): the call's year and batch, and for a notice to one applicant its declaration's
 * place in the call (the order declarations were created in). The same declaration has the same
 * place in its 立项 and its 验收 notice, so the two can be matched on paper; nothing is counted,
 * so issuing twice can never give two numbers.
 */
export function resultNoticeNumber(kind: ResultNoticeKind, call: { year: number; batch: number }, place?: number): string {
  const head = `市终身教育办〔${call.year}〕第${call.batch}批`;
  if (kind === 'call_result') return `${head}立项结果公告`;
  if (place === undefined || !Number.isInteger(place) || place < 1) throw new RangeError(`a ${kind} notice needs a place, got ${place}`);
  return `${head}${kind === 'establishment' ? '立项' : '验收'}第${String(place).padStart(3, '0')}号`;
}

/** The place (1-based) of each declaration of a call that was ever submitted, in creation order. */
export function placesInCall(
  declarations: readonly { declarationId: string; createdAt: string; submittedAt?: string | undefined }[],
): Map<string, number> {
  const submitted = declarations
    .filter((d) => d.submittedAt !== undefined)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.declarationId.localeCompare(b.declarationId));
  return new Map(submitted.map((d, at) => [d.declarationId, at + 1]));
}

/** One declaration's place (placesInCall); undefined for one never submitted. */
export function placeInCall(
  declarations: readonly { declarationId: string; createdAt: string; submittedAt?: string | undefined }[],
  declarationId: string,
): number | undefined {
  return placesInCall(declarations).get(declarationId);
}

/** The outcome a notice tells, in the words printed on it. */
export const resultNoticeOutcomes = ['established', 'not_established', 'excellent', 'pass', 'fail', 'announced'] as const;
export type ResultNoticeOutcome = (typeof resultNoticeOutcomes)[number];

export const resultNoticeOutcomeLabels: Record<ResultNoticeOutcome, Label> = {
  established: l('予以立项', 'Established'),
  not_established: l('未予立项', 'Not established'),
  excellent: l('验收优秀', 'Accepted with distinction'),
  pass: l('验收合格', 'Accepted'),
  fail: l('验收不合格', 'Failed acceptance'),
  announced: l('立项结果公告', 'Announced'),
};

/** The acceptance results that end the acceptance (a rectification is not a result yet). */
export function isFinalAcceptanceOutcome(outcome: string): outcome is 'excellent' | 'pass' | 'fail' {
  return outcome === 'excellent' || outcome === 'pass' || outcome === 'fail';
}
