import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawExperts, exclusionOf, type DrawRequest, type PoolMember } from '../../core/draw';

const districts = ['district-a', 'district-b', 'district-c'];
const organisations = ['org-1', 'org-2', 'org-3', 'org-4', 'org-5'];
const specialties = ['老年教育', '社区治理', '课程建设', '财务'];
const days = ['2027-03-01', '2027-03-02', '2027-03-03', '2027-03-04'];

const member: fc.Arbitrary<Omit<PoolMember, 'username'>> = fc.record({
  districtId: fc.constantFrom(...districts),
  organisationId: fc.constantFrom(...organisations),
  specialties: fc.subarray(specialties),
  declaredConflicts: fc.subarray(organisations, { maxLength: 2 }),
  unavailable: fc.array(
    fc.tuple(fc.constantFrom(...days), fc.constantFrom(...days)).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a })),
    { maxLength: 1 },
  ),
  active: fc.constantFrom(true, true, true, true, false),
});
const pool = fc
  .array(member, { minLength: 0, maxLength: 40 })
  .map((members) => members.map((m, i): PoolMember => ({ ...m, username: `expert-${String(i).padStart(2, '0')}` })));

const scenario = pool.chain((experts) => {
  const names = experts.map((e) => e.username);
  return fc.record({
    experts: fc.constant(experts),
    request: fc.record({
      declaration: fc.record({
        districtId: fc.constantFrom(...districts),
        organisationId: fc.constantFrom(...organisations),
        declaredRelations: names.length ? fc.subarray(names, { maxLength: Math.min(3, names.length) }) : fc.constant([]),
      }),
      specialties: fc.subarray(specialties, { maxLength: 2 }),
      count: fc.integer({ min: 0, max: 7 }),
      load: fc.dictionary(names.length ? fc.constantFrom(...names) : fc.constant('nobody'), fc.integer({ min: 0, max: 4 })),
      on: fc.constantFrom(...days),
      alreadyAsked: names.length ? fc.subarray(names, { maxLength: Math.min(3, names.length) }) : fc.constant([]),
      seed: fc.integer(),
    }) as fc.Arbitrary<DrawRequest>,
  });
});

describe('the random draw of experts (随机抽取) with 回避', () => {
  it('never draws an expert of the declaring organisation or district, a declared conflict or relation, or one asked before', () => {
    fc.assert(
      fc.property(scenario, ({ experts, request }) => {
        const result = drawExperts(experts, request);
        for (const username of result.drawn) {
          const expert = experts.find((e) => e.username === username)!;
          expect(expert.active).toBe(true);
          expect(expert.organisationId).not.toBe(request.declaration.organisationId);
          expect(expert.districtId).not.toBe(request.declaration.districtId);
          expect(expert.declaredConflicts).not.toContain(request.declaration.organisationId);
          expect(request.declaration.declaredRelations).not.toContain(username);
          expect(request.alreadyAsked).not.toContain(username);
          if (request.specialties.length) expect(expert.specialties.some((s) => request.specialties.includes(s))).toBe(true);
          expect(expert.unavailable?.some((w) => w.from <= request.on && request.on <= w.to)).toBe(false);
        }
      }),
    );
  });

  it('draws as many as asked or every eligible expert, each once, and accounts for everyone in the pool', () => {
    fc.assert(
      fc.property(scenario, ({ experts, request }) => {
        const result = drawExperts(experts, request);
        expect(result.drawn.length).toBe(Math.min(request.count, result.eligible.length));
        expect(new Set(result.drawn).size).toBe(result.drawn.length);
        for (const username of result.drawn) expect(result.eligible).toContain(username);
        const accounted = [...result.eligible, ...result.excluded.map((e) => e.username)].sort();
        expect(accounted).toEqual(experts.map((e) => e.username).sort());
        for (const { username, reason } of result.excluded)
          expect(exclusionOf(experts.find((e) => e.username === username)!, request)).toBe(reason);
      }),
    );
  });

  it('is balanced by load: nobody is drawn while an eligible expert with less open work is left out', () => {
    fc.assert(
      fc.property(scenario, ({ experts, request }) => {
        const { drawn, eligible } = drawExperts(experts, request);
        const load = (u: string) => request.load[u] ?? 0;
        const left = eligible.filter((u) => !drawn.includes(u));
        if (drawn.length && left.length) expect(Math.max(...drawn.map(load))).toBeLessThanOrEqual(Math.min(...left.map(load)));
      }),
    );
  });

  it('replays: the same seed over the same pool in any order draws the same experts', () => {
    fc.assert(
      fc.property(scenario, fc.integer(), ({ experts, request }, shuffleSeed) => {
        const shuffled = [...experts].sort(
          (a, b) => ((a.username.charCodeAt(8) * shuffleSeed) % 7) - ((b.username.charCodeAt(8) * shuffleSeed) % 7),
        );
        expect(drawExperts(shuffled, request)).toEqual(drawExperts(experts, request));
      }),
    );
  });

  it('is random among equals: different seeds choose different experts from a tier of ten', () => {
    const experts: PoolMember[] = Array.from({ length: 10 }, (_, i) => ({
      username: `expert-${i}`,
      districtId: 'district-b',
      organisationId: `org-${i}`,
      specialties: ['老年教育'],
      active: true,
    }));
    const request = {
      declaration: { districtId: 'district-a', organisationId: 'centre-a1' },
      specialties: [],
      count: 3,
      load: {},
      on: '2027-03-01',
    };
    const draws = new Set(Array.from({ length: 20 }, (_, seed) => drawExperts(experts, { ...request, seed }).drawn.join(',')));
    expect(draws.size).toBeGreaterThan(10);
  });

  it('names why each expert was left out, the first rule that applies', () => {
    const base = { districtId: 'district-b', organisationId: 'org-9', specialties: ['老年教育'], active: true };
    const request = {
      declaration: { districtId: 'district-a', organisationId: 'centre-a1', declaredRelations: ['rel'] },
      specialties: ['老年教育'],
      on: '2027-03-02',
      alreadyAsked: ['asked'],
    };
    const reasonOf = (username: string, over: Partial<PoolMember>) => exclusionOf({ ...base, username, ...over }, request);
    expect(reasonOf('x', { active: false })).toBe('inactive');
    expect(reasonOf('asked', {})).toBe('already-asked');
    expect(reasonOf('x', { organisationId: 'centre-a1' })).toBe('organisation');
    expect(reasonOf('x', { districtId: 'district-a' })).toBe('district');
    expect(reasonOf('x', { declaredConflicts: ['centre-a1'] })).toBe('declared-conflict');
    expect(reasonOf('rel', {})).toBe('declared-relationship');
    expect(reasonOf('x', { specialties: ['财务'] })).toBe('specialty');
    expect(reasonOf('x', { unavailable: [{ from: '2027-03-01', to: '2027-03-02' }] })).toBe('unavailable');
    expect(reasonOf('x', { unavailable: [{ from: '2027-03-03', to: '2027-03-04' }] })).toBeUndefined();
  });
});
