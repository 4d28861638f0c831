import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StopExecutionCommand,
  TaskTimedOut,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime';
import { eventually, startTestRuntime } from '../support/runtime';
import { slice } from '../support/slice';

/**
 * Every path of workflows/declaration: the happy ones are in declaration.test.ts; here each
 * Retry and Catch, driven by faults injected into the task functions and by the SDK's own calls.
 */
let runtime: Runtime;
let s: ReturnType<typeof slice>;
beforeAll(async () => {
  runtime = await startTestRuntime();
  s = slice(runtime);
});
afterAll(() => runtime?.stop());

async function executionArnOf(id: string): Promise<string> {
  return eventually(async () => (await s.api.as('admin').get(`/declarations/${id}`)).body.executionArn, 'the execution to start');
}

async function history(executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await s.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 5, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

async function ended(executionArn: string) {
  return eventually(async () => {
    const described = await s.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return described.status !== 'RUNNING' && described;
  }, 'the execution to end');
}

async function tokenOf(taskId: string): Promise<string> {
  const { store } = await import('../../functions/adapters/entities');
  return (await store().entities.task.get({ taskId }).go()).data!.taskToken;
}

describe('the declaration workflow, path by path', () => {
  it('reject: the formal review refuses the declaration and the workflow ends', async () => {
    const id = await s.submittedDeclaration();
    const task = await s.openTask('admin', id, 'formal_review');
    expect((await s.api.as('admin').post(`/tasks/${task.taskId}/decision`, { outcome: 'reject', comment: '不符合申报条件' })).status).toBe(
      200,
    );
    await s.finished(id, 'rejected');
  });

  it('Retry: opening the review survives two UnavailableErrors, and the history shows both attempts', async () => {
    const id = await s.submittedDeclaration('applicant-a1', () =>
      runtime.engine.injectFault('OpenTask', { error: 'UnavailableError', times: 2 }),
    );
    await s.openTask('admin', id, 'formal_review');
    const events = await history(await executionArnOf(id));
    const failures = events.filter((e) => e.type === 'TaskFailed');
    expect(failures.map((e) => e.taskFailedEventDetails?.error)).toEqual(['UnavailableError', 'UnavailableError']);
    // One submitted task for the district's recommendation, one for the review that got through.
    expect(events.filter((e) => e.type === 'TaskSubmitted')).toHaveLength(2);
    // Event ids run 1..n without gaps across pages, as in AWS histories.
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
  });

  it('Retry exhausted, then Catch: four UnavailableErrors fail the workflow through RecordFailure', async () => {
    const id = await s.submittedDeclaration('applicant-a1', () =>
      runtime.engine.injectFault('OpenTask', { error: 'UnavailableError', times: 4 }),
    );
    const execution = await ended(await executionArnOf(id));
    expect(execution).toMatchObject({ status: 'FAILED', error: 'DeclarationWorkflowFailed' });
    const audit = (await s.api.as('admin').get(`/declarations/${id}/history`)).body.items as any[];
    expect(audit.at(-1)).toMatchObject({ action: 'workflow.failed', actor: 'workflow', toStage: 'failed' });
    expect(audit.at(-1).reason).toContain('UnavailableError');
    expect((await s.api.as('applicant-a1').get(`/declarations/${id}`)).body).toMatchObject({ stage: 'failed', openTasks: [] });
  });

  it('Catch States.ALL: an error with no retry goes straight to RecordFailure', async () => {
    const id = await s.submittedDeclaration('applicant-a1', () =>
      runtime.engine.injectFault('OpenTask', { error: 'Lambda.ResourceNotFoundException' }),
    );
    const execution = await ended(await executionArnOf(id));
    expect(execution.status).toBe('FAILED');
    const failures = (await history(execution.executionArn!)).filter((e) => e.type === 'TaskFailed');
    expect(failures).toHaveLength(1);
  });

  it('SendTaskFailure on the open review is caught by RecordFailure', async () => {
    const id = await s.submittedDeclaration();
    const task = await s.openTask('admin', id, 'formal_review');
    await s.sfn.send(new SendTaskHeartbeatCommand({ taskToken: await tokenOf(task.taskId) }));
    await s.sfn.send(new SendTaskFailureCommand({ taskToken: await tokenOf(task.taskId), error: 'ReviewerGone', cause: 'test' }));
    const execution = await ended(await executionArnOf(id));
    expect(execution).toMatchObject({ status: 'FAILED', error: 'DeclarationWorkflowFailed' });
    const audit = (await s.api.as('admin').get(`/declarations/${id}/history`)).body.items as any[];
    expect(audit.at(-1).reason).toContain('ReviewerGone');
  });

  it('Retry on the last step: FinishDeclaration failing once still completes the workflow', async () => {
    runtime.engine.injectFault('FinishDeclaration', { error: 'Error' });
    const id = await s.submittedDeclaration();
    const task = await s.openTask('admin', id, 'formal_review');
    expect((await s.api.as('admin').post(`/tasks/${task.taskId}/decision`, { outcome: 'reject', comment: '不符合申报条件' })).status).toBe(
      200,
    );
    await s.finished(id, 'rejected');
    const failures = (await history(await executionArnOf(id))).filter((e) => e.type === 'TaskFailed');
    expect(failures).toHaveLength(1);
  });

  it('Default of the Choice: an outcome the workflow does not know fails it as UnknownOutcome', async () => {
    const id = await s.submittedDeclaration();
    const task = await s.openTask('admin', id, 'formal_review');
    await s.sfn.send(new SendTaskSuccessCommand({ taskToken: await tokenOf(task.taskId), output: '{"outcome":"maybe"}' }));
    expect(await ended(await executionArnOf(id))).toMatchObject({ status: 'FAILED', error: 'UnknownOutcome' });
  });

  it('a token whose task timed out answers TaskTimedOut; StopExecution aborts a waiting execution', async () => {
    const id = await s.submittedDeclaration();
    const review = await s.openTask('admin', id, 'formal_review');
    expect((await s.api.as('admin').post(`/tasks/${review.taskId}/decision`, { outcome: 'return', comment: '请补充' })).status).toBe(200);
    const correction = await s.openTask('applicant-a1', id, 'revision');
    const token = await tokenOf(correction.taskId);
    await runtime.clock.set(new Date(Date.parse(correction.dueAt) + 1000));
    s.api.forgetTokens();
    await s.finished(id, 'lapsed');
    await expect(s.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);

    const other = await s.submittedDeclaration();
    await s.openTask('admin', other, 'formal_review');
    const executionArn = await executionArnOf(other);
    await s.sfn.send(new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause: 'test' }));
    expect(await ended(executionArn)).toMatchObject({ status: 'ABORTED' });
  });
});
