/**
 * The three-level network of DOMAIN.md as data: the city, its districts and counties, their street
 * and township centres, and the village/community teaching points below them. Rules only: who may
 * hang under whom, which district an organisation belongs to, what makes two entries the same one.
 */
export const organisationLevels = ['city', 'district', 'street', 'point'] as const;
export type OrganisationLevel = (typeof organisationLevels)[number];

export const organisationTypes = [
  'bureau',
  'community-education-centre',
  'elder-university',
  'community-school',
  'teaching-point',
  'other',
] as const;
export type OrganisationType = (typeof organisationTypes)[number];

export interface OrganisationNode {
  organisationId: string;
  level: OrganisationLevel;
  parentId?: string | undefined;
}

/** The level an organisation's parent must have: one above it (the city has none). */
export function parentLevelOf(level: OrganisationLevel): OrganisationLevel | undefined {
  const index = organisationLevels.indexOf(level);
  return index === 0 ? undefined : organisationLevels[index - 1];
}

/**
 * Why `parent` cannot be this organisation's parent, or undefined when it can. `ancestorsOfParent`
 * is the parent's chain up to the city, so a move under one's own descendant is seen as the cycle
 * it would make.
 */
export function parentProblem(
  organisation: OrganisationNode,
  parent: OrganisationNode | undefined,
  ancestorsOfParent: readonly string[],
): 'cycle' | 'level' | 'missing' | 'unexpected' | undefined {
  const wanted = parentLevelOf(organisation.level);
  if (!wanted) return parent ? 'unexpected' : undefined;
  if (!parent) return 'missing';
  if (parent.organisationId === organisation.organisationId || ancestorsOfParent.includes(organisation.organisationId)) return 'cycle';
  if (parent.level !== wanted) return 'level';
  return undefined;
}

/** The district an organisation belongs to: itself at district level, else the district on its chain up. */
export function districtOf(organisation: OrganisationNode, ancestors: readonly OrganisationNode[]): string | undefined {
  if (organisation.level === 'district') return organisation.organisationId;
  return ancestors.find((a) => a.level === 'district')?.organisationId;
}

/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from 31 (no I, O, S, V, Z), the last a check
 * character over the first 17 with weights 3^i mod 31.
 */
const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function isCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  const sum = CREDIT_CODE_WEIGHTS.reduce((total, weight, i) => total + CREDIT_CODE_ALPHABET.indexOf(code[i]!) * weight, 0);
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31] === code[17];
}

/**
 * What makes two entries the same organisation, so a re-import changes nothing and a duplicate is
 * refused: the credit code where one is given, else the name under the same parent.
 */
export function naturalKeyOf(organisation: { creditCode?: string | undefined; name: string; parentId?: string | undefined }): string {
  if (organisation.creditCode) return `credit:${organisation.creditCode}`;
  return `name:${organisation.parentId ?? '-'}:${organisation.name.normalize('NFC').trim()}`;
}

/**
 * The keys no two organisations may share: the credit code where one is given, and always the
 * name under its parent (both refused as duplicates by issue 19), each held by a guard item.
 */
export function uniquenessKeysOf(organisation: { creditCode?: string | undefined; name: string; parentId?: string | undefined }): string[] {
  const byName = naturalKeyOf({ name: organisation.name, parentId: organisation.parentId });
  return organisation.creditCode ? [naturalKeyOf(organisation), byName] : [byName];
}

/**
 * Whether this person manages the organisation: the city office all of them; a district bureau
 * the street centres and teaching points of its own district (its own entry and others' are not
 * its to see, so they read as absent).
 */
export function managesOrganisation(
  actor: { role: string; districtId?: string | undefined },
  organisation: { level: OrganisationLevel; districtId?: string | undefined },
): boolean {
  if (actor.role === 'city-admin') return true;
  if (actor.role !== 'district-reviewer' || !actor.districtId) return false;
  return (organisation.level === 'street' || organisation.level === 'point') && organisation.districtId === actor.districtId;
}

/** Whether this person may see the organisation: the city office all; a district bureau those of its district. */
export function seesOrganisation(
  actor: { role: string; districtId?: string | undefined },
  organisation: { districtId?: string | undefined },
): boolean {
  if (actor.role === 'city-admin') return true;
  return actor.role === 'district-reviewer' && !!actor.districtId && organisation.districtId === actor.districtId;
}
