import { DescribeExecutionCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { eventually, fileRuntime, late } from '../support/runtime';
import { selection } from '../support/selection';

/**
 * The failure paths of the declaration workflow's invitation states (the answers' paths are in
 * invitations.test.ts): InviteExperts' and ExpireInvitations' Catch, and RouteInvitations' Default.
 */
const runtime = fileRuntime();
const t = late(() => selection(runtime));

async function ended(declarationId: string) {
  const { executionArn } = (await t.api.as('admin').get(`/declarations/${declarationId}`)).body;
  return eventually(async () => {
    const described = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return described.status !== 'RUNNING' && described;
  }, 'the execution to end');
}

async function waitingForAssignment(title: string) {
  const call = await t.createCall('elder-empowerment');
  const id = await t.reviewed('applicant-b1', call.callId, 'elder-empowerment', title);
  await t.openTask('admin', id, 'expert_assignment');
  return id;
}

async function invitedThenPastDue(title: string, before: () => void) {
  const id = await waitingForAssignment(title);
  t.ok(await t.api.as('admin').post(`/declarations/${id}/experts`, { experts: ['expert-3'] }));
  const invitation = await t.openTask('expert-3', id, 'expert_invitation');
  before();
  await runtime.clock.set(new Date(Date.parse(invitation.dueAt) + 60_000));
  t.api.forgetTokens();
  return id;
}

describe('the invitation states, failure by failure', () => {
  it('InviteExperts Catch: opening the round fails beyond retries, the declaration is recorded failed', async () => {
    const id = await waitingForAssignment('社区合唱团');
    runtime.engine.injectFault('OpenTask', { error: 'Lambda.ResourceNotFoundException' });
    t.ok(await t.api.as('admin').post(`/declarations/${id}/experts`, { experts: ['expert-3'] }));
    expect(await ended(id)).toMatchObject({ status: 'FAILED', error: 'DeclarationWorkflowFailed' });
    const view = await t.reached(id, 'failed');
    expect(view.openTasks).toEqual([]);
  });

  it('ExpireInvitations Catch: replacing the unanswered fails four times, the declaration is recorded failed', async () => {
    const id = await invitedThenPastDue('社区书画班', () =>
      runtime.engine.injectFault('FinishDeclaration', { error: 'UnavailableError', times: 4 }),
    );
    expect(await ended(id)).toMatchObject({ status: 'FAILED', error: 'DeclarationWorkflowFailed' });
    expect((await t.reached(id, 'failed')).openTasks).toEqual([]);
  });

  it('RouteInvitations Default: an outcome the workflow does not know fails it as UnknownOutcome', async () => {
    const id = await invitedThenPastDue('社区舞蹈队', () =>
      runtime.engine.injectResult('FinishDeclaration', { output: { outcome: 'postponed' } }),
    );
    expect(await ended(id)).toMatchObject({ status: 'FAILED', error: 'UnknownOutcome' });
  });

  it('an answer sent to the held task by hand with an unknown outcome is refused the same way', async () => {
    const id = await waitingForAssignment('社区太极队');
    t.ok(await t.api.as('admin').post(`/declarations/${id}/experts`, { experts: ['expert-3'] }));
    const { store } = await import('../../functions/adapters/entities');
    const held = await eventually(async () => {
      const { data } = await store().entities.task.query.byDeclaration({ declarationId: id }).go({ pages: 'all' });
      return data.find((task) => task.kind === 'expert_confirmation' && task.status === 'open');
    }, 'the round the workflow holds');
    await t.sfn.send(new SendTaskSuccessCommand({ taskToken: held.taskToken, output: '{"outcome":"maybe"}' }));
    expect(await ended(id)).toMatchObject({ status: 'FAILED', error: 'UnknownOutcome' });
  });

  it('an invitation the office extended outlives the first timeout: the state waits again for the new due date', async () => {
    const id = await waitingForAssignment('社区茶艺班');
    t.ok(await t.api.as('admin').post(`/declarations/${id}/experts`, { experts: ['expert-3'] }));
    const invitation = await t.openTask('expert-3', id, 'expert_invitation');
    const later = new Date(Date.parse(invitation.dueAt) + 7 * 86400_000).toISOString();
    t.ok(await t.api.as('admin').post(`/tasks/${invitation.taskId}/extension`, { dueAt: later, reason: '专家出差，延后答复' }));
    await runtime.clock.set(new Date(Date.parse(invitation.dueAt) + 60_000));
    t.api.forgetTokens();
    const { executionArn } = (await t.api.as('admin').get(`/declarations/${id}`)).body;
    await eventually(
      async () => (await t.history(executionArn)).filter((e) => e.stateEnteredEventDetails?.name === 'InviteExperts').length === 2,
      'the state to wait again',
    );
    const round = t.ok(await t.api.as('admin').get(`/declarations/${id}/invitations`));
    expect(round.items).toEqual([expect.objectContaining({ expert: 'expert-3', status: 'invited', dueAt: later })]);
    t.ok(await t.api.as('expert-3').post(`/tasks/${invitation.taskId}/decision`, { outcome: 'accept' }));
    await t.reached(id, 'expert_review');
  });
});
