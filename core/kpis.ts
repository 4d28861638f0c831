import type { FieldProblem } from './errors';
import type { KpiTarget } from './kinds';

/**
 * KPI targets (绩效指标) and the actuals a project reports against them at mid-term and at
 * acceptance. The measure says what a figure is, so a share cannot exceed 100 % and a count is whole.
 */
export const kpiMeasures = [
  'class_hours', // 学时: class hours per class per year
  'population_share', // %: learners as a share of the local elderly population
  'person_times', // 人次: person-times trained
  'places', // 学位: places supplied
  'sessions', // 场: training sessions
  'registrations', // 人: new online registrations
  'credits', // 学分: credits a learner reaches
  'count', // anything else counted: courses, teaching points
] as const;
export type KpiMeasure = (typeof kpiMeasures)[number];

export type KpiActuals = Record<string, number>;

export interface KpiResult {
  key: string;
  labelZh: string;
  labelEn: string;
  unit: string;
  measure: KpiMeasure;
  target: number;
  actual: number | null;
  met: boolean;
  /** How far the actual falls short of the target (0 when met, the target when nothing reported). */
  shortfall: number;
}

export interface KpiEvaluation {
  items: KpiResult[];
  met: number;
  total: number;
  allMet: boolean;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function measureOf(target: KpiTarget): KpiMeasure {
  return target.measure ?? 'count';
}

/** Every target reported once, each figure fitting its measure, nothing the call did not ask for. */
export function kpiProblems(targets: KpiTarget[], actuals: KpiActuals, prefix = 'body.kpiActuals'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const known = new Set(targets.map((t) => t.key));
  for (const key of Object.keys(actuals)) {
    if (!known.has(key))
      problems.push({ field: `${prefix}.${key}`, message: 'not a KPI target of this project', code: 'not-a-kpi-target', params: {} });
  }
  for (const t of targets) {
    const value = actuals[t.key];
    const measure = measureOf(t);
    if (value === undefined)
      problems.push({
        field: `${prefix}.${t.key}`,
        message: `required: the actual ${t.labelZh} (${t.unit})`,
        code: 'kpi-required',
        params: { label: t.labelZh, unit: t.unit },
      });
    else if (!Number.isFinite(value) || value < 0)
      problems.push({ field: `${prefix}.${t.key}`, message: 'must be a number of at least 0', code: 'kpi-negative', params: {} });
    else if (measure === 'population_share' && value > 100)
      problems.push({ field: `${prefix}.${t.key}`, message: 'a share is at most 100 (%)', code: 'kpi-share-over-100', params: {} });
    else if (['person_times', 'places', 'sessions', 'registrations', 'count'].includes(measure) && !Number.isInteger(value)) {
      problems.push({
        field: `${prefix}.${t.key}`,
        message: `a whole number of ${t.unit}`,
        code: 'kpi-whole-number',
        params: { unit: t.unit },
      });
    }
  }
  return problems;
}

/** Met / not met and the shortfall, target by target; a target with no actual is not met. */
export function evaluateKpis(targets: KpiTarget[], actuals: KpiActuals | undefined): KpiEvaluation {
  const items = targets.map((t): KpiResult => {
    const actual = actuals?.[t.key];
    const met = actual !== undefined && actual >= t.target;
    return {
      key: t.key,
      labelZh: t.labelZh,
      labelEn: t.labelEn,
      unit: t.unit,
      measure: measureOf(t),
      target: t.target,
      actual: actual ?? null,
      met,
      shortfall: met ? 0 : round2(t.target - (actual ?? 0)),
    };
  });
  const met = items.filter((i) => i.met).length;
  return { items, met, total: items.length, allMet: met === items.length };
}
