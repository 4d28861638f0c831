import { z } from 'zod';
import type { KpiTarget } from './kinds';
import type { FieldProblem } from './errors';
import { type KpiActuals, type KpiMeasure, kpiProblems, measureOf } from './kpis';
import { addMonths } from './projects';
import { figure } from './numbers';

/**
 * Yearly KPIs (issue 21.2): a target states its period — per year (年), per construction period
 * (建设期) or once (一次性) — and the actuals are reported per year of construction. The mid-term
 * compares with the part of each target due by then, as the KPI states (pro-rated, the first
 * year's, or the full target); the acceptance checks each year against that year's target.
 */
export const kpiPeriods = ['year', 'construction', 'once'] as const;
export type KpiPeriod = (typeof kpiPeriods)[number];
export const midtermRules = ['pro-rated', 'first-year', 'full'] as const;
export type MidtermRule = (typeof midtermRules)[number];

/** What a KPI of a kind may say beyond its target, every member optional (kinds stored before read as before). */
export const kpiTermsShape = {
  period: z.enum(kpiPeriods).optional(),
  /** What the mid-term compares with. */
  midterm: z.enum(midtermRules).optional(),
  /** The lowest (highest) target the office may set in a project's task book; absent: the kind's target (no upper bound). */
  minimum: figure.optional(),
  maximum: figure.optional(),
  /** A number field of the declaration whose figure is the project's own target (e.g. planned learners), within the bounds. */
  fromField: z
    .string()
    .regex(/^[a-z][a-zA-Z0-9]{0,39}$/)
    .optional(),
};

/** Figures that are a level, not an accumulation: a share, hours per class, credits per learner. */
const LEVELS: readonly KpiMeasure[] = ['population_share', 'class_hours', 'credits'];
const WHOLE: readonly KpiMeasure[] = ['person_times', 'places', 'sessions', 'registrations', 'count'];

/** The period a KPI states; a kind stored before periods says it in its unit (人次/年 is per year). */
export function periodOf(t: KpiTarget): KpiPeriod {
  return t.period ?? (/\/\s*年$/.test(t.unit) ? 'year' : 'construction');
}

/** What the mid-term compares with: the KPI's own rule, else pro-rated for what accumulates, the full target for a level or a one-off. */
export function midtermRuleOf(t: KpiTarget): MidtermRule {
  if (t.midterm) return t.midterm;
  return LEVELS.includes(measureOf(t)) || periodOf(t) === 'once' ? 'full' : 'pro-rated';
}

/** The lowest target a task book may set: the kind's minimum, else its target. */
export const minimumOf = (t: KpiTarget) => t.minimum ?? t.target;

export interface ProjectYear {
  /** 1 for the first year of construction. */
  index: number;
  startsAt: string;
  endsAt: string;
}

/** The years of construction, twelve months each from 立项, the last cut at the end of construction. */
export function projectYears(m: { constructionStartsAt: string; constructionEndsAt: string }): ProjectYear[] {
  const start = new Date(m.constructionStartsAt);
  const end = Date.parse(m.constructionEndsAt);
  const years: ProjectYear[] = [];
  for (let i = 0; i < 20; i++) {
    const from = addMonths(start, 12 * i);
    if (from.getTime() >= end) break;
    const to = Math.min(addMonths(start, 12 * (i + 1)).getTime(), end);
    years.push({ index: i + 1, startsAt: from.toISOString(), endsAt: new Date(to).toISOString() });
  }
  return years;
}

/** The year an instant falls in (the last one after the end, none before the start). */
export function yearAt(years: ProjectYear[], at: Date): ProjectYear | undefined {
  const t = at.getTime();
  if (years.length === 0 || t < Date.parse(years[0]!.startsAt)) return undefined;
  return years.find((y) => t < Date.parse(y.endsAt)) ?? years.at(-1);
}

/**
 * The year a mid-term at `at` checks: the one it falls in, or the one just ended when it falls in
 * the first days of the next (a two-year project's mid-term is at the turn of its first year, half
 * a day into the second when a leap day lengthens the second year).
 */
const TURN_MS = 7 * 86400_000;
export function checkedYear(years: ProjectYear[], at: Date): ProjectYear | undefined {
  return yearAt(years, new Date(at.getTime() - TURN_MS)) ?? yearAt(years, at);
}

/** Actuals may be reported for a year that has begun, not for one still to come. */
export function periodNotOpen(years: ProjectYear[], year: number, now: Date): { opensAt?: string } | undefined {
  const y = years.find((x) => x.index === year);
  if (!y) return {};
  return Date.parse(y.startsAt) > now.getTime() ? { opensAt: y.startsAt } : undefined;
}

/** Actuals by year of construction ('1', '2', …); a construction or one-off KPI's figure is its total to date. */
export type PeriodActuals = Record<string, KpiActuals>;

export interface PeriodResult {
  key: string;
  labelZh: string;
  labelEn: string;
  unit: string;
  measure: KpiMeasure;
  period: KpiPeriod;
  /** The year of construction a yearly target is for; null for a construction-period or one-off target. */
  year: number | null;
  periodLabel: { zh: string; en: string };
  /** The whole period's target. */
  periodTarget: number;
  /** The part of it due at this check (what is compared). */
  target: number;
  actual: number | null;
  met: boolean;
  shortfall: number;
  /** Actual against the whole period's target, in % (one decimal); null when nothing is reported. */
  attainment: number | null;
}

export interface PeriodEvaluation {
  items: PeriodResult[];
  met: number;
  total: number;
  allMet: boolean;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const fraction = (from: string, to: string, at: Date) =>
  Math.min(1, Math.max(0, (at.getTime() - Date.parse(from)) / (Date.parse(to) - Date.parse(from))));
const YEAR_MS = (y: ProjectYear) => addMonths(new Date(y.startsAt), 12).getTime() - Date.parse(y.startsAt);

/** A due part as the measure counts: a whole number rounded up, else two decimals. */
function dueAmount(t: KpiTarget, amount: number): number {
  return WHOLE.includes(measureOf(t)) ? Math.ceil(amount - 1e-9) : round2(amount);
}

/** A yearly target for a year: whole for a full year, pro-rated by length for a shorter last one. */
export function yearTarget(t: KpiTarget, y: ProjectYear): number {
  const length = (Date.parse(y.endsAt) - Date.parse(y.startsAt)) / YEAR_MS(y);
  return length >= 0.999 ? t.target : dueAmount(t, t.target * length);
}

/** The latest total reported up to a year (a construction or one-off figure is cumulative). */
function latestUpTo(actuals: PeriodActuals, key: string, year: number): number | null {
  for (let i = year; i >= 1; i--) {
    const v = actuals[String(i)]?.[key];
    if (v !== undefined) return v;
  }
  return null;
}

/**
 * A check at `at` against the targets: `acceptance` each period in full; `midterm` the part due by
 * then — pro-rated by elapsed time, the first year's, or the full target, as each KPI states.
 */
export function evaluatePeriods(
  targets: KpiTarget[],
  years: ProjectYear[],
  actuals: PeriodActuals,
  check: 'midterm' | 'acceptance',
  at: Date,
): PeriodEvaluation {
  const items: PeriodResult[] = [];
  const last = years.at(-1);
  const current = check === 'acceptance' ? last : checkedYear(years, at);
  const first = years[0];
  if (!first || !last || !current) return { items, met: 0, total: 0, allMet: true };
  const whole = { startsAt: first.startsAt, endsAt: last.endsAt };
  for (const t of targets) {
    const period = periodOf(t);
    const rule = check === 'acceptance' ? 'full' : midtermRuleOf(t);
    const row = (year: number | null, periodTarget: number, due: number, actual: number | null) => {
      const met = actual !== null && actual >= due;
      items.push({
        key: t.key,
        labelZh: t.labelZh,
        labelEn: t.labelEn,
        unit: t.unit,
        measure: measureOf(t),
        period,
        year,
        periodLabel: periodLabelOf(period, year),
        periodTarget,
        target: due,
        actual,
        met,
        shortfall: met ? 0 : round2(due - (actual ?? 0)),
        attainment: actual === null || periodTarget === 0 ? null : Math.round((actual / periodTarget) * 1000) / 10,
      });
    };
    if (period === 'year') {
      const due = rule === 'first-year' ? [first] : years.filter((y) => y.index <= current.index);
      for (const y of due) {
        const full = yearTarget(t, y);
        const part = rule === 'pro-rated' ? dueAmount(t, full * fraction(y.startsAt, y.endsAt, at)) : full;
        row(y.index, full, check === 'acceptance' ? full : part, actuals[String(y.index)]?.[t.key] ?? null);
      }
    } else {
      const share =
        rule === 'pro-rated'
          ? fraction(whole.startsAt, whole.endsAt, at)
          : rule === 'first-year'
            ? fraction(whole.startsAt, whole.endsAt, new Date(first.endsAt))
            : 1;
      row(null, t.target, dueAmount(t, t.target * share), latestUpTo(actuals, t.key, current.index));
    }
  }
  const met = items.filter((i) => i.met).length;
  return { items, met, total: items.length, allMet: met === items.length };
}

export function periodLabelOf(period: KpiPeriod, year: number | null): { zh: string; en: string } {
  if (period === 'year') return { zh: `第${year}年`, en: `Year ${year}` };
  return period === 'once' ? { zh: '建设期内（一次性）', en: 'Once during construction' } : { zh: '建设期', en: 'Construction period' };
}

/** The record's one-line account of a check: how many met, and each shortfall with its period. */
export function periodSummary(e: PeriodEvaluation): string {
  if (e.allMet) return `KPI ${e.met}/${e.total} 达标`;
  const shortfalls = e.items.filter((i) => !i.met).map((i) => `${i.periodLabel.zh} ${i.labelZh} 差 ${i.shortfall}${i.unit}`);
  return `KPI ${e.met}/${e.total} 达标；未达标：${shortfalls.join('，')}`;
}

type Reported = { kpiActuals?: KpiActuals } | undefined;
interface ProjectFigures {
  periodActuals?: unknown;
  milestones: unknown;
  midterm?: unknown;
  acceptance?: unknown;
}
type Dates = { constructionStartsAt: string; constructionEndsAt: string; midtermAt: string };

/** The year a report's actuals are for: the mid-term's the year it falls in (its last moment), the acceptance's the last. */
export function yearOfReport(report: 'midterm' | 'acceptance', milestones: Dates): number {
  const years = projectYears(milestones);
  const year = report === 'acceptance' ? years.at(-1) : checkedYear(years, new Date(milestones.midtermAt));
  return year?.index ?? 1;
}

/**
 * A project's actuals by year: as reported per year, or, for a project whose reports came before
 * yearly actuals, its mid-term's and acceptance's latest figures in the years they were for.
 */
export function actualsOfProject(project: ProjectFigures): PeriodActuals {
  if (project.periodActuals) return project.periodActuals as PeriodActuals;
  const m = project.milestones as Dates;
  const mid = project.midterm as { report?: Reported; rectification?: Reported } | undefined;
  const acc = project.acceptance as { application?: Reported; rectification?: Reported } | undefined;
  const out: PeriodActuals = {};
  const put = (year: number, a: KpiActuals | undefined) => {
    if (a) out[String(year)] = { ...out[String(year)], ...a };
  };
  put(yearOfReport('midterm', m), mid?.rectification?.kpiActuals ?? mid?.report?.kpiActuals);
  put(yearOfReport('acceptance', m), acc?.rectification?.kpiActuals ?? acc?.application?.kpiActuals);
  return out;
}

/** Yearly actuals as a person may give them: known KPIs only, each fitting its measure; any subset. */
export function periodActualsProblems(targets: KpiTarget[], actuals: KpiActuals, prefix = 'body.actuals'): FieldProblem[] {
  // Only those given are judged, so a KPI left out is not "required"; one not of the project is refused.
  return kpiProblems(
    targets.filter((t) => actuals[t.key] !== undefined),
    actuals,
    prefix,
  );
}
