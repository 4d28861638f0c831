import type { OrganisationFacts } from '../../core/accounts';
import { store } from '../adapters/entities';
import { districtOfItem } from '../adapters/model/directory';

const factsOf = (o: { organisationId: string; districtId: string; level: OrganisationFacts['level'] }): OrganisationFacts => ({
  organisationId: o.organisationId,
  level: o.level,
  districtId: districtOfItem(o),
});

/** An organisation's district and level, or undefined when there is none by this id (or it is retired). */
export async function organisationFacts(organisationId: string): Promise<OrganisationFacts | undefined> {
  const { data } = await store().entities.organisation.get({ organisationId }).go();
  return data && data.status === 'active' ? factsOf(data) : undefined;
}

/** Every active organisation an account may belong to, for the office's forms: the network's keyed query. */
export async function organisationsForAccounts(): Promise<OrganisationFacts[]> {
  const { data } = await store().entities.organisation.query.all({}).go({ pages: 'all' });
  return data.filter((o) => o.status === 'active').map(factsOf);
}
