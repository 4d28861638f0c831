import { projectReportMembers, projectReportRule, type ReportKind } from '../../core/decisions/project-report';
import { actualsOfProject, evaluatePeriods, periodSummary, projectYears, yearOfReport } from '../../core/kpi-periods';
import type { Milestones } from '../../core/projects';
import { projectTargets } from '../../core/task-book';
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
      // Checked against the confirmed task book (issue 21.1).
      const ruled = projectReportRule(kind, input, projectTargets(ctx.project));
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
      // The report's figures are its year's (issue 21.2): the mid-term's year, or the last at acceptance.
      const milestones = ctx.project.milestones as Milestones;
      const which = kind.startsWith('midterm') ? 'midterm' : 'acceptance';
      const year = String(yearOfReport(which, milestones));
      const before = actualsOfProject(ctx.project);
      const periodActuals = { ...before, [year]: { ...before[year], ...checked.kpiActuals } };
      const at = new Date(which === 'midterm' ? milestones.midtermAt : milestones.constructionEndsAt);
      const years = projectYears(milestones);
      const reason = periodSummary(evaluatePeriods(projectTargets(ctx.project), years, periodActuals, which, at));
      const step = next(report, ctx);
      return projectMove(task, { ...step, set: { ...step.set, periodActuals }, reason }, ctx);
    },
  });
}
