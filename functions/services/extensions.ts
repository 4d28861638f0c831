import { acceptanceBlockOf } from './expenditure';
import { chinaDateTime, endOfChinaDay } from '../../core/china-time';
import { ConflictError, NotFoundError, problemAt, ValidationError } from '../../core/errors';
import { coded } from '../../core/problem-codes';
import { actsFor, type Actor } from '../../core/identity';
import { whyNotExtendable } from '../../core/extensions';
import { clock } from '../adapters/clock';
import { store, type TaskItem } from '../adapters/entities';
import { configOf, getCall, requireCityAdmin } from './calls';
import { moveOpenTaskDueDate } from './due-dates';
import { countingCalendar } from './working-calendar';
import { taskSweepFields } from './reminders';
import { publicTask, type Extension } from './tasks';

/**
 * The admin moves an open task's due date later, with a reason. Reminders follow the new date
 * (a new round, points already past at the extension are not sent late); reminders already sent
 * stay recorded; the extension is kept on the task and in the declaration's audit trail.
 */
export async function extendTask(actor: Actor, taskId: string, input: { dueAt: string; reason: string }) {
  requireCityAdmin(actor);
  const db = store();
  const { data: task } = await db.entities.task.get({ taskId }).go();
  if (!task) throw new NotFoundError(`task ${taskId} not found`);
  if (task.status !== 'open')
    throw new ConflictError('only an open task can be extended', publicTask(task), { coded: coded('task-not-open') });
  const refused = whyNotExtendable(task.kind);
  if (refused)
    throw new ConflictError(`this task's due date cannot be extended: ${refused}`, publicTask(task), { coded: coded('not-extendable') });
  const now = clock().now();
  const to = /^\d{4}-\d{2}-\d{2}$/.test(input.dueAt) ? endOfChinaDay(input.dueAt) : new Date(input.dueAt);
  if (to.getTime() <= Math.max(now.getTime(), Date.parse(task.dueAt))) {
    throw new ValidationError([
      problemAt(
        'body.dueAt',
        `must be later than both now and the current due date ${task.dueAt}`,
        coded('due-date-not-later', { current: task.dueAt }),
      ),
    ]);
  }
  const call = await getCall(task.callId);
  const extension: Extension = { from: task.dueAt, to: to.toISOString(), reason: input.reason, by: actor.username, at: now.toISOString() };
  const extended: TaskItem = {
    ...task,
    dueAt: extension.to,
    remindFrom: extension.at,
    extensions: [...((task.extensions as Extension[] | undefined) ?? []), extension],
  };
  const sweep = taskSweepFields(extended, call, now, await countingCalendar(configOf(call).calendarOverrides));
  const moved = await moveOpenTaskDueDate(
    task,
    { dueAt: extended.dueAt, remindFrom: extended.remindFrom!, extensions: extended.extensions },
    sweep,
    {
      actor: actor.username,
      action: 'task.extended',
      reason: `${chinaDateTime(new Date(extension.from))} → ${chinaDateTime(new Date(extension.to))}：${input.reason}`,
    },
  );
  if (!moved) {
    const { data: current } = await db.entities.task.get({ taskId }).go();
    throw new ConflictError('the task changed meanwhile (decided or extended by someone else)', current ? publicTask(current) : undefined, {
      coded: coded('changed-meanwhile'),
    });
  }
  return publicTask({ ...extended, ...sweep });
}

/** A task with its extensions and the reminders sent for it, for its assignee or the city office. */
export async function taskView(actor: Actor, taskId: string) {
  const db = store();
  const { data: task } = await db.entities.task.get({ taskId }).go();
  if (!task || (actor.role !== 'city-admin' && !actsFor(actor, task.assignee))) throw new NotFoundError(`task ${taskId} not found`);
  const { data: reminders } = await db.entities.reminder.query.bySubject({ subjectId: taskId }).go({ pages: 'all' });
  const blockedReason =
    task.kind === 'acceptance_decision' && task.status === 'open' ? await acceptanceBlockedReason(task.declarationId) : undefined;
  return {
    ...publicTask(task),
    reminders: reminders.map(({ kind, dueAt, recipients, sentAt }) => ({ kind, dueAt, recipients, sentAt })),
    ...(blockedReason ? { blockedReason } : {}),
  };
}

/** Why an acceptance decision cannot pass the project now (no 决算, or one that does not reconcile; issue 23.4). */
async function acceptanceBlockedReason(declarationId: string): Promise<string | undefined> {
  const { data: project } = await store().entities.project.get({ declarationId }).go();
  return project ? (await acceptanceBlockOf(project))?.reason : undefined;
}
