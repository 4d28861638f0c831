import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../core/calendar';
import type { Runtime } from '../../local/runtime';
import { store, type TaskItem } from '../../functions/adapters/entities';
import { emptyReport, sweepTasks } from '../../functions/services/sweep';
import { eventually, startTestRuntime } from '../support/runtime';
import { selection } from '../support/selection';

/**
 * Correction (`revision`) and expert scoring (`expert_score`) end at their due date in the
 * workflow itself, so they are never overdue and never escalated; and no notice goes out for a
 * task that is closed when the notice commits. Both orderings of sweep and workflow are run: the
 * sweep at a moment past the due date before the workflow's timeout fired, and a sweep holding
 * the task as it read it (open) after the workflow or a decision closed it.
 */
let runtime: Runtime;
let p: ReturnType<typeof selection>;

beforeAll(async () => {
  runtime = await startTestRuntime({ sweepIntervalMs: 0 });
  p = selection(runtime);
  await runtime.clock.set(new Date('2026-11-02T02:00:00Z')); // Monday 10:00 in China
});
afterAll(() => runtime?.stop());

const MINUTE = 60_000;
const taskItem = async (taskId: string) => (await store().entities.task.get({ taskId }).go({ consistent: true })).data as TaskItem;
const noticesAbout = async (username: string, taskId: string) =>
  ((await p.api.as(username).get('/notifications?limit=100')).body.items as any[]).filter((n) => n.taskId === taskId).map((n) => n.kind);

async function moveClock(at: Date) {
  expect((await p.api.request('POST', '/dev/clock', { body: { now: at.toISOString() } })).status).toBe(200);
  p.api.forgetTokens();
}

/** A sweep of one task as the sweep's index handed it over, at `now`. */
async function sweepCopy(task: TaskItem, now: Date) {
  const report = emptyReport(now);
  await sweepTasks([task], now, report);
  return report;
}

async function history(id: string) {
  return ((await p.api.as('admin').get(`/declarations/${id}/history`)).body.items as any[]).map((e) => e.action);
}

describe('tasks closed by their workflow at the due date get no overdue notice or escalation', () => {
  it('a correction (退回修改): no 已逾期 before or after the workflow lapses the declaration', async () => {
    const call = await p.createCall('elder-empowerment', {
      closesAt: new Date(runtime.clock.now().getTime() + 40 * 86400_000).toISOString(),
    });
    const id = await p.declare('applicant-a1', call.callId, 'elder-empowerment', '银龄数字课堂');
    expect((await p.recommend('district-a', id, 1)).status).toBe(200);
    await p.formalReview(id, 'return', '请补充课程安排');
    const revision = await p.openTask('applicant-a1', id, 'revision');
    const dueAt = new Date(revision.dueAt);
    const readOpen = await taskItem(revision.taskId);
    expect(readOpen.status).toBe('open');

    // The sweep runs past the due date before the workflow's timeout fired.
    const early = await runtime.sweep(new Date(dueAt.getTime() + MINUTE));
    expect(early.reminders).toBe(1); // the latest of the 7/3/1 points, not overdue
    expect(await noticesAbout('applicant-a1', revision.taskId)).toEqual(['due-in-1']);

    // The clock passes the due date: the workflow lapses the declaration.
    await moveClock(new Date(dueAt.getTime() + MINUTE));
    await p.reached(id, 'lapsed');
    expect(await history(id)).toContain('correction.deadline_missed');
    expect((await taskItem(revision.taskId)).status).toBe('closed');

    // A sweep holding the task as it read it before (open) commits nothing now, even at the escalation point.
    const escalationAt = new Date(addWorkingDays(dueAt, 4).dueAt.getTime());
    expect((await sweepCopy(readOpen, new Date(dueAt.getTime() + 2 * MINUTE))).reminders).toBe(0);
    expect((await sweepCopy(readOpen, escalationAt)).reminders).toBe(0);
    await moveClock(escalationAt);
    expect(await noticesAbout('applicant-a1', revision.taskId)).toEqual(['due-in-1']);
    expect(await noticesAbout('admin', revision.taskId)).toEqual([]);
  });

  it('expert scoring (专家评分): no 已逾期 for the three experts before or after expert_review.deadline_reached', async () => {
    const call = await p.createCall('elder-empowerment', {
      closesAt: new Date(runtime.clock.now().getTime() + 60 * 86400_000).toISOString(),
    });
    const id = await p.declare('applicant-b1', call.callId, 'elder-empowerment', '社区书法课堂');
    expect((await p.recommend('district-b', id, 1)).status).toBe(200);
    await p.formalReview(id, 'approve');
    const { experts } = await p.assign(id);
    expect(experts).toHaveLength(3);
    const tasks = await Promise.all((experts as string[]).map((e) => p.openTask(e, id, 'expert_score')));
    const dueAt = new Date(tasks[0].dueAt);
    const readOpen = await Promise.all(tasks.map((t) => taskItem(t.taskId)));

    const early = await runtime.sweep(new Date(dueAt.getTime() + MINUTE));
    expect(early.notifications).toBe(3);
    for (const [i, expert] of (experts as string[]).entries()) expect(await noticesAbout(expert, tasks[i].taskId)).toEqual(['due-in-1']);

    await moveClock(new Date(dueAt.getTime() + MINUTE));
    await p.reached(id, 'scored');
    expect(await history(id)).toContain('expert_review.deadline_reached');

    const escalationAt = new Date(addWorkingDays(dueAt, 4).dueAt.getTime());
    for (const copy of readOpen) expect((await sweepCopy(copy, escalationAt)).reminders).toBe(0);
    await moveClock(escalationAt);
    for (const [i, expert] of (experts as string[]).entries()) expect(await noticesAbout(expert, tasks[i].taskId)).toEqual(['due-in-1']);
    for (const t of tasks) expect(await noticesAbout('admin', t.taskId)).toEqual([]);
  });
});

describe('a notice is conditional on the task when it commits', () => {
  it('a sweep that read a district task open sends no overdue or escalation once the district decided it', async () => {
    const call = await p.createCall('elder-empowerment', {
      closesAt: new Date(runtime.clock.now().getTime() + 80 * 86400_000).toISOString(),
    });
    const id = await p.declare('applicant-a2', call.callId, 'elder-empowerment', '智慧助老课堂');
    const task = await p.openTask('district-a', id, 'district_recommendation');
    const readOpen = await taskItem(task.taskId);
    expect((await p.recommend('district-a', id, 1)).status).toBe(200);
    await eventually(async () => (await taskItem(task.taskId)).status === 'decided', 'the decision recorded');

    const dueAt = new Date(task.dueAt);
    expect((await sweepCopy(readOpen, new Date(dueAt.getTime() + MINUTE))).reminders).toBe(0);
    expect((await sweepCopy(readOpen, addWorkingDays(dueAt, 4).dueAt)).reminders).toBe(0);
    expect(await noticesAbout('district-a', task.taskId)).toEqual([]);
    expect(await noticesAbout('admin', task.taskId)).toEqual([]);
  });
});
