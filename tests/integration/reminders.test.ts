import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileRuntime, late } from '../support/runtime';
import { completeDeclaration, slice } from '../support/slice';

/**
 * Reminders over HTTP on the moved clock, across the 2026 National Day holiday (1–7 October off)
 * and its 调休 Saturday (10 October worked). Every clock move runs the sweep before it answers.
 */
const runtime = fileRuntime({ sweepIntervalMs: 0, clockAt: '2026-09-28T02:00:00Z' }); // Monday 10:00 in China
const s = late(() => slice(runtime));

async function moveTo(iso: string) {
  const reply = await s.api.request('POST', '/dev/clock', { body: { now: iso } });
  expect(reply.status).toBe(200);
  s.api.forgetTokens(); // tokens live 8 hours of the clock that issued them
}

async function inbox(username: string, query = '') {
  const reply = await s.api.as(username).get(`/notifications${query}`);
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body.items as any[];
}
const kinds = async (username: string, taskId?: string) =>
  (await inbox(username)).filter((n) => !taskId || n.taskId === taskId).map((n) => n.kind);

async function submitted(applicant: string, title: string, callId: string) {
  const draft = await s.api.as(applicant).post(`/calls/${callId}/declarations`, { ...completeDeclaration, title });
  expect(draft.status).toBe(201);
  expect((await s.api.as(applicant).post(`/declarations/${draft.body.declarationId}/submit`)).status).toBe(200);
  return draft.body.declarationId as string;
}

describe('deadlines, reminders, escalation and extensions on the moved clock', () => {
  it('reminds at T-7/T-3/T-1 working days and when overdue, escalates after 3, follows an extension, and reminds drafts before the call closes', async () => {
    const callId = await s.openCall();
    const a = await submitted('applicant-a1', '银龄数字课堂', callId);
    const b = await submitted('applicant-b1', '社区书法课堂', callId);
    const draft = await s.api.as('applicant-b1').post(`/calls/${callId}/declarations`, { title: '未提交的草稿' });
    expect(draft.status).toBe(201);
    const taskA = await s.openTask('district-a', a, 'district_recommendation');
    const taskB = await s.openTask('district-b', b, 'district_recommendation');
    // 10 working days from Monday 28 September, the holiday skipped and Saturday 10 October counted.
    expect(taskA.dueAt).toBe('2026-10-16T15:59:59.999Z');

    await moveTo('2026-10-08T00:59:00Z');
    expect(await kinds('district-a')).toEqual([]);

    // T-7 is Thursday 8 October (09:00 China): without the 调休 Saturday it would fall in the holiday.
    await moveTo('2026-10-08T01:00:30Z');
    const [first] = await inbox('district-a');
    expect(first).toMatchObject({
      kind: 'due-in-7',
      taskId: taskA.taskId,
      declarationId: a,
      locale: 'zh-CN',
      read: false,
      recipient: 'district-a',
    });
    expect(first.subject).toBe('【申报】还有7个工作日到期：银龄数字课堂（区级推荐）');
    expect(first.body).toContain('截止时间：2026-10-16 23:59（北京时间）');
    expect(first.link).toBe(`${runtime.url}/tasks/${taskA.taskId}`);
    expect(await kinds('district-b')).toEqual(['due-in-7']);
    const emails = readdirSync(runtime.outboxDir).map((f) => readFileSync(join(runtime.outboxDir, f), 'utf8'));
    expect(emails.filter((e) => e.includes('To: district-a@example.org') && e.includes('银龄数字课堂'))).toHaveLength(1);

    await moveTo('2026-10-13T01:00:30Z');
    expect(await kinds('district-a')).toEqual(['due-in-3', 'due-in-7']);
    expect(await kinds('district-b')).toEqual(['due-in-3', 'due-in-7']);

    // The office extends B by a week; bad requests change nothing.
    expect((await s.api.as('district-b').post(`/tasks/${taskB.taskId}/extension`, { dueAt: '2026-10-23', reason: '顺延' })).status).toBe(
      403,
    );
    const early = await s.api.as('admin').post(`/tasks/${taskB.taskId}/extension`, { dueAt: '2026-10-15', reason: '提前' });
    expect(early.status).toBe(422);
    expect(early.body.errors.map((e: any) => e.field)).toEqual(['body.dueAt']);
    const noReason = await s.api.as('admin').post(`/tasks/${taskB.taskId}/extension`, { dueAt: '2026-10-23' });
    expect(noReason.body.errors.map((e: any) => e.field)).toEqual(['body.reason']);
    const extended = await s.api
      .as('admin')
      .post(`/tasks/${taskB.taskId}/extension`, { dueAt: '2026-10-23', reason: '区教育局材料汇总延后' });
    expect(extended.status, JSON.stringify(extended.body)).toBe(200);
    expect(extended.body.dueAt).toBe('2026-10-23T15:59:59.999Z');
    expect(extended.body.extensions).toEqual([
      {
        from: '2026-10-16T15:59:59.999Z',
        to: '2026-10-23T15:59:59.999Z',
        reason: '区教育局材料汇总延后',
        by: 'admin',
        at: expect.any(String),
      },
    ]);

    // T-1 for A. B's old T-1 no longer applies; its new round began with T-7 on 14 October.
    await moveTo('2026-10-15T01:00:30Z');
    expect(await kinds('district-a')).toEqual(['due-in-1', 'due-in-3', 'due-in-7']);
    expect(await kinds('district-b')).toEqual(['due-in-7', 'due-in-3', 'due-in-7']);
    expect((await inbox('district-b'))[0].body).toContain('2026-10-23 23:59');

    // The day A's due date passes.
    await moveTo('2026-10-16T16:00:30Z');
    expect(await kinds('district-a')).toEqual(['overdue', 'due-in-1', 'due-in-3', 'due-in-7']);

    // Drafts: 7 working days before the call closes (Wednesday 28 October), in the applicant's language.
    await moveTo('2026-10-19T01:00:30Z');
    const [draftNote] = await inbox('applicant-b1');
    expect(draftNote).toMatchObject({ kind: 'draft-due-in-7', declarationId: draft.body.declarationId, locale: 'en' });
    expect(draftNote.subject).toBe('[shenbao] The call closes in 7 working days; your draft is not submitted: 未提交的草稿 (Draft)');
    expect(await inbox('applicant-b1')).toHaveLength(1); // not for the submitted declaration
    expect(await kinds('applicant-a1')).toEqual([]);

    // B's new T-3 (Tuesday 20 October before Friday 23 October).
    await moveTo('2026-10-20T01:00:30Z');
    expect(await kinds('district-b')).toEqual(['due-in-3', 'due-in-7', 'due-in-3', 'due-in-7']);

    // Escalation: overdue 3 whole working days (19, 20, 21 October) — to the city office.
    await moveTo('2026-10-21T15:59:00Z');
    expect(await kinds('admin')).toEqual([]);
    await moveTo('2026-10-21T16:00:30Z');
    const escalations = await inbox('admin');
    expect(escalations.map((n) => [n.kind, n.taskId])).toEqual([['escalation', taskA.taskId]]);
    expect(escalations[0].subject).toBe('【申报】督办：district-a逾期未办：银龄数字课堂（区级推荐）');

    // The task shows its extension and every reminder sent, the old round's included.
    const viewB = await s.api.as('admin').get(`/tasks/${taskB.taskId}`);
    expect(viewB.status).toBe(200);
    expect(viewB.body.extensions).toHaveLength(1);
    expect(viewB.body.reminders.map((r: any) => [r.kind, r.dueAt])).toEqual([
      ['due-in-3', '2026-10-16T15:59:59.999Z'],
      ['due-in-7', '2026-10-16T15:59:59.999Z'],
      ['due-in-3', '2026-10-23T15:59:59.999Z'],
      ['due-in-7', '2026-10-23T15:59:59.999Z'],
    ]);
    expect((await s.api.as('district-b').get(`/tasks/${taskB.taskId}`)).status).toBe(200);
    expect((await s.api.as('district-a').get(`/tasks/${taskB.taskId}`)).status).toBe(404);
    const history = await s.api.as('admin').get(`/declarations/${b}/history`);
    expect(history.body.items.find((e: any) => e.action === 'task.extended')).toMatchObject({
      actor: 'admin',
      taskId: taskB.taskId,
      // Instants in the record are China time, as people read them (issue 16 item 5).
      reason: '2026-10-16 23:59 → 2026-10-23 23:59：区教育局材料汇总延后',
    });

    // Nothing is sent twice however often the sweep runs.
    await runtime.sweep();
    await runtime.sweep();
    expect(await kinds('district-a')).toEqual(['overdue', 'due-in-1', 'due-in-3', 'due-in-7']);
    expect(await kinds('admin')).toEqual(['escalation']);
  });

  it('lists my notifications newest first in capped pages, unread ones alone, and marks them read', async () => {
    const all = await inbox('district-a');
    expect(all.length).toBe(4);
    const firstPage = await s.api.as('district-a').get('/notifications?limit=3');
    expect(firstPage.body.items.map((n: any) => n.kind)).toEqual(['overdue', 'due-in-1', 'due-in-3']);
    const next = await s.api.as('district-a').get(`/notifications?limit=3&cursor=${encodeURIComponent(firstPage.body.cursor)}`);
    expect(next.body.items.map((n: any) => n.kind)).toEqual(['due-in-7']);
    expect((await s.api.as('district-a').get('/notifications?limit=101')).status).toBe(422);
    const unreadFirst = await s.api.as('district-a').get('/notifications?status=unread&limit=2');
    expect(unreadFirst.body.items).toHaveLength(2);
    const unreadRest = await s.api.as('district-a').get(`/notifications?status=unread&limit=2&cursor=${unreadFirst.body.cursor}`);
    expect(unreadRest.body.items).toHaveLength(2);
    // A cursor is the caller's and its list's: not district-b's, not the other status's.
    expect(
      (await s.api.as('district-b').get(`/notifications?status=unread&limit=2&cursor=${unreadFirst.body.cursor}`)).body.errors,
    ).toEqual([{ field: 'query.cursor', message: expect.any(String) }]);
    expect((await s.api.as('district-a').get(`/notifications?limit=2&cursor=${unreadFirst.body.cursor}`)).status).toBe(422);
    expect((await s.api.as('district-a').get(`/notifications?status=unread&limit=3&cursor=${firstPage.body.cursor}`)).status).toBe(422);
    for (const cursor of ['not-a-cursor', Buffer.from(JSON.stringify({ pk: 'x' })).toString('base64url')]) {
      const bad = await s.api.as('district-a').get(`/notifications?status=unread&cursor=${cursor}`);
      expect(bad.status, JSON.stringify(bad.body)).toBe(422);
      expect(bad.body.errors.map((e: any) => e.field)).toEqual(['query.cursor']);
    }

    const read = await s.api.as('district-a').post(`/notifications/${all[0].notificationId}/read`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ read: true, readAt: expect.any(String) });
    expect((await s.api.as('district-a').post(`/notifications/${all[0].notificationId}/read`)).body.readAt).toBe(read.body.readAt);
    const unread = await inbox('district-a', '?status=unread');
    expect(unread.map((n) => n.notificationId)).toEqual(all.slice(1).map((n) => n.notificationId));
    expect((await inbox('district-a')).map((n) => n.read)).toEqual([true, false, false, false]);
    // Someone else's notification is not there for me.
    expect((await s.api.as('district-b').post(`/notifications/${all[1].notificationId}/read`)).status).toBe(404);
    expect((await s.api.request('GET', '/notifications')).status).toBe(401);
    expect((await s.api.as('district-a').get('/notifications?status=read')).body.errors.map((e: any) => e.field)).toEqual(['query.status']);
  });

  it('takes the escalation period as a call adjustment, within bounds', async () => {
    const now = runtime.clock.now();
    const call = {
      kind: 'elder-empowerment',
      year: 2026,
      title: '督办期限测试',
      opensAt: new Date(now.getTime() + 86400_000).toISOString(),
      closesAt: new Date(now.getTime() + 40 * 86400_000).toISOString(),
    };
    const bad = await s.api.as('admin').post('/calls', { ...call, escalationWorkingDays: 0 });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: any) => e.field)).toEqual(['body.escalationWorkingDays']);
    const created = await s.api.as('admin').post('/calls', { ...call, escalationWorkingDays: 5 });
    expect(created.status).toBe(201);
    expect(created.body.config.escalationWorkingDays).toBe(5);
    expect((await s.api.as('admin').get(`/calls/${created.body.callId}`)).body.config.escalationWorkingDays).toBe(5);
  });

  it('reminds experts in their language, records who assigned them, and refuses to extend a deadline the workflow enforces', async () => {
    const callId = await s.openCall();
    const id = await submitted('applicant-a1', '老年智能手机课堂', callId);
    const recommendation = await s.openTask('district-a', id, 'district_recommendation');
    expect((await s.api.as('district-a').post(`/tasks/${recommendation.taskId}/decision`, { outcome: 'recommend', rank: 1 })).status).toBe(
      200,
    );
    const review = await s.openTask('admin', id, 'formal_review');
    expect((await s.api.as('admin').post(`/tasks/${review.taskId}/decision`, { outcome: 'approve' })).status).toBe(200);
    await s.openTask('admin', id, 'expert_assignment');
    const assigned = await s.api.as('admin').post(`/declarations/${id}/experts`, { experts: ['expert-2', 'expert-3', 'expert-5'] });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    await s.acceptInvitations(id, ['expert-2', 'expert-3', 'expert-5']);
    const scoring = await s.openTask('expert-2', id, 'expert_score');
    expect(scoring.assignedBy).toBe('admin'); // an overdue expert's supervisor

    const refused = await s.api.as('admin').post(`/tasks/${scoring.taskId}/extension`, {
      dueAt: new Date(Date.parse(scoring.dueAt) + 7 * 86400_000).toISOString(),
      reason: '专家出差',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('ExpertReview state timeout');

    // expert-2 reads English; the T-7 point of the scoring deadline.
    const sevenBefore = (await s.api.as('expert-2').get(`/tasks/${scoring.taskId}`)).body;
    expect(sevenBefore.reminders).toEqual([]);
    const { reminderSchedule } = await import('../../core/reminders');
    const [t7] = reminderSchedule(new Date(scoring.dueAt), { escalationWorkingDays: 3 });
    await moveTo(new Date(t7!.at.getTime() + 30_000).toISOString());
    const [note] = await inbox('expert-2');
    expect(note).toMatchObject({ kind: 'due-in-7', taskId: scoring.taskId, locale: 'en' });
    expect(note.subject).toBe('[shenbao] Due in 7 working days: 老年智能手机课堂 (Expert review)');
    expect((await inbox('expert-3'))[0]).toMatchObject({ kind: 'due-in-7', locale: 'zh-CN' });
  });
});
