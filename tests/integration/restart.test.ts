import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime';
import { startTestRuntime } from '../support/runtime';
import { slice } from '../support/slice';
import { projects } from '../support/project';

// The app's clients are built once per process, as in a Lambda, so every runtime of this file
// keeps the first one's tables, ports and data dir, as a restarted `npm start` does.
let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime?.stop());

/** Gone without a word, as after kill -9: nothing is flushed or recorded on the way down. */
async function crashAndRestart(): Promise<Runtime> {
  await runtime.crash();
  runtime = await startTestRuntime({
    tableName: runtime.tableName,
    dataDir: runtime.dataDir,
    port: runtime.port,
    sfnPort: runtime.sfnPort,
  });
  return runtime;
}

it('resumes a parked execution after the runtime dies, and the decision still completes the workflow', async () => {
  const before = slice(runtime);
  const id = await before.submittedDeclaration();
  const task = await before.openTask('admin', id, 'formal_review');
  expect(await before.executionStatus(id)).toBe('RUNNING');

  const restarted = await crashAndRestart();
  // Its call's workflow waits too (for the window to close), so two executions resume.
  expect(restarted.resumed).toBe(2);

  const after = slice(restarted);
  const reopened = await after.openTask('admin', id, 'formal_review');
  expect(reopened.taskId).toBe(task.taskId);
  const decided = await after.api.as('admin').post(`/tasks/${task.taskId}/decision`, { outcome: 'return', comment: '请补充' });
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);

  // The resumed execution goes on to the next human step, then to the end.
  const correction = await after.openTask('applicant-a1', id, 'revision');
  expect(correction.kind).toBe('revision');
  expect((await after.api.as('applicant-a1').post(`/declarations/${id}/submit`)).status).toBe(200);
  const review = await after.openTask('admin', id, 'formal_review');
  expect(
    (await after.api.as('admin').post(`/tasks/${review.taskId}/decision`, { outcome: 'reject', comment: '仍不符合条件' })).status,
  ).toBe(200);
  await after.finished(id, 'rejected');
});

it('keeps a waiting correction deadline across a restart: the moved clock still lapses it', async () => {
  const before = slice(runtime);
  const id = await before.submittedDeclaration();
  const review = await before.openTask('admin', id, 'formal_review');
  expect((await before.api.as('admin').post(`/tasks/${review.taskId}/decision`, { outcome: 'return', comment: '请补充预算' })).status).toBe(
    200,
  );
  const correction = await before.openTask('applicant-a1', id, 'revision');

  const restarted = await crashAndRestart();
  expect(restarted.resumed).toBeGreaterThanOrEqual(2); // this declaration's and the calls' waiting executions
  await restarted.clock.set(new Date(Date.parse(correction.dueAt) + 1000));
  await slice(restarted).finished(id, 'lapsed');
});

it('resumes a project mid-construction: the scheduled mid-term and an open mid-term report survive a crash', async () => {
  const before = projects(runtime);
  const id = await before.establishOne('elder-empowerment', 'applicant-a1', '重启中的建设项目');
  await before.settled(id!);
  const m = (await before.view(id!)).milestones;

  // Down while the mid-term is ahead: no execution waits for it, its start is in the outbox (in
  // DynamoDB); up again, the sweep starts it when the moved clock reaches it.
  let restarted = await crashAndRestart();
  let after = projects(restarted);
  await after.advanceTo(id!, new Date(Date.parse(m.midtermAt) + 60_000));
  const report = await after.openTask('applicant-a1', id!, 'midterm_report');

  // Down again with the report task open: the same task is decided after the restart.
  restarted = await crashAndRestart();
  after = projects(restarted);
  expect((await after.openTask('applicant-a1', id!, 'midterm_report')).taskId).toBe(report.taskId);
  await after.report('applicant-a1', id!, 'midterm_report', after.actuals('elder-empowerment'));
  await after.decide('admin', id!, 'midterm_review', { outcome: 'pass' });
  await after.stage(id!, 'construction');
  await after.advanceTo(id!, new Date(Date.parse(m.acceptanceOpensAt) + 60_000));
  await after.openTask('applicant-a1', id!, 'acceptance_application');
  const history = after.ok(await after.api.as('admin').get(`/declarations/${id}/history`)).items.map((e: any) => e.action);
  expect(history).toEqual(
    expect.arrayContaining([
      'construction.started',
      'construction.scheduled',
      'midterm.started',
      'midterm.reported',
      'midterm.review.pass',
      'acceptance.opened',
    ]),
  );
}, 180_000);
