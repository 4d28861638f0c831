import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ValidationError } from '../../core/errors';
import type { ProjectDeadlines } from '../../core/kinds';
import { kindSeeds, seededKind } from '../../local/kind-seeds';
import { evaluateKpis, kpiProblems } from '../../core/kpis';
import { checkProjectDecision, type ProjectDecisionContext } from '../../core/decisions';
import { acceptanceBudgetDays, constructionBudgetDays, EXECUTION_LIMIT_DAYS, milestonesOf, planConstruction } from '../../core/projects';
import { callConfig } from '../../core/schemas';

const DAY = 86400_000;
const elder = seededKind('elder-empowerment');

describe('KPIs: met or not, and the shortfall', () => {
  it('compares each actual with its target; a target without an actual is not met', () => {
    const e = evaluateKpis(elder.kpiTargets, { classHours: 24, elderShare: 8.5, smartTraining: 5000 });
    expect(e.items.map((i) => [i.key, i.met, i.shortfall])).toEqual([
      ['classHours', true, 0],
      ['elderShare', false, 1.5],
      ['smartTraining', true, 0],
      ['placesSupplied', false, 500],
    ]);
    expect(e).toMatchObject({ met: 2, total: 4, allMet: false });
    expect(e.items[3]!.actual).toBeNull();
  });

  it('names each figure that does not fit its measure, is missing, or was not asked for', () => {
    const problems = kpiProblems(elder.kpiTargets, { classHours: 20.5, elderShare: 101, smartTraining: 10.5, extra: 1 });
    expect(problems.map((p) => p.field).sort()).toEqual([
      'body.kpiActuals.elderShare',
      'body.kpiActuals.extra',
      'body.kpiActuals.placesSupplied',
      'body.kpiActuals.smartTraining',
    ]);
    expect(kpiProblems(elder.kpiTargets, { classHours: 20, elderShare: 10, smartTraining: 5000, placesSupplied: 500 })).toEqual([]);
  });

  it('every preset target is typed with a measure', () => {
    for (const { key: kind, definition } of kindSeeds())
      for (const t of definition.kpiTargets) expect(t.measure, `${kind}.${t.key}`).toBeDefined();
  });
});

describe('construction length and milestones', () => {
  it('defaults to one year for elder-education empowerment and two for centres and brand projects', () => {
    expect(seededKind('elder-empowerment').constructionMonths).toBe(12);
    expect(seededKind('demonstration-centre').constructionMonths).toBe(24);
    expect(seededKind('community-brand').constructionMonths).toBe(24);
  });

  it('puts the mid-term in the middle and opens acceptance 60 days before the end, when the application is due', () => {
    const m = milestonesOf(new Date('2026-03-31T02:00:00Z'), 24, elder.projectDeadlines);
    expect(m.constructionEndsAt).toBe('2028-03-31T02:00:00.000Z');
    expect(Date.parse(m.midtermAt) - Date.parse(m.constructionStartsAt)).toBe(Date.parse(m.constructionEndsAt) - Date.parse(m.midtermAt));
    expect(Date.parse(m.constructionEndsAt) - Date.parse(m.acceptanceOpensAt)).toBe(60 * DAY);
    expect(m.acceptanceApplicationDueAt).toBe(m.constructionEndsAt);
    expect(Date.parse(m.midtermReportDueAt)).toBeGreaterThan(Date.parse(m.midtermAt) + 20 * DAY);
    // A month-end start ends on the last day of the month, not spilling into the next.
    expect(milestonesOf(new Date('2026-08-31T02:00:00Z'), 6, elder.projectDeadlines).constructionEndsAt).toBe('2027-02-28T02:00:00.000Z');
  });
});

describe('no phase execution needs a year', () => {
  // The largest deadlines a call may set (core/schemas.ts refuses anything larger).
  const largest: ProjectDeadlines = {
    midtermReport: 25,
    midtermReview: 15,
    rectification: 40,
    acceptanceAssignment: 15,
    acceptanceReview: 20,
    acceptanceDecision: 15,
  };

  it('the largest deadlines a call accepts are these, and one more is refused', () => {
    const schema = callConfig.projectDeadlines;
    expect(schema.safeParse(largest).success).toBe(true);
    for (const key of Object.keys(largest) as (keyof ProjectDeadlines)[])
      expect(schema.safeParse({ [key]: largest[key] + 1 }).success, key).toBe(false);
  });

  it('the budget of a construction and of an acceptance execution stays under 365 days even then', () => {
    expect(constructionBudgetDays(largest)).toBeLessThanOrEqual(EXECUTION_LIMIT_DAYS);
    expect(acceptanceBudgetDays(largest)).toBeLessThanOrEqual(EXECUTION_LIMIT_DAYS);
  });

  it('a Plan retried after it opened the mid-term report routes to the report again, not to a failure', () => {
    const start = new Date('2027-01-04T02:00:00Z');
    const milestones = milestonesOf(start, 12, largest);
    const at = new Date(Date.parse(milestones.midtermAt) + 1000);
    expect(planConstruction({ stage: 'midterm_report', milestones, midtermDone: false }, at, at, largest).next).toBe('midterm');
    expect(() => planConstruction({ stage: 'acceptance_application', milestones, midtermDone: true }, at, at, largest)).toThrow(
      /cannot continue from acceptance_application/,
    );
  });

  it('whatever the length and however long the mid-term check takes, each execution ends within its budget and nothing waits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (months, start, share) => {
          const milestones = milestonesOf(start, months, largest);
          const budget = constructionBudgetDays(largest) * DAY;
          const plan = (midtermDone: boolean, startedAt: number, now: number) =>
            planConstruction({ stage: 'construction', milestones, midtermDone }, new Date(startedAt), new Date(now), largest);
          // At 立项 the mid-term is ahead: scheduled for the sweep, no execution waits for it.
          const first = plan(false, start.getTime(), start.getTime());
          expect(first).toMatchObject({ next: 'scheduled', at: milestones.midtermAt, machine: 'construction' });
          // The leg the sweep starts at the mid-term runs the check, taking `share` of its longest.
          const startedAt = Date.parse(first.at!);
          const check = plan(false, startedAt, startedAt);
          expect(check.next).toBe('midterm');
          expect(Date.parse(check.plannedEnd) - startedAt).toBeLessThanOrEqual(EXECUTION_LIMIT_DAYS * DAY);
          const done = startedAt + share * budget;
          expect(done - startedAt).toBeLessThanOrEqual(EXECUTION_LIMIT_DAYS * DAY);
          // Then acceptance: scheduled if its window is still ahead, started at once if the check ran into it.
          const next = plan(true, startedAt, done);
          if (Date.parse(milestones.acceptanceOpensAt) > done)
            expect(next).toMatchObject({ next: 'scheduled', at: milestones.acceptanceOpensAt, machine: 'acceptance' });
          else expect(next.next).toBe('acceptance');
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('what a construction or acceptance decision must carry', () => {
  const ctx: ProjectDecisionContext = {
    outcome: seededKind('community-brand').outcome,
    kpiTargets: seededKind('community-brand').kpiTargets,
    acceptanceRubric: seededKind('community-brand').acceptanceRubric,
    acceptanceRectified: false,
    latestRectificationDue: new Date('2027-03-01T00:00:00Z'),
    now: new Date('2027-01-01T00:00:00Z'),
  };
  const fields = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return (error as ValidationError).errors.map((e) => e.field);
    }
    return [];
  };

  it('a re-check passes or terminates; a rectification deadline stays within the call’s limit', () => {
    expect(fields(() => checkProjectDecision('midterm_recheck', { outcome: 'rectify', comment: 'x' }, ctx))).toEqual(['body.outcome']);
    expect(
      fields(() =>
        checkProjectDecision('midterm_review', { outcome: 'rectify', comment: 'x', rectificationDueAt: '2027-04-01T00:00:00Z' }, ctx),
      ),
    ).toEqual(['body.rectificationDueAt']);
    expect(fields(() => checkProjectDecision('midterm_review', { outcome: 'pass', scores: { a: 1 } }, ctx))).toEqual(['body.scores']);
    expect(
      checkProjectDecision('midterm_review', { outcome: 'rectify', comment: '补充台账', rectificationDueAt: '2027-02-01T00:00:00Z' }, ctx),
    ).toMatchObject({
      kind: 'midterm',
      outcome: 'rectify',
    });
  });

  it('acceptance rectifies once; only an excellent brand project goes to the province', () => {
    expect(
      fields(() =>
        checkProjectDecision('acceptance_decision', { outcome: 'rectify', comment: 'x' }, { ...ctx, acceptanceRectified: true }),
      ),
    ).toEqual(['body.outcome']);
    expect(fields(() => checkProjectDecision('acceptance_decision', { outcome: 'pass', recommendToProvince: true }, ctx))).toEqual([
      'body.recommendToProvince',
    ]);
    expect(
      fields(() =>
        checkProjectDecision(
          'acceptance_decision',
          { outcome: 'excellent', recommendToProvince: true },
          { ...ctx, outcome: seededKind('demonstration-centre').outcome },
        ),
      ),
    ).toEqual(['body.recommendToProvince']);
    expect(fields(() => checkProjectDecision('acceptance_decision', { outcome: 'fail' }, ctx))).toEqual(['body.comment']);
    expect(checkProjectDecision('acceptance_decision', { outcome: 'excellent', recommendToProvince: true }, ctx)).toMatchObject({
      recommendToProvince: true,
    });
  });
});
