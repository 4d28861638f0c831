import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { historyFor } from '../../core/access';
import { drawExperts, exclusionReasons, readDrawRecord, recordOf, refusalOf, replayDraw, type PoolMember } from '../../core/draw';

/**
 * Issue 19's property: over random pools, declared conflicts and relationships and declarations,
 * the draw never picks an expert of the declaration's organisation or district, nor one declared
 * in conflict or related; and the record the audit keeps replays to the same experts.
 */
const districts = ['district-a', 'district-b', 'district-c', 'district-d'];
const organisations = ['centre-a1', 'centre-a2', 'centre-b1', 'expert-org-1', 'expert-org-2', 'expert-org-3'];
const specialties = ['elder-education', 'community-governance', 'curriculum', 'finance'];

const scenario = fc
  .array(
    fc.record({
      districtId: fc.constantFrom(...districts),
      organisationId: fc.constantFrom(...organisations),
      specialties: fc.subarray(specialties),
      declaredConflicts: fc.subarray(organisations, { maxLength: 3 }),
      active: fc.boolean(),
    }),
    { maxLength: 60 },
  )
  .map((members) => members.map((m, i): PoolMember => ({ ...m, username: `e${i}` })))
  .chain((pool) => {
    const names = pool.map((e) => e.username);
    const someNames = names.length ? fc.subarray(names, { maxLength: Math.min(5, names.length) }) : fc.constant([] as string[]);
    return fc.record({
      pool: fc.constant(pool),
      declaration: fc.record({
        districtId: fc.constantFrom(...districts),
        organisationId: fc.constantFrom(...organisations),
        declaredRelations: someNames,
      }),
      specialties: fc.subarray(specialties, { maxLength: 2 }),
      count: fc.integer({ min: 1, max: 15 }),
      load: fc.dictionary(names.length ? fc.constantFrom(...names) : fc.constant('none'), fc.nat(6)),
      alreadyAsked: someNames,
      seed: fc.integer({ min: 0, max: 2 ** 31 - 2 }),
    });
  });

describe('the draw with 回避, property-tested (issue 19)', () => {
  it('never draws from the declaration’s organisation or district, a declared conflict or a declared relationship', () => {
    fc.assert(
      fc.property(scenario, ({ pool, ...rest }) => {
        const { declaration } = rest;
        const { drawn } = drawExperts(pool, { ...rest, on: '2027-03-01' });
        for (const username of drawn) {
          const expert = pool.find((e) => e.username === username)!;
          expect(expert.organisationId).not.toBe(declaration.organisationId);
          expect(expert.districtId).not.toBe(declaration.districtId);
          expect(expert.declaredConflicts).not.toContain(declaration.organisationId);
          expect(declaration.declaredRelations).not.toContain(username);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('replays from the recorded seed and eligible list alone, through the audit’s JSON, to the same draw', () => {
    fc.assert(
      fc.property(scenario, ({ pool, ...rest }) => {
        const request = { ...rest, on: '2027-03-01' };
        const result = drawExperts(pool, request);
        const record = readDrawRecord(JSON.stringify(recordOf(result, request)));
        expect(record).toBeDefined();
        expect(record!.eligible).toEqual(result.eligible);
        expect(record!.seed).toBe(rest.seed);
        expect(replayDraw(record!)).toEqual(result.drawn);
        // Another pool order, the same record.
        expect(drawExperts([...pool].reverse(), request)).toEqual(result);
      }),
      { numRuns: 300 },
    );
  });

  it('says each exclusion as a refusal naming the expert, so a hand pick is refused by the same rules', () => {
    for (const reason of exclusionReasons) {
      const refusal = refusalOf(reason, '张教授');
      expect(refusal.message).toContain('张教授');
      expect(refusal.coded.params).toEqual({ expert: '张教授' });
    }
  });

  it('keeps a draw’s record (who was eligible, who was drawn) from everyone but the office', () => {
    const events = [{ actor: 'admin', action: 'experts.drawn', reason: '{"seed":1}' }];
    expect(historyFor({ username: 'admin', role: 'city-admin' }, events)).toEqual(events);
    expect(
      historyFor({ username: 'applicant-a1', role: 'applicant', organisationId: 'centre-a1', districtId: 'district-a' }, events),
    ).toEqual([{ actor: 'admin', action: 'experts.drawn' }]);
  });

  it('reads back nothing from a reason that is not a draw’s record', () => {
    expect(readDrawRecord(undefined)).toBeUndefined();
    expect(readDrawRecord('expert-1, expert-2')).toBeUndefined();
    expect(readDrawRecord('{"seed":1}')).toBeUndefined();
  });
});
