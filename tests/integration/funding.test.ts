import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { completeDeclarationOf } from '../support/slice';
import { fileRuntime } from '../support/runtime';
import { after, projects } from '../support/project';

const runtime = fileRuntime();

const plan = [
  { milestone: 'establishment', percent: 50 },
  { milestone: 'midterm', percent: 30 },
  { milestone: 'acceptance', percent: 20 },
];
const statuses = (funding: any) => funding.grant.tranches.map((t: any) => t.status);
const actions = async (p: ReturnType<typeof projects>, id: string) =>
  p.ok(await p.api.as('admin').get(`/declarations/${id}/history`)).items.map((e: any) => e.action) as string[];

describe('funding (issue 23) over HTTP, with the clock moved through a two-year project', () => {
  it('the budget is refused at submit by the rule it breaks, naming it, with nothing written', async () => {
    const p = projects(runtime);
    const call = await p.createCall('elder-empowerment');
    const declaration = completeDeclarationOf('elder-empowerment', '预算超限的项目');
    const over = {
      ...declaration,
      fields: {
        ...declaration.fields,
        budgetLines: [
          { category: 'teachers', amount: 30_000_000, source: 'fiscal' },
          { category: 'equipment', amount: 25_000_000, source: 'fiscal' },
        ],
      },
    };
    const draft = p.ok(await p.api.as('applicant-a1').post(`/calls/${call.callId}/declarations`, over), 201);
    const refused = await p.api.as('applicant-a1').post(`/declarations/${draft.declarationId}/submit`);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      { field: 'declaration.fields.budgetLines', message: expect.stringContaining("above the kind's maximum of 50000000 分") },
      { field: 'declaration.fields.budgetLines', message: expect.stringContaining('above its 30%') },
    ]);
    expect(p.ok(await p.api.as('applicant-a1').get(`/declarations/${draft.declarationId}`)).stage).toBe('draft');
    // A cell refused at the cell when saved: a fractional 分, an unknown category.
    const bad = await p.api.as('applicant-a1').post(`/calls/${call.callId}/declarations`, {
      ...declaration,
      fields: { ...declaration.fields, budgetLines: [{ category: 'yachts', amount: 10.5, source: 'fiscal' }] },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: any) => e.field).sort()).toEqual([
      'body.fields.budgetLines.0.amount',
      'body.fields.budgetLines.0.category',
    ]);
  }, 60_000);

  it('grant at 立项, tranches released by the mid-term and acceptance, each paid once', async () => {
    const p = projects(runtime);
    const id = await p.establishOne('demonstration-centre', 'applicant-b1', '乙街道社区教育中心');
    const asked = p.ok(await p.api.as('applicant-b1').get(`/projects/${id}/funding`));
    expect(asked.grant).toBeNull();
    expect(asked.budget).toMatchObject({ totalFen: 1_200_000, requestedFen: 1_200_000, maxGrantFen: 100_000_000 });
    expect(asked.budget.lines[0]).toMatchObject({ categoryLabel: '课程开发', sourceLabel: '财政' });

    const grant = (body: unknown, as = 'admin') => p.api.as(as).put(`/projects/${id}/funding/grant`, body);
    // Bad grants, each at its field, nothing written.
    for (const [body, field] of [
      [{ approvedFen: 1_000_001, tranches: plan }, 'body.reason'],
      [{ approvedFen: -5, tranches: plan }, 'body.approvedFen'],
      [{ approvedFen: 100.5, tranches: plan }, 'body.approvedFen'],
      [{ approvedFen: 100_000_000_001, tranches: plan }, 'body.approvedFen'],
      [{ approvedFen: 100_000_001, reason: '超上限', tranches: plan }, 'body.approvedFen'],
      [{ approvedFen: 1_200_000, tranches: plan.slice(0, 2) }, 'body.tranches'],
    ] as const) {
      const refused = await grant(body);
      expect(refused.status, JSON.stringify(body)).toBe(422);
      expect(refused.body.errors.map((e: any) => e.field)).toContain(field);
    }
    expect((await grant({ approvedFen: 1_200_000, tranches: plan }, 'applicant-b1')).status).toBe(403);
    expect(p.ok(await p.api.as('admin').get(`/projects/${id}/funding`)).grant).toBeNull();

    const body = { approvedFen: 1_000_001, reason: '按评审意见核减宣传费', tranches: plan };
    const granted = p.ok(await grant(body));
    expect(granted.grant.tranches.map((t: any) => t.amountFen)).toEqual([500_000, 300_000, 200_001]);
    expect(statuses(granted)).toEqual(['payable', 'pending', 'pending']);
    expect(p.ok(await grant(body)).grant.grantedAt).toBe(granted.grant.grantedAt);
    expect((await grant({ ...body, approvedFen: 1_000_000 })).status).toBe(409);

    const pay = (tranche: number, amountFen: number, voucher: string) =>
      p.api.as('admin').post(`/projects/${id}/funding/payments`, { tranche, paidOn: '2026-12-20', amountFen, voucher });
    const early = await pay(2, 300_000, 'PZ-002');
    expect(early.status).toBe(422);
    expect(early.body.errors).toEqual([{ field: 'body.amountFen', message: expect.stringContaining('payable on tranche 2: 0 分') }]);
    expect((await pay(1, 500_001, 'PZ-001')).status).toBe(422);
    expect((await pay(1, 500_000, 'PZ-001')).status).toBe(201);
    expect((await pay(1, 500_000, 'PZ-001')).status).toBe(200);
    expect((await pay(1, 500_000, 'PZ-009')).status).toBe(409);
    expect(p.ok(await p.api.as('admin').get(`/projects/${id}/funding`)).grant.payments).toHaveLength(1);

    // Expenditure goes with the reports: none during construction.
    const spend = (body: Record<string, unknown>, as = 'applicant-b1') => p.api.as(as).post(`/projects/${id}/funding/expenditures`, body);
    const outlay = { category: 'courseDevelopment', amountFen: 500_000, spentOn: '2027-03-01', description: '课程开发费用' };
    expect((await spend(outlay)).status).toBe(409);

    const m = (await p.view(id, 'applicant-b1')).milestones;
    await p.advanceTo(id, after(m.midtermAt));
    await p.stage(id, 'midterm_report');
    // Bad expenditure, each at its field, nothing written: negative, fractional 分, over 10^11 分, not a line of this budget.
    for (const [body, field] of [
      [{ ...outlay, amountFen: -1 }, 'body.amountFen'],
      [{ ...outlay, amountFen: 10.5 }, 'body.amountFen'],
      [{ ...outlay, amountFen: 100_000_000_001 }, 'body.amountFen'],
      [{ ...outlay, category: 'yachts' }, 'body.category'],
      [{ ...outlay, category: 'teachers' }, 'body.category'],
      [{ ...outlay, spentOn: '2027-02-30' }, 'body.spentOn'],
    ] as const) {
      const refused = await spend(body);
      expect(refused.status, JSON.stringify(body)).toBe(422);
      expect(refused.body.errors.map((e: any) => e.field)).toContain(field);
    }
    expect((await spend(outlay, 'admin')).status).toBe(403);
    const first = p.ok(await spend(outlay), 201);
    expect(first).toMatchObject({ report: 'midterm', amountFen: 500_000 });
    const midway = p.ok(await p.api.as('admin').get(`/projects/${id}/funding`));
    expect(midway.expenditures).toHaveLength(1);
    expect(midway.execution).toMatchObject({ budgetFen: 1_200_000, paidFen: 500_000, spentFen: 500_000, rateBp: 4166, rate: '41.66%' });
    expect(midway.execution.lines).toEqual([
      expect.objectContaining({ category: 'courseDevelopment', label: '课程开发', rate: '41.66%', overspent: false }),
    ]);
    await p.report('applicant-b1', id, 'midterm_report', p.actuals('demonstration-centre', 0.9));
    await p.stage(id, 'midterm_review');
    expect(statuses(p.ok(await p.api.as('admin').get(`/projects/${id}/funding`)))).toEqual(['paid', 'pending', 'pending']);
    await p.decide('admin', id, 'midterm_review', { outcome: 'pass', comment: '进度正常' });
    await p.stage(id, 'construction');
    expect(statuses(p.ok(await p.api.as('admin').get(`/projects/${id}/funding`)))).toEqual(['paid', 'payable', 'pending']);
    expect((await pay(2, 300_000, 'PZ-002')).status).toBe(201);

    await p.advanceTo(id, after(m.acceptanceOpensAt));
    await p.stage(id, 'acceptance_application');
    // Spending beyond the line's budget by more than the kind's 10%: flagged to the office.
    p.ok(await spend({ ...outlay, amountFen: 850_000, spentOn: '2028-06-01', description: '课程录制' }), 201);
    const over = p.ok(await p.api.as('admin').get(`/projects/${id}/funding`));
    expect(over.execution.lines[0]).toMatchObject({ spentFen: 1_350_000, rate: '112.50%', overspent: true });
    const notes = p.ok(await p.api.as('admin').get('/notifications')).items;
    expect(notes.find((n: any) => n.kind === 'funding-overspend' && n.declarationId === id)?.body).toContain('课程开发已支出 13,500.00 元');
    // The 决算: bad lines at their field; one that does not reconcile is recorded, and says where.
    const accounts = (amountFen: number) => ({
      lines: [{ category: 'courseDevelopment', amountFen }],
      sources: [{ source: 'fiscal', receivedFen: 800_000 }],
    });
    const settle = (body: unknown) => p.api.as('applicant-b1').put(`/projects/${id}/funding/final-accounts`, body);
    for (const [body, field] of [
      [{ ...accounts(1), lines: [{ category: 'yachts', amountFen: 1 }] }, 'body.lines.0.category'],
      [accounts(-1), 'body.lines.0.amountFen'],
      [accounts(0.5), 'body.lines.0.amountFen'],
      [{ ...accounts(1), sources: [{ source: 'lottery', receivedFen: 1 }] }, 'body.sources.0.source'],
    ] as const) {
      const refused = await settle(body);
      expect(refused.status, JSON.stringify(body)).toBe(422);
      expect(refused.body.errors.map((e: any) => e.field)).toContain(field);
    }
    expect(p.ok(await p.api.as('admin').get(`/projects/${id}/funding`)).finalAccounts).toBeNull();
    p.ok(await settle(accounts(1_300_000)));
    await p.report('applicant-b1', id, 'acceptance_application', p.actuals('demonstration-centre', 1.1), '两年建设总结。');
    await p.assess(id, 'demonstration-centre', 0.9);
    expect((await pay(3, 200_001, 'PZ-003')).status).toBe(422);
    // Acceptance waits for a 决算 that reconciles: the decision is refused naming the line, the task says why.
    const blocked = await p.decide('admin', id, 'acceptance_decision', { outcome: 'pass', comment: '合格' }, 409);
    expect(blocked.reply.detail).toContain('课程开发：决算 13,000.00 元，报告支出 13,500.00 元，相差 500.00 元');
    const task = p.ok(await p.api.as('admin').get(`/tasks/${blocked.task.taskId}`));
    expect(task.blockedReason).toContain('课程开发：决算 13,000.00 元');
    const stated = p.ok(await p.api.as('applicant-b1').get(`/projects/${id}/funding`));
    expect(stated.finalAccounts.mismatches).toEqual([
      expect.objectContaining({
        kind: 'line',
        category: 'courseDevelopment',
        declaredFen: 1_300_000,
        reportedFen: 1_350_000,
        differenceFen: -50_000,
      }),
    ]);
    p.ok(await settle(accounts(1_350_000)));
    expect(p.ok(await p.api.as('admin').get(`/tasks/${blocked.task.taskId}`)).blockedReason).toBeUndefined();
    await p.decide('admin', id, 'acceptance_decision', { outcome: 'pass', comment: '合格' });
    await p.stage(id, 'accepted');
    expect((await pay(3, 200_001, 'PZ-003')).status).toBe(201);
    const done = p.ok(await p.api.as('applicant-b1').get(`/projects/${id}/funding`));
    expect(statuses(done)).toEqual(['paid', 'paid', 'paid']);
    expect(done.grant.totals).toEqual({ approvedFen: 1_000_001, paidFen: 1_000_001, payableFen: 0, pendingFen: 0, stoppedFen: 0 });
    const history = await actions(p, id);
    expect(history.filter((a) => a === 'funding.tranche_released')).toHaveLength(3);
    expect(history.filter((a) => a === 'funding.paid')).toHaveLength(3);
    expect(history).toContain('funding.granted');
    expect(history.filter((a) => a === 'funding.expenditure_reported')).toHaveLength(2);
    expect(history.filter((a) => a === 'funding.final_accounts_submitted')).toHaveLength(2);
    expect(history).toContain('funding.overspent');
    // The call's workbook: spent and 预算执行率 beside the grant, and the 决算 reconciled.
    const { callId } = await p.view(id, 'admin');
    const response = await fetch(`${runtime.url}/ui/office/calls/${callId}/export.xlsx`, {
      headers: { cookie: `shenbao_session=${await p.api.token('admin')}` },
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await response.arrayBuffer());
    const sheet = book.getWorksheet('经费')!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(1).value === id)!;
    const cell = (header: string) => row.getCell(headers.indexOf(header) + 1).value;
    expect([cell('已支出（元）'), cell('预算执行率'), cell('决算')]).toEqual([13500, 1.125, '已提交，一致']);
  }, 300_000);

  it('a termination stops the tranches not yet released, and the history says so', async () => {
    const p = projects(runtime);
    const { call, ids } = await p.establish('elder-empowerment', [['applicant-a1', '银龄数字课堂']]);
    const id = ids[0]!;
    p.ok(await p.api.as('admin').put(`/projects/${id}/funding/grant`, { approvedFen: 1_200_000, tranches: plan }));
    p.ok(
      await p.api
        .as('admin')
        .post(`/projects/${id}/funding/payments`, { tranche: 1, paidOn: '2026-12-20', amountFen: 600_000, voucher: 'T-1' }),
      201,
    );
    p.ok(await p.api.as('admin').post(`/projects/${id}/terminate`, { reason: '承办单位撤并，项目无法继续' }));
    const stopped = p.ok(await p.api.as('admin').get(`/projects/${id}/funding`));
    expect(statuses(stopped)).toEqual(['paid', 'stopped', 'stopped']);
    expect(stopped.grant.totals).toMatchObject({ paidFen: 600_000, stoppedFen: 600_000, payableFen: 0 });
    const refused = await p.api
      .as('admin')
      .post(`/projects/${id}/funding/payments`, { tranche: 2, paidOn: '2026-12-21', amountFen: 360_000, voucher: 'T-2' });
    expect(refused.status).toBe(422);
    const history = p.ok(await p.api.as('applicant-a1').get(`/declarations/${id}/history`)).items;
    expect(history.find((e: any) => e.action === 'funding.tranches_stopped')?.reason).toContain('第 2 笔（中期检查通过，3,600.00 元）');

    // The call's workbook carries a funding sheet: amounts as numbers of 元 in a currency format.
    const response = await fetch(`${runtime.url}/ui/office/calls/${call.callId}/export.xlsx`, {
      headers: { cookie: `shenbao_session=${await p.api.token('admin')}` },
    });
    expect(response.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await response.arrayBuffer());
    const sheet = book.getWorksheet('经费')!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(1).value === id)!;
    const cell = (header: string) => row.getCell(headers.indexOf(header) + 1);
    expect(cell('项目阶段').value).toBe('终止');
    expect(cell('预算合计（元）').value).toBe(12000);
    expect(cell('核定资助（元）').value).toBe(12000);
    expect(cell('已拨付（元）').value).toBe(6000);
    expect(cell('已停止拨付（元）').value).toBe(6000);
    expect(cell('已拨付（元）').numFmt).toBe('"¥"#,##0.00');
    expect(cell('已支出（元）').value).toBe(0);
    expect(cell('预算执行率').value).toBe(0);
    expect(cell('预算执行率').numFmt).toBe('0.00%');
  }, 120_000);
});
