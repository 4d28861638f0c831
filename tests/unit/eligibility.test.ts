import { describe, expect, it } from 'vitest';
import {
  eligibilityOf,
  eligibilityProblems,
  eligibilityRuleTexts,
  meetsMinimums,
  notAlreadyNamed,
  OPEN_ELIGIBILITY,
  organisationMayDeclare,
  streetOf,
  titleValidUntil,
  withinOrganisationCap,
  withinStreetCap,
  type EligibilityFacts,
  type EligibilityRules,
} from '../../core/eligibility';

const now = new Date('2027-03-01T02:00:00.000Z');
const rules: EligibilityRules = {
  levels: ['street'],
  types: ['community-education-centre'],
  maxPerOrganisation: 1,
  maxPerStreet: 2,
  notIfAlreadyNamed: true,
  minimums: [{ field: 'staffCount', min: 1 }],
};
const facts = (over: Partial<EligibilityFacts> = {}): EligibilityFacts => ({
  organisation: { level: 'street', type: 'community-education-centre' },
  countedForOrganisation: 0,
  countedForStreet: 1,
  now,
  fields: { staffCount: 3 },
  fieldLabels: { staffCount: '专兼职人员数' },
  ...over,
});

describe('eligibility rules, one by one', () => {
  it('a street community-education centre within every rule may declare', () => {
    expect(eligibilityProblems(rules, facts())).toEqual([]);
  });

  it('refuses another level or type, and an organisation the directory does not hold, naming who may', () => {
    for (const organisation of [
      { level: 'point', type: 'community-education-centre' } as const,
      { level: 'street', type: 'elder-university' } as const,
      undefined,
    ]) {
      const problem = organisationMayDeclare(rules, facts({ organisation }));
      expect(problem).toMatchObject({
        field: 'declaration.organisation',
        code: 'eligibility-organisation',
        message: '本类型仅限街道（镇）级的社区教育中心申报',
      });
    }
  });

  it('caps declarations per organisation: the N-th is the last one allowed; a resubmission is not counted', () => {
    expect(withinOrganisationCap(rules, facts({ countedForOrganisation: 0 }))).toBeUndefined();
    expect(withinOrganisationCap(rules, facts({ countedForOrganisation: 1 }))).toMatchObject({
      code: 'eligibility-organisation-cap',
      message: '每个单位在本批次最多申报 1 项',
    });
    expect(withinOrganisationCap(rules, facts({ countedForOrganisation: undefined }))).toBeUndefined();
    expect(withinOrganisationCap({ ...rules, maxPerOrganisation: undefined }, facts({ countedForOrganisation: 9 }))).toBeUndefined();
  });

  it('caps declarations per street, its teaching points included', () => {
    expect(withinStreetCap(rules, facts({ countedForStreet: 1 }))).toBeUndefined();
    expect(withinStreetCap(rules, facts({ countedForStreet: 2 }))).toMatchObject({
      code: 'eligibility-street-cap',
      message: '每个街道（镇）在本批次最多申报 2 项（含其下属教学点）',
    });
    expect(withinStreetCap(rules, facts({ countedForStreet: undefined }))).toBeUndefined();
  });

  it('refuses an organisation named under the kind until the instant its validity ends', () => {
    const named = notAlreadyNamed(rules, facts({ titleValidUntil: '2027-03-01T02:00:00.001Z' }));
    expect(named).toMatchObject({ code: 'eligibility-already-named', params: { validUntil: '2027-03-01T02:00:00.001Z' } });
    expect(named?.message).toContain('已获命名且在有效期内的单位不得重复申报');
    expect(notAlreadyNamed(rules, facts({ titleValidUntil: now.toISOString() }))).toBeUndefined();
    expect(notAlreadyNamed({ ...rules, notIfAlreadyNamed: false }, facts({ titleValidUntil: '2099-01-01T00:00:00.000Z' }))).toBeUndefined();
  });

  it('refuses a figure under its minimum at the field, and leaves a blank one to the form', () => {
    expect(meetsMinimums(rules, facts({ fields: { staffCount: 0 } }))).toEqual([
      expect.objectContaining({
        field: 'declaration.fields.staffCount',
        code: 'eligibility-minimum',
        message: '专兼职人员数须不少于 1',
        params: { label: '专兼职人员数', min: 1 },
      }),
    ]);
    expect(meetsMinimums(rules, facts({ fields: { staffCount: 1 } }))).toEqual([]);
    expect(meetsMinimums(rules, facts({ fields: {} }))).toEqual([]);
    expect(meetsMinimums(rules, facts({ fields: { staffCount: 'many' } }))).toHaveLength(1);
  });

  it('reports every broken rule at once', () => {
    const all = eligibilityProblems(
      rules,
      facts({
        organisation: { level: 'point', type: 'teaching-point' },
        countedForOrganisation: 1,
        countedForStreet: 2,
        titleValidUntil: '2028-01-01T00:00:00.000Z',
        fields: { staffCount: 0 },
      }),
    );
    expect(all.map((p) => p.code)).toEqual([
      'eligibility-organisation',
      'eligibility-organisation-cap',
      'eligibility-street-cap',
      'eligibility-already-named',
      'eligibility-minimum',
    ]);
  });
});

describe('what the rules rest on', () => {
  it('a call stored without rules is open to street centres and teaching points of any type, uncapped', () => {
    const open = eligibilityOf({});
    expect(open).toBe(OPEN_ELIGIBILITY);
    expect(eligibilityProblems(open, facts({ organisation: { level: 'point', type: 'other' }, countedForOrganisation: 50 }))).toEqual([]);
    expect(eligibilityOf({ eligibility: rules })).toBe(rules);
  });

  it('counts a teaching point under its street, a street centre as its own street, nothing above', () => {
    expect(streetOf({ organisationId: 's1', level: 'street' })).toBe('s1');
    expect(streetOf({ organisationId: 'p1', level: 'point', parentId: 's1' })).toBe('s1');
    expect(streetOf({ organisationId: 'd1', level: 'district', parentId: 'city' })).toBeUndefined();
  });

  it('a title runs the same date the given number of years on', () => {
    expect(titleValidUntil(new Date('2027-06-30T04:00:00.000Z'), 3)).toBe('2030-06-30T04:00:00.000Z');
  });

  it('lists the rules in Chinese and English for the call page', () => {
    expect(eligibilityRuleTexts(rules, { staffCount: '专兼职人员数' })).toEqual([
      '本类型仅限街道（镇）级的社区教育中心申报',
      '每个单位在本批次最多申报 1 项',
      '每个街道（镇）在本批次最多申报 2 项（含其下属教学点）',
      '已获命名且在有效期内的单位不得重复申报',
      '专兼职人员数须不少于 1',
    ]);
    expect(eligibilityRuleTexts(OPEN_ELIGIBILITY, {}, 'zh')).toEqual(['本类型仅限街道（镇）级、村（居）教学点单位申报']);
    expect(eligibilityRuleTexts(rules, {}, 'en')[0]).toBe(
      'Only these may declare under this kind: community-education centre at street or township level',
    );
  });
});
