import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  districtOf,
  isCreditCode,
  managesOrganisation,
  naturalKeyOf,
  parentLevelOf,
  parentProblem,
  seesOrganisation,
  uniquenessKeysOf,
  type OrganisationNode,
} from '../../core/organisations';

const city: OrganisationNode = { organisationId: 'city', level: 'city' };
const districtA: OrganisationNode = { organisationId: 'district-a', level: 'district', parentId: 'city' };
const centre: OrganisationNode = { organisationId: 'centre-a1', level: 'street', parentId: 'district-a' };
const point: OrganisationNode = { organisationId: 'point-a1-1', level: 'point', parentId: 'centre-a1' };

describe('the network (city → district → street → teaching point)', () => {
  it('hangs each level under the one above it, the city under nothing', () => {
    expect([city, districtA, centre, point].map((o) => parentLevelOf(o.level))).toEqual([undefined, 'city', 'district', 'street']);
    expect(parentProblem(city, undefined, [])).toBeUndefined();
    expect(parentProblem(city, districtA, ['city'])).toBe('unexpected');
    expect(parentProblem(centre, districtA, ['city'])).toBeUndefined();
    expect(parentProblem(centre, undefined, [])).toBe('missing');
    expect(parentProblem(centre, city, [])).toBe('level');
    expect(parentProblem(point, districtA, ['city'])).toBe('level');
  });

  it('refuses a parent that is the organisation itself or below it (a cycle)', () => {
    expect(parentProblem(centre, centre, ['district-a', 'city'])).toBe('cycle');
    // Moving centre-a1 under its own teaching point: the point's chain up contains centre-a1.
    expect(parentProblem(centre, { ...point, level: 'district' }, ['centre-a1', 'district-a', 'city'])).toBe('cycle');
  });

  it('finds the district on the chain up, or the organisation itself at district level', () => {
    expect(districtOf(point, [centre, districtA, city])).toBe('district-a');
    expect(districtOf(districtA, [city])).toBe('district-a');
    expect(districtOf(city, [])).toBeUndefined();
  });
});

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts published codes and refuses each with one character changed', () => {
    const published = ['914403001922038216', '91440300708461136T', '91330100799655058B', '91110108551385082Q'];
    for (const code of published) expect(isCreditCode(code), code).toBe(true);
    fc.assert(
      fc.property(fc.constantFrom(...published), fc.nat(17), fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRTUWXY'), (code, at, to) => {
        fc.pre(code[at] !== to);
        expect(isCreditCode(code.slice(0, at) + to + code.slice(at + 1))).toBe(false);
      }),
    );
  });

  it('refuses letters the standard leaves out, lower case and wrong lengths', () => {
    expect(isCreditCode('91440300708461136t')).toBe(false);
    expect(isCreditCode('9144030070846113I6')).toBe(false);
    expect(isCreditCode('91440300708461136')).toBe(false);
    expect(isCreditCode('91440300708461136TT')).toBe(false);
  });
});

describe('the same organisation twice', () => {
  it('is the same credit code, or without one the same name (NFC, trimmed) under the same parent', () => {
    expect(naturalKeyOf({ creditCode: '914403001922038216', name: '甲', parentId: 'x' })).toBe(
      naturalKeyOf({ creditCode: '914403001922038216', name: '乙' }),
    );
    expect(naturalKeyOf({ name: ' 甲街道社区教育中心', parentId: 'district-a' })).toBe(
      naturalKeyOf({ name: '甲街道社区教育中心', parentId: 'district-a' }),
    );
    expect(naturalKeyOf({ name: '甲街道社区教育中心', parentId: 'district-a' })).not.toBe(
      naturalKeyOf({ name: '甲街道社区教育中心', parentId: 'district-b' }),
    );
  });
});

describe('what two organisations may not share', () => {
  it('is the name under the parent always, and the credit code as well where one is given', () => {
    expect(uniquenessKeysOf({ name: '甲', parentId: 'district-a' })).toEqual([naturalKeyOf({ name: '甲', parentId: 'district-a' })]);
    const keys = uniquenessKeysOf({ creditCode: '914403001922038216', name: '甲', parentId: 'district-a' });
    expect(keys).toEqual(['credit:914403001922038216', naturalKeyOf({ name: '甲', parentId: 'district-a' })]);
    // Another name under the same parent with the same code still collides on the code.
    expect(uniquenessKeysOf({ creditCode: '914403001922038216', name: '乙', parentId: 'district-a' })).toContain(keys[0]);
  });
});

describe('who manages an organisation', () => {
  const street = { level: 'street' as const, districtId: 'district-a' };
  it('the city office all; a district bureau only the street centres and points of its own district', () => {
    expect(managesOrganisation({ role: 'city-admin' }, { level: 'city' })).toBe(true);
    expect(managesOrganisation({ role: 'district-reviewer', districtId: 'district-a' }, street)).toBe(true);
    expect(managesOrganisation({ role: 'district-reviewer', districtId: 'district-a' }, { level: 'point', districtId: 'district-a' })).toBe(
      true,
    );
    expect(managesOrganisation({ role: 'district-reviewer', districtId: 'district-b' }, street)).toBe(false);
    expect(
      managesOrganisation({ role: 'district-reviewer', districtId: 'district-a' }, { level: 'district', districtId: 'district-a' }),
    ).toBe(false);
    expect(managesOrganisation({ role: 'applicant', districtId: 'district-a' }, street)).toBe(false);
    expect(managesOrganisation({ role: 'district-reviewer' }, street)).toBe(false);
  });

  it('a district bureau sees its own district (its own entry too) and nothing of another', () => {
    expect(seesOrganisation({ role: 'city-admin' }, { districtId: 'district-b' })).toBe(true);
    expect(seesOrganisation({ role: 'district-reviewer', districtId: 'district-a' }, { districtId: 'district-a' })).toBe(true);
    expect(seesOrganisation({ role: 'district-reviewer', districtId: 'district-a' }, { districtId: 'district-b' })).toBe(false);
    expect(seesOrganisation({ role: 'expert', districtId: 'district-a' }, { districtId: 'district-a' })).toBe(false);
  });
});
