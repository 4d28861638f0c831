import type { OrganisationFacts } from '../../core/accounts';

/**
 * The organisations known while the organisations entity is built on its own branch (c-orgs):
 * the ids tokens already carry (DIRECTORY-CONTRACT.md), at the levels c-orgs seeds them. Once that
 * lands, both functions read the `organisation` entity instead (an active one by id: its
 * organisationId, level, and districtId — none for the city) and this list goes; the accounts
 * service and pages call only these two.
 */
const known: OrganisationFacts[] = [
  { organisationId: 'city', level: 'city' },
  ...['a', 'b', 'c'].map((d): OrganisationFacts => ({ organisationId: `district-${d}`, districtId: `district-${d}`, level: 'district' })),
  { organisationId: 'centre-a1', districtId: 'district-a', level: 'street' },
  { organisationId: 'centre-a2', districtId: 'district-a', level: 'street' },
  { organisationId: 'centre-b1', districtId: 'district-b', level: 'street' },
  ...[1, 2, 3, 4, 5, 6].map(
    (n): OrganisationFacts => ({ organisationId: `expert-org-${n}`, districtId: `district-${'abc'[(n - 1) % 3]}`, level: 'street' }),
  ),
];

/** An organisation's district and level, or undefined when there is none by this id (or it is retired). */
export async function organisationFacts(organisationId: string): Promise<OrganisationFacts | undefined> {
  return known.find((o) => o.organisationId === organisationId);
}

/** Every organisation an account may belong to, for the office's forms. */
export async function organisationsForAccounts(): Promise<OrganisationFacts[]> {
  return known;
}
