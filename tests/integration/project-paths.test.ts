import { DescribeExecutionCommand, GetExecutionHistoryCommand, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime';
import { stateMachineArnOf } from '../../local/sfn/definitions';
import { eventually, startTestRuntime } from '../support/runtime';
import { after, projects } from '../support/project';

/**
 * Paths of the construction and acceptance workflows no person can take through the API: an
 * outcome the workflow does not know (Choice defaults), and an execution planning for a project
 * that has already ended (the `closed` route).
 */
let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime?.stop());

async function tokenOf(declarationId: string, kind: string) {
  const { store } = await import('../../functions/adapters/entities');
  return eventually(async () => {
    const { data } = await store().entities.task.query.byDeclaration({ declarationId }).go({ pages: 'all' });
    return data.find((t) => t.kind === kind && t.status === 'open')?.taskToken;
  }, `the open ${kind} task of ${declarationId}`);
}

describe('construction and acceptance paths outside the API', () => {
  it('an unknown mid-term or acceptance outcome fails as UnknownOutcome; an ended project’s executions close at once', async () => {
    const p = projects(runtime);
    const { ids } = await p.establish('elder-empowerment', [
      ['applicant-a1', '未知中期结论'],
      ['applicant-a2', '未知验收结论'],
      ['applicant-b1', '已撤回项目'],
    ]);
    const [midterm, acceptance, ended] = ids as [string, string, string];
    p.ok(await p.api.as('applicant-b1').post(`/projects/${ended}/withdraw`, { reason: '撤回' }));
    const m = (await p.view(midterm)).milestones;
    await p.advanceTo([midterm, acceptance], after(m.midtermAt));

    await p.report('applicant-a1', midterm, 'midterm_report', p.actuals('elder-empowerment'));
    await p.sfn.send(new SendTaskSuccessCommand({ taskToken: await tokenOf(midterm, 'midterm_review'), output: '{"outcome":"postpone"}' }));
    const failedMidterm = await eventually(async () => {
      const d = await p.sfn.send(new DescribeExecutionCommand({ executionArn: (await p.view(midterm)).executionArn }));
      return d.status !== 'RUNNING' && d;
    }, 'the construction execution to end');
    expect(failedMidterm).toMatchObject({ status: 'FAILED', error: 'UnknownOutcome' });

    await p.report('applicant-a2', acceptance, 'midterm_report', p.actuals('elder-empowerment'));
    await p.decide('admin', acceptance, 'midterm_review', { outcome: 'pass' });
    await p.stage(acceptance, 'construction');
    await p.advanceTo(acceptance, after((await p.view(acceptance)).milestones.acceptanceOpensAt));
    await p.report('applicant-a2', acceptance, 'acceptance_application', p.actuals('elder-empowerment'));
    await p.assess(acceptance, 'elder-empowerment', 0.8);
    await p.sfn.send(
      new SendTaskSuccessCommand({ taskToken: await tokenOf(acceptance, 'acceptance_decision'), output: '{"outcome":"deferred"}' }),
    );
    const failedAcceptance = await eventually(async () => {
      const d = await p.sfn.send(new DescribeExecutionCommand({ executionArn: (await p.view(acceptance)).executionArn }));
      return d.status !== 'RUNNING' && d;
    }, 'the acceptance execution to end');
    expect(failedAcceptance).toMatchObject({ status: 'FAILED', error: 'UnknownOutcome' });

    // A successor that starts after the project ended (a withdrawal racing a handover) plans `closed`.
    for (const machine of ['construction', 'acceptance']) {
      const { executionArn } = await p.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: stateMachineArnOf(machine),
          name: `${ended}-late-${machine}`,
          input: JSON.stringify({ declarationId: ended, leg: 9, startedAt: runtime.clock.now().toISOString() }),
        }),
      );
      await eventually(
        async () => (await p.sfn.send(new DescribeExecutionCommand({ executionArn }))).status === 'SUCCEEDED',
        `the late ${machine} execution to succeed`,
      );
      const { events } = await p.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      expect(events!.map((e) => e.stateEnteredEventDetails?.name).filter(Boolean)).toEqual(['Plan', 'RoutePlan', 'Closed']);
    }
    expect((await p.view(ended)).stage).toBe('withdrawn');
  }, 240_000);
});
