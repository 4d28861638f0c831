import { officeDue, recordOf } from './project';
import { reportDecider } from './project-report';

/** 验收整改: the applicant's rectification after acceptance; the office's re-inspection decides next. */
export const acceptanceRectification = reportDecider('acceptance_rectification', (report, ctx) => ({
  to: 'acceptance_decision',
  set: { acceptance: { ...recordOf(ctx.project.acceptance), rectification: report } },
  output: { outcome: 'rectified', ...officeDue(ctx, ctx.settings.projectDeadlines.acceptanceDecision) },
  action: 'acceptance.rectified',
}));
