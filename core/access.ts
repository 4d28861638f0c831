import type { Actor } from './identity';
import { isOpenInvitee, type InvitationRecord } from './invitations';

/**
 * Object-level visibility. Something an actor may not see is reported as absent (404), so the
 * answer never confirms that it exists.
 */
export function canSeeDeclaration(
  actor: Actor,
  declaration: { organisationId: string; districtId: string; experts?: string[] | undefined } & InvitationRecord,
): boolean {
  switch (actor.role) {
    case 'city-admin':
      return true;
    case 'applicant':
      return declaration.organisationId === actor.organisationId;
    case 'district-reviewer':
      return declaration.districtId === actor.districtId;
    case 'expert':
      // An invited expert reads what they are asked to review before answering.
      return (declaration.experts?.includes(actor.username) ?? false) || isOpenInvitee(declaration, actor.username);
  }
}

/**
 * Property-level visibility of a declaration. Who reviews it is the city office's to know: an
 * applicant or district told its experts could lobby them. Experts read the project, not the
 * applicant's contact person.
 */
export function declarationFor<
  T extends {
    experts?: string[] | undefined;
    avoidExperts?: string[] | undefined;
    contactName?: string | undefined;
    contactPhone?: string | undefined;
    score?: unknown;
  } & InvitationRecord,
>(actor: Actor, declaration: T) {
  if (actor.role === 'city-admin') return declaration;
  const {
    experts: _experts,
    expertsWanted: _wanted,
    invitedExperts: _invited,
    acceptedExperts: _accepted,
    closedInvitations: _closed,
    ...rest
  } = declaration;
  // The combined score says who did not score (`missing`): as telling as the list of experts.
  if (rest.score && typeof rest.score === 'object' && 'missing' in rest.score) {
    const { missing: _missing, ...score } = rest.score as Record<string, unknown>;
    rest.score = score;
  }
  if (actor.role !== 'expert') return rest;
  // Whom the applicant asked to avoid is between the applicant and the office.
  const { contactName: _name, contactPhone: _phone, avoidExperts: _avoid, ...forExpert } = rest;
  return forExpert;
}

/** A declaration's or project's open tasks as one may see them: nobody but the office sees whose scoring is open. */
export function tasksFor<T extends { expert?: string | undefined }>(actor: Actor, tasks: T[]): T[] {
  if (actor.role === 'city-admin') return tasks;
  return tasks.filter((t) => t.expert === undefined || t.expert === actor.username);
}

/** Actions whose actor (and, for these, reason) only the office sees: experts and objectors stay unnamed. */
const confidential: Record<string, { actor: string; reason: boolean }> = {
  'expert.scored': { actor: 'expert', reason: false },
  'experts.assigned': { actor: '', reason: true },
  // 专家邀请: who was asked and how each answered is the office's, like the assignment.
  'invitation.accepted': { actor: 'expert', reason: false },
  'invitation.declined': { actor: 'expert', reason: true },
  'invitation.timed_out': { actor: '', reason: true },
  'invitation.replaced': { actor: '', reason: true },
  'invitations.completed': { actor: '', reason: true },
  'invitations.exhausted': { actor: '', reason: true },
  // The draw's record names the eligible and the drawn.
  'experts.drawn': { actor: '', reason: true },
  'objection.filed': { actor: 'objector', reason: true },
  'acceptance.expert_scored': { actor: 'expert', reason: false },
  'acceptance.experts_assigned': { actor: '', reason: true },
  // Closing a review at its deadline names the experts who did not score.
  'expert_review.deadline_reached': { actor: '', reason: true },
  'acceptance.scoring_completed': { actor: '', reason: true },
  'acceptance.scoring_deadline': { actor: '', reason: true },
};

/** The audit trail as one may read it: everything for the office, others' confidential steps redacted. */
export function historyFor<T extends { actor: string; action: string; reason?: string | undefined }>(actor: Actor, events: T[]): T[] {
  if (actor.role === 'city-admin') return events;
  return events.map((event) => {
    const rule = confidential[event.action];
    if (!rule || event.actor === actor.username) return event;
    const { reason: _reason, ...rest } = event;
    const shown = rule.reason ? rest : event;
    if (!rule.actor) return shown as T;
    // The name written beside the actor (functions/services/audit.ts actorName) goes with them.
    const { actorName: _name, ...unnamed } = shown as typeof shown & { actorName?: string };
    return { ...unnamed, actor: rule.actor } as T;
  });
}

/** What a call's readers need: its rules, window, status and notice. Named, so a field added later stays the office's until someone decides otherwise. */
export const publicCallFields = [
  'callId',
  'kind',
  'kindVersion',
  'kindNameZh',
  'kindNameEn',
  'year',
  'batch',
  'title',
  'opensAt',
  'closesAt',
  'quota',
  'config',
  'status',
  'noticeOpensAt',
  'noticeEndsAt',
] as const;
export type PublicCallField = (typeof publicCallFields)[number];

/** A call as anyone (signed in or not) reads it. */
export function publicCall<T extends Partial<Record<PublicCallField, unknown>>>(call: T): Pick<T, PublicCallField> {
  return Object.fromEntries(publicCallFields.filter((key) => call[key] !== undefined).map((key) => [key, call[key]])) as Pick<
    T,
    PublicCallField
  >;
}

/**
 * A call as one reads it: the city office also sees its workflow execution, shortlist and
 * bookkeeping; the sweep's index keys are the machine's alone.
 */
export function callFor<T extends Partial<Record<PublicCallField, unknown>> & { sweepAt?: unknown; sweepQueue?: unknown }>(
  actor: Actor | undefined,
  call: T,
) {
  if (actor?.role !== 'city-admin') return publicCall(call);
  const { sweepAt: _at, sweepQueue: _queue, ...detail } = call;
  return detail;
}
