import { describe, expect, it } from 'vitest';
import { eventually, fileRuntime, late } from '../support/runtime';
import { selection } from '../support/selection';

/**
 * 专家邀请 under concurrency: answers that race each other or the state's timeout leave exactly
 * one outcome per invitation and complete the round once (no lost, no duplicated decision).
 */
const runtime = fileRuntime();
const t = late(() => selection(runtime));

async function invited(title: string, experts: string[]) {
  const call = await t.createCall('elder-empowerment');
  const id = await t.reviewed('applicant-b1', call.callId, 'elder-empowerment', title);
  await t.openTask('admin', id, 'expert_assignment');
  t.ok(await t.api.as('admin').post(`/declarations/${id}/experts`, { experts }));
  const tasks = await Promise.all(experts.map((e) => t.openTask(e, id, 'expert_invitation')));
  return { id, tasks };
}

const accept = (expert: string, taskId: string) => t.api.as(expert).post(`/tasks/${taskId}/decision`, { outcome: 'accept' });

async function actions(id: string) {
  return (t.ok(await t.api.as('admin').get(`/declarations/${id}/history`)).items as any[]).map((e) => e.action as string);
}

describe('invitations under concurrency', () => {
  it('the same acceptance sent twice at once: one is taken, the other told it was decided', async () => {
    const { id, tasks } = await invited('社区读书会', ['expert-3', 'expert-6']);
    const replies = await Promise.all([accept('expert-3', tasks[0]!.taskId), accept('expert-3', tasks[0]!.taskId)]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    const round = t.ok(await t.api.as('admin').get(`/declarations/${id}/invitations`));
    expect(round.accepted).toEqual(['expert-3']);
    expect((await actions(id)).filter((a) => a === 'invitation.accepted')).toHaveLength(1);
  });

  it('the last two places accepted at once: both taken, scoring starts once with both', async () => {
    const { id, tasks } = await invited('社区合唱团', ['expert-3', 'expert-6']);
    const replies = await Promise.all([accept('expert-3', tasks[0]!.taskId), accept('expert-6', tasks[1]!.taskId)]);
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    const view = await t.reached(id, 'expert_review');
    expect([...view.experts].sort()).toEqual(['expert-3', 'expert-6']);
    for (const e of ['expert-3', 'expert-6']) await t.openTask(e, id, 'expert_score');
    expect((await actions(id)).filter((a) => a === 'invitations.completed')).toHaveLength(1);
  });

  it('an acceptance racing the timeout: either it counts, or the invitation timed out and another expert is asked — never both', async () => {
    const { id, tasks } = await invited('社区书画班', ['expert-3']);
    await runtime.clock.set(new Date(Date.parse(tasks[0]!.dueAt) + 1_000));
    t.api.forgetTokens();
    const reply = await accept('expert-3', tasks[0]!.taskId);
    expect([200, 409]).toContain(reply.status);
    const settled = await eventually(async () => {
      const round = t.ok(await t.api.as('admin').get(`/declarations/${id}/invitations`));
      const mine = round.items.find((i: any) => i.expert === 'expert-3');
      if (reply.status === 200) return mine.status === 'accepted' && (await t.reached(id, 'expert_review'));
      return mine.status === 'timed_out' && round.items.some((i: any) => i.expert !== 'expert-3' && i.status === 'invited') && round;
    }, 'the round to settle one way');
    expect(settled).toBeTruthy();
    const trail = await actions(id);
    const both = trail.includes('invitation.accepted') && trail.includes('invitation.timed_out');
    expect(both).toBe(false);
  });
});
