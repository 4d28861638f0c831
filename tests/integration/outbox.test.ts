import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime';
import { onFault, resetFaults } from '../../functions/adapters/faults';
import { eventually, startTestRuntime } from '../support/runtime';
import { completeDeclaration, slice } from '../support/slice';
import { after, projects } from '../support/project';
import { selection } from '../support/selection';

/**
 * A state change and the Step Functions call it implies (start or stop an execution) are two
 * writes in two systems. The outbox intent, written with the change, lets the reconciler finish
 * what a crash or an outage interrupted; the local engine's resume re-runs what its checkpoint
 * promised. Regression tests of issue 17, items 1 and 2.
 */
let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime({ sweepIntervalMs: 0 });
});
afterAll(() => runtime?.stop());
afterEach(() => {
  delete process.env.SHENBAO_FAULT;
  resetFaults();
});

/** A sweep past the grace the request path has to carry an intent out itself. */
const laterSweep = () => runtime.sweep(new Date(runtime.clock.now().getTime() + 2 * 60_000));

async function draft(s: ReturnType<typeof slice>) {
  const callId = await s.openCall();
  const created = await s.api.as('applicant-a1').post(`/calls/${callId}/declarations`, completeDeclaration);
  expect(created.status).toBe(201);
  return created.body.declarationId as string;
}

async function tasksOf(s: ReturnType<typeof slice>, id: string) {
  return (await s.api.as('admin').get(`/declarations/${id}`)).body.openTasks as any[];
}

describe('the outbox (issue 17 item 1)', () => {
  it('starts the workflow of a submitted declaration whose StartExecution never happened, on the next sweep', async () => {
    const s = slice(runtime);
    const id = await draft(s);
    // Step Functions unreachable right after the stage is saved: as a crash between the two.
    runtime.engine.injectApiFault('StartExecution', { error: 'ServiceUnavailable', cause: 'down' });
    // The stage is saved either way (before the outbox this answered 503; now it is acknowledged
    // and the start is the reconciler's, as the next test checks).
    expect([200, 503]).toContain((await s.api.as('applicant-a1').post(`/declarations/${id}/submit`)).status);

    // Stuck as the issue found it: district_review, no execution, no task.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const stuck = (await s.api.as('admin').get(`/declarations/${id}`)).body;
    expect(stuck.stage).toBe('district_review');
    expect(stuck.executionArn).toBeUndefined();
    expect(stuck.openTasks).toEqual([]);

    // A sweep inside the grace leaves it to the request path; past it, the reconciler starts it.
    expect((await runtime.sweep()).intents.completed).toBe(0);
    const report = await laterSweep();
    expect(report.intents).toEqual({ completed: 1, scheduled: 0, retryLater: 0 });
    const task = await s.openTask('district-a', id, 'district_recommendation');
    expect((await s.api.as('district-a').post(`/tasks/${task.taskId}/decision`, { outcome: 'recommend', rank: 1 })).status).toBe(200);
    await s.openTask('admin', id, 'formal_review');
    const history = (await s.api.as('applicant-a1').get(`/declarations/${id}/history`)).body.items as any[];
    expect(history.filter((e) => e.action === 'workflow.started_by_reconciler')).toHaveLength(1);
    // Done is done: the next sweep reads nothing of it.
    expect((await laterSweep()).intents).toEqual({ completed: 0, scheduled: 0, retryLater: 0 });
  });

  it('keeps an intent pending while Step Functions stays down, and counts it for the next sweep', async () => {
    const s = slice(runtime);
    const id = await draft(s);
    runtime.engine.injectApiFault('StartExecution', { error: 'ServiceUnavailable', cause: 'down', times: 2 });
    expect((await s.api.as('applicant-a1').post(`/declarations/${id}/submit`)).status).toBe(200);
    expect((await laterSweep()).intents).toEqual({ completed: 0, scheduled: 0, retryLater: 1 });
    expect(await tasksOf(s, id)).toEqual([]);
    // Rescheduled past its grace again: the sweep after that starts it.
    const report = await runtime.sweep(new Date(runtime.clock.now().getTime() + 4 * 60_000));
    expect(report.intents.completed).toBe(1);
    await s.openTask('district-a', id, 'district_recommendation');
  });

  it('starts a new call’s workflow the same way (call creation answers 201 and the call is not lost)', async () => {
    const s = slice(runtime);
    runtime.engine.injectApiFault('StartExecution', { error: 'ServiceUnavailable', cause: 'down' });
    const callId = await s.openCall();
    expect((await s.api.request('GET', `/calls/${callId}`)).status).toBe(200);
    expect((await laterSweep()).intents.completed).toBe(1);
    const { executionArn } = (await s.api.as('admin').get(`/calls/${callId}`)).body;
    expect(executionArn).toMatch(new RegExp(`${callId}$`));
    expect((await s.sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
  });

  it('stops a withdrawn project’s execution whose StopExecution was lost', async () => {
    const p = projects(runtime);
    const id = await p.establishOne('elder-empowerment', 'applicant-a1', '撤回时停机的项目');
    // Its mid-term's execution is running, on the report task.
    await p.advanceTo(id!, after((await p.view(id!)).milestones.midtermAt));
    await p.openTask('applicant-a1', id!, 'midterm_report');
    const { executionArn } = await p.view(id!);
    runtime.engine.injectApiFault('StopExecution', { error: 'ServiceUnavailable', cause: 'down' });
    const withdrawn = await slice(runtime).api.as('applicant-a1').post(`/projects/${id}/withdraw`, { reason: '场地无法落实' });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body.stage).toBe('withdrawn');
    const sfn = slice(runtime).sfn;
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    expect((await laterSweep()).intents.completed).toBe(1);
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('ABORTED');
  });
});

describe('the local engine’s resume (issue 17 item 2)', () => {
  /** Arms a fault point whose "death" is a crash of this runtime, then brings up its successor. */
  function crashAt(point: string) {
    process.env.SHENBAO_FAULT = point;
    const { promise, resolve } = Promise.withResolvers<void>();
    onFault(async () => {
      delete process.env.SHENBAO_FAULT;
      void runtime.crash().then(resolve);
      return new Promise<never>(() => {});
    });
    return promise;
  }

  async function restart() {
    runtime = await startTestRuntime({
      tableName: runtime.tableName,
      dataDir: runtime.dataDir,
      port: runtime.port,
      sfnPort: runtime.sfnPort,
      sweepIntervalMs: 0,
    });
  }

  it('finishes the expert review when a crash came between the last expert’s score and the stage', async () => {
    const t = selection(runtime);
    const call = await t.createCall('elder-empowerment');
    const id = await t.reviewed('applicant-a1', call.callId, 'elder-empowerment', '评分后宕机');
    const { experts } = await t.assign(id);
    for (const expert of experts.slice(0, -1)) t.ok(await t.score(expert, id, t.sheet('elder-empowerment', 0.8)));
    const crashed = crashAt('score.committed/expert_score');
    await t.score(experts.at(-1)!, id, t.sheet('elder-empowerment', 0.8)).catch(() => undefined);
    await crashed;
    await restart();
    const after = slice(runtime);
    // Every sheet is in, no scoring task open, and the stage would wait for its deadline (days).
    const stuck = (await after.api.as('admin').get(`/declarations/${id}`)).body;
    expect(stuck.stage).toBe('expert_review');
    await laterSweep();
    expect((await after.reached(id, 'scored')).score.count).toBe(3);
  });

  it('opens the task a crash after the token checkpoint left unwritten (no task, no history)', async () => {
    const s = slice(runtime);
    const id = await draft(s);
    const crashed = crashAt('sfn.token-saved/DistrictRecommendation');
    // The engine runs the first state while the submit is still answering: it may not answer.
    const submitted = await s.api
      .as('applicant-a1')
      .post(`/declarations/${id}/submit`)
      .catch(() => undefined);
    if (submitted) expect(submitted.status).toBe(200);
    await crashed;
    await restart();
    const after = slice(runtime);
    await laterSweep();
    const task = await after.openTask('district-a', id, 'district_recommendation');
    expect((await after.api.as('district-a').post(`/tasks/${task.taskId}/decision`, { outcome: 'recommend', rank: 1 })).status).toBe(200);
    await after.openTask('admin', id, 'formal_review');
    // One task opened, not two: the re-run handler found nothing to open twice.
    const history = (await after.api.as('applicant-a1').get(`/declarations/${id}/history`)).body.items as any[];
    expect(history.filter((e) => e.action === 'task.opened.district_recommendation')).toHaveLength(1);
    await eventually(async () => (await after.executionStatus(id)) === 'RUNNING', 'the execution to run on');
  });
});
