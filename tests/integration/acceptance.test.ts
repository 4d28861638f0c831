import { describe, expect, it } from 'vitest';
import { eventually, fileRuntime } from '../support/runtime';
import { after, projects } from '../support/project';

const runtime = fileRuntime();

const DAY = 86400_000;

describe('acceptance (验收申请, 考核验收) of two-year brand projects, over HTTP with the clock moved', () => {
  it('excellent and recommended to the province; rectified once then re-inspected; failed; no application; withdrawn; scoring and office deadlines', async () => {
    const p = projects(runtime);
    const { ids } = await p.establish('community-brand', [
      ['applicant-a1', '甲街道非遗课堂'],
      ['applicant-a2', '乙社区读书会'],
      ['applicant-b1', '丙街道乐龄合唱团'],
      ['applicant-a1', '甲街道家风讲堂'],
      ['applicant-b1', '丙街道社区剧场'],
      ['applicant-b1', '丙街道邻里课堂'],
    ]);
    const [excellent, rectified, failed, unapplied, withdrawn, broken] = ids as [string, string, string, string, string, string];
    const m = (await p.view(excellent)).milestones;
    const history = async (id: string) => p.ok(await p.api.as('admin').get(`/declarations/${id}/history`));
    expect((Date.parse(m.constructionEndsAt) - Date.parse(m.constructionStartsAt)) / DAY).toBeGreaterThanOrEqual(730);

    await p.advanceTo(ids, after(m.midtermAt));
    for (const [id, applicant] of [
      [excellent, 'applicant-a1'],
      [rectified, 'applicant-a2'],
      [failed, 'applicant-b1'],
      [unapplied, 'applicant-a1'],
      [withdrawn, 'applicant-b1'],
      [broken, 'applicant-b1'],
    ] as const) {
      await p.report(applicant, id, 'midterm_report', p.actuals('community-brand', 0.5));
      await p.decide('admin', id, 'midterm_review', { outcome: 'pass' });
      await p.stage(id, 'construction');
    }

    await p.advanceTo(ids, after(m.acceptanceOpensAt));
    const application = await p.openTask('applicant-b1', withdrawn, 'acceptance_application');
    expect(application.dueAt).toBe((await p.view(withdrawn, 'applicant-b1')).milestones.acceptanceApplicationDueAt);
    p.ok(await p.api.as('applicant-b1').post(`/projects/${withdrawn}/withdraw`, { reason: '团队解散' }));
    expect(await p.stage(withdrawn, 'withdrawn')).toMatchObject({ phase: 'closed', openTasks: [] });

    await p.report(
      'applicant-a1',
      excellent,
      'acceptance_application',
      p.actuals('community-brand', 1.5),
      '两年培育总结，开发本土课程 3 门。',
    );
    await p.report('applicant-a2', rectified, 'acceptance_application', p.actuals('community-brand', 0.8));
    await p.report('applicant-b1', failed, 'acceptance_application', p.actuals('community-brand', 0.3));
    await p.report('applicant-b1', broken, 'acceptance_application', p.actuals('community-brand', 1));
    const firstAssignment = await p.openTask('admin', broken, 'acceptance_assignment');

    // Excellent, and recommended to the province (择优申报省级); only an excellent brand project may be.
    const { experts } = await p.assess(excellent, 'community-brand', 0.95);
    expect((await p.api.as(experts[0]!).get(`/projects/${excellent}`)).status).toBe(200);
    const outsider = ['expert-1', 'expert-2', 'expert-3', 'expert-4', 'expert-5', 'expert-6'].find((e) => !experts.includes(e))!;
    expect((await p.api.as(outsider).get(`/projects/${excellent}`)).status).toBe(404);
    const passRecommended = await p.decide('admin', excellent, 'acceptance_decision', { outcome: 'pass', recommendToProvince: true }, 422);
    expect(passRecommended.reply.errors[0].field).toBe('body.recommendToProvince');
    await p.decide('admin', excellent, 'acceptance_decision', { outcome: 'excellent', comment: '品牌特色鲜明', recommendToProvince: true });
    const recommended = await eventually(async () => {
      const v = await p.view(excellent, 'applicant-a1');
      return v.provinceRecommendation ? v : undefined;
    }, 'the province recommendation');
    expect(recommended).toMatchObject({ stage: 'accepted', acceptance: { result: { outcome: 'excellent', recommendToProvince: true } } });
    expect(recommended.naming).toBeUndefined();
    // Each year against its target (issue 21.2): the second year and the courses met, the first year's
    // sessions and person-times (half, as reported at mid-term) not.
    expect(recommended.kpis.acceptance).toMatchObject({ allMet: false, met: 3, total: 5 });
    expect(recommended.kpis.acceptance.items.filter((k: any) => k.year !== 1).every((k: any) => k.met)).toBe(true);

    // One expert of three scores before the deadline: the result is decided on what is in.
    await p.stage(rectified, 'acceptance_assignment');
    await p.openTask('admin', rectified, 'acceptance_assignment');
    const assigned = p.ok(await p.api.as('admin').post(`/projects/${rectified}/experts`, {}));
    await p.decide(assigned.experts[0], rectified, 'acceptance_score', {
      scores: { brand: 24, kpis: 20, courses: 20, sustainability: 16 },
      comment: '基本达标',
    });
    const { project: scored3 } = await p.assess(failed, 'community-brand', 0.5);
    expect(scored3.score.combined).toBe(50);
    const decisionDue = await p.openTask('admin', failed, 'acceptance_decision');

    await p.advanceTo(ids, after(assigned.reviewDueAt));
    const partial = await p.stage(rectified, 'acceptance_decision');
    expect(partial.score).toMatchObject({ combined: 80, count: 1 });
    expect(partial.score.missing).toHaveLength(2);
    expect(partial.kpis.acceptance.items.find((k: any) => k.key === 'personTimes' && k.year === 2)).toMatchObject({
      target: 400,
      actual: 320,
      met: false,
      shortfall: 80,
    });
    // Rectify once, then re-inspect: a second rectification is refused.
    await p.decide('admin', rectified, 'acceptance_decision', { outcome: 'rectify', comment: '参与人次未达标，整改后复验' });
    await p.stage(rectified, 'acceptance_rectification');
    await p.report('applicant-a2', rectified, 'acceptance_rectification', p.actuals('community-brand', 1), '已补足活动场次与人次。');
    const reinspection = await p.stage(rectified, 'acceptance_decision');
    expect(reinspection.kpis.acceptance.items.filter((k: any) => k.year !== 1).every((k: any) => k.met)).toBe(true);
    const twice = await p.decide('admin', rectified, 'acceptance_decision', { outcome: 'rectify', comment: '再整改' }, 422);
    expect(twice.reply.errors[0]).toMatchObject({ field: 'body.outcome', message: expect.stringContaining('once') });
    await p.decide('admin', rectified, 'acceptance_decision', { outcome: 'pass', comment: '复验合格' });
    expect(await p.stage(rectified, 'accepted')).toMatchObject({ acceptanceRectified: true, acceptance: { result: { outcome: 'pass' } } });

    // The office leaves the result 14 days past due: a fresh execution reopens it; then it fails (不合格).
    await p.advanceTo(ids, new Date(Date.parse(decisionDue.dueAt) + 15 * DAY));
    const reopened = await eventually(async () => {
      const t = await p.openTask('admin', failed, 'acceptance_decision');
      return t.taskId !== decisionDue.taskId ? t : undefined;
    }, 'a reopened acceptance decision');
    expect(reopened.executionArn).toMatch(/-a2$/);
    const noReason = await p.decide('admin', failed, 'acceptance_decision', { outcome: 'fail' }, 422);
    expect(noReason.reply.errors[0].field).toBe('body.comment');
    await p.decide('admin', failed, 'acceptance_decision', { outcome: 'fail', comment: '主要指标均未达成' });
    expect(await p.stage(failed, 'acceptance_failed')).toMatchObject({ phase: 'closed', lastReason: '主要指标均未达成' });

    // The assignment was left 14 days past due too: a fresh execution reopened it. Then the
    // rectification is not handed in; the re-inspection decides without it, and a task that cannot
    // be opened fails the project through RecordFailure.
    const reassignment = await eventually(async () => {
      const t = await p.openTask('admin', broken, 'acceptance_assignment');
      return t.taskId !== firstAssignment.taskId ? t : undefined;
    }, 'a reopened assignment');
    expect(reassignment.executionArn).toMatch(/-a2$/);
    await p.assess(broken, 'community-brand', 0.7);
    await p.decide('admin', broken, 'acceptance_decision', { outcome: 'rectify', comment: '台账不全，限期整改' });
    const fix = await p.openTask('applicant-b1', broken, 'acceptance_rectification');
    runtime.engine.injectFault('OpenTask', { error: 'Lambda.ResourceNotFoundException' });
    await p.advanceTo(broken, after(fix.dueAt));
    expect(await p.stage(broken, 'failed')).toMatchObject({
      openTasks: [],
      lastReason: expect.stringContaining('Lambda.ResourceNotFoundException'),
    });
    await eventually(async () => (await p.executionsOf(broken)).at(-1)!.described.status === 'FAILED', 'the acceptance execution to fail');
    expect((await history(broken)).items.map((e: any) => e.action)).toEqual(
      expect.arrayContaining(['acceptance.handover', 'acceptance_rectification.missed', 'project.workflow_failed']),
    );

    // No acceptance application by the end of construction: the project fails acceptance, with the reason.
    await p.advanceTo(ids, after((await p.view(unapplied)).milestones.constructionEndsAt));
    expect(await p.stage(unapplied, 'acceptance_failed')).toMatchObject({ lastReason: '建设期结束前未提交验收申请', openTasks: [] });

    for (const id of ids) {
      const executions = await eventually(async () => {
        const all = await p.executionsOf(id);
        return all.every((e) => e.described.status !== 'RUNNING') && all;
      }, `every execution of ${id} to end`);
      for (const { executionArn, described, events } of executions) {
        expect(described.status, executionArn).not.toBe('RUNNING');
        expect((described.stopDate!.getTime() - described.startDate!.getTime()) / DAY).toBeLessThanOrEqual(365);
        expect(events.length).toBeLessThan(250);
      }
    }
    expect((await history(excellent)).items.map((e: any) => e.action)).toEqual(
      expect.arrayContaining(['acceptance.excellent', 'project.recommended_to_province']),
    );
    expect((await history(rectified)).items.map((e: any) => e.action)).toEqual(
      expect.arrayContaining(['acceptance.scoring_deadline', 'acceptance.rectify', 'acceptance.rectified', 'acceptance.pass']),
    );
    expect((await history(failed)).items.map((e: any) => e.action)).toEqual(
      expect.arrayContaining(['acceptance.handover', 'acceptance.fail']),
    );
    expect((await history(unapplied)).items.map((e: any) => e.action)).toContain('acceptance.application_missed');
  }, 300_000);
});
