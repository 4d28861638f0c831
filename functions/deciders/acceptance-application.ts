import { officeDue, recordOf } from './project';
import { reportDecider } from './project-report';

/** 验收申请: the applicant's final report with KPI actuals; the office assigns acceptance experts next. */
export const acceptanceApplication = reportDecider('acceptance_application', (report, ctx) => ({
  to: 'acceptance_assignment',
  set: { acceptance: { ...recordOf(ctx.project.acceptance), application: report } },
  output: { outcome: 'applied', ...officeDue(ctx, ctx.settings.projectDeadlines.acceptanceAssignment) },
  action: 'acceptance.applied',
}));
