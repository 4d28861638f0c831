/** Who is acting. Built from verified token claims at the API edge; the domain never sees a JWT. */
export const roles = ['city-admin', 'district-reviewer', 'expert', 'applicant'] as const;
export type Role = (typeof roles)[number];

/**
 * The accounts that act for the city office or a district sign in with a second factor: their
 * tokens must say so, as RFC 8176's `mfa` among the `amr` claim's methods (Cognito's ID tokens
 * carry it, as does any OIDC provider that reports how a person signed in).
 */
export const secondFactorRoles: readonly Role[] = ['city-admin', 'district-reviewer'];

export function signedInWithEnoughFactors(role: Role, amr: unknown, required: readonly Role[] = secondFactorRoles): boolean {
  return !required.includes(role) || (Array.isArray(amr) && amr.includes('mfa'));
}

export interface Actor {
  username: string;
  role: Role;
  /** The applicant's or expert's organisation. */
  organisationId?: string;
  districtId?: string;
  displayName?: string;
}

/**
 * Tasks are assigned to a key rather than a person when any holder of a role or member of an
 * organisation may act: the city office's tasks belong to the role, a correction to the organisation.
 * `workflow:` keys are the workflow waiting on something no person decides directly (all experts'
 * scores, its call's outcome); no actor holds them, so they appear in nobody's inbox.
 */
export type AssigneeKey = `user:${string}` | `role:${Role}` | `org:${string}` | `district:${string}` | `workflow:${string}`;

export function assigneeKeysOf(actor: Actor): AssigneeKey[] {
  const keys: AssigneeKey[] = [`user:${actor.username}`];
  if (actor.role === 'city-admin') keys.push('role:city-admin');
  if (actor.role === 'applicant' && actor.organisationId) keys.push(`org:${actor.organisationId}`);
  if (actor.role === 'district-reviewer' && actor.districtId) keys.push(`district:${actor.districtId}`);
  return keys;
}

export function actsFor(actor: Actor, assignee: string): boolean {
  return (assigneeKeysOf(actor) as string[]).includes(assignee);
}

/** Who the record names when the workflow, not a person, did something (a deadline passed, a step ran). */
export const WORKFLOW_ACTOR = 'workflow';
/** The workflow as the one completing a task it holds. */
export const workflowActor = { username: WORKFLOW_ACTOR } as const;

/** The key of a task the workflow holds while it waits on something no person decides directly. */
export const workflowAssignee = (what: string): AssigneeKey => `workflow:${what}`;

/** A task the workflow holds rather than a person, a role or an organisation: in nobody's inbox, never reminded or overdue to anyone. */
export function isWorkflowTask(assignee: string): boolean {
  return assignee.startsWith('workflow:');
}
