import { kpiSummary, projectReportMembers, projectReportRule, type ReportKind } from '../../core/decisions/project-report';
import type { KpiTarget } from '../../core/kinds';
import { missingReportMaterials, type ProjectReportMaterials, reportOfTask } from '../../core/report-materials';
import { loadProject, type ProjectContext, type ProjectStep, projectMove } from './project';
import { decider, inputOf } from './runner';

/** A report as the project keeps it. */
export interface ReportRecord {
  report: string;
  kpiActuals: Record<string, number>;
  materials: unknown[];
  submittedAt: string;
  by: string;
}

/**
 * The applicant's four reports (mid-term, its rectification, acceptance application, its
 * rectification) are checked alike: the report and the actual of every KPI target; the record
 * gets the KPIs' account. Each kind's file says where the report goes and what follows it.
 */
export function reportDecider(kind: ReportKind, next: (report: ReportRecord, ctx: ProjectContext) => Omit<ProjectStep, 'reason'>) {
  return decider({
    kind,
    input: inputOf(projectReportMembers),
    load: loadProject,
    rule: (input, ctx) => {
      const ruled = projectReportRule(kind, input, ctx.project.kpiTargets as KpiTarget[]);
      // The files the kind requires on this report must be uploaded before it is submitted (issue 21.3).
      const files = ctx.project.reportMaterials as ProjectReportMaterials | undefined;
      const missing = missingReportMaterials(ctx.settings.reportMaterials, reportOfTask(kind)!, files);
      return { ...ruled, problems: [...ruled.problems, ...missing] };
    },
    effects(checked, ctx, task, actor) {
      const uploaded = (ctx.project.reportMaterials as ProjectReportMaterials | undefined)?.[reportOfTask(kind)!];
      const report = {
        report: checked.report,
        kpiActuals: checked.kpiActuals,
        materials: uploaded?.length ? uploaded : checked.materials,
        submittedAt: ctx.now.toISOString(),
        by: actor.username,
      };
      const reason = kpiSummary(ctx.project.kpiTargets as KpiTarget[], checked.kpiActuals);
      return projectMove(task, { ...next(report, ctx), reason }, ctx);
    },
  });
}
