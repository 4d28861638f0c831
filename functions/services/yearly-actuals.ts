import { ForbiddenError, ValidationError } from '../../core/errors';
import type { Actor } from '../../core/identity';
import { actualsOfProject, periodActualsProblems, periodNotOpen, projectYears } from '../../core/kpi-periods';
import { coded } from '../../core/problem-codes';
import type { Milestones } from '../../core/projects';
import { projectTargets } from '../../core/task-book';
import { clock } from '../adapters/clock';
import { assertNotEnded, getVisibleProject, projectView, recordOnProject } from './projects';

/**
 * Yearly KPI actuals (issue 21.2): the applicant reports a year's figures once that year of
 * construction has begun (a year still to come is 422 at `body.year`), any KPIs at a time, each
 * fitting its measure; a later report of the same KPI and year replaces the figure. The mid-term and
 * acceptance reports write their year's figures the same way.
 */
export async function reportYearlyActuals(actor: Actor, declarationId: string, input: { year: number; actuals: Record<string, number> }) {
  if (actor.role !== 'applicant') throw new ForbiddenError('only the project’s applicant reports its actuals');
  const project = await getVisibleProject(actor, declarationId);
  assertNotEnded(project);
  const years = projectYears(project.milestones as Milestones);
  const notOpen = periodNotOpen(years, input.year, clock().now());
  if (notOpen?.opensAt)
    throw new ValidationError([
      {
        field: 'body.year',
        message: `year ${input.year} of construction begins ${notOpen.opensAt}; its actuals cannot be reported yet`,
        ...coded('kpi-period-not-open', { year: input.year, opensAt: notOpen.opensAt }),
      },
    ]);
  if (notOpen)
    throw new ValidationError([
      {
        field: 'body.year',
        message: `the project's construction has ${years.length} year(s)`,
        ...coded('kpi-no-such-period', { years: years.length }),
      },
    ]);
  const problems = periodActualsProblems(projectTargets(project), input.actuals);
  if (problems.length) throw new ValidationError(problems);
  const before = actualsOfProject(project);
  const key = String(input.year);
  await recordOnProject(
    project,
    { periodActuals: { ...before, [key]: { ...before[key], ...input.actuals } } },
    {
      actor: actor.username,
      action: 'kpi.actuals_reported',
      reason: `第${input.year}年：${Object.entries(input.actuals)
        .map(([k, v]) => `${projectTargets(project).find((t) => t.key === k)?.labelZh ?? k} ${v}`)
        .join('，')}`.slice(0, 1000),
    },
  );
  return projectView(actor, declarationId);
}
