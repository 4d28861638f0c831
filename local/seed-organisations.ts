import { ConflictError } from '../core/errors';
import type { CreateOrganisationInput } from '../core/organisation-schemas';
import { organisationLevels } from '../core/organisations';
import { seededUser } from './users';

type Seeded = CreateOrganisationInput & { organisationId: string };

/**
 * The network a fresh local install knows, under the ids the seeded users' tokens carry
 * (DIRECTORY-CONTRACT.md): the city, districts A–C with their bureaux, the three declaring centres,
 * and the six experts' employers.
 *
 * The employers are universities and schools, not part of the three-level network, but core allows
 * only its four levels and an employer must belong to a district (回避 refuses an expert for their
 * own district): `street`, the level directly under a district, is the one that places them in
 * their district without a street centre above them. Their type says what they are.
 */
const districts: Seeded[] = (['a', 'b', 'c'] as const).map((d) => ({
  organisationId: `district-${d}`,
  name: `${d.toUpperCase()}区社区教育主管部门`,
  shortName: `${d.toUpperCase()}区`,
  level: 'district',
  type: 'bureau',
  parentId: 'city',
}));

const centre = (organisationId: string, name: string, parentId: string, phone: string): Seeded => ({
  organisationId,
  name,
  level: 'street',
  type: 'community-education-centre',
  parentId,
  contact: { name: '办公室', phone },
});

const employers: [string, CreateOrganisationInput['type'], string][] = [
  ['市开放大学A区分校', 'other', 'district-a'],
  ['B区老年大学', 'elder-university', 'district-b'],
  ['C区社区学院', 'community-school', 'district-c'],
  ['市师范大学继续教育学院', 'other', 'district-a'],
  ['B区业余大学', 'other', 'district-b'],
  ['C区职业技术学校', 'other', 'district-c'],
];

export const seededOrganisations: Seeded[] = [
  { organisationId: 'city', name: '市终身教育办公室', shortName: '市教育局', level: 'city', type: 'bureau' },
  ...districts,
  centre('centre-a1', 'A区甲街道社区教育中心', 'district-a', '021-5555 0101'),
  centre('centre-a2', 'A区乙镇社区教育中心', 'district-a', '021-5555 0102'),
  centre('centre-b1', 'B区丙街道社区教育中心', 'district-b', '021-5555 0201'),
  ...employers.map(
    ([name, type, parentId], i): Seeded => ({
      organisationId: `expert-org-${i + 1}`,
      name,
      level: 'street',
      type,
      parentId,
    }),
  ),
];

/**
 * Creates what is missing, through the service (audited), a level at a time (each level's in
 * parallel: every runtime start, a test file's included, pays for it); one already there, perhaps
 * renamed since, is left as it is.
 */
export async function seedOrganisations(): Promise<void> {
  const { createOrganisation } = await import('../functions/services/organisations');
  const { store } = await import('../functions/adapters/entities');
  const admin = seededUser('admin')!;
  for (const level of organisationLevels) {
    await Promise.all(
      seededOrganisations
        .filter((o) => o.level === level)
        .map(async ({ organisationId, ...organisation }) => {
          // A restart finds them all: one read each, not a refused create.
          if ((await store().entities.organisation.get({ organisationId }).go()).data) return;
          await createOrganisation(admin, organisation, organisationId).catch((error: unknown) => {
            if (!(error instanceof ConflictError)) throw error;
          });
        }),
    );
  }
}
