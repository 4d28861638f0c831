import { describe, expect, it } from 'vitest';
import {
  actorOfPerson,
  creationRefusal,
  homeOrganisationOf,
  managesPerson,
  roleFitsOrganisation,
  scopeChangesAsked,
  seesPerson,
  type OrganisationFacts,
} from '../../core/accounts';
import type { Actor } from '../../core/identity';

const office: Actor = { username: 'admin', role: 'city-admin' };
const districtA: Actor = { username: 'district-a', role: 'district-reviewer', districtId: 'district-a' };
const centreA1: OrganisationFacts = { organisationId: 'centre-a1', districtId: 'district-a', level: 'street' };
const centreB1: OrganisationFacts = { organisationId: 'centre-b1', districtId: 'district-b', level: 'street' };

describe('the account rules', () => {
  it('let the office create any role, a district only its own centres’ applicants; another district’s centre is hidden', () => {
    expect(
      creationRefusal(office, 'district-reviewer', { organisationId: 'district-b', districtId: 'district-b', level: 'district' }),
    ).toBe(undefined);
    expect(creationRefusal(districtA, 'applicant', centreA1)).toBe(undefined);
    expect(creationRefusal(districtA, 'applicant', centreB1)).toBe('hidden');
    expect(creationRefusal(districtA, 'expert', centreA1)).toBe('forbidden');
    expect(creationRefusal({ username: 'applicant-a1', role: 'applicant', organisationId: 'centre-a1' }, 'applicant', centreA1)).toBe(
      'forbidden',
    );
  });

  it('fit each role to its level of the network', () => {
    expect(roleFitsOrganisation('applicant', centreA1)).toBe(true);
    expect(roleFitsOrganisation('applicant', { organisationId: 'district-a', districtId: 'district-a', level: 'district' })).toBe(false);
    expect(roleFitsOrganisation('district-reviewer', centreA1)).toBe(false);
    expect(roleFitsOrganisation('city-admin', { organisationId: 'city', level: 'city' })).toBe(true);
  });

  it('let a district manage its own applicants only, and everyone see themselves', () => {
    const applicantB = { username: 'applicant-b1', role: 'applicant' as const, districtId: 'district-b' };
    expect(managesPerson(districtA, { username: 'applicant-a1', role: 'applicant', districtId: 'district-a' })).toBe(true);
    expect(managesPerson(districtA, applicantB)).toBe(false);
    expect(managesPerson(districtA, { username: 'expert-1', role: 'expert', districtId: 'district-a' })).toBe(false);
    expect(seesPerson({ username: 'applicant-b1', role: 'applicant' }, applicantB)).toBe(true);
    expect(managesPerson({ username: 'applicant-b1', role: 'applicant' }, applicantB)).toBe(false);
  });

  it('name only the scope fields asked to change; the value already held is no attempt', () => {
    const person = { username: 'wang', role: 'applicant' as const, organisationId: 'centre-a1', districtId: 'district-a' };
    expect(scopeChangesAsked(person, { role: 'applicant', organisationId: 'centre-a1' })).toEqual([]);
    expect(scopeChangesAsked(person, { role: 'city-admin', districtId: 'district-b' })).toEqual(['role', 'districtId']);
  });

  it('sign a person in with the claims their role carries', () => {
    expect(actorOfPerson({ username: 'admin', role: 'city-admin', organisationId: 'city', displayName: '办公室' })).toEqual({
      username: 'admin',
      role: 'city-admin',
      displayName: '办公室',
    });
    expect(
      actorOfPerson({ username: 'district-a', role: 'district-reviewer', organisationId: 'district-a', districtId: 'district-a' }),
    ).toEqual({
      username: 'district-a',
      role: 'district-reviewer',
      districtId: 'district-a',
    });
    expect(homeOrganisationOf(office)).toBe('city');
    expect(homeOrganisationOf(districtA)).toBe('district-a');
  });
});
