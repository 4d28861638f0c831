import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime';
import { startTestRuntime } from '../support/runtime';
import { selection } from '../support/selection';
import { PageClient } from '../support/pages';
import { completeDeclaration } from '../support/slice';

let runtime: Runtime;
let s: ReturnType<typeof selection>;
/** The first test's declaration, left in formal review; later tests move the clock past its due date. */
let corrected: { id: string; callId: string };
beforeAll(async () => {
  runtime = await startTestRuntime();
  s = selection(runtime);
});
afterAll(() => runtime?.stop());

describe('pages over HTTP', () => {
  it('a return for correction: the reason is required, shown to the applicant, and answered by resubmitting', async () => {
    const id = await s.submittedDeclaration();
    const task = await s.openTask('admin', id, 'formal_review');
    const admin = await PageClient.signIn(runtime.url, 'admin');
    const refused = await admin.post(`/ui/tasks/${task.taskId}`, { outcome: 'return' });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('请填写理由（申报单位可以看到）');
    expect((await admin.post(`/ui/tasks/${task.taskId}`, { outcome: 'return', comment: '请补充课程安排' })).status).toBe(303);
    await s.openTask('applicant-a1', id, 'revision');

    const applicant = await PageClient.signIn(runtime.url, 'applicant-a1');
    const inbox = await applicant.get('/ui/inbox');
    expect(inbox.html).toContain(`/ui/applicant/declarations/${id}`);
    const page = await applicant.get(`/ui/applicant/declarations/${id}`);
    expect(page.html).toContain('请补充课程安排');
    expect(page.html).toContain('aria-current="step">退回修改');
    // The form as the browser posts it: every field of the call's form, one of them corrected.
    const form = Object.fromEntries(Object.entries(completeDeclaration.fields).map(([k, v]) => [`fields.${k}`, v]));
    // Long Chinese texts percent-encoded make a form larger than the API's 64 KB JSON limit.
    const plan = `每周二、四下午授课，附课程表。${'课'.repeat(4000)}`;
    const summary = `为辖区老年人开设智能手机课程。${'学'.repeat(4000)}`;
    const resubmitted = await applicant.post(`/ui/applicant/declarations/${id}`, {
      ...form,
      summary,
      'fields.implementationPlan': plan,
      action: 'submit',
    });
    expect(resubmitted.location, resubmitted.html.match(/class="problems"[\s\S]{0,600}/)?.[0]).toBe(
      `/ui/applicant/declarations/${id}?done=resubmitted`,
    );
    const after = (await s.api.as('admin').get(`/declarations/${id}`)).body;
    expect(after.stage).toBe('formal_review');
    expect(after.fields.implementationPlan).toBe(plan);
    expect(after.summary).toBe(summary);
    corrected = { id, callId: after.callId };
  });

  it('experts, other applicants and other roles see only what they may', async () => {
    const id = await s.submittedDeclaration('applicant-a2');
    const task = await s.openTask('admin', id, 'formal_review');
    const expert = await PageClient.signIn(runtime.url, 'expert-2');
    expect((await expert.get(`/ui/tasks/${task.taskId}`)).status).toBe(404);
    expect((await expert.get(`/ui/declarations/${id}/materials/budget`)).status).toBe(404);
    expect((await expert.post(`/ui/tasks/${task.taskId}`, { outcome: 'approve' })).status).toBe(404);
    const other = await PageClient.signIn(runtime.url, 'applicant-b1');
    expect((await other.get(`/ui/applicant/declarations/${id}`)).status).toBe(404);
    const district = await PageClient.signIn(runtime.url, 'district-a');
    expect((await district.get('/ui/office')).status).toBe(403);
    expect((await district.get(`/ui/office/calls/x/export.xlsx`)).status).toBe(403);
    // The task is still open: nothing was decided by those who may not.
    expect((await s.api.as('admin').get(`/declarations/${id}`)).body.stage).toBe('formal_review');
  });

  it('the notice takes an objection under a real name and the office handles it', async () => {
    const call = await s.createCall('community-brand');
    const id = await s.declare('applicant-a1', call.callId, 'community-brand', '社区书院');
    s.ok(await s.recommend('district-a', id, 1));
    await s.formalReview(id, 'approve');
    const { experts } = await s.assign(id);
    for (const expert of experts as string[]) s.ok(await s.score(expert, id, s.sheet('community-brand', 0.8)));
    await s.reached(id, 'scored');
    await s.closeWindow(call);
    const { call: noticed } = await s.shortlist(call.callId, [id]);

    const citizen = await PageClient.signIn(runtime.url, 'applicant-b1');
    const page = await citizen.get(`/ui/notices/${call.callId}`);
    expect(page.html).toContain('社区书院');
    const missing = await citizen.post(`/ui/notices/${call.callId}/objections`, { declarationId: id, realName: '', reason: '' });
    expect(missing.status).toBe(422);
    expect(missing.html).toContain('data-field="realName"');
    const filed = await citizen.post(`/ui/notices/${call.callId}/objections`, {
      declarationId: id,
      realName: '李明',
      reason: '团队人数与实际不符',
    });
    expect(filed.location).toBe(`/ui/notices/${call.callId}?done=filed`);

    const admin = await PageClient.signIn(runtime.url, 'admin');
    const list = await admin.get(`/ui/office/calls/${call.callId}/objections`);
    expect(list.html).toContain('团队人数与实际不符');
    const objectionId = /\/ui\/office\/objections\/(obj_[A-Za-z0-9_-]+)/.exec(list.html)![1]!;
    const handled = await admin.post(`/ui/office/objections/${objectionId}?call=${call.callId}`, {
      outcome: 'dismissed',
      note: '经核实，团队人数属实',
    });
    expect(handled.status).toBe(303);
    const { items } = (await s.api.as('admin').get(`/calls/${call.callId}/objections`)).body;
    expect(items[0]).toMatchObject({ status: 'dismissed', note: '经核实，团队人数属实', realName: '李明' });

    await s.endNotice(noticed);
    const ended = await (await PageClient.signIn(runtime.url, 'applicant-a1')).get(`/ui/applicant/declarations/${id}`);
    expect(ended.html).toContain('aria-current="step">立项');
  });

  it("overdue tasks are marked in the inbox and listed on the call's dashboard", async () => {
    // The notice test moved the clock weeks on; the corrected declaration's formal review is overdue.
    const admin = await PageClient.signIn(runtime.url, 'admin');
    const inbox = await admin.get('/ui/inbox');
    expect(inbox.html).toMatch(/<tr class="is-overdue"><td><a href="\/ui\/tasks\/tsk_[0-9a-f]+">形式审查<\/a>/);
    const board = await admin.get(`/ui/office/calls/${corrected.callId}`);
    expect(board.html).toContain('<h2>逾期任务</h2>');
    // The assignee by its name, not its key `role:city-admin` (issue 16 item 5).
    expect(board.html).toMatch(
      new RegExp(
        `<td>形式审查</td><td><a href="/ui/office/declarations/${corrected.id}">银龄数字课堂</a></td><td>市终身教育办公室</td><td class="overdue">`,
      ),
    );
    expect(board.html).toContain('data-stage="formal_review">1</span>');
    // Its correction took time on the moved clock: the median per stage comes from the audit trail.
    expect(board.html).toMatch(/<td>退回修改<\/td><td>[0-9.]+<\/td><td>1<\/td>/);
  });

  it('the office extends an overdue task from the declaration page, with a reason, and it is no longer overdue', async () => {
    const admin = await PageClient.signIn(runtime.url, 'admin');
    const { taskId } = await s.openTask('admin', corrected.id, 'formal_review');
    const page = await admin.get(`/ui/office/declarations/${corrected.id}`);
    expect(page.html).toContain(`action="/ui/office/tasks/${taskId}/extension"`);
    const later = new Date(runtime.clock.now().getTime() + 10 * 86400_000).toISOString().slice(0, 10);
    const noReason = await admin.post(`/ui/office/tasks/${taskId}/extension`, { [`dueAt-${taskId}`]: later });
    expect(noReason.status).toBe(422);
    expect(noReason.html).toContain(`data-field="reason-${taskId}"`);
    expect(noReason.html).toContain(`href="#f-reason-${taskId}"`);
    const extended = await admin.post(`/ui/office/tasks/${taskId}/extension`, {
      [`dueAt-${taskId}`]: later,
      [`reason-${taskId}`]: '材料补充需要时间',
    });
    expect(extended.location).toBe(`/ui/office/declarations/${corrected.id}`);
    const task = (await s.api.as('admin').get(`/tasks/${taskId}`)).body;
    expect(task.extensions.at(-1)).toMatchObject({ reason: '材料补充需要时间', by: 'admin' });
    expect(task.dueAt).toBe(new Date(`${later}T23:59:59.999+08:00`).toISOString());
    const board = await admin.get(`/ui/office/calls/${corrected.callId}`);
    expect(board.html).toContain('没有逾期任务。');
  });

  it('notifications: the reminders of the moved clock are listed, lead to the page, and can be marked read', async () => {
    const district = await PageClient.signIn(runtime.url, 'district-a');
    // The second test's declaration waited at formal review while weeks passed: the office has reminders.
    const admin = await PageClient.signIn(runtime.url, 'admin');
    const list = await admin.get('/ui/notifications?status=unread');
    const unread = Number(/（(\d+) 条未读）/.exec(list.html)?.[1]);
    expect(unread).toBeGreaterThan(0);
    const id = /action="\/ui\/notifications\/(ntf_[A-Za-z0-9_-]+)\/read"/.exec(list.html)![1]!;
    expect(list.html).toMatch(/href="\/ui\/office\/declarations\/app_[A-Za-z0-9_-]+">去办理</);
    expect((await admin.post(`/ui/notifications/${id}/read`, {})).location).toBe('/ui/notifications');
    const after = await admin.get('/ui/notifications?status=unread');
    expect(after.html.includes(id)).toBe(false);
    expect(Number(/（(\d+) 条未读）/.exec(after.html)?.[1] ?? 0)).toBe(unread - 1);
    // Someone else's notification is not theirs to mark.
    expect((await district.post(`/ui/notifications/${id}/read`, {})).status).toBe(404);
  });
});
