import { describe, expect, it } from 'vitest';
import { eventually, fileRuntime, late } from '../support/runtime';
import { PageClient } from '../support/pages';
import { selection } from '../support/selection';

/**
 * 专家邀请 (issue 19 item 5) over HTTP: experts assigned are invited; a decline is replaced at
 * once, an unanswered invitation when its due date passes (the clock moved), the office told each
 * time; scoring starts with the wanted number accepted. With nobody left to draw the office gets
 * the assignment back.
 */
const runtime = fileRuntime();
const t = late(() => selection(runtime));

/** The seeded pool has four experts outside district-a; two more (moved to district-c) make six to draw from. */
async function widenPool() {
  for (const n of [1, 4]) t.ok(await t.api.as('admin').patch(`/experts/expert-${n}`, { districtId: 'district-c' }));
}

async function invitations(id: string) {
  return t.ok(await t.api.as('admin').get(`/declarations/${id}/invitations`)) as {
    wanted: number;
    accepted: string[];
    items: { expert: string; status: string; reason?: string; taskId: string; dueAt: string }[];
  };
}

const invited = async (id: string) => (await invitations(id)).items.filter((i) => i.status === 'invited').map((i) => i.expert);

async function answer(expert: string, id: string, body: Record<string, unknown>) {
  const task = await t.openTask(expert, id, 'expert_invitation');
  return t.api.as(expert).post(`/tasks/${task.taskId}/decision`, body);
}

async function officeNotices(kind: string) {
  const reply = t.ok(await t.api.as('admin').get('/notifications'));
  return (reply.items as any[]).filter((n) => n.kind === kind);
}

/** Assigned by the draw (or by hand), with the assignment task open first. */
async function assigned(id: string, experts?: string[]) {
  await t.openTask('admin', id, 'expert_assignment');
  return t.ok(await t.api.as('admin').post(`/declarations/${id}/experts`, experts ? { experts } : {}));
}

describe('invitations to review', () => {
  it('three wanted: one declines and is replaced, one times out and is replaced, scoring starts with the three who accepted', async () => {
    await widenPool();
    const call = await t.createCall('elder-empowerment');
    expect(call.config.deadlines.expertInvitation).toBe(3);
    const id = await t.reviewed('applicant-a1', call.callId, 'elder-empowerment', '银龄数字课堂');
    const assignment = await assigned(id);
    expect(assignment.experts).toHaveLength(3);
    const [declining, accepting, silent] = assignment.experts as [string, string, string];
    expect((await t.reached(id, 'expert_invitation')).stage).toBe('expert_invitation');
    await eventually(async () => (await invited(id)).length === 3, 'three invitations');
    expect((await invitations(id)).wanted).toBe(3);

    // A decline needs its reason, said at the field.
    const bare = await answer(declining, id, { outcome: 'decline' });
    expect(bare.status).toBe(422);
    expect(bare.body.errors).toEqual([{ field: 'body.reason', message: expect.stringContaining('required') }]);
    t.ok(await answer(declining, id, { outcome: 'decline', reason: '与申报单位有合作关系' }));
    const afterDecline = await invitations(id);
    expect(afterDecline.items.find((i) => i.expert === declining)).toMatchObject({ status: 'declined', reason: '与申报单位有合作关系' });
    const stillOpen = await invited(id);
    expect(stillOpen).toHaveLength(3);
    const first = stillOpen.find((e) => e !== accepting && e !== silent)!;
    expect(assignment.experts).not.toContain(first);
    expect(await officeNotices('invitation-replaced')).toHaveLength(1);

    t.ok(await answer(accepting, id, { outcome: 'accept' }));
    t.ok(await answer(first, id, { outcome: 'accept' }));
    // An answered invitation cannot be answered again.
    const again = await t.api.as(first).post(`/tasks/${(await invitations(id)).items.find((i) => i.expert === first)!.taskId}/decision`, {
      outcome: 'decline',
      reason: '改变主意',
    });
    expect(again.status).toBe(409);
    expect((await t.reached(id, 'expert_invitation')).stage).toBe('expert_invitation');

    // The silent one's invitation passes its due date: the workflow draws the next.
    const due = (await invitations(id)).items.find((i) => i.expert === silent)!.dueAt;
    await runtime.clock.set(new Date(Date.parse(due) + 60_000));
    t.api.forgetTokens();
    const second = await eventually(async () => (await invited(id)).find((e) => e !== silent), 'a replacement for the silent expert');
    expect((await invitations(id)).items.find((i) => i.expert === silent)!.status).toBe('timed_out');
    expect([...assignment.experts, first]).not.toContain(second);
    expect(await officeNotices('invitation-replaced')).toHaveLength(2);

    t.ok(await answer(second, id, { outcome: 'accept' }));
    await t.reached(id, 'expert_review');
    const accepted = [accepting, first, second].sort();
    expect((await invitations(id)).accepted.sort()).toEqual(accepted);
    for (const expert of accepted) await t.openTask(expert, id, 'expert_score');
    const view = t.ok(await t.api.as('admin').get(`/declarations/${id}`));
    expect([...view.experts].sort()).toEqual(accepted);

    const actions = (t.ok(await t.api.as('admin').get(`/declarations/${id}/history`)).items as any[]).map((e) => e.action);
    for (const action of ['invitation.declined', 'invitation.timed_out', 'invitations.completed'])
      expect(actions.filter((a) => a === action)).toHaveLength(1);
    expect(actions.filter((a) => a === 'invitation.replaced')).toHaveLength(2);
    expect(actions.filter((a) => a === 'invitation.accepted')).toHaveLength(3);
  });

  it('nobody left to draw: the office is told and assigns again, those who accepted kept', async () => {
    const call = await t.createCall('community-brand');
    const id = await t.reviewed('applicant-b1', call.callId, 'community-brand', '社区书法品牌');
    // Outside district-b (expert-2 and expert-5 are in it): expert-1, 3, 4 and 6 — all of them asked.
    const everyone = ['expert-1', 'expert-3', 'expert-4', 'expert-6'];
    await assigned(id, everyone);
    await eventually(async () => (await invited(id)).length === 4, 'four invitations');
    t.ok(await answer('expert-6', id, { outcome: 'decline', reason: '时间冲突' }));
    expect(await invited(id)).toHaveLength(3);
    for (const e of ['expert-1', 'expert-3', 'expert-4']) t.ok(await answer(e, id, { outcome: 'accept' }));
    await t.reached(id, 'expert_assignment');
    expect(await officeNotices('invitations-exhausted')).toHaveLength(1);

    // The office assigns the three who accepted: nobody is asked twice, scoring starts at once.
    await assigned(id, ['expert-1', 'expert-3', 'expert-4']);
    await t.reached(id, 'expert_review');
    expect((await invitations(id)).items.filter((i) => i.status === 'invited')).toEqual([]);
    for (const e of ['expert-1', 'expert-3', 'expert-4']) await t.openTask(e, id, 'expert_score');
  });

  it('the invitation in the expert’s inbox: accept or decline with a reason, said in Chinese at the field; the office’s page names everyone', async () => {
    const call = await t.createCall('elder-empowerment');
    const id = await t.reviewed('applicant-a2', call.callId, 'elder-empowerment', '乐龄书画社');
    const [expert] = (await assigned(id)).experts as string[];
    const task = await t.openTask(expert!, id, 'expert_invitation');
    const page = await PageClient.signIn(runtime.url, expert!);
    const inbox = await page.get('/ui/inbox');
    expect(inbox.html).toContain(`href="/ui/tasks/${task.taskId}"`);
    expect(inbox.html).toContain('评审邀请');
    const form = await page.get(`/ui/tasks/${task.taskId}`);
    expect(form.status).toBe(200);
    expect(form.html).toContain('乐龄书画社');
    expect(form.html).toContain('谢绝理由');

    const bare = await page.post(`/ui/tasks/${task.taskId}`, { outcome: 'decline' });
    expect(bare.status).toBe(422);
    expect(bare.html).toContain('谢绝邀请时请填写理由');
    const declined = await page.post(`/ui/tasks/${task.taskId}`, { outcome: 'decline', reason: '近期出国访学' });
    expect(declined.status).toBe(303);

    const office = await PageClient.signIn(runtime.url, 'admin');
    const view = await office.get(`/ui/office/declarations/${id}`);
    expect(view.html).toContain('评审专家邀请');
    expect(view.html).toMatch(new RegExp(`data-expert="${expert}" data-status="declined"><td>评审专家\\d</td><td>已谢绝</td>`));
    expect(view.html).toContain('近期出国访学');
    expect(view.html.match(/data-status="invited"/g)).toHaveLength(3);
  });
});
