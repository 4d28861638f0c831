import {
  addWorkingDays,
  calendarOf,
  packagedYears,
  scheduleProblems,
  uncoveredYearsBetween,
  workingDaysBetween,
  type YearSchedule,
} from '../../core/calendar';
import { ConflictError, problemAt, ValidationError } from '../../core/errors';
import type { Actor } from '../../core/identity';
import { coded } from '../../core/problem-codes';
import { chinaDate, chinaDateTime } from '../../core/china-time';
import { neverOverdueKinds } from '../../core/reminders';
import { clock } from '../adapters/clock';
import { store, type TaskItem } from '../adapters/entities';
import { auditItem } from './audit';
import { configOf, getCall, requireCityAdmin } from './calls';
import { taskSweepFields } from './reminders';
import { declarationsOfCall } from './selection';
import { moveOpenTaskDueDate } from './due-dates';
import { openTasksOf } from './tasks';
import { countingCalendar, enteredYears, officeCalendar } from './working-calendar';

/** The audit trail's subject for the office calendar (read through `GET /calendar`'s history). */
export const CALENDAR_SUBJECT = 'calendar';

/** The years of a calendar the office sees: the packaged ones and those entered, with who and when. */
export async function calendarView(actor: Actor) {
  requireCityAdmin(actor);
  const entered = await enteredYears();
  const years = [...new Set([...packagedYears().map(String), ...entered.map((y) => y.year)])].sort();
  const history = (await store().entities.auditEvent.query.byDeclaration({ declarationId: CALENDAR_SUBJECT }).go({ pages: 'all' })).data;
  return {
    packagedYears: packagedYears(),
    years: years.map((year) => {
      const item = entered.find((y) => y.year === year);
      return {
        year,
        source: item ? ('office' as const) : ('packaged' as const),
        ...(item
          ? {
              holidays: item.holidays,
              workdays: item.workdays,
              version: item.version,
              updatedBy: item.updatedBy,
              updatedAt: item.updatedAt,
            }
          : {}),
      };
    }),
    history: history.map(({ at, actor: by, actorName, action, reason }) => ({ at, actor: by, actorName, action, reason })),
  };
}

function checked(year: string, schedule: YearSchedule): YearSchedule {
  const problems = scheduleProblems(year, schedule).map(({ field, index, problem }) =>
    problem === 'not-in-year'
      ? problemAt(`body.${field}.${index}`, `not a date in ${year}`, coded('date-not-in-year', { year }))
      : problem === 'both'
        ? problemAt(`body.${field}.${index}`, 'listed as a holiday too', coded('calendar-day-twice'))
        : problemAt(`body.${field}.${index}`, 'a make-up working day (调休) is a Saturday or Sunday', coded('make-up-day-not-weekend')),
  );
  if (problems.length) throw new ValidationError(problems);
  return { holidays: [...new Set(schedule.holidays)].sort(), workdays: [...new Set(schedule.workdays)].sort() };
}

export interface DueDateMove {
  taskId: string;
  declarationId: string;
  callId: string;
  title: string;
  kind: TaskKindName;
  assignee: string;
  dueAt: string;
  newDueAt: string;
  /** Calendar days the due date moves (positive: later). */
  days: number;
  /** Whether confirming moves it: a timeout the workflow already runs (correction, scoring) cannot be moved. */
  movable: boolean;
}
type TaskKindName = TaskItem['kind'];

async function openTasksEverywhere(): Promise<{ task: TaskItem; title: string }[]> {
  const { data: calls } = await store().entities.call.query.allCalls({}).go({ pages: 'all' });
  const found: { task: TaskItem; title: string }[] = [];
  // An established call's projects have dates set as dates (milestones), never recounted.
  for (const call of calls) {
    if (call.status === 'established' || call.status === 'failed') continue;
    const declarations = await declarationsOfCall(call.callId);
    const titles = new Map([[call.callId, call.title], ...declarations.map((d) => [d.declarationId, d.title] as [string, string])]);
    const tasks = (await Promise.all([call.callId, ...declarations.map((d) => d.declarationId)].map(openTasksOf))).flat();
    for (const task of tasks) found.push({ task, title: titles.get(task.declarationId) ?? call.title });
  }
  return found;
}

/**
 * The open tasks whose due date, counted in working days, would fall elsewhere with `year` as
 * entered: each task's count (from when it was set, how many working days) recounted with the
 * new calendar. Due dates given as a date (an extension, a milestone) are not counts and stay.
 */
async function movesFor(year: string, schedule: YearSchedule | undefined): Promise<DueDateMove[]> {
  const office = await officeCalendar();
  const after = { ...office };
  if (schedule) after[year] = schedule;
  const moves: DueDateMove[] = [];
  const calls = new Map<string, Awaited<ReturnType<typeof getCall>>>();
  for (const { task, title } of await openTasksEverywhere()) {
    if (!task.dueFrom || task.dueWorkingDays === undefined || task.extensions) continue;
    const call = calls.get(task.callId) ?? (await getCall(task.callId));
    calls.set(task.callId, call);
    const own = configOf(call).calendarOverrides ?? {};
    const from = chinaDate(new Date(task.dueFrom));
    // Only counts that ran through this year can move.
    if (from.slice(0, 4) > year || chinaDate(new Date(task.dueAt)).slice(0, 4) < year) continue;
    const oldCalendar = calendarOf(office, own);
    if (workingDaysBetween(from, chinaDate(new Date(task.dueAt)), oldCalendar) !== task.dueWorkingDays) continue;
    const newDueAt = addWorkingDays(new Date(task.dueFrom), task.dueWorkingDays, calendarOf(after, own)).dueAt.toISOString();
    if (newDueAt === task.dueAt) continue;
    moves.push({
      taskId: task.taskId,
      declarationId: task.declarationId,
      callId: task.callId,
      title,
      kind: task.kind,
      assignee: task.assignee,
      dueAt: task.dueAt,
      newDueAt,
      days: Math.round((Date.parse(newDueAt) - Date.parse(task.dueAt)) / 86400_000),
      movable: !neverOverdueKinds.includes(task.kind),
    });
  }
  return moves.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

/** What saving `year` would do to due dates already promised, without writing anything. */
export async function previewYear(actor: Actor, year: string, input: YearSchedule) {
  requireCityAdmin(actor);
  const schedule = checked(year, input);
  return { year, ...schedule, moves: await movesFor(year, schedule) };
}

function describe(old: YearSchedule | undefined, next: YearSchedule): string {
  const diff = (a: string[], b: string[]) => a.filter((d) => !b.includes(d));
  const parts = [
    ['增加放假日 ', diff(next.holidays, old?.holidays ?? [])],
    ['取消放假日 ', diff(old?.holidays ?? [], next.holidays)],
    ['增加调休上班日 ', diff(next.workdays, old?.workdays ?? [])],
    ['取消调休上班日 ', diff(old?.workdays ?? [], next.workdays)],
  ] as const;
  const said = parts.filter(([, dates]) => dates.length).map(([what, dates]) => `${what}${dates.join('、')}`);
  return said.length ? said.join('；') : '无变化';
}

/**
 * Saves the office's schedule for a year, for all calls, with an audit event saying who changed
 * what. Due dates already promised stay unless the office confirms `moveTasks` after seeing the
 * preview: then each movable task's date is recounted (conditional on it not having changed
 * since) and its declaration's history says so. `version` is the one the office saw (0 for a
 * year not entered yet): a save over someone else's is a conflict.
 */
export async function saveYear(actor: Actor, year: string, input: YearSchedule & { version: number; moveTasks: boolean }) {
  requireCityAdmin(actor);
  const schedule = checked(year, input);
  const db = store();
  const { data: current } = await db.entities.calendarYear.get({ year }).go({ consistent: true });
  if ((current?.version ?? 0) !== input.version) {
    throw new ConflictError(`the ${year} calendar was changed meanwhile (version ${current?.version ?? 0})`, current ?? undefined, {
      coded: coded('changed-meanwhile'),
    });
  }
  const moves = input.moveTasks ? (await movesFor(year, schedule)).filter((m) => m.movable) : [];
  const now = clock().now();
  const item = { year, ...schedule, version: input.version + 1, updatedBy: actor.username, updatedAt: now.toISOString() };
  // Stored reasons are what the pages show, in Chinese like every other the system writes.
  const reason = `${year} 年：${describe(current ?? undefined, schedule)}${input.moveTasks ? `；调整 ${moves.length} 项截止时间` : '；已承诺的截止时间不变'}`;
  const result = await db.transaction
    .write(({ calendarYear, auditEvent }) => [
      current
        ? calendarYear
            .put(item)
            .where(({ version }, { eq }) => eq(version, input.version))
            .commit()
        : calendarYear.create(item).commit(),
      auditEvent.create(auditItem({ declarationId: CALENDAR_SUBJECT, actor: actor.username, action: 'calendar.saved', reason })).commit(),
    ])
    .go();
  if (result.canceled)
    throw new ConflictError(`the ${year} calendar was changed meanwhile`, undefined, { coded: coded('changed-meanwhile') });
  const moved: DueDateMove[] = [];
  for (const move of moves) if (await moveDueDate(move, actor, now)) moved.push(move);
  return { ...item, moved };
}

async function moveDueDate(move: DueDateMove, actor: Actor, now: Date): Promise<boolean> {
  const db = store();
  const { data: task } = await db.entities.task.get({ taskId: move.taskId }).go({ consistent: true });
  if (task?.status !== 'open' || task.dueAt !== move.dueAt) return false;
  const call = await getCall(task.callId);
  const overrides = await countingCalendar(configOf(call).calendarOverrides);
  const moved = { ...task, dueAt: move.newDueAt, remindFrom: now.toISOString() };
  const sweep = taskSweepFields(moved, call, now, overrides);
  const uncovered = uncoveredYearsBetween(
    chinaDate(new Date(task.dueFrom ?? task.createdAt)),
    chinaDate(new Date(move.newDueAt)),
    overrides,
  );
  return moveOpenTaskDueDate(task, { dueAt: move.newDueAt, remindFrom: now.toISOString(), uncoveredYears: uncovered }, sweep, {
    actor: actor.username,
    action: 'task.rescheduled',
    reason: `${chinaDateTime(new Date(move.dueAt))} → ${chinaDateTime(new Date(move.newDueAt))}：节假日安排调整`,
  });
}
