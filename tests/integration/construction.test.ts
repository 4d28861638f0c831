import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime';
import { startTestRuntime } from '../support/runtime';
import { projects } from '../support/project';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime?.stop());

const DAY = 86400_000;
const after = (iso: string, ms = 60_000) => new Date(Date.parse(iso) + ms);

describe('construction across the year, over HTTP with the clock moved', () => {
  it('a one-year elder-education project: milestones, mid-term check passed, acceptance application, accepted', async () => {
    const p = projects(runtime);
    const { ids: [id] } = await p.establish('elder-empowerment', [['applicant-a1', '银龄数字课堂']]);
    const project = await p.view(id!, 'applicant-a1');
    expect(project).toMatchObject({ phase: 'construction', stage: 'construction', stageLabel: { zh: '建设中' } });
    const m = project.milestones;
    const months = (Date.parse(m.constructionEndsAt) - Date.parse(m.constructionStartsAt)) / DAY;
    expect(months).toBeGreaterThanOrEqual(365);
    expect(months).toBeLessThanOrEqual(366);
    expect(project.milestoneList.map((x: any) => x.key)).toEqual(['constructionStarts', 'midterm', 'midtermReportDue', 'acceptanceOpens', 'constructionEnds']);

    await p.advanceTo(id!, after(m.midtermAt));
    const reportTask = await p.openTask('applicant-a1', id!, 'midterm_report');
    expect(reportTask.dueAt).toBe(m.midtermReportDueAt);
    await p.report('applicant-a1', id!, 'midterm_report', { ...p.actuals('elder-empowerment', 0.6), elderShare: 12 });
    const reviewed = await p.stage(id!, 'midterm_review');
    expect(reviewed.kpis.midterm.items.find((k: any) => k.key === 'classHours')).toMatchObject({ target: 20, actual: 12, met: false, shortfall: 8 });
    expect(reviewed.kpis.midterm.items.find((k: any) => k.key === 'elderShare')).toMatchObject({ met: true, shortfall: 0 });
    await p.decide('admin', id!, 'midterm_review', { outcome: 'pass', comment: '进度正常' });
    await p.stage(id!, 'construction');

    await p.advanceTo(id!, after(m.acceptanceOpensAt));
    const application = await p.openTask('applicant-a1', id!, 'acceptance_application');
    expect(application.dueAt).toBe(m.acceptanceApplicationDueAt);
    await p.report('applicant-a1', id!, 'acceptance_application', p.actuals('elder-empowerment', 1.1), '全年完成课程 48 门。');
    await p.assess(id!, 'elder-empowerment', 0.8);
    await p.decide('admin', id!, 'acceptance_decision', { outcome: 'pass', comment: '合格' });
    const accepted = await p.stage(id!, 'accepted');
    expect(accepted.phase).toBe('closed');
    expect(accepted.kpis.acceptance.allMet).toBe(true);
    expect(accepted.naming).toBeUndefined();
    const history = p.ok(await p.api.as('applicant-a1').get(`/applications/${id}/history`)).items.map((e: any) => e.action);
    expect(history).toEqual(expect.arrayContaining(['construction.started', 'midterm.started', 'midterm.reported', 'midterm.review.pass', 'acceptance.opened', 'acceptance.applied', 'acceptance.experts_assigned', 'acceptance.pass']));
  }, 120_000);
});
