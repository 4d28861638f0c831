import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { PageClient } from '../support/pages';
import { after, projects } from '../support/project';
import { fileRuntime, late } from '../support/runtime';

/** 2026-06-01, a Monday: the office imports its 首批 while they are under way. */
const runtime = fileRuntime({ clockAt: '2026-06-01T02:00:00Z', sweepIntervalMs: 0 });
const p = late(() => projects(runtime));

const HOURS = '每班年学时目标（学时）';
const FILE = '2025年首批立项项目.xlsx';

/** Three projects of the 首批: one past its mid-term (passed on paper), one whose mid-term is due, one of a kind accepted once. */
const firstBatch = [
  ['A区甲街道社区教育中心', '老年教育赋能项目', '银龄智慧课堂', '2025', '1', '2025-09-01', '2026-09-01', '通过', '24'],
  ['A区乙镇社区教育中心', '老年教育赋能项目', '乙镇老年学堂', '2025', '1', '2025-10-01', '2026-10-01', '', ''],
  ['B区丙街道社区教育中心', '社区教育游学项目', '丙街道运河游学', '2026', '1', '2026-03-01', '2027-03-01', '', ''],
];

/** The office's template, downloaded from its page, with `rows` filled in under the headers it names. */
async function filledTemplate(page: PageClient, rows: string[][]) {
  const reply = await fetch(`${runtime.url}/ui/office/projects/import-template.xlsx`, { headers: { cookie: (page as any).cookie } });
  expect(reply.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await reply.arrayBuffer());
  const sheet = book.getWorksheet('立项项目')!;
  const headers = (sheet.getRow(1).values as string[]).slice(1);
  const at = (header: string) => headers.indexOf(header) + 1;
  const fixed = ['承担单位', '项目类型', '项目名称', '年度', '批次', '立项日期', '建设期结束', '中期检查结果', HOURS];
  rows.forEach((cells, i) => {
    const row = sheet.getRow(i + 2);
    cells.forEach((value, j) => {
      if (value) row.getCell(at(fixed[j]!)).value = value;
    });
  });
  return { book, headers };
}

async function upload(page: PageClient, book: ExcelJS.Workbook) {
  const form = new FormData();
  form.set('file', new Blob([await book.xlsx.writeBuffer()]), FILE);
  const reply = await fetch(`${runtime.url}/ui/office/projects/import`, {
    method: 'POST',
    headers: { cookie: (page as any).cookie, origin: page.origin },
    body: form,
  });
  return { status: reply.status, html: await reply.text() };
}

/** The rows the dry-run page carries to its confirmation. */
function confirmRows(html: string): string {
  const value = /name="rows" value="([^"]*)"/.exec(html)![1]!;
  return value
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#39;/g, "'");
}

const ids: Record<string, string> = {};
const [PASSED, DUE, TOUR] = ['银龄智慧课堂', '乙镇老年学堂', '丙街道运河游学'] as const;

describe('the import of projects established before shenbao (issue 22.5)', () => {
  it('offers a template naming every KPI, and a dry run names each bad row and column in Chinese, writing nothing', async () => {
    const page = await PageClient.signIn(runtime.url, 'admin');
    const { book, headers } = await filledTemplate(page, [
      ['不存在的社区教育中心', '老年教育赋能项目', '无名项目', '2025', '1', '2025-09-01', '2026-09-01', '', ''],
      ['A区甲街道社区教育中心', '老年教育赋能项目', '日期有误', '2025', '1', '2025-13-01', '2026-09-01', '', ''],
      ['A区乙镇社区教育中心', '老年教育赋能项目', '目标过低', '2025', '1', '2025-10-01', '2026-10-01', '', '15'],
    ]);
    expect(headers).toEqual(expect.arrayContaining(['承担单位', '立项日期', '中期检查结果', HOURS, '开展游学活动目标（期/年）']));
    const dry = await upload(page, book);
    expect(dry.status).toBe(422);
    expect(dry.html).toContain('有 3 行被拒绝，整个文件都不会导入');
    expect(dry.html).toContain('第 2 行 承担单位：没有名为“不存在的社区教育中心”的机构');
    expect(dry.html).toContain('第 3 行 立项日期：请填写正确的日期');
    expect(dry.html).toContain(`第 4 行 ${HOURS}：“每班年学时”的目标不得低于本类型下限 20（学时）`);
    expect(dry.html).not.toContain('确认导入');

    // The API says the same per row and column, and refuses the whole file: nothing is written.
    const rows = firstBatch.map((cells, i) => ({ row: i + 2, cells: cellsOf(cells) }));
    rows.push({
      row: 5,
      cells: cellsOf(['B区丙街道社区教育中心', '旧项目类型', '类型不明', '2025', '1', '2025-09-01', '2026-09-01', '', '']),
    });
    const refused = await p.api.as('admin').post('/project-imports?dryRun=false', { fileName: FILE, rows });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: any) => e.field)).toEqual(['body.rows.row-5.项目类型']);
    expect((await p.api.as('admin').get('/projects?kind=elder-empowerment')).body.items).toEqual([]);
    expect((await p.api.as('district-a').post('/project-imports?dryRun=true', { fileName: FILE, rows })).status).toBe(403);
  });

  it('imports the 首批 through the page: each project stands where it is, with a confirmed task book and its history', async () => {
    const page = await PageClient.signIn(runtime.url, 'admin');
    const { book } = await filledTemplate(page, firstBatch);
    const dry = await upload(page, book);
    expect(dry.status, dry.html).toBe(200);
    expect(dry.html).toContain('试导入：将新建 3 个项目，已导入过的 0 个。尚未写入任何内容。');
    const done = await page.post('/ui/office/projects/import', { rows: confirmRows(dry.html), confirm: 'yes' });
    expect(done.html).toContain(`已导入 ${FILE}：新建 3 个项目`);

    const portfolio = p.ok(await p.api.as('admin').get('/projects?limit=50')).items as any[];
    for (const [, , title] of firstBatch) ids[title!] = portfolio.find((r) => r.title === title)?.projectId;
    expect(Object.values(ids).every(Boolean), JSON.stringify(portfolio)).toBe(true);

    // Past its mid-term, passed on paper: it waits for the acceptance window.
    const passed = await p.view(ids[PASSED]!, 'applicant-a1');
    expect(passed).toMatchObject({ stage: 'construction', midtermDone: true, year: 2025, batch: 1 });
    expect(passed.milestones.constructionEndsAt.slice(0, 10)).toBe('2026-08-31'); // 2026-09-01 in China
    expect(passed.kpiTargets.find((k: any) => k.key === 'classHours').target).toBe(24);
    expect(passed.taskBook).toMatchObject({ confirmedVersion: 1, versions: [{ status: 'confirmed', confirmedBy: 'admin' }] });
    expect(passed.openTasks).toEqual([]);
    const history = p.ok(await p.api.as('admin').get(`/declarations/${ids[PASSED]}/history`)).items as any[];
    expect(history.find((e) => e.action === 'project.imported')).toMatchObject({ actor: 'admin' });
    expect(history.find((e) => e.action === 'project.imported').reason).toContain(`导入自 ${FILE} 第 2 行`);

    // Its mid-term passed without a result: the report is open now, due in working days from today.
    await p.stage(ids[DUE]!, 'midterm_report');
    const report = await p.openTask('applicant-a2', ids[DUE]!, 'midterm_report');
    expect(Date.parse(report.dueAt)).toBeGreaterThan(runtime.clock.now().getTime() + 7 * 86400_000);
    const due = await p.view(ids[DUE]!);
    expect(due.milestones.midtermReportDueAt).toBe(report.dueAt);
    expect(portfolio.find((r) => r.title === DUE)).toMatchObject({ nextDueAt: report.dueAt, overdue: false });

    // A kind accepted once (结项验收) has no mid-term: it waits for acceptance.
    expect(await p.view(ids[TOUR]!, 'applicant-b1')).toMatchObject({ stage: 'construction', midtermDone: true });
  }, 120_000);

  it('the same file again creates nothing, and says so', async () => {
    const rows = firstBatch.map((cells, i) => ({ row: i + 2, cells: cellsOf(cells) }));
    const again = p.ok(await p.api.as('admin').post('/project-imports?dryRun=false', { fileName: FILE, rows }));
    expect(again).toMatchObject({ valid: true, applied: true, counts: { create: 0, unchanged: 3, refuse: 0 } });
    const portfolio = p.ok(await p.api.as('admin').get('/projects?limit=50')).items as any[];
    expect(portfolio.filter((r) => Object.values(ids).includes(r.projectId))).toHaveLength(3);
    expect(portfolio).toHaveLength(3);
  });

  it('an imported project goes through its remaining steps to acceptance with the clock moved', async () => {
    const id = ids[PASSED]!;
    const m = (await p.view(id)).milestones;
    await p.advanceTo(id, after(m.acceptanceOpensAt));
    const application = await p.openTask('applicant-a1', id, 'acceptance_application');
    expect(application.dueAt).toBe(m.acceptanceApplicationDueAt);
    await p.report(
      'applicant-a1',
      id,
      'acceptance_application',
      { ...p.actuals('elder-empowerment', 1.1), classHours: 26 },
      '一年建设总结。',
    );
    await p.assess(id, 'elder-empowerment', 0.8);
    await p.decide('admin', id, 'acceptance_decision', { outcome: 'pass', comment: '合格' });
    const accepted = await p.stage(id, 'accepted');
    expect(accepted.kpis.acceptance.allMet).toBe(true);
    const history = (p.ok(await p.api.as('applicant-a1').get(`/declarations/${id}/history`)).items as any[]).map((e) => e.action);
    expect(history).toEqual(
      expect.arrayContaining([
        'project.imported',
        'acceptance.opened',
        'acceptance.applied',
        'acceptance.experts_assigned',
        'acceptance.pass',
      ]),
    );
    expect(history).not.toContain('midterm.started');
  }, 180_000);
});

/** A row's cells by the template's column keys, as the API takes them. */
function cellsOf([organisation, kind, title, year, batch, establishedAt, constructionEndsAt, midtermResult, hours]: string[]) {
  const cells: Record<string, string> = {
    organisation: organisation!,
    kind: kind!,
    title: title!,
    year: year!,
    batch: batch!,
    establishedAt: establishedAt!,
    constructionEndsAt: constructionEndsAt!,
  };
  if (midtermResult) cells.midtermResult = midtermResult;
  if (hours) cells['kpi.classHours'] = hours;
  return cells;
}
