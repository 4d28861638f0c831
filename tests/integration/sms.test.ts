import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reminderSchedule } from '../../core/reminders';
import { fileRuntime, late } from '../support/runtime';
import { completeDeclaration, slice } from '../support/slice';

/**
 * Deadline reminders by SMS beside the email, over the local stack: the SMS port's local outbox
 * records each text message; seeded district-a has a mobile (138 0000 0002), district-b none, the
 * office (admin, who gets escalations) 138 0000 0001.
 */
const runtime = fileRuntime({ sweepIntervalMs: 0, clockAt: '2026-11-02T02:00:00Z' }); // Monday 10:00 in China
const s = late(() => slice(runtime));

async function districtTask(applicant: string, district: string, title: string) {
  const callId = await s.openCall();
  const draft = await s.api.as(applicant).post(`/calls/${callId}/declarations`, { ...completeDeclaration, title });
  expect((await s.api.as(applicant).post(`/declarations/${draft.body.declarationId}/submit`)).status).toBe(200);
  return s.openTask(district, draft.body.declarationId, 'district_recommendation');
}

async function moveTo(at: Date) {
  const reply = await s.api.request('POST', '/dev/clock', { body: { now: at.toISOString() } });
  expect(reply.status).toBe(200);
  s.api.forgetTokens();
}

/** Every text message recorded so far, as [number, text]. */
function texts(): [string, string][] {
  if (!existsSync(runtime.smsOutboxDir)) return [];
  return readdirSync(runtime.smsOutboxDir)
    .sort()
    .map((file) => {
      const [head, , text] = readFileSync(join(runtime.smsOutboxDir, file), 'utf8').split('\n');
      return [head!.replace(/^To: /, ''), text!];
    });
}

describe('deadline reminders by SMS', () => {
  it('texts each reminder once to an assignee with a mobile, however often the sweep runs, and none to one without', async () => {
    const withMobile = await districtTask('applicant-a1', 'district-a', '银龄数字课堂');
    const without = await districtTask('applicant-b1', 'district-b', '社区书法课堂');
    expect(withMobile.dueAt).toBe(without.dueAt);
    const schedule = reminderSchedule(new Date(withMobile.dueAt), { escalationWorkingDays: 3 });
    const at = (kind: string) => new Date(schedule.find((p) => p.kind === kind)!.at.getTime() + 1000);

    // Due soon: three sweeps at once, each reading the task from the index; one commits and texts.
    const { store } = await import('../../functions/adapters/entities');
    const { emptyReport, sweepTasks } = await import('../../functions/services/sweep');
    const asRead = (await store().entities.task.get({ taskId: withMobile.taskId }).go()).data!;
    const sweeps = await Promise.all([1, 2, 3].map(() => runtime.sweep(at('due-in-7'))));
    expect(sweeps.map((r) => r.textMessages.sent).sort()).toEqual([0, 0, 1]);
    // A retried run with the task as it read it before the first committed: cancelled, no second SMS.
    const retried = emptyReport(at('due-in-7'));
    await sweepTasks([asRead], at('due-in-7'), retried);
    expect([retried.reminders, retried.textMessages.sent]).toEqual([0, 0]);
    await moveTo(at('due-in-7'));
    expect(texts()).toEqual([['+8613800000002', '【申报】还有7个工作日到期：银龄数字课堂（区级推荐），截止2026-11-16 23:59。']]);
    // district-b was reminded all the same, by email and in the app.
    const inbox = await s.api.as('district-b').get('/notifications');
    expect(inbox.body.items.filter((n: any) => n.taskId === without.taskId).map((n: any) => n.kind)).toEqual(['due-in-7']);

    // Overdue past the escalation: the assignee's overdue notice and the office's escalation, once each.
    await moveTo(at('escalation'));
    const report = await runtime.sweep(at('escalation'));
    expect(report.reminders).toBe(0);
    const sent = texts();
    expect(sent).toHaveLength(4);
    expect(sent.filter(([to]) => to === '+8613800000002').map(([, text]) => text)).toEqual([
      '【申报】还有7个工作日到期：银龄数字课堂（区级推荐），截止2026-11-16 23:59。',
      '【申报】已逾期：银龄数字课堂（区级推荐），截止2026-11-16 23:59。',
    ]);
    expect(
      sent
        .filter(([to]) => to === '+8613800000001')
        .map(([, text]) => text)
        .sort(),
    ).toEqual([
      '【申报】督办：A区社区教育主管部门逾期未办：银龄数字课堂（区级推荐），截止2026-11-16 23:59。',
      '【申报】督办：B区社区教育主管部门逾期未办：社区书法课堂（区级推荐），截止2026-11-16 23:59。',
    ]);
    for (const [, text] of sent) expect(Array.from(text).length).toBeLessThanOrEqual(70);
  });
});
