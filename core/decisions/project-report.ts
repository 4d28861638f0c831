import type { FieldProblem } from '../errors';
import type { KpiTarget } from '../kinds';
import { evaluateKpis, type KpiActuals, kpiProblems } from '../kpis';
import { coded } from '../problem-codes';
import type { DecisionInput } from '../schemas';
import { refusal, type Ruled } from './members';

/**
 * A report from the applicant: the mid-term's progress report (进展报告) and its rectification,
 * the acceptance application's final report (总结报告) and its rectification — each with the
 * actual figure of every KPI target.
 */
export const projectReportMembers = ['report', 'kpiActuals', 'materials', 'comment'] as const;
export type ReportKind = 'midterm_report' | 'midterm_rectification' | 'acceptance_application' | 'acceptance_rectification';
export interface ProjectReport {
  kind: 'report';
  report: string;
  kpiActuals: KpiActuals;
  materials: NonNullable<DecisionInput['materials']>;
}

export function projectReportRule(
  kind: ReportKind,
  input: Pick<DecisionInput, (typeof projectReportMembers)[number]>,
  kpiTargets: KpiTarget[],
): Ruled<ProjectReport> {
  const problems: FieldProblem[] = [];
  if (!input.report) {
    const progress = kind.startsWith('midterm');
    problems.push(
      refusal(
        'report',
        progress ? 'required: the progress report (进展报告)' : 'required: the final report (总结报告)',
        coded('report-required', { report: progress ? 'progress' : 'final' }),
      ),
    );
  }
  if (!input.kpiActuals)
    problems.push(refusal('kpiActuals', 'required: the actual figure of every KPI target', coded('kpi-actuals-required')));
  else problems.push(...kpiProblems(kpiTargets, input.kpiActuals));
  return {
    decision: { kind: 'report', report: input.report ?? '', kpiActuals: input.kpiActuals ?? {}, materials: input.materials ?? [] },
    problems,
  };
}

/** The record's one-line account of a report's KPIs: how many met, and each shortfall. */
export function kpiSummary(targets: KpiTarget[], actuals: KpiActuals): string {
  const e = evaluateKpis(targets, actuals);
  if (e.allMet) return `KPI ${e.met}/${e.total} 达标`;
  const shortfalls = e.items.filter((i) => !i.met).map((i) => `${i.labelZh} 差 ${i.shortfall}${i.unit}`);
  return `KPI ${e.met}/${e.total} 达标；未达标：${shortfalls.join('，')}`;
}
