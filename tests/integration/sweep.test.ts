import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reminderSchedule } from '../../core/reminders';
import { projectRoot, type Runtime } from '../../local/runtime';
import { eventually, startTestRuntime } from '../support/runtime';
import { completeDeclaration, slice } from '../support/slice';

/** The sweep's guarantees: each reminder once whatever runs it, and lost callbacks completed. */
let runtime: Runtime;
let s: ReturnType<typeof slice>;

beforeAll(async () => {
  runtime = await startTestRuntime({ sweepIntervalMs: 0 });
  s = slice(runtime);
  await runtime.clock.set(new Date('2026-11-02T02:00:00Z')); // Monday 10:00 in China
});
afterAll(() => runtime?.stop());

async function districtTask(applicant: string, district: string) {
  const callId = await s.openCall();
  const draft = await s.api.as(applicant).post(`/calls/${callId}/declarations`, completeDeclaration);
  expect((await s.api.as(applicant).post(`/declarations/${draft.body.declarationId}/submit`)).status).toBe(200);
  return s.openTask(district, draft.body.declarationId, 'district_recommendation');
}

const notificationsOf = async (username: string) => (await s.api.as(username).get('/notifications?limit=100')).body.items as any[];

describe('the sweep', () => {
  it('sends each reminder once with several sweeps at once (in this process and from npm run sweep) and when retried', async () => {
    const task = await districtTask('applicant-a1', 'district-a');
    const [sevenBefore, threeBefore] = reminderSchedule(new Date(task.dueAt), { escalationWorkingDays: 3 });
    const at = new Date(sevenBefore!.at.getTime() + 1000);

    const reports = await Promise.all([runtime.sweep(at), runtime.sweep(at), runtime.sweep(at)]);
    expect(reports.map((r) => r.reminders).sort()).toEqual([0, 0, 1]);
    const again = await runtime.sweep(at);
    expect(again.reminders).toBe(0);
    expect((await notificationsOf('district-a')).filter((n) => n.taskId === task.taskId).map((n) => n.kind)).toEqual(['due-in-7']);
    expect(readdirSync(runtime.outboxDir).filter((f) => f.endsWith('.eml'))).toHaveLength(1);

    // npm run sweep finds this stack through <dataDir>/runtime.json; it races an in-process sweep.
    const later = new Date(threeBefore!.at.getTime() + 1000).toISOString();
    const [cli, local] = await Promise.all([
      promisify(execFile)('npx', ['tsx', 'local/sweep.ts', '--now', later], {
        cwd: projectRoot,
        env: { ...process.env, DATA_DIR: runtime.dataDir! },
      }),
      new Promise((resolve) => setTimeout(resolve, 1500)).then(() => runtime.sweep(new Date(later))),
    ]);
    const fromCli = JSON.parse(cli.stdout);
    expect(fromCli.now).toBe(later);
    expect(fromCli.reminders + local.reminders).toBe(1);
    expect((await notificationsOf('district-a')).filter((n) => n.taskId === task.taskId).map((n) => n.kind)).toEqual([
      'due-in-3',
      'due-in-7',
    ]);
    const view = await s.api.as('district-a').get(`/tasks/${task.taskId}`);
    expect(view.body.reminders.map((r: any) => r.kind)).toEqual(['due-in-3', 'due-in-7']);
  });

  it('completes a decision whose callback was lost after the commit, and the task leaves the index', async () => {
    const task = await districtTask('applicant-b1', 'district-b');
    // SendTaskSuccess fails (non-retryable) after the decision committed: the crash window.
    runtime.engine.injectApiFault('SendTaskSuccess', { error: 'InjectedFault', cause: 'callback dropped' });
    const decided = await s.api.as('district-b').post(`/tasks/${task.taskId}/decision`, { outcome: 'recommend', rank: 1 });
    expect(decided.status).toBe(503);
    expect(decided.body.detail).toContain('will be retried');
    const stuck = await s.api.as('district-b').get(`/tasks/${task.taskId}`);
    expect(stuck.body).toMatchObject({ status: 'decided', callback: 'pending' });
    expect((await s.api.as('admin').get(`/declarations/${task.declarationId}`)).body).toMatchObject({
      stage: 'formal_review',
      openTasks: [],
    });

    // Within the grace minute the reconciler leaves it alone (the request may still be under way).
    const early = await runtime.sweep(new Date(runtime.clock.now().getTime() + 30_000));
    expect(early.callbacks.replayed).toBe(0);

    await s.api.request('POST', '/dev/clock', { body: { now: new Date(runtime.clock.now().getTime() + 2 * 60_000).toISOString() } });
    s.api.forgetTokens();
    const review = await s.openTask('admin', task.declarationId, 'formal_review');
    expect(review.kind).toBe('formal_review');
    await eventually(
      async () => (await s.api.as('district-b').get(`/tasks/${task.taskId}`)).body.callback === 'sent',
      'callback marked sent',
    );
    const history = await s.api.as('admin').get(`/declarations/${task.declarationId}/history`);
    expect(history.body.items.find((e: any) => e.action === 'callback.replayed')).toMatchObject({ actor: 'sweep', taskId: task.taskId });

    // A replay of a token Step Functions already settled counts as done, not as an error.
    const replayedAgain = await runtime.sweep(new Date(runtime.clock.now().getTime() + 10 * 60_000));
    expect(replayedAgain.callbacks).toEqual({ replayed: 0, alreadySettled: 0, retryLater: 0 });
    expect(replayedAgain.indexItemsRead).toBe(0);
  });

  it('opens again the task record an execution waits on when it is missing, and fails the task visibly when it cannot', async () => {
    const { store } = await import('../../functions/adapters/entities');
    const lost = await districtTask('applicant-a2', 'district-a');
    await store().entities.task.delete({ taskId: lost.taskId }).go();
    expect((await s.api.as('district-a').get(`/tasks/${lost.taskId}`)).status).toBe(404);

    const hopeless = await districtTask('applicant-b1', 'district-b');
    await store().entities.task.delete({ taskId: hopeless.taskId }).go();
    await store().entities.call.delete({ callId: hopeless.callId }).go(); // nothing to open it from

    const report = await runtime.sweep(new Date(runtime.clock.now().getTime() + 2 * 60_000));
    expect(report.executions).toMatchObject({ repaired: 1, failed: 1 });
    expect(report.executions.checked).toBeGreaterThanOrEqual(2);

    const repaired = await s.api.as('district-a').get(`/tasks/${lost.taskId}`);
    expect(repaired.body).toMatchObject({ status: 'open', kind: 'district_recommendation' });
    expect((await s.api.as('district-a').post(`/tasks/${lost.taskId}/decision`, { outcome: 'recommend', rank: 1 })).status).toBe(200);
    await s.openTask('admin', lost.declarationId, 'formal_review');
    const history = await s.api.as('admin').get(`/declarations/${lost.declarationId}/history`);
    expect(history.body.items.map((e: any) => e.action)).toContain('task.record_repaired');

    const failed = await s.reached(hopeless.declarationId, 'failed');
    expect(failed.lastReason).toContain('TaskRecordMissing');
  });
});
