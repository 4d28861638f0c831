import type { Actor } from './identity';

/**
 * Object-level visibility. Something an actor may not see is reported as absent (404), so the
 * answer never confirms that it exists.
 */
export function canSeeDeclaration(
  actor: Actor,
  declaration: { organisationId: string; districtId: string; experts?: string[] | undefined },
): boolean {
  switch (actor.role) {
    case 'city-admin':
      return true;
    case 'applicant':
      return declaration.organisationId === actor.organisationId;
    case 'district-reviewer':
      return declaration.districtId === actor.districtId;
    case 'expert':
      return declaration.experts?.includes(actor.username) ?? false;
  }
}

/**
 * Property-level visibility of a declaration. Who reviews it is the city office's to know: an
 * applicant or district told its experts could lobby them. Experts read the project, not the
 * applicant's contact person.
 */
export function declarationFor<T extends { experts?: string[] | undefined; contactName?: string | undefined; contactPhone?: string | undefined }>(actor: Actor, declaration: T) {
  if (actor.role === 'city-admin') return declaration;
  const { experts: _experts, ...rest } = declaration;
  if (actor.role !== 'expert') return rest;
  const { contactName: _name, contactPhone: _phone, ...forExpert } = rest;
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
  'objection.filed': { actor: 'objector', reason: true },
  'acceptance.expert_scored': { actor: 'expert', reason: false },
  'acceptance.experts_assigned': { actor: '', reason: true },
};

/** The audit trail as one may read it: everything for the office, others' confidential steps redacted. */
export function historyFor<T extends { actor: string; action: string; reason?: string | undefined }>(actor: Actor, events: T[]): T[] {
  if (actor.role === 'city-admin') return events;
  return events.map((event) => {
    const rule = confidential[event.action];
    if (!rule || event.actor === actor.username) return event;
    const { reason: _reason, ...rest } = event;
    return { ...(rule.reason ? rest : event), ...(rule.actor ? { actor: rule.actor } : {}) } as T;
  });
}
