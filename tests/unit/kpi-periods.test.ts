import { describe, expect, it } from 'vitest';
import type { KpiTarget } from '../../core/kinds';
import { evaluatePeriods, midtermRuleOf, periodOf, projectYears, yearOfReport } from '../../core/kpi-periods';
import { addMonths } from '../../core/projects';
import { adjustmentProblems, deriveTargets } from '../../core/task-book';

const kpi = (over: Partial<KpiTarget>): KpiTarget =>
  ({
    key: 'personTimes',
    labelZh: '培训人次',
    labelEn: 'Person-times',
    unit: '人次/年',
    target: 5000,
    measure: 'person_times',
    ...over,
  }) as KpiTarget;

describe('yearly KPIs', () => {
  const start = new Date('2026-12-04T00:00:00Z');
  const oneYear = { constructionStartsAt: start.toISOString(), constructionEndsAt: addMonths(start, 12).toISOString() };
  const twoYears = { constructionStartsAt: start.toISOString(), constructionEndsAt: addMonths(start, 24).toISOString() };
  const half = (m: typeof oneYear) => new Date((Date.parse(m.constructionStartsAt) + Date.parse(m.constructionEndsAt)) / 2);

  it('reads the period from the unit when the kind does not state it, and the mid-term rule from the measure', () => {
    expect(periodOf(kpi({}))).toBe('year');
    expect(periodOf(kpi({ unit: '门' }))).toBe('construction');
    expect(midtermRuleOf(kpi({}))).toBe('pro-rated');
    expect(midtermRuleOf(kpi({ measure: 'population_share', unit: '%' }))).toBe('full');
    expect(midtermRuleOf(kpi({ period: 'once' }))).toBe('full');
    expect(midtermRuleOf(kpi({ midterm: 'first-year' }))).toBe('first-year');
  });

  it('six months into a one-year project, half of 5000 a year is due: 2600 is no shortfall', () => {
    const e = evaluatePeriods([kpi({})], projectYears(oneYear), { '1': { personTimes: 2600 } }, 'midterm', half(oneYear));
    expect(e.items).toEqual([
      expect.objectContaining({ year: 1, periodTarget: 5000, target: 2500, met: true, shortfall: 0, attainment: 52 }),
    ]);
  });

  it('a two-year project: the mid-term checks the first year (leap day or not), the acceptance each year', () => {
    const years = projectYears(twoYears);
    expect(years.map((y) => y.index)).toEqual([1, 2]);
    expect(yearOfReport('midterm', { ...twoYears, midtermAt: half(twoYears).toISOString() })).toBe(1);
    const actuals = { '1': { personTimes: 4000 }, '2': { personTimes: 5200 } };
    const mid = evaluatePeriods([kpi({})], years, actuals, 'midterm', half(twoYears));
    expect(mid.items.map((i) => [i.year, i.target, i.met])).toEqual([[1, 5000, false]]);
    const end = evaluatePeriods([kpi({})], years, actuals, 'acceptance', new Date(twoYears.constructionEndsAt));
    expect(end.items.map((i) => [i.year, i.target, i.actual, i.met])).toEqual([
      [1, 5000, 4000, false],
      [2, 5000, 5200, true],
    ]);
  });

  it('a construction-period total is pro-rated at mid-term and taken as the latest figure to date', () => {
    const courses = kpi({ key: 'courses', unit: '门', target: 4, measure: 'count' });
    const e = evaluatePeriods([courses], projectYears(twoYears), { '1': { courses: 1 } }, 'midterm', half(twoYears));
    expect(e.items).toEqual([expect.objectContaining({ year: null, target: 2, periodTarget: 4, actual: 1, shortfall: 1 })]);
  });
});

describe('the task book', () => {
  it('takes the declaration’s figure within the kind’s bounds, and refuses a target below the minimum naming the KPI', () => {
    const places = kpi({ key: 'places', unit: '个/年', target: 500, measure: 'places', minimum: 100, fromField: 'plannedLearners' });
    expect(deriveTargets([places], { plannedLearners: 120 })[0]).toMatchObject({ target: 120, period: 'year', minimum: 100 });
    expect(deriveTargets([places], { plannedLearners: 20 })[0]!.target).toBe(100);
    expect(deriveTargets([places], {})[0]!.target).toBe(500);
    expect(adjustmentProblems([places], { places: 99 })).toEqual([
      expect.objectContaining({
        field: 'body.targets.places',
        code: 'kpi-below-minimum',
        params: { label: '培训人次', unit: '个/年', minimum: 100 },
      }),
    ]);
    expect(adjustmentProblems([places], { places: 100 })).toEqual([]);
    expect(adjustmentProblems([places], { other: 1 })[0]!.field).toBe('body.targets.other');
  });
});
