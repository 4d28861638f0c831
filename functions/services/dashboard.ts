import { medianStageTimes } from '../../core/dashboard';
import type { Actor } from '../../core/identity';
import { stages, type Stage } from '../../core/stages';
import { clock } from '../adapters/clock';
import { historyOf } from './audit';
import { getCall, requireCityAdmin } from './calls';
import { declarationsOfCall } from './selection';
import { openTasksOf, publicTask } from './tasks';

/**
 * One call at a glance for the city office: declarations per stage, tasks past their due date
 * (the call's own and its declarations'), and the median time each stage took so far.
 */
export async function callDashboard(actor: Actor, callId: string) {
  requireCityAdmin(actor);
  const call = await getCall(callId);
  const declarations = await declarationsOfCall(callId);
  const counts = Object.fromEntries(stages.map((s) => [s, 0])) as Record<Stage, number>;
  for (const d of declarations) counts[d.stage] += 1;
  const now = clock().now().toISOString();
  const [tasks, trails] = await Promise.all([
    Promise.all([callId, ...declarations.map((d) => d.declarationId)].map(openTasksOf)).then((all) => all.flat()),
    Promise.all(declarations.map((d) => historyOf(d.declarationId))),
  ]);
  const titles = new Map(declarations.map((d) => [d.declarationId, d.title]));
  const overdue = tasks
    .filter((t) => t.dueAt < now && !t.assignee.startsWith('workflow:'))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
    .map((t) => ({ ...publicTask(t), title: titles.get(t.declarationId) ?? call.title }));
  // Due dates counted through a year without its holiday schedule: the office is to check them.
  const uncovered = tasks
    .filter((t) => t.uncoveredYears?.length)
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
    .map((t) => ({ ...publicTask(t), title: titles.get(t.declarationId) ?? call.title }));
  return { call, total: declarations.length, counts, overdue, uncovered, medians: medianStageTimes(trails) };
}
