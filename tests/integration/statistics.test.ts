import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { store } from '../../functions/adapters/entities';
import { PageClient } from '../support/pages';
import { projects } from '../support/project';
import { ApiClient, fileRuntime } from '../support/runtime';

const runtime = fileRuntime({ sweepIntervalMs: 0 });
const DAY = 86_400_000;
const plan = [
  { milestone: 'establishment', percent: 50 },
  { milestone: 'midterm', percent: 30 },
  { milestone: 'acceptance', percent: 20 },
];

/**
 * Statistics over two years and three districts. Driven through the workflows: a 2025 call of
 * 老年教育赋能项目 establishing A区甲街道's and B区's projects (A's granted 10,000.00 元 and paid
 * 5,000.00 元 of it; B's terminated), a 2026 call of 社区教育特色品牌项目 establishing A区乙镇's
 * (granted 8,000.01 元), and a 2026 示范中心 call B区 declared to and its district has not yet
 * recommended. District C has no declaring account among the seeded users, so its one project (2025,
 * accepted 优秀, named, KPIs met, mid-term report on time, acceptance application late, granted
 * and paid 20,000.00 元) is written as the workflows write a project and its declaration.
 */
let api: ApiClient;
let ids: { a25: string; b25: string; a26: string; b26: string };

beforeAll(async () => {
  const p = projects(runtime);
  const first = await p.establish(
    'elder-empowerment',
    [
      ['applicant-a1', '甲街道银龄课堂'],
      ['applicant-b1', '乙街道数字助老'],
    ],
    { year: 2025 },
  );
  const [a25, b25] = first.ids as [string, string];
  const a26 = (await p.establish('community-brand', [['applicant-a2', '乙镇社区学习品牌']])).ids[0]!;
  const open = await p.createCall('demonstration-centre');
  const b26 = await p.declare('applicant-b1', open.callId, 'demonstration-centre', '乙街道示范中心');
  api = new ApiClient(runtime.url);
  p.ok(await api.as('admin').put(`/projects/${a25}/funding/grant`, { approvedFen: 1_000_000, tranches: plan, reason: '按评审结果核定' }));
  p.ok(
    await api
      .as('admin')
      .post(`/projects/${a25}/funding/payments`, { tranche: 1, paidOn: '2026-12-20', amountFen: 500_000, voucher: 'S-1' }),
    201,
  );
  p.ok(await api.as('admin').put(`/projects/${a26}/funding/grant`, { approvedFen: 800_001, tranches: plan, reason: '按评审结果核定' }));
  p.ok(await api.as('admin').post(`/projects/${b25}/terminate`, { reason: '承办单位撤并，项目无法继续' }));
  await p.stage(b25, 'terminated');
  await seedDistrictC(first.call.callId);
  ids = { a25, b25, a26, b26 };
  const experts = async (id: string) => ((await api.as('admin').get(`/declarations/${id}`)).body.experts as string[]).length;
  panel = { a25: await experts(a25), b25: await experts(b25), a26: await experts(a26) };
}, 600_000);

async function seedDistrictC(callId: string) {
  const db = store().entities;
  const now = runtime.clock.now();
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
  const base = {
    callId,
    kind: 'elder-empowerment',
    organisationId: 'expert-org-3',
    districtId: 'district-c',
    title: 'C区社区学院老年课堂',
  };
  await db.declaration
    .put({
      ...base,
      declarationId: 'stat-c1',
      applicant: 'nobody',
      stage: 'approved',
      version: 1,
      createdAt: at(-400),
      updatedAt: at(-300),
    })
    .go();
  await db.project
    .put({
      ...base,
      declarationId: 'stat-c1',
      stage: 'accepted',
      milestones: { midtermReportDueAt: at(-200), acceptanceApplicationDueAt: at(-60), constructionEndsAt: at(-60) },
      midterm: { report: { submittedAt: at(-201) } },
      acceptance: { application: { submittedAt: at(-59) }, result: { outcome: 'excellent' } },
      naming: { title: '市级示范', namedAt: at(-10) },
      funding: { approvedFen: 2_000_000, payments: [{ amountFen: 1_500_000 }, { amountFen: 500_000 }] },
      kpiTargets: [],
      version: 1,
      createdAt: at(-300),
      updatedAt: at(-10),
      year: 2025,
      batch: 1,
      nextDueAt: '9999-12-31T00:00:00.000Z',
      kpiAttainment: 'met',
    })
    .go();
  // Its selection's tasks: the district recommended a day late, the formal review on time, one expert
  // scored on time and the other never did (closed at the scoring deadline, past its due date).
  const task = (taskId: string, kind: 'district_recommendation' | 'formal_review' | 'expert_score', dueIn: number, decidedIn?: number) =>
    db.task
      .put({
        taskId,
        declarationId: 'stat-c1',
        callId,
        kind,
        assignee:
          kind === 'district_recommendation' ? 'district:district-c' : kind === 'formal_review' ? 'role:city-admin' : 'user:expert-3',
        status: decidedIn === undefined ? 'closed' : 'decided',
        dueAt: at(dueIn),
        ...(decidedIn === undefined ? {} : { decidedAt: at(decidedIn), decision: { outcome: 'done' }, decidedBy: 'someone' }),
        taskToken: 'seeded',
        executionArn: 'seeded',
        createdAt: at(-420),
      })
      .go();
  await task('stat-c1-district', 'district_recommendation', -415, -414);
  await task('stat-c1-formal', 'formal_review', -410, -411);
  await task('stat-c1-score-1', 'expert_score', -405, -406);
  await task('stat-c1-score-2', 'expert_score', -405);
  // Written after its call settled, as no workflow would: a selection the sweep's rollup kept for the call meanwhile is stale.
  const { data: kept } = await db.statisticsCall.query.byCall({}).go();
  await Promise.all(kept.map((k) => db.statisticsCall.delete({ callId: k.callId }).go()));
}

const zero = {
  declared: 0,
  recommended: 0,
  established: 0,
  inConstruction: 0,
  inAcceptance: 0,
  acceptedExcellent: 0,
  acceptedPass: 0,
  failed: 0,
  terminated: 0,
  named: 0,
  kpiMet: 0,
  kpiUnmet: 0,
  midtermDue: 0,
  midtermOnTime: 0,
  acceptanceDue: 0,
  acceptanceOnTime: 0,
  recommendationDue: 0,
  recommendationOnTime: 0,
  formalReviewDue: 0,
  formalReviewOnTime: 0,
  scoringDue: 0,
  scoringOnTime: 0,
  grantedFen: 0,
  paidFen: 0,
};
/**
 * A declaration selected over HTTP had its district recommendation, its formal review and each
 * assigned expert's scoring decided before their due dates: each counts once, on time.
 */
const selectedOnTime = (experts: number) => ({
  recommendationDue: 1,
  recommendationOnTime: 1,
  formalReviewDue: 1,
  formalReviewOnTime: 1,
  scoringDue: experts,
  scoringOnTime: experts,
});
/** How many experts scored each selected declaration (the kind's panel), read in beforeAll. */
let panel: { a25: number; b25: number; a26: number };
/** The hand counts, cell by cell. */
const hand = {
  a25: { ...zero, declared: 1, recommended: 1, established: 1, inConstruction: 1, grantedFen: 1_000_000, paidFen: 500_000 },
  b25: { ...zero, declared: 1, recommended: 1, established: 1, terminated: 1 },
  c25: {
    ...zero,
    declared: 1,
    recommended: 1,
    established: 1,
    acceptedExcellent: 1,
    named: 1,
    kpiMet: 1,
    midtermDue: 1,
    midtermOnTime: 1,
    acceptanceDue: 1,
    recommendationDue: 1,
    recommendationOnTime: 0,
    formalReviewDue: 1,
    formalReviewOnTime: 1,
    scoringDue: 2,
    scoringOnTime: 1,
    grantedFen: 2_000_000,
    paidFen: 2_000_000,
  },
  a26: { ...zero, declared: 1, recommended: 1, established: 1, inConstruction: 1, grantedFen: 800_001 },
  b26: { ...zero, declared: 1 },
};
const ok = async (path: string, as = 'admin') => {
  const reply = await api.as(as).get(path);
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body;
};
const refusedAt = async (path: string, field: string) => {
  const reply = await api.as('admin').get(path);
  expect(reply.status, JSON.stringify(reply.body)).toBe(422);
  expect(reply.contentType).toContain('application/problem+json');
  expect((reply.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
};

describe('statistics (GET /statistics) over HTTP', () => {
  it('counts per year × district × kind what the hand counts, once the rollup ran', async () => {
    const rollup = (await api.as('admin').post('/statistics/rollup', {})).body;
    expect(rollup.years).toEqual([2025, 2026]);
    expect(rollup.cellsWritten).toBe(5);
    const s25 = await ok('/statistics?year=2025');
    const cell = (s: any, district: string, kind: string) => {
      const found = s.cells.find((c: any) => c.districtId === district && c.kind === kind);
      return Object.fromEntries(Object.keys(zero).map((k) => [k, found?.[k]]));
    };
    expect(panel.a25).toBeGreaterThan(0);
    expect(cell(s25, 'district-a', 'elder-empowerment')).toEqual({ ...hand.a25, ...selectedOnTime(panel.a25) });
    expect(cell(s25, 'district-b', 'elder-empowerment')).toEqual({ ...hand.b25, ...selectedOnTime(panel.b25) });
    expect(cell(s25, 'district-c', 'elder-empowerment')).toEqual(hand.c25);
    expect(s25.cells).toHaveLength(3);
    expect(s25.cells.map((c: any) => c.districtName).sort()).toEqual(['A区社区教育主管部门', 'B区社区教育主管部门', 'C区社区教育主管部门']);
    expect(s25.total).toMatchObject({
      declared: 3,
      established: 3,
      terminated: 1,
      acceptedExcellent: 1,
      named: 1,
      grantedFen: 3_000_000,
      paidFen: 2_500_000,
      establishedRate: 100,
      kpiRate: 100,
      midtermOnTimeRate: 100,
      acceptanceOnTimeRate: 0,
      // 区级推荐: A and B on time, C a day late; 形式审查: all three on time; 专家评分: A's and B's panels on time, C one of two.
      recommendationOnTimeRate: 66.7,
      formalReviewOnTimeRate: 100,
      scoringOnTimeRate: Math.round(((panel.a25 + panel.b25 + 1) / (panel.a25 + panel.b25 + 2)) * 1000) / 10,
    });
    // The settled calls' selection is kept, the one still selecting (B区's 示范中心, not yet recommended: nothing due) is not.
    const kept = await store().entities.statisticsCall.query.byCall({}).go();
    expect(kept.data.map((k) => k.byDistrict['district-c'] ?? null).filter(Boolean)).toEqual([
      { recommendationDue: 1, recommendationOnTime: 0, formalReviewDue: 1, formalReviewOnTime: 1, scoringDue: 2, scoringOnTime: 1 },
    ]);
    expect(kept.data).toHaveLength(2);
    // The first rollup read every selection task (A's, B's and C's of 2025, A's of 2026, B区's open recommendation);
    // the next only the call still selecting.
    expect(rollup.tasksRead).toBe(2 + panel.a25 + 2 + panel.b25 + 4 + 2 + panel.a26 + 1);
    expect((await api.as('admin').post('/statistics/rollup', {})).body.tasksRead).toBe(1);
    const both = await ok('/statistics?year=2025&toYear=2026');
    expect(both.byYear.map((r: any) => [r.year, r.declared, r.established, r.grantedFen])).toEqual([
      [2025, 3, 3, 3_000_000],
      [2026, 2, 1, 800_001],
    ]);
    expect(both.byKind.map((r: any) => [r.kindName, r.declared]).sort()).toEqual(
      [
        ['社区教育特色品牌项目', 1],
        ['市级示范性社区教育中心', 1],
        ['老年教育赋能项目', 3],
      ].sort(),
    );
    const s26b = await ok('/statistics?year=2026&districtId=district-b');
    expect(s26b.cells.map((c: any) => c.kind)).toEqual(['demonstration-centre']);
    expect(s26b.total).toMatchObject({ declared: 1, recommended: 0, establishedRate: 0 });
    expect(s26b.total.kpiRate).toBeNull();
    const brand = await ok('/statistics?kind=community-brand');
    expect(brand.total).toMatchObject({ ...hand.a26, ...selectedOnTime(panel.a26) });
    expect(brand.total.scoringOnTimeRate).toBe(100);
  });

  it('shows a district bureau its own district only', async () => {
    const own = await ok('/statistics?year=2025', 'district-a');
    expect(own.cells.map((c: any) => c.districtId)).toEqual(['district-a']);
    expect(own.total).toMatchObject({ declared: 1, grantedFen: 1_000_000 });
    expect((await api.as('district-a').get('/statistics?districtId=district-b')).status).toBe(403);
    for (const who of ['applicant-a1', 'expert-1']) expect((await api.as(who).get('/statistics')).status).toBe(403);
    expect((await api.as('district-a').post('/statistics/rollup', {})).status).toBe(403);
  });

  it('refuses an unknown filter at its parameter', async () => {
    await refusedAt('/statistics?kind=no-such-kind', 'query.kind');
    await refusedAt('/statistics?districtId=centre-a1', 'query.districtId');
    await refusedAt('/statistics?districtId=district-z', 'query.districtId');
    await refusedAt('/statistics?year=20x5', 'query.year');
    await refusedAt('/statistics?year=2026&toYear=2025', 'query.toYear');
    await refusedAt('/statistics?colour=red', 'query.colour');
  });

  it('is recounted by the sweep once the last count is an hour old, and follows a change then', async () => {
    const db = store().entities;
    const before = await ok('/statistics?year=2026&districtId=district-b');
    expect(before.total.declared).toBe(1);
    // The declaration B区 submitted is withdrawn; the cell stays as counted until the next rollup.
    await db.declaration.patch({ declarationId: ids.b26 }).set({ stage: 'withdrawn' }).go();
    const soon = await runtime.sweep(new Date(Date.parse(before.computedAt) + 10 * 60_000));
    expect(soon.statistics).toBeUndefined();
    expect((await ok('/statistics?year=2026&districtId=district-b')).total.declared).toBe(1);
    const later = await runtime.sweep(new Date(Date.parse(before.computedAt) + 61 * 60_000));
    expect(later.statistics?.cellsWritten).toBe(5);
    const after = await ok('/statistics?year=2026&districtId=district-b');
    expect(after.total.declared).toBe(0);
    expect(after.cells).toHaveLength(1);
    await db.declaration.patch({ declarationId: ids.b26 }).set({ stage: 'district_review' }).go();
    await api.as('admin').post('/statistics/rollup', {});
  });

  it('exports the workbook a province report asks for: a sheet per table, Chinese headers, numbers as numbers', async () => {
    const reply = await fetch(`${runtime.url}/statistics/export?year=2025&toYear=2026`, {
      headers: { authorization: `Bearer ${await api.token('admin')}` },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await reply.arrayBuffer());
    expect(book.worksheets.map((s) => s.name)).toEqual(['明细', '按年度', '按区县', '按项目类别', '资金']);
    const detail = book.getWorksheet('明细')!;
    const headers = (detail.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(0, 6)).toEqual(['年度', '区县', '项目类别', '申报数', '区级推荐数', '立项数']);
    expect(headers).toContain('绩效指标达成率（%）');
    expect(headers).toContain('核定资助（元）');
    for (const sheet of book.worksheets) {
      expect(sheet.views[0], sheet.name).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.autoFilter, sheet.name).toBeTruthy();
    }
    expect(detail.rowCount).toBe(1 + 5);
    const byYear = book.getWorksheet('按年度')!;
    const column = (sheet: ExcelJS.Worksheet, header: string) => (sheet.getRow(1).values as unknown[]).indexOf(header);
    expect(byYear.getRow(2).getCell(1).value).toBe(2025);
    expect(byYear.getRow(2).getCell(column(byYear, '申报数')).value).toBe(3);
    expect(byYear.getRow(2).getCell(column(byYear, '验收优秀')).value).toBe(1);
    expect(byYear.getRow(2).getCell(column(byYear, '验收申请按时率（%）')).value).toBe(0);
    expect(byYear.getRow(2).getCell(column(byYear, '区级推荐按时率（%）')).value).toBe(66.7);
    expect(byYear.getRow(2).getCell(column(byYear, '形式审查按时率（%）')).value).toBe(100);
    expect(byYear.getRow(3).getCell(column(byYear, '专家评分按时率（%）')).value).toBe(100);
    const money = book.getWorksheet('资金')!;
    const granted = column(money, '核定资助（元）');
    const paid = column(money, '已拨付（元）');
    const rows = [2, 3, 4, 5, 6].map((r) => money.getRow(r));
    const a26 = rows.find((r) => r.getCell(1).value === 2026 && r.getCell(3).value === '社区教育特色品牌项目')!;
    expect(a26.getCell(granted).value).toBe(8000.01);
    expect(a26.getCell(granted).numFmt).toBe('"¥"#,##0.00');
    const a25 = rows.find((r) => r.getCell(1).value === 2025 && r.getCell(2).value === 'A区社区教育主管部门')!;
    expect([a25.getCell(granted).value, a25.getCell(paid).value]).toEqual([10000, 5000]);
  });

  it('the page shows the tables, the charts drawn as SVG and the money in 元, a wrong value told at its field', async () => {
    const office = await PageClient.signIn(runtime.url, 'admin');
    const page = await office.get('/ui/statistics?year=2025');
    expect(page.status).toBe(200);
    expect(page.html).toContain('统计报表');
    expect(page.html).toContain('<svg');
    expect(page.html).toContain('C区社区教育主管部门');
    expect(page.html).toContain('¥30,000.00');
    expect(page.html).toContain('href="/ui/statistics/export.xlsx?year=2025"');
    for (const header of ['区级推荐按时率（%）', '形式审查按时率（%）', '专家评分按时率（%）']) expect(page.html).toContain(header);
    expect(page.html).toContain('66.7%');
    expect(page.html).not.toMatch(/<script[^>]+src=["']https?:/);
    const wrong = await office.get('/ui/statistics?kind=no-such-kind');
    expect(wrong.status).toBe(422);
    expect(wrong.html).toMatch(/项目类别<\/label>[\s\S]*?class="error"/);
    expect(wrong.html).not.toContain('导出 Excel 报表');
    // The export link with a filter the API refuses: no workbook (not one of everything), the field's error instead.
    const wrongExport = await office.get('/ui/statistics/export.xlsx?kind=no-such-kind');
    expect(wrongExport.status).toBe(422);
    expect(wrongExport.html).toMatch(/项目类别<\/label>[\s\S]*?class="error"/);
    expect(wrongExport.html).not.toContain('导出 Excel 报表');
    const badYear = await office.get('/ui/statistics/export.xlsx?year=2026&toYear=2025');
    expect(badYear.status).toBe(422);
    expect(badYear.html).toMatch(/至年度<\/label>[\s\S]*?class="error"/);
    const malformed = await office.get('/ui/statistics/export.xlsx?year=20x5');
    expect(malformed.status).toBe(422);
    expect(malformed.html).toMatch(/年度<\/label>[\s\S]*?class="error"/);
    expect(malformed.html).not.toContain('导出 Excel 报表');
    const workbook = await office.get('/ui/statistics/export.xlsx?year=2025');
    expect(workbook.status).toBe(200);
    const district = await PageClient.signIn(runtime.url, 'district-a');
    const own = await district.get('/ui/statistics?year=2025');
    expect(own.html).toContain('¥10,000.00');
    expect(own.html).not.toContain('C区社区教育主管部门');
  });
});
