import { officeDue, recordOf } from './project';
import { reportDecider } from './project-report';

/** 中期检查: the applicant's progress report with KPI actuals; the office's review is due next. */
export const midtermReport = reportDecider('midterm_report', (report, ctx) => ({
  to: 'midterm_review',
  set: { midterm: { ...recordOf(ctx.project.midterm), report } },
  output: { outcome: 'reported', ...officeDue(ctx, ctx.settings.projectDeadlines.midtermReview) },
  action: 'midterm.reported',
}));
