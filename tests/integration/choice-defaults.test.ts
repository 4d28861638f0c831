import { DescribeExecutionCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime';
import { eventually, startTestRuntime } from '../support/runtime';
import { selection } from '../support/selection';

/**
 * The Default branch of the declaration workflow's other two Choices (RouteDecision's is in
 * workflow-paths.test.ts): an outcome the workflow does not know fails it as UnknownOutcome
 * rather than guessing a way on.
 */
let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime?.stop());

async function openTaskOf(declarationId: string, kind: string) {
  const { store } = await import('../../functions/adapters/entities');
  return eventually(async () => {
    const { data } = await store().entities.task.query.byDeclaration({ declarationId }).go({ pages: 'all' });
    return data.find((t) => t.kind === kind && t.status === 'open');
  }, `the open ${kind} task of ${declarationId}`);
}

async function failure(t: ReturnType<typeof selection>, declarationId: string) {
  const { executionArn } = (await t.api.as('admin').get(`/declarations/${declarationId}`)).body;
  return eventually(async () => {
    const described = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return described.status !== 'RUNNING' && described;
  }, 'the execution to end');
}

describe('Choice defaults of the declaration workflow', () => {
  it('RouteRecommendation: a recommendation outcome other than recommend/decline fails as UnknownOutcome', async () => {
    const t = selection(runtime);
    const call = await t.createCall('community-brand');
    const id = await t.declare('applicant-a1', call.callId, 'community-brand', '社区读书会');
    const task = await openTaskOf(id, 'district_recommendation');
    await t.sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{"outcome":"maybe"}' }));
    expect(await failure(t, id)).toMatchObject({ status: 'FAILED', error: 'UnknownOutcome' });
  });

  it('RouteOutcome: a call outcome other than established/not_selected fails as UnknownOutcome', async () => {
    const t = selection(runtime);
    const call = await t.createCall('elder-empowerment');
    const id = await t.declare('applicant-b1', call.callId, 'elder-empowerment', '银龄合唱团');
    t.ok(await t.recommend('district-b', id, 1));
    await t.formalReview(id, 'approve');
    const experts = (await t.assign(id)).experts as string[];
    for (const expert of experts) t.ok(await t.score(expert, id, t.sheet('elder-empowerment', 0.8)));
    await t.reached(id, 'scored');
    const waiting = await openTaskOf(id, 'call_outcome');
    await t.sfn.send(new SendTaskSuccessCommand({ taskToken: waiting.taskToken, output: '{"outcome":"postponed"}' }));
    expect(await failure(t, id)).toMatchObject({ status: 'FAILED', error: 'UnknownOutcome' });
  });
});
