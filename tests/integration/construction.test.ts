import { describe, expect, it } from 'vitest';
import { eventually, fileRuntime } from '../support/runtime';
import { after, projects } from '../support/project';

const runtime = fileRuntime();

const DAY = 86400_000;

describe('construction across the year, over HTTP with the clock moved', () => {
  it('a one-year elder-education project: milestones, mid-term check passed, acceptance application, accepted', async () => {
    const p = projects(runtime);
    const id = await p.establishOne('elder-empowerment', 'applicant-a1', '银龄数字课堂');
    const project = await p.view(id!, 'applicant-a1');
    expect(project).toMatchObject({ phase: 'construction', stage: 'construction', stageLabel: { zh: '建设中' } });
    const m = project.milestones;
    const months = (Date.parse(m.constructionEndsAt) - Date.parse(m.constructionStartsAt)) / DAY;
    expect(months).toBeGreaterThanOrEqual(365);
    expect(months).toBeLessThanOrEqual(366);
    expect(project.milestoneList.map((x: any) => x.key)).toEqual([
      'constructionStarts',
      'midterm',
      'midtermReportDue',
      'acceptanceOpens',
      'constructionEnds',
    ]);

    await p.advanceTo(id!, after(m.midtermAt));
    const reportTask = await p.openTask('applicant-a1', id!, 'midterm_report');
    expect(reportTask.dueAt).toBe(m.midtermReportDueAt);
    await p.report('applicant-a1', id!, 'midterm_report', { ...p.actuals('elder-empowerment', 0.6), elderShare: 12 });
    const reviewed = await p.stage(id!, 'midterm_review');
    expect(reviewed.kpis.midterm.items.find((k: any) => k.key === 'classHours')).toMatchObject({
      target: 20,
      actual: 12,
      met: false,
      shortfall: 8,
    });
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
    const history = p.ok(await p.api.as('applicant-a1').get(`/declarations/${id}/history`)).items.map((e: any) => e.action);
    expect(history).toEqual(
      expect.arrayContaining([
        'construction.started',
        'midterm.started',
        'midterm.reported',
        'midterm.review.pass',
        'acceptance.opened',
        'acceptance.applied',
        'acceptance.experts_assigned',
        'acceptance.pass',
      ]),
    );
  }, 120_000);
});

describe('a two-year demonstration centre', () => {
  it('is rectified at mid-term, re-checked, accepted excellent and named; no execution plans more than a year', async () => {
    const p = projects(runtime);
    const id = await p.establishOne('demonstration-centre', 'applicant-b1', '乙街道社区教育中心');
    const m = (await p.view(id!, 'applicant-b1')).milestones;
    const days = (Date.parse(m.constructionEndsAt) - Date.parse(m.constructionStartsAt)) / DAY;
    expect(days).toBeGreaterThanOrEqual(730);
    expect(days).toBeLessThanOrEqual(731);

    await p.advanceTo(id!, after(m.midtermAt));
    await p.report('applicant-b1', id!, 'midterm_report', p.actuals('demonstration-centre', 0.4));
    const shortfall = (await p.stage(id!, 'midterm_review')).kpis.midterm;
    expect(shortfall).toMatchObject({ met: 0, total: 4, allMet: false });
    expect(shortfall.items.find((k: any) => k.key === 'personTimes')).toMatchObject({
      target: 400,
      actual: 160,
      shortfall: 240,
      measure: 'person_times',
    });
    // A rectification needs its requirements; its deadline is bounded by the call.
    const noReason = await p.decide('admin', id!, 'midterm_review', { outcome: 'rectify' }, 422);
    expect(noReason.reply.errors).toEqual([{ field: 'body.comment', message: expect.stringContaining('整改') }]);
    const tooLate = await p.decide(
      'admin',
      id!,
      'midterm_review',
      { outcome: 'rectify', comment: '培训人次不足', rectificationDueAt: after(m.midtermAt, 200 * DAY).toISOString() },
      422,
    );
    expect(tooLate.reply.errors[0].field).toBe('body.rectificationDueAt');
    await p.decide('admin', id!, 'midterm_review', { outcome: 'rectify', comment: '培训人次、线上注册不足，限期整改' });
    const rectifying = await p.stage(id!, 'midterm_rectification');
    expect(rectifying.lastReason).toBe('培训人次、线上注册不足，限期整改');
    const fix = await p.openTask('applicant-b1', id!, 'midterm_rectification');
    expect(fix.dueAt).toBe(rectifying.midterm.review.rectificationDueAt);
    await p.report('applicant-b1', id!, 'midterm_rectification', p.actuals('demonstration-centre', 0.7), '已增开周末培训班。');
    const recheck = await p.stage(id!, 'midterm_recheck');
    expect(recheck.kpis.midterm.items.find((k: any) => k.key === 'personTimes').actual).toBe(280);
    await p.decide('admin', id!, 'midterm_recheck', { outcome: 'pass', comment: '整改到位' });
    await p.stage(id!, 'construction');

    await p.advanceTo(id!, after(m.acceptanceOpensAt));
    await p.report('applicant-b1', id!, 'acceptance_application', p.actuals('demonstration-centre', 1.2), '两年建设总结。');
    // 回避 at acceptance as in selection: district-b's expert may not assess a district-b centre.
    await p.openTask('admin', id!, 'acceptance_assignment');
    const conflicted = await p.api.as('admin').post(`/projects/${id}/experts`, { experts: ['expert-2'] });
    expect(conflicted.status).toBe(422);
    expect(conflicted.body.errors).toEqual([{ field: 'body.experts.0', message: expect.stringContaining('回避') }]);
    const { experts, project: scored } = await p.assess(id!, 'demonstration-centre', 0.95);
    expect(experts).not.toContain('expert-2');
    expect(scored.score).toMatchObject({ combined: 95, count: 3, missing: [] });
    const visit = p.ok(
      await p.api.as('admin').post(`/projects/${id}/site-visits`, {
        visitedAt: runtime.clock.now().toISOString(),
        visitors: ['expert-1', '市终身教育办'],
        findings: '场地、台账与申报一致。',
      }),
      201,
    );
    expect(visit.recordedBy).toBe('admin');
    expect((await p.api.as('applicant-b1').post(`/projects/${id}/site-visits`, visit)).status).toBe(403);
    await p.decide('admin', id!, 'acceptance_decision', { outcome: 'excellent', comment: '示范作用突出' });
    const named = await eventually(async () => {
      const v = await p.view(id!, 'applicant-b1');
      return v.naming ? v : undefined;
    }, 'the naming');
    expect(named).toMatchObject({ stage: 'accepted', phase: 'closed', naming: { title: '市级示范性社区教育中心', grade: '优秀' } });
    const history = p.ok(await p.api.as('applicant-b1').get(`/declarations/${id}/history`)).items.map((e: any) => e.action);
    expect(history).toEqual(
      expect.arrayContaining([
        'midterm.review.rectify',
        'midterm.rectified',
        'midterm.recheck.pass',
        'acceptance.site_visit',
        'acceptance.excellent',
        'project.named',
      ]),
    );

    // Every phase execution stays far inside Step Functions' limits: under a year, planned and run.
    const executions = await eventually(async () => {
      const all = await p.executionsOf(id!);
      return all.every((e) => e.described.status !== 'RUNNING') && all;
    }, 'every execution to end');
    const construction = executions.filter((e) => e.executionArn.includes(':shenbao-construction:'));
    // One construction execution, the mid-term's (with its rectification): nothing waits between milestones.
    expect(construction.map((e) => e.executionArn.split(':').at(-1))).toEqual([`${id}-c1`]);
    expect(executions.filter((e) => e.executionArn.includes(':shenbao-acceptance:'))).toHaveLength(1);
    for (const { executionArn, described, events } of executions) {
      expect(described.status, executionArn).toBe('SUCCEEDED');
      const ran = (described.stopDate!.getTime() - described.startDate!.getTime()) / DAY;
      const planned = events
        .map((e) => e.taskSucceededEventDetails?.output && JSON.parse(e.taskSucceededEventDetails.output).plannedEnd)
        .filter(Boolean)
        .map((end: string) => (Date.parse(end) - described.startDate!.getTime()) / DAY);
      console.log(
        `${executionArn.split(':').slice(-2).join(':')}: ran ${ran.toFixed(1)} days, planned at most ${Math.max(0, ...planned).toFixed(1)}, ${events.length} events`,
      );
      expect(ran).toBeLessThanOrEqual(365);
      for (const days of planned) expect(days).toBeLessThanOrEqual(365);
      expect(events.length).toBeLessThan(250);
    }
  }, 180_000);
});

describe('mid-term paths, termination and withdrawal', () => {
  it('a missed report and a missed rectification end in termination at the re-check; an overdue review is reopened by a fresh execution; the city terminates and an applicant withdraws at any point', async () => {
    const p = projects(runtime);
    const { ids } = await p.establish('elder-empowerment', [
      ['applicant-a1', '社区学习共同体'],
      ['applicant-a2', '乐龄书画社'],
      ['applicant-b1', '家门口的老年大学'],
      ['applicant-a1', '智慧助老课堂'],
    ]);
    const [missed, overdue, withdrawn, terminated] = ids as [string, string, string, string];
    const m = (await p.view(missed)).milestones;

    // The city terminates one while its mid-term is ahead: no execution runs meanwhile, and the one
    // the sweep starts at the mid-term finds the project ended and closes at once.
    await p.advanceTo(ids, new Date(Date.parse(m.constructionStartsAt) + 90 * DAY));
    expect((await p.api.as('applicant-a1').post(`/projects/${terminated}/terminate`, { reason: 'x' })).status).toBe(403);
    const noReason = await p.api.as('admin').post(`/projects/${terminated}/terminate`, {});
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors[0].field).toBe('body.reason');
    const ended = p.ok(await p.api.as('admin').post(`/projects/${terminated}/terminate`, { reason: '承办单位撤并，项目无法继续' }));
    expect(ended).toMatchObject({ stage: 'terminated', phase: 'closed', lastReason: '承办单位撤并，项目无法继续' });
    expect((await p.executionsOf(terminated)).map((e) => e.described.status)).toEqual(['SUCCEEDED']);
    expect((await p.api.as('admin').post(`/projects/${terminated}/terminate`, { reason: '再次' })).status).toBe(409);

    await p.advanceTo([missed, overdue, withdrawn, terminated], after(m.midtermAt));
    const late = await eventually(async () => {
      const last = (await p.executionsOf(terminated)).at(-1)!;
      return last.executionArn.endsWith(`${terminated}-c1`) && last.described.status !== 'RUNNING' && last;
    }, 'the scheduled leg of the terminated project to close');
    expect(late.described.status).toBe('SUCCEEDED');
    expect(late.events.map((e) => e.stateEnteredEventDetails?.name).filter(Boolean)).toEqual(['Plan', 'RoutePlan', 'Closed']);
    await p.openTask('applicant-b1', withdrawn, 'midterm_report');
    // Withdrawal with a report task open: the task closes, the execution stops, the reason is kept.
    expect((await p.api.as('applicant-a1').post(`/projects/${withdrawn}/withdraw`, { reason: '别人的项目' })).status).toBe(404);
    const gone = p.ok(await p.api.as('applicant-b1').post(`/projects/${withdrawn}/withdraw`, { reason: '场地改建，无法按期建设' }));
    expect(gone).toMatchObject({ stage: 'withdrawn', openTasks: [] });
    expect((await p.executionsOf(withdrawn)).at(-1)!.described.status).toBe('ABORTED');
    const withdrawnHistory = p.ok(await p.api.as('applicant-b1').get(`/declarations/${withdrawn}/history`)).items;
    expect(withdrawnHistory.at(-1)).toMatchObject({
      actor: 'applicant-b1',
      action: 'project.withdrawn',
      fromStage: 'midterm_report',
      toStage: 'withdrawn',
      reason: '场地改建，无法按期建设',
    });

    // A report with a KPI missing or unknown is refused, naming the field.
    const task = await p.openTask('applicant-a2', overdue, 'midterm_report');
    const partial = await p.api
      .as('applicant-a2')
      .post(`/tasks/${task.taskId}/decision`, { report: '进展', kpiActuals: { classHours: 10, elderShare: 120, bogus: 1 } });
    expect(partial.status).toBe(422);
    expect(partial.body.errors.map((e: any) => e.field).sort()).toEqual([
      'body.kpiActuals.bogus',
      'body.kpiActuals.elderShare',
      'body.kpiActuals.placesSupplied',
      'body.kpiActuals.smartTraining',
    ]);
    await p.report('applicant-a2', overdue, 'midterm_report', p.actuals('elder-empowerment'));
    const firstReview = await p.openTask('admin', overdue, 'midterm_review');

    // No report by its due date: the review opens without it.
    await p.advanceTo([missed, overdue], after(m.midtermReportDueAt));
    const unreported = await p.stage(missed, 'midterm_review');
    expect(unreported.kpis.midterm).toBeNull();
    await p.decide('admin', missed, 'midterm_review', {
      outcome: 'rectify',
      comment: '中期报告未交，限期补交',
      rectificationDueAt: after(runtime.clock.now().toISOString(), 3 * DAY).toISOString(),
    });
    await p.advanceTo([missed, overdue], after(runtime.clock.now().toISOString(), 3 * DAY + 60_000));
    await p.stage(missed, 'midterm_recheck');
    const again = await p.decide('admin', missed, 'midterm_recheck', { outcome: 'rectify', comment: '再整改' }, 422);
    expect(again.reply.errors[0]).toMatchObject({ field: 'body.outcome', message: expect.stringContaining('re-check') });
    await p.decide('admin', missed, 'midterm_recheck', { outcome: 'terminate', comment: '逾期未整改，终止项目' });
    expect(await p.stage(missed, 'terminated')).toMatchObject({ lastReason: '逾期未整改，终止项目', openTasks: [] });
    const missedHistory = p.ok(await p.api.as('admin').get(`/declarations/${missed}/history`)).items.map((e: any) => e.action);
    expect(missedHistory).toEqual(
      expect.arrayContaining([
        'midterm_report.missed',
        'midterm.review.rectify',
        'midterm_rectification.missed',
        'midterm.recheck.terminate',
      ]),
    );

    // The office lets the review run 14 days past its due date: a successor execution reopens it.
    await p.advanceTo(overdue, new Date(Date.parse(firstReview.dueAt) + 15 * DAY));
    const reopened = await eventually(async () => {
      const t = await p.openTask('admin', overdue, 'midterm_review');
      return t.taskId !== firstReview.taskId ? t : undefined;
    }, 'a reopened review');
    expect(reopened.executionArn).toMatch(/-c\d+$/);
    expect(reopened.executionArn).not.toBe(firstReview.executionArn);
    await p.decide('admin', overdue, 'midterm_review', { outcome: 'terminate', comment: '项目实施主体发生变化' });
    await p.stage(overdue, 'terminated');
    const overdueHistory = p.ok(await p.api.as('admin').get(`/declarations/${overdue}/history`)).items.map((e: any) => e.action);
    expect(overdueHistory).toEqual(expect.arrayContaining(['construction.handover', 'midterm.review.terminate']));
    for (const id of ids)
      await eventually(async () => (await p.executionsOf(id)).at(-1)!.described.status !== 'RUNNING', `the last execution of ${id} to end`);
  }, 240_000);

  it('a step failing beyond its retries fails the project through RecordFailure, and says so', async () => {
    const p = projects(runtime);
    const id = await p.establishOne('elder-empowerment', 'applicant-a2', '故障注入项目');
    await p.settled(id!);
    // Only this project's steps fail: the centre named earlier in this file runs its 复核 chain through ProjectStep too.
    runtime.engine.injectFault('ProjectStep', { error: 'UnavailableError', times: 4, declarationId: id! });
    const m = (await p.view(id!)).milestones;
    await runtime.clock.set(after(m.midtermAt));
    p.api.forgetTokens();
    const failed = await p.stage(id!, 'failed');
    expect(failed.lastReason).toMatch(/UnavailableError/);
    await eventually(async () => (await p.executionsOf(id!)).at(-1)!.described.status === 'FAILED', 'the execution to fail');
    const { events } = (await p.executionsOf(id!)).at(-1)!;
    expect(events.filter((e) => e.type === 'TaskFailed')).toHaveLength(4);
  }, 120_000);

  it('retries opening a task the service could not reach, and fails through RecordFailure when it cannot be opened at all', async () => {
    const p = projects(runtime);
    const id = await p.establishOne('elder-empowerment', 'applicant-b1', '重试项目');
    const m = (await p.view(id!)).milestones;
    await p.advanceTo(id!, new Date(Date.parse(m.midtermAt) - DAY));
    runtime.engine.injectFault('OpenTask', { error: 'UnavailableError', times: 2 });
    await p.advanceTo(id!, after(m.midtermAt));
    await p.report('applicant-b1', id!, 'midterm_report', p.actuals('elder-empowerment'));
    expect((await p.executionsOf(id!)).at(-1)!.events.filter((e) => e.type === 'TaskFailed')).toHaveLength(2);
    // The next task, the rectification, cannot be opened: not retried, caught, the project fails.
    // Armed once the review is open, or the fault could land on opening the review itself.
    await p.openTask('admin', id!, 'midterm_review');
    runtime.engine.injectFault('OpenTask', { error: 'Lambda.ResourceNotFoundException' });
    await p.decide('admin', id!, 'midterm_review', { outcome: 'rectify', comment: '补充台账' });
    const failed = await p.stage(id!, 'failed');
    expect(failed.lastReason).toMatch(/Lambda.ResourceNotFoundException/);
  }, 120_000);
});
