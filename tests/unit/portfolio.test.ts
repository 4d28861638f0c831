import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kpiAttainmentOf, mergePage, nextDueOf, NOTHING_DUE, type PartitionRead, type Position } from '../../core/portfolio';

const milestones = {
  constructionStartsAt: '2026-01-01T00:00:00.000Z',
  midtermAt: '2026-07-01T00:00:00.000Z',
  midtermReportDueAt: '2026-07-15T00:00:00.000Z',
  acceptanceOpensAt: '2026-11-01T00:00:00.000Z',
  constructionEndsAt: '2026-12-31T00:00:00.000Z',
  acceptanceApplicationDueAt: '2026-12-31T00:00:00.000Z',
};
const targets = [{ key: 'hours', labelZh: '学时', labelEn: 'Hours', unit: '学时', target: 20 }];

describe('a project’s portfolio facts', () => {
  it('owes the mid-term report, then the acceptance application, then nothing', () => {
    expect(nextDueOf({ stage: 'construction', milestones })).toEqual({ at: milestones.midtermReportDueAt, key: 'midtermReportDue' });
    expect(nextDueOf({ stage: 'construction', milestones, lifecycle: 'acceptance-only', midtermDone: true }).key).toBe(
      'acceptanceApplicationDue',
    );
    expect(nextDueOf({ stage: 'midterm_review', milestones, midterm: { report: { kpiActuals: {} } } }).at).toBe(
      milestones.acceptanceApplicationDueAt,
    );
    expect(nextDueOf({ stage: 'acceptance_review', milestones, acceptance: { application: {} } }).at).toBe(NOTHING_DUE);
    expect(nextDueOf({ stage: 'terminated', milestones }).at).toBe(NOTHING_DUE);
  });

  it('reads KPI attainment from the latest actuals: a rectification before its report, acceptance before mid-term', () => {
    expect(kpiAttainmentOf({ stage: 'construction', milestones, kpiTargets: targets })).toBe('none');
    const midterm = { report: { kpiActuals: { hours: 10 } }, rectification: { kpiActuals: { hours: 25 } } };
    expect(kpiAttainmentOf({ stage: 'construction', milestones, kpiTargets: targets, midterm: { report: midterm.report } })).toBe('unmet');
    expect(kpiAttainmentOf({ stage: 'construction', milestones, kpiTargets: targets, midterm })).toBe('met');
    const acceptance = { application: { kpiActuals: { hours: 5 } } };
    expect(kpiAttainmentOf({ stage: 'acceptance_review', milestones, kpiTargets: targets, midterm, acceptance })).toBe('unmet');
  });
});

describe('merging partitions into one page', () => {
  const at = (day: number, id: string): Position => ({
    nextDueAt: `2026-01-${String(day).padStart(2, '0')}T00:00:00.000Z`,
    declarationId: id,
  });

  it('pages through any partitions, each read a page at a time, showing every row once and in order', () => {
    const row = fc.record({ day: fc.integer({ min: 1, max: 28 }), id: fc.stringMatching(/^[a-z]{1,4}$/) });
    fc.assert(
      fc.property(
        fc.array(fc.array(row, { maxLength: 12 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        (parts, limit, descending) => {
          const key = (p: Position) => `${p.nextDueAt}#${p.declarationId}`;
          const seen = new Set<string>();
          const partitions = parts.map((rows, i) =>
            rows
              .map((r) => at(r.day, `${r.id}-${i}`))
              .filter((p) => !seen.has(key(p)) && seen.add(key(p)))
              .sort((a, b) => (descending ? key(b).localeCompare(key(a)) : key(a).localeCompare(key(b)))),
          );
          const all = partitions.flat().sort((a, b) => (descending ? key(b).localeCompare(key(a)) : key(a).localeCompare(key(b))));
          // One partition's read of `limit` items past the cursor, as a Query with Limit reads it.
          const read = (rows: Position[], after: Position | undefined): PartitionRead<Position> => {
            const past = rows.filter((r) => !after || (descending ? key(r) < key(after) : key(r) > key(after)));
            const taken = past.slice(0, limit);
            return { rows: taken, readUpTo: past.length > limit ? taken[taken.length - 1] : undefined };
          };
          const shown: Position[] = [];
          let after: Position | undefined;
          for (let pages = 0; pages < 200; pages++) {
            const { rows, next } = mergePage(
              partitions.map((p) => read(p, after)),
              limit,
              descending,
            );
            expect(rows.length).toBeLessThanOrEqual(limit);
            shown.push(...rows);
            if (!next) break;
            after = next;
          }
          expect(shown.map(key)).toEqual(all.map(key));
        },
      ),
    );
  });
});
