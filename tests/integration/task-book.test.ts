import { describe, expect, it } from 'vitest';
import { seededKind } from '../../local/kind-seeds';
import { PageClient } from '../support/pages';
import { eventually, fileRuntime } from '../support/runtime';
import { after, projects } from '../support/project';

/**
 * The task book (任务书, issue 21.1) and yearly KPIs (issue 21.2), over HTTP with the clock moved:
 * targets fixed at 立项 from the kind and the declaration, adjusted by the office within the kind's
 * bounds, confirmed by the applicant (or deemed confirmed at the timeout); actuals per year; the
 * mid-term against the part of each target due by then; the acceptance year by year.
 */
const runtime = fileRuntime();

const centreKpis = [
  ...seededKind('demonstration-centre').kpiTargets,
  // A construction-period KPI: pro-rated at the mid-term (half of it due after one year of two).
  { key: 'localCourses', labelZh: '本土课程', labelEn: 'Local courses', unit: '门', target: 4, measure: 'count', period: 'construction' },
];

describe('a two-year demonstration centre with a task book and yearly KPIs', () => {
  it('adjusts within bounds, is confirmed, reports per year, is checked pro-rated at mid-term and year by year at acceptance', async () => {
    const p = projects(runtime);
    const id = await p.establishOne('demonstration-centre', 'applicant-b1', '乙街道示范中心任务书', { kpiTargets: centreKpis });

    // 立项: version 1 from the kind's KPIs, each with its period written out; the applicant is asked to confirm.
    const book = p.ok(await p.api.as('applicant-b1').get(`/projects/${id}/task-book`));
    expect(book.confirmedVersion).toBeNull();
    expect(book.versions).toHaveLength(1);
    expect(book.versions[0]).toMatchObject({ version: 1, status: 'proposed' });
    const v1 = Object.fromEntries(book.versions[0].targets.map((t: any) => [t.key, t]));
    expect(v1.personTimes).toMatchObject({ target: 400, period: 'year', midterm: 'pro-rated', minimum: 400 });
    expect(v1.credits).toMatchObject({ period: 'construction', midterm: 'full' });
    expect(v1.localCourses).toMatchObject({ period: 'construction', midterm: 'pro-rated' });
    const first = await p.openTask('applicant-b1', id, 'task_book_confirmation');
    expect(first.assignee).toBe(`org:${(await p.view(id, 'applicant-b1')).organisationId}`);
    expect(Date.parse(first.dueAt)).toBeGreaterThan(runtime.clock.now().getTime() + 9 * 86400_000);

    // The office adjusts: below the kind's minimum is refused naming the KPI; within it, a new version.
    expect((await p.api.as('applicant-b1').put(`/projects/${id}/task-book`, { targets: { personTimes: 600 }, comment: 'x' })).status).toBe(
      403,
    );
    const low = await p.api.as('admin').put(`/projects/${id}/task-book`, { targets: { personTimes: 300 }, comment: '下调' });
    expect(low.status).toBe(422);
    expect(low.body.errors).toEqual([{ field: 'body.targets.personTimes', message: expect.stringContaining('minimum is 400') }]);
    const unknown = await p.api.as('admin').put(`/projects/${id}/task-book`, { targets: { bogus: 3 }, comment: '未知' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe('body.targets.bogus');
    const adjusted = p.ok(
      await p.api.as('admin').put(`/projects/${id}/task-book`, { targets: { personTimes: 600 }, comment: '按申报规模上调培训人次' }),
    );
    expect(adjusted.versions.map((v: any) => [v.version, v.status])).toEqual([
      [1, 'superseded'],
      [2, 'proposed'],
    ]);
    expect(adjusted.confirmation.taskId).not.toBe(first.taskId);
    // The confirmation of version 1 is closed: confirming it now is a conflict, not a confirmation of what changed.
    expect((await p.api.as('applicant-b1').post(`/tasks/${first.taskId}/decision`, {})).status).toBe(409);
    const confirm = await p.openTask('applicant-b1', id, 'task_book_confirmation');
    p.ok(await p.api.as('applicant-b1').post(`/tasks/${confirm.taskId}/decision`, { comment: '同意' }));
    const confirmed = p.ok(await p.api.as('admin').get(`/projects/${id}/task-book`));
    expect(confirmed).toMatchObject({ confirmedVersion: 2, confirmation: null });
    expect(confirmed.versions[1]).toMatchObject({ status: 'confirmed', confirmedBy: 'applicant-b1' });
    expect(confirmed.targets.find((t: any) => t.key === 'personTimes').target).toBe(600);

    // Yearly actuals: a year not yet begun is refused at body.year; the first year's may be given any time in it.
    const early = await p.api.as('applicant-b1').post(`/projects/${id}/actuals`, { year: 2, actuals: { personTimes: 10 } });
    expect(early.status).toBe(422);
    expect(early.body.errors).toEqual([{ field: 'body.year', message: expect.stringContaining('cannot be reported yet') }]);
    const beyond = await p.api.as('applicant-b1').post(`/projects/${id}/actuals`, { year: 3, actuals: { personTimes: 10 } });
    expect(beyond.body.errors[0].field).toBe('body.year');
    const bad = await p.api.as('applicant-b1').post(`/projects/${id}/actuals`, { year: 1, actuals: { personTimes: 10.5 } });
    expect(bad.body.errors[0].field).toBe('body.actuals.personTimes');
    const yearOne = p.ok(await p.api.as('applicant-b1').post(`/projects/${id}/actuals`, { year: 1, actuals: { personTimes: 350 } }));
    expect(yearOne.periodActuals).toEqual({ '1': { personTimes: 350 } });
    expect(yearOne.kpis.years).toHaveLength(2);

    // The mid-term (after one year of two) checks against the confirmed version, the part due by then.
    const m = yearOne.milestones;
    await p.advanceTo(id, after(m.midtermAt));
    await p.report('applicant-b1', id, 'midterm_report', {
      registrations: 100,
      credits: 20,
      trainingSessions: 4,
      personTimes: 620,
      localCourses: 1,
    });
    const midterm = (await p.stage(id, 'midterm_review')).kpis.midterm;
    const row = (items: any[], key: string, year: number | null = 1) => items.find((i) => i.key === key && i.year === year);
    // 620 of the task book's 600 (not the kind's 400) for the first year.
    expect(row(midterm.items, 'personTimes')).toMatchObject({ target: 600, periodTarget: 600, actual: 620, met: true, shortfall: 0 });
    // Half of a construction-period target is due at the mid-term of a two-year project.
    expect(row(midterm.items, 'localCourses', null)).toMatchObject({ target: 2, periodTarget: 4, actual: 1, met: false, shortfall: 1 });
    expect(midterm.items.filter((i: any) => i.year === 2)).toEqual([]);
    expect(midterm).toMatchObject({ met: 4, total: 5, allMet: false });
    await p.decide('admin', id, 'midterm_review', { outcome: 'pass', comment: '本土课程进度偏慢，下一年度加快' });
    await p.stage(id, 'construction');

    // The second year has begun: its actuals may be given now; the acceptance checks each year.
    p.ok(await p.api.as('applicant-b1').post(`/projects/${id}/actuals`, { year: 2, actuals: { personTimes: 300, trainingSessions: 2 } }));
    await p.advanceTo(id, after(m.acceptanceOpensAt));
    await p.report(
      'applicant-b1',
      id,
      'acceptance_application',
      { registrations: 120, credits: 22, trainingSessions: 3, personTimes: 640, localCourses: 4 },
      '两年建设总结。',
    );
    const applied = await p.stage(id, 'acceptance_assignment');
    const acceptance = applied.kpis.acceptance;
    expect(row(acceptance.items, 'personTimes', 1)).toMatchObject({ target: 600, actual: 620, met: true, attainment: 103.3 });
    expect(row(acceptance.items, 'personTimes', 2)).toMatchObject({ target: 600, actual: 640, met: true });
    expect(row(acceptance.items, 'trainingSessions', 1)).toMatchObject({ target: 4, actual: 4, met: true });
    expect(row(acceptance.items, 'trainingSessions', 2)).toMatchObject({ target: 4, actual: 3, met: false, shortfall: 1, attainment: 75 });
    expect(row(acceptance.items, 'localCourses', null)).toMatchObject({ target: 4, actual: 4, met: true });
    expect(acceptance).toMatchObject({ met: 7, total: 8, allMet: false });
    expect(applied.kpis.periods.map((i: any) => `${i.key}:${i.year}`)).toEqual([
      'registrations:1',
      'registrations:2',
      'credits:null',
      'trainingSessions:1',
      'trainingSessions:2',
      'personTimes:1',
      'personTimes:2',
      'localCourses:null',
    ]);

    // The project page shows the task book and the table by period.
    const browser = await PageClient.signIn(runtime.url, 'applicant-b1');
    const { html: page } = await browser.get(`/ui/projects/${id}`);
    expect(page).toContain('任务书');
    expect(page).toContain('第2年');
    expect(page).toContain('75%');
    // The KPI table beside it has a row per year too: year 2's figures under year 2, not year 1's.
    const kpiRow = (key: string, year: number) =>
      [
        ...(page.match(new RegExp(`<tr data-kpi="${key}" data-year="${year}">([\\s\\S]*?)</tr>`))?.[1] ?? '').matchAll(
          /<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g,
        ),
      ].map((m) => m[1]!.replace(/<[^>]+>/g, '').trim());
    expect(kpiRow('trainingSessions', 1)).toEqual(['培训活动场次（第1年）', '4 场/年', '4 场/年', '达标', '—']);
    expect(kpiRow('trainingSessions', 2)).toEqual(['培训活动场次（第2年）', '4 场/年', '3 场/年', '未达标', '1 场/年']);
    expect(page).not.toContain('实际值（最新）');

    await p.assess(id, 'demonstration-centre', 0.9);
    await p.decide('admin', id, 'acceptance_decision', { outcome: 'pass', comment: '第二年培训场次略有不足' });
    await p.stage(id, 'accepted');
    const history = p.ok(await p.api.as('applicant-b1').get(`/declarations/${id}/history`)).items;
    const actions = history.map((e: any) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['task_book.proposed', 'task_book.adjusted', 'task_book.confirmed', 'kpi.actuals_reported']),
    );
    expect(history.find((e: any) => e.action === 'acceptance.applied').reason).toContain('第2年 培训活动场次 差 1场/年');
    // Ended: no more actuals.
    expect((await p.api.as('applicant-b1').post(`/projects/${id}/actuals`, { year: 2, actuals: { personTimes: 700 } })).status).toBe(409);
  }, 240_000);
});

describe('a one-year elder-education project', () => {
  it('takes a target from its declaration, is deemed confirmed at the timeout, and is not short at mid-term with 2600 of 5000 a year', async () => {
    const p = projects(runtime);
    const kpis = seededKind('elder-empowerment').kpiTargets.map((k) =>
      k.key === 'placesSupplied' ? { ...k, minimum: 100, fromField: 'plannedLearners' } : k,
    );
    const id = await p.establishOne('elder-empowerment', 'applicant-a1', '银龄智能课堂任务书', { kpiTargets: kpis });
    const book = p.ok(await p.api.as('applicant-a1').get(`/projects/${id}/task-book`));
    // The declaration plans 120 learners: the project's own target, above the kind's minimum of 100.
    expect(book.versions[0].targets.find((t: any) => t.key === 'placesSupplied').target).toBe(120);
    const task = await p.openTask('applicant-a1', id, 'task_book_confirmation');
    expect(task.timeoutAt).toBeDefined();

    // Not confirmed: past its escalation and grace, the sweep deems it confirmed.
    const m = (await p.view(id)).milestones;
    await p.advanceTo(id, after(task.timeoutAt));
    const deemed = await eventually(async () => {
      const b = p.ok(await p.api.as('admin').get(`/projects/${id}/task-book`));
      return b.confirmedVersion === 1 ? b : undefined;
    }, 'the task book deemed confirmed');
    expect(deemed.versions[0]).toMatchObject({ status: 'confirmed', deemed: true });
    expect(deemed.confirmation).toBeNull();
    const history = p.ok(await p.api.as('admin').get(`/declarations/${id}/history`)).items.map((e: any) => e.action);
    expect(history).toEqual(expect.arrayContaining(['task_book.proposed', 'task_book.deemed_confirmed']));

    await p.advanceTo(id, after(m.midtermAt));
    await p.report('applicant-a1', id, 'midterm_report', { classHours: 20, elderShare: 10, smartTraining: 2600, placesSupplied: 70 });
    const midterm = (await p.stage(id, 'midterm_review')).kpis.midterm;
    // Six months in, half of 5000 a year is due: 2600 is no shortfall.
    expect(midterm.items.find((i: any) => i.key === 'smartTraining')).toMatchObject({
      periodTarget: 5000,
      target: 2500,
      actual: 2600,
      met: true,
      shortfall: 0,
    });
    // Half of the declaration's own 120 places is due.
    expect(midterm.items.find((i: any) => i.key === 'placesSupplied')).toMatchObject({ periodTarget: 120, target: 60, met: true });
    // A level (class hours per class) is compared whole.
    expect(midterm.items.find((i: any) => i.key === 'classHours')).toMatchObject({ target: 20, met: true });
    await p.decide('admin', id, 'midterm_review', { outcome: 'terminate', comment: '测试结束' });
    await p.stage(id, 'terminated');
  }, 180_000);
});

describe('adjustments made at the same time', () => {
  it('one version wins, the other is 409, and exactly one confirmation is open: the winning version’s', async () => {
    const p = projects(runtime);
    const id = await p.establishOne('elder-empowerment', 'applicant-b1', '同时调整的任务书');
    const first = await p.openTask('applicant-b1', id, 'task_book_confirmation');
    const replies = await Promise.all(
      [6000, 7000].map((smartTraining) =>
        p.api.as('admin').put(`/projects/${id}/task-book`, { targets: { smartTraining }, comment: `上调至 ${smartTraining}` }),
      ),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    const won = replies.find((r) => r.status === 200)!.body;
    const book = p.ok(await p.api.as('admin').get(`/projects/${id}/task-book`));
    expect(book.versions.map((v: any) => [v.version, v.status])).toEqual([
      [1, 'superseded'],
      [2, 'proposed'],
    ]);
    expect(book.versions[1].targets.find((t: any) => t.key === 'smartTraining').target).toBe(
      won.versions[1].targets.find((t: any) => t.key === 'smartTraining').target,
    );
    // The version, the old confirmation closed and the new one opened were one write: one open task, v2's.
    const open = (p.ok(await p.api.as('applicant-b1').get('/tasks')).items as any[]).filter(
      (t) => t.declarationId === id && t.kind === 'task_book_confirmation',
    );
    expect(open).toHaveLength(1);
    expect(open[0].taskId).toBe(book.confirmation.taskId);
    expect(open[0].taskId).not.toBe(first.taskId);
    const adjusted = p
      .ok(await p.api.as('admin').get(`/declarations/${id}/history`))
      .items.filter((e: any) => e.action === 'task_book.adjusted');
    expect(adjusted).toHaveLength(1);
  }, 120_000);
});
