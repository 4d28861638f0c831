import { officeDue, recordOf } from './project';
import { reportDecider } from './project-report';

/** 中期整改: the applicant's rectification report; the office's re-check is due next. */
export const midtermRectification = reportDecider('midterm_rectification', (report, ctx) => ({
  to: 'midterm_recheck',
  set: { midterm: { ...recordOf(ctx.project.midterm), rectification: report } },
  output: { outcome: 'rectified', ...officeDue(ctx, ctx.settings.projectDeadlines.midtermReview) },
  action: 'midterm.rectified',
}));
