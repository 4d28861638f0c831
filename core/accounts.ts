import type { Actor, Role } from './identity';

/**
 * What the account rules need to know of an organisation: its id, the district it belongs to
 * (a district's own id for a district) and its level in the network (DOMAIN.md: city → district →
 * street/township centre → teaching point), as the organisations entity names them. Experts'
 * employers are placed at the street level of their district (DIRECTORY-CONTRACT.md, c-orgs).
 */
export interface OrganisationFacts {
  organisationId: string;
  districtId?: string | undefined;
  level: 'city' | 'district' | 'street' | 'point';
}

export const personStatuses = ['active', 'disabled'] as const;
export type PersonStatus = (typeof personStatuses)[number];

/** A person as the account rules see them. */
export interface PersonScope {
  username: string;
  role: Role;
  organisationId?: string | undefined;
  districtId?: string | undefined;
  status?: PersonStatus | undefined;
}

/**
 * Why this actor may not create an account of this role in this organisation: `forbidden` when
 * their role may not create it at all, `hidden` when the organisation is not theirs to see (a
 * district bureau naming another district's centre is told nothing exists there); undefined when
 * they may. The city office creates every role; a district bureau only its own centres' applicants.
 */
export function creationRefusal(actor: Actor, role: Role, organisation: OrganisationFacts): 'forbidden' | 'hidden' | undefined {
  if (actor.role === 'city-admin') return undefined;
  if (actor.role !== 'district-reviewer') return 'forbidden';
  if (!actor.districtId || organisation.districtId !== actor.districtId) return 'hidden';
  return role === 'applicant' ? undefined : 'forbidden';
}

/** Which levels each role's organisation may be: an applicant declares for a centre or a teaching point, a district reviewer sits in its district, the office in the city. */
const levelsOf: Record<Role, OrganisationFacts['level'][]> = {
  'city-admin': ['city'],
  'district-reviewer': ['district'],
  applicant: ['street', 'point'],
  expert: ['street', 'point', 'district', 'city'],
};

export function roleFitsOrganisation(role: Role, organisation: OrganisationFacts): boolean {
  return levelsOf[role].includes(organisation.level);
}

/** Whether this actor manages this person's account (sees it, disables and re-enables it). */
export function managesPerson(actor: Actor, person: PersonScope): boolean {
  if (actor.role === 'city-admin') return true;
  return actor.role === 'district-reviewer' && person.role === 'applicant' && !!actor.districtId && person.districtId === actor.districtId;
}

/** Whether this actor may read this person's entry: those who manage it, and the person themselves. */
export function seesPerson(actor: Actor, person: PersonScope): boolean {
  return actor.username === person.username || managesPerson(actor, person);
}

export const scopeFields = ['role', 'organisationId', 'districtId'] as const;
export type ScopeField = (typeof scopeFields)[number];

/**
 * The scope fields a person asked to change on their own entry: a different role, organisation or
 * district. Naming the value they already have changes nothing and is not an attempt.
 */
export function scopeChangesAsked(person: PersonScope, asked: Partial<Record<ScopeField, unknown>>): ScopeField[] {
  return scopeFields.filter((field) => asked[field] !== undefined && asked[field] !== person[field]);
}

/**
 * The organisation a person belongs to when nobody said: the office's is the city, a district
 * reviewer's is their district (DIRECTORY-CONTRACT.md: districts are organisations with the same id).
 */
export function homeOrganisationOf(actor: Pick<Actor, 'role' | 'organisationId' | 'districtId'>): string | undefined {
  if (actor.organisationId) return actor.organisationId;
  if (actor.role === 'city-admin') return 'city';
  if (actor.role === 'district-reviewer') return actor.districtId;
  return undefined;
}

/**
 * The Actor a person's entry signs in as: the scope claims each role's tokens carry (an applicant
 * and an expert their organisation, everyone but the office their district), as the Cognito
 * attributes `custom:org` and `custom:district` say them.
 */
export function actorOfPerson(person: PersonScope & { displayName?: string | undefined }): Actor {
  const withOrg = person.role === 'applicant' || person.role === 'expert';
  const withDistrict = person.role !== 'city-admin';
  return {
    username: person.username,
    role: person.role,
    ...(withOrg && person.organisationId ? { organisationId: person.organisationId } : {}),
    ...(withDistrict && person.districtId ? { districtId: person.districtId } : {}),
    ...(person.displayName ? { displayName: person.displayName } : {}),
  };
}

/** An entry written before accounts had a status is an active one. */
export const isDisabled = (person: { status?: string | undefined }) => person.status === 'disabled';

/** The key a person's account history is kept under in the audit trail. */
export const personSubject = (username: string) => `person:${username}`;
