import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime';
import { PageClient } from '../support/pages';
import { startTestRuntime } from '../support/runtime';
import { selection } from '../support/selection';

/**
 * 2027 is a year the packaged calendar does not cover. Due dates counted through it are flagged
 * to the city office (call page, task, dashboard banner); the office enters the State Council's
 * schedule once on its calendar page, sees which open tasks' due dates would move and decides
 * whether they do; bad dates are refused at their field with nothing written.
 */
let runtime: Runtime;
let p: ReturnType<typeof selection>;

beforeAll(async () => {
  runtime = await startTestRuntime({ sweepIntervalMs: 0 });
  p = selection(runtime);
  await runtime.clock.set(new Date('2027-01-25T02:00:00Z')); // Monday 10:00 in China
});
afterAll(() => runtime?.stop());

/** A made-up 2027 Spring Festival schedule: 6–13 February off, Sundays 31 January and 21 February worked. */
const springFestival = { holidays: '2027-02-06~2027-02-13', workdays: '2027-01-31\n2027-02-21' };

const calendarApi = async () => p.ok(await p.api.as('admin').get('/calendar'));
let flagged: { taskId: string; declarationId: string; dueAt: string };
let callId: string;

describe('due dates in a year the calendar does not cover', () => {
  it('a 7-working-day notice published 2027-02-03 and a district task opened that day are flagged to the office', async () => {
    const call = await p.createCall('elder-empowerment', { year: 2027, closesAt: '2027-02-03T02:00:00.000Z' });
    callId = call.callId;
    const id = await p.declare('applicant-a1', callId, 'elder-empowerment', '银龄数字课堂');
    expect((await p.recommend('district-a', id, 1)).status).toBe(200);
    await p.formalReview(id, 'approve');
    const { experts } = await p.assign(id);
    for (const e of experts as string[]) expect((await p.score(e, id, p.sheet('elder-empowerment', 0.85))).status).toBe(200);
    await p.reached(id, 'scored');
    await p.closeWindow(call); // the clock is now 2027-02-03 10:01 China time
    // A declaration of another call opened the same day: its district task is counted through the holiday.
    const other = await p.createCall('elder-empowerment', { year: 2027, closesAt: '2027-03-03T02:00:00.000Z' });
    const late = await p.declare('applicant-a2', other.callId, 'elder-empowerment', '智慧助老课堂');
    flagged = await p.openTask('district-a', late, 'district_recommendation');
    await p.shortlist(callId, [id]);
    const noticed = await p.callStatus(callId, 'notice');

    // Silently through the Spring Festival, as before — but now the office is told.
    expect(noticed.noticeEndsAt).toBe('2027-02-12T15:59:59.999Z');
    expect(noticed.noticeUncoveredYears).toEqual([2027]);
    const task = p.ok(await p.api.as('admin').get(`/tasks/${flagged.taskId}`));
    expect(task.uncoveredYears).toEqual([2027]);

    const admin = await PageClient.signIn(runtime.url, 'admin');
    const board = await admin.get(`/ui/office/calls/${other.callId}`);
    expect(board.html).toContain('id="calendar-gaps"');
    expect(board.html).toContain(`data-task="${flagged.taskId}"`);
    expect(board.html).toContain('日历未覆盖 2027 年');
    const callPage = await admin.get(`/ui/office/calls/${callId}`);
    expect(callPage.html).toMatch(/公示截止[\s\S]*data-uncovered="2027"/);
    // The task on the declaration's page, where the office extends it.
    const declarationPage = await admin.get(`/ui/office/declarations/${late}`);
    expect(declarationPage.html).toMatch(/区级推荐[\s\S]*?data-uncovered="2027"/);
    // The warning is the office's: the district sees its due date without it.
    const district = await PageClient.signIn(runtime.url, 'district-a');
    const districtPage = await district.get(`/ui/tasks/${flagged.taskId}`);
    expect(districtPage.status).toBe(200);
    expect(districtPage.html).not.toContain('data-uncovered');
  });

  it('bad dates are refused at their field, on the page and in the API, with nothing written', async () => {
    const admin = await PageClient.signIn(runtime.url, 'admin');
    const page = await admin.post('/ui/office/calendar/preview', {
      year: '2027',
      holidays: '2027-02-30\n2026-10-01',
      workdays: '2027-02-10',
      version: '0',
    });
    expect(page.status).toBe(422);
    expect(page.html).toMatch(/data-field="holidays">[^<]*「2027-02-30」请填写正确的日期/);
    const save = await admin.post('/ui/office/calendar/save', {
      year: '2027',
      holidays: '2026-10-01',
      workdays: '2027-02-10',
      version: '0',
      moveTasks: '0',
    });
    expect(save.status).toBe(422);
    expect(save.html).toMatch(/data-field="holidays">[^<]*「2026-10-01」须是 2027 年内的日期/);
    expect(save.html).toMatch(/data-field="workdays">[^<]*「2027-02-10」调休上班日须是周六或周日/);
    const badYear = await admin.post('/ui/office/calendar/preview', { year: '27', holidays: '', workdays: '', version: '0' });
    expect(badYear.status).toBe(422);
    expect(badYear.html).toMatch(/data-field="year">请填写 2024 至 2099 之间的年份/);

    const api = await p.api
      .as('admin')
      .put('/calendar/2027', { holidays: ['2026-10-01'], workdays: ['2027-02-10'], version: 0, moveTasks: false });
    expect(api.status).toBe(422);
    expect(api.body.errors.map((e: any) => e.field)).toEqual(['body.holidays.0', 'body.workdays.0']);
    const notADate = await p.api.as('admin').post('/calendar/2027/preview', { holidays: ['2027-13-01'], workdays: [] });
    expect(notADate.status).toBe(422);
    expect(notADate.body.errors.map((e: any) => e.field)).toEqual(['body.holidays.0']);
    expect((await p.api.as('district-a').get('/calendar')).status).toBe(403);
    expect((await (await PageClient.signIn(runtime.url, 'district-a')).get('/ui/office/calendar')).status).toBe(403);

    const view = await calendarApi();
    expect(view.years.map((y: any) => [y.year, y.source])).toEqual([
      ['2024', 'packaged'],
      ['2025', 'packaged'],
      ['2026', 'packaged'],
    ]);
    expect(view.history).toEqual([]);
  });

  it('the office enters 2027 once for all calls: it sees which due dates would move, keeps them, and new due dates count the holiday', async () => {
    const admin = await PageClient.signIn(runtime.url, 'admin');
    const preview = await admin.post('/ui/office/calendar/preview', { year: '2027', ...springFestival, version: '0' });
    expect(preview.status).toBe(200);
    // 10 working days from Wednesday 3 February: the 17th without the schedule, the 23rd with it (+6 days).
    expect(flagged.dueAt).toBe('2027-02-17T15:59:59.999Z');
    expect(preview.html).toMatch(new RegExp(`data-task="${flagged.taskId}">[\\s\\S]*?推迟 6 天`));
    expect(preview.html).toContain('保存，已承诺的截止日期不变');
    // Nothing written by a preview.
    expect((await calendarApi()).history).toEqual([]);

    const kept = await admin.post('/ui/office/calendar/save', { year: '2027', ...springFestival, version: '0', moveTasks: '0' });
    expect(kept.status).toBe(303);
    expect(kept.location).toBe('/ui/office/calendar?year=2027&done=saved');
    const view = await calendarApi();
    expect(view.years.find((y: any) => y.year === '2027')).toMatchObject({
      source: 'office',
      version: 1,
      updatedBy: 'admin',
      workdays: ['2027-01-31', '2027-02-21'],
    });
    expect(view.years.find((y: any) => y.year === '2027').holidays).toHaveLength(8);
    expect(view.history).toEqual([
      expect.objectContaining({
        actor: 'admin',
        action: 'calendar.saved',
        reason: expect.stringMatching(
          /^2027 年：增加放假日 2027-02-06、.*2027-02-13；增加调休上班日 2027-01-31、2027-02-21；已承诺的截止时间不变$/,
        ),
      }),
    ]);
    // The promised date stays.
    expect(p.ok(await p.api.as('admin').get(`/tasks/${flagged.taskId}`)).dueAt).toBe('2027-02-17T15:59:59.999Z');
    const page = await admin.get('/ui/office/calendar?year=2027&done=saved');
    expect(page.html, page.html.slice(-3000)).toContain('已承诺的截止日期不变');
    expect(page.html).toContain('市终身教育办公室录入');

    // A task opened now counts the holiday and is not flagged.
    const call = await p.createCall('elder-empowerment', { year: 2027, closesAt: '2027-03-03T02:00:00.000Z' });
    const id = await p.declare('applicant-b1', call.callId, 'elder-empowerment', '社区书法课堂');
    const task = await p.openTask('district-b', id, 'district_recommendation');
    expect(task.dueAt).toBe('2027-02-23T15:59:59.999Z');
    expect(p.ok(await p.api.as('admin').get(`/tasks/${task.taskId}`)).uncoveredYears).toBeUndefined();

    // A correction to the schedule (15 February off too): the office moves the promised date this time.
    const changed = p.ok(
      await p.api.as('admin').post('/calendar/2027/preview', {
        holidays: [...view.years.find((y: any) => y.year === '2027').holidays, '2027-02-15'],
        workdays: ['2027-01-31', '2027-02-21'],
      }),
    );
    expect(changed.moves).toEqual([
      expect.objectContaining({
        taskId: task.taskId,
        dueAt: '2027-02-23T15:59:59.999Z',
        newDueAt: '2027-02-24T15:59:59.999Z',
        days: 1,
        movable: true,
      }),
    ]);
    const stale = await p.api.as('admin').put('/calendar/2027', { holidays: ['2027-02-15'], workdays: [], version: 0, moveTasks: true });
    expect(stale.status).toBe(409);
    const moved = p.ok(
      await p.api.as('admin').put('/calendar/2027', {
        holidays: [...view.years.find((y: any) => y.year === '2027').holidays, '2027-02-15'],
        workdays: ['2027-01-31', '2027-02-21'],
        version: 1,
        moveTasks: true,
      }),
    );
    expect(moved.moved.map((m: any) => m.taskId)).toEqual([task.taskId]);
    expect(p.ok(await p.api.as('admin').get(`/tasks/${task.taskId}`)).dueAt).toBe('2027-02-24T15:59:59.999Z');
    const history = p.ok(await p.api.as('admin').get(`/declarations/${id}/history`)).items;
    expect(history.find((e: any) => e.action === 'task.rescheduled')).toMatchObject({
      actor: 'admin',
      taskId: task.taskId,
      reason: '2027-02-23 23:59 → 2027-02-24 23:59：节假日安排调整',
    });
    expect((await calendarApi()).history.map((e: any) => e.reason)).toEqual([
      expect.stringContaining('已承诺的截止时间不变'),
      '2027 年：增加放假日 2027-02-15；调整 1 项截止时间',
    ]);
  });
});
