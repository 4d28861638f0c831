import { DescribeExecutionCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { eventually, fileRuntime } from '../support/runtime';
import { selection } from '../support/selection';

/**
 * The Default branch of the declaration workflow's other two Choices (RouteDecision's is in
 * workflow-paths.test.ts): an outcome the workflow does not know fails it as UnknownOutcome
 * rather than guessing a way on.
 */
const runtime = fileRuntime();

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
});
