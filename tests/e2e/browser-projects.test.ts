import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, type Runtime } from '../../local/runtime';
import { checkAccessible, closeAll, launchChromium, signIn, untilShown } from '../support/browser';
import { after, projects } from '../support/project';
import { eventually, startTestRuntime } from '../support/runtime';

const shots = join(projectRoot, 'docs', 'screenshots');

let runtime: Runtime;
let browser: Browser;
let p: ReturnType<typeof projects>;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  [runtime, browser] = await Promise.all([startTestRuntime(), launchChromium()]);
  p = projects(runtime);
});

afterAll(async () => {
  await closeAll(contexts);
  await browser?.close();
  await runtime?.stop();
});

/** Signed in afresh: a session issued before the clock moved has expired on the moved clock. */
async function as(username: string): Promise<Page> {
  const { context, page } = await signIn(browser, runtime.url, username);
  contexts.push(context);
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
/** The KPI table's cells after the row header: target, actual, met, shortfall. */
const kpiCells = (page: Page, key: string) => page.locator(`tr[data-kpi="${key}"] td`).allTextContents();

/** Opens the inbox until this project's task of that name is linked, and follows the link. */
async function openFromInbox(page: Page, id: string, label: string) {
  const link = await untilShown(page, `${runtime.url}/ui/inbox`, `a[href^="/ui/projects/${id}/tasks/"]:text("${label}")`);
  await Promise.all([page.waitForURL(new RegExp(`/ui/projects/${id}/tasks/`)), link.click()]);
}

const submit = (page: Page, done: string) =>
  Promise.all([page.waitForURL(new RegExp(`done=${done}`)), page.click('main form[action*="/tasks/"] button[type=submit]')]);

describe('a demonstration centre after 立项, in a real browser', () => {
  // One story told in steps; the selection is driven over the API, everything after it in the pages.
  const title = '甲街道社区教育中心';
  let id: string;
  let milestones: { midtermAt: string; acceptanceOpensAt: string };

  it('the applicant finds the project from the declaration: milestones and the KPI targets, nothing reported', async () => {
    id = (await p.establish('demonstration-centre', [['applicant-a1', title]])).ids[0]!;
    const project = await p.view(id);
    milestones = project.milestones;

    const applicant = await as('applicant-a1');
    await applicant.goto(`${runtime.url}/ui/applicant/declarations/${id}`);
    await Promise.all([applicant.waitForURL(new RegExp(`/ui/projects/${id}$`)), applicant.click(`main a[href="/ui/projects/${id}"]`)]);
    expect(await applicant.locator('h1').textContent()).toContain(title);
    expect(await applicant.locator('main').textContent()).toContain('建设中');
    const shown = await applicant.locator('ol.timeline li').allTextContents();
    expect(shown).toHaveLength(project.milestoneList.length);
    expect(shown.join('\n')).toContain('中期报告截止');
    expect(await kpiCells(applicant, 'personTimes')).toEqual(['400 人次/年', '未报告', '—', '—']);
    expect(await applicant.locator('tr[data-kpi]').count()).toBe(4);
    await checkAccessible(applicant);
    await shot(applicant, 'project-page');
  });

  it('at mid-term the applicant reports KPI actuals: a fraction of a person refused at its field, nothing written; then met / not met with the shortfall', async () => {
    await p.advanceTo(id, after(milestones.midtermAt));
    const applicant = await as('applicant-a1');
    await openFromInbox(applicant, id, '提交中期报告');
    // With the report, the applicant reports spending on the funding page (issue 23.3), its receipt
    // uploaded first (to the store, which sends the browser back holding it), then the line.
    await applicant.goto(`${runtime.url}/ui/projects/${id}`);
    await Promise.all([applicant.waitForURL(/\/funding$/), applicant.click(`main a[href="/ui/projects/${id}/funding"]`)]);
    const receipt = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    await applicant.setInputFiles('#f-receiptUploadKey', { name: '课程录制发票.pdf', mimeType: 'application/pdf', buffer: receipt });
    await Promise.all([applicant.waitForURL(/receipt-uploaded/), applicant.click('main form.upload button[type=submit]')]);
    expect(await applicant.locator('#receipt-held').textContent()).toContain('票据已上传：课程录制发票.pdf');
    await applicant.selectOption('#f-category', 'courseDevelopment');
    await applicant.fill('#f-amountFen', '3,000.00');
    await applicant.fill('#f-spentOn', '2027-05-10');
    await applicant.fill('#f-description', '课程录制');
    await checkAccessible(applicant);
    await Promise.all([
      applicant.waitForURL(/done=expenditure/),
      applicant.click('main form[action$="/funding/expenditures"] button[type=submit]'),
    ]);
    expect(await applicant.locator('#expenditures a[href$="/receipt"]').textContent()).toBe('课程录制发票.pdf');
    await shot(applicant, 'project-funding-expenditure');
    await openFromInbox(applicant, id, '提交中期报告');
    await checkAccessible(applicant);
    await applicant.fill('#f-report', '已开设线上学习平台，举办培训 2 场。');
    const actuals = { registrations: '120', credits: '12.5', trainingSessions: '2', personTimes: '450.5' };
    for (const [key, value] of Object.entries(actuals)) await applicant.fill(`#f-kpiActuals-${key}`, value);
    await applicant.click('main form[action*="/tasks/"] button[type=submit]');
    expect(await applicant.locator('.error[data-field="kpiActuals.personTimes"]').textContent()).toBe('请填写整数（人次/年）');
    expect(await applicant.getAttribute('#f-kpiActuals-personTimes', 'aria-invalid')).toBe('true');
    expect(await applicant.getAttribute('#f-kpiActuals-personTimes', 'aria-describedby')).toBe('f-kpiActuals-personTimes-error');
    expect(await applicant.getAttribute('#f-kpiActuals-credits', 'aria-invalid')).toBeNull();
    expect(await applicant.inputValue('#f-kpiActuals-credits')).toBe('12.5');
    expect(await applicant.locator('.problems a[href="#f-kpiActuals-personTimes"]').textContent()).toBe('培训人次');
    await shot(applicant, 'project-midterm-report');
    const unchanged = await p.view(id);
    expect(unchanged.stage).toBe('midterm_report');
    expect(unchanged.midterm ?? {}).not.toHaveProperty('report');

    await applicant.fill('#f-kpiActuals-personTimes', '450');
    await submit(applicant, 'midterm_report');
    const reported = await p.stage(id, 'midterm_review');
    expect(reported.midterm.report).toMatchObject({
      kpiActuals: { registrations: 120, credits: 12.5, trainingSessions: 2, personTimes: 450 },
      by: 'applicant-a1',
    });
    expect(await applicant.locator('main').textContent()).toContain('中期检查：审核中');
    expect(await applicant.locator('main').textContent()).toContain('达标 2/4');
    expect(await kpiCells(applicant, 'credits')).toEqual(['20 学分', '12.5 学分', '未达标', '7.5 学分']);
    expect(await kpiCells(applicant, 'trainingSessions')).toEqual(['4 场/年', '2 场/年', '未达标', '2 场/年']);
    expect(await kpiCells(applicant, 'personTimes')).toEqual(['400 人次/年', '450 人次/年', '达标', '—']);
  });

  it('the city office reviews the mid-term report on its page and passes it', async () => {
    const office = await as('admin');
    await openFromInbox(office, id, '中期检查审核');
    expect(await kpiCells(office, 'trainingSessions')).toEqual(['4 场/年', '2 场/年', '未达标', '2 场/年']);
    await checkAccessible(office);
    await office.check('#f-outcome-pass');
    await office.fill('#f-comment', '进度正常，培训场次须加强');
    await shot(office, 'project-midterm-review');
    await submit(office, 'midterm_review');
    const reviewed = await p.stage(id, 'construction');
    expect(reviewed.midterm.review).toMatchObject({ outcome: 'pass', comment: '进度正常，培训场次须加强' });
    expect(await office.locator('main').textContent()).toContain('中期检查：通过（进度正常，培训场次须加强）');
  });

  it('when acceptance opens the applicant applies with the actuals: the last year met, year 1 short of its training sessions', async () => {
    await p.advanceTo(id, after(milestones.acceptanceOpensAt));
    const applicant = await as('applicant-a1');
    await openFromInbox(applicant, id, '提交验收申请');
    await applicant.fill('#f-report', '两年建设总结：线上注册 130 人，培训 6 场。');
    const actuals = { registrations: 130, credits: 24, trainingSessions: 6, personTimes: 520 };
    for (const [key, value] of Object.entries(actuals)) await applicant.fill(`#f-kpiActuals-${key}`, String(value));
    await submit(applicant, 'acceptance_application');
    const applied = await p.stage(id, 'acceptance_assignment');
    expect(applied.acceptance.application.kpiActuals).toEqual(actuals);
    // Checked year by year (issue 21.2): the three yearly KPIs in each of the two years and the credits
    // once; year 1's training sessions (2 at the mid-term, 4 a year asked) stay short.
    expect(applied.kpis.acceptance).toMatchObject({ met: 6, total: 7, allMet: false });
    expect(await applicant.locator('main').textContent()).toContain('达标 6/7');
  });

  it('the office assigns acceptance experts on the task page, 回避 shown and not selectable', async () => {
    const office = await as('admin');
    await openFromInbox(office, id, '分配验收专家');
    await checkAccessible(office);
    // expert-1 and expert-4 are from district A, the centre's district.
    for (const conflicted of ['expert-1', 'expert-4']) {
      expect(await office.isDisabled(`#expert-${conflicted}`)).toBe(true);
      expect(await office.locator(`#expert-${conflicted}-conflict`).textContent()).toContain('回避');
    }
    for (const free of ['expert-2', 'expert-3', 'expert-5']) {
      expect(await office.isDisabled(`#expert-${free}`)).toBe(false);
      await office.check(`#expert-${free}`);
    }
    await shot(office, 'project-acceptance-assign');
    await Promise.all([office.waitForURL(/done=acceptance_assignment/), office.click('main form button[type=submit]')]);
    expect((await p.stage(id, 'acceptance_review')).experts).toEqual(['expert-2', 'expert-3', 'expert-5']);
  });

  it("each expert scores against the acceptance rubric; above a criterion's maximum is refused at its field", async () => {
    const sheet = { organisation: 16, premises: 16, kpis: 24, demonstration: 24 };
    for (const [n, expert] of ['expert-2', 'expert-3', 'expert-5'].entries()) {
      const page = await as(expert);
      await openFromInbox(page, id, '考核验收评分');
      for (const [key, value] of Object.entries(sheet)) await page.fill(`#f-scores-${key}`, String(value));
      await page.fill('#f-comment', '阵地规范，示范作用明显。');
      if (n === 0) {
        await page.fill('#f-scores-demonstration', '35');
        await page.click('main form[action*="/tasks/"] button[type=submit]');
        expect(await page.locator('#f-scores-demonstration-error').textContent()).toBe('分数须在 0 到 30 分之间，不能超过满分 30 分');
        expect(await page.getAttribute('#f-scores-demonstration', 'aria-invalid')).toBe('true');
        expect(await page.inputValue('#f-scores-demonstration')).toBe('35');
        expect(await page.inputValue('#f-comment')).toBe('阵地规范，示范作用明显。');
        expect(p.ok(await p.api.as('admin').get(`/projects/${id}/scores`)).items).toHaveLength(0);
        await checkAccessible(page);
        await shot(page, 'project-acceptance-score');
        await page.fill('#f-scores-demonstration', String(sheet.demonstration));
      }
      await submit(page, 'acceptance_score');
    }
    const scored = await p.stage(id, 'acceptance_decision');
    expect(scored.score).toMatchObject({ combined: 80, count: 3, missing: [] });
  });

  it('the office decides 合格; the project page shows the result and the naming (命名授牌)', async () => {
    const office = await as('admin');
    await openFromInbox(office, id, '确定验收结论');
    expect(await office.locator('main').textContent()).toContain('专家评分：80');
    // The decision's KPI table has a row per KPI and year: the second year's figures under year 2.
    expect(await office.locator('tr[data-kpi="registrations"]').count()).toBe(2);
    const registrations = (year: number) => office.locator(`tr[data-kpi="registrations"][data-year="${year}"] td`).allTextContents();
    expect(await registrations(1)).toEqual(['100 人/年', '120 人/年', '达标', '—']);
    expect(await registrations(2)).toEqual(['100 人/年', '130 人/年', '达标', '—']);
    // Only a brand project can be recommended to the province; a centre's form does not offer it.
    expect(await office.locator('#f-recommendToProvince').count()).toBe(0);
    await checkAccessible(office);
    await office.check('#f-outcome-pass');
    await office.fill('#f-comment', '达到验收标准');
    await submit(office, 'acceptance_decision');
    const named = await eventually(async () => {
      const v = await p.view(id, 'applicant-a1');
      return v.naming ? v : undefined;
    }, 'the naming');
    expect(named).toMatchObject({
      stage: 'accepted',
      phase: 'closed',
      acceptance: { result: { outcome: 'pass', comment: '达到验收标准' } },
      naming: { title: '市级示范性社区教育中心', grade: '合格' },
    });

    const applicant = await as('applicant-a1');
    await applicant.goto(`${runtime.url}/ui/projects/${id}`);
    const main = await applicant.locator('main').textContent();
    expect(main).toContain('已结束');
    expect(main).toContain('考核验收：合格（达到验收标准）');
    expect(main).toContain('验收得分：80');
    expect(await applicant.locator('#naming').textContent()).toContain('命名授牌：市级示范性社区教育中心（验收合格）');
    // Closed: no longer withdrawn, no open tasks left.
    expect(await applicant.locator('form[action$="/withdraw"]').count()).toBe(0);
    await checkAccessible(applicant);
    await shot(applicant, 'project-accepted');
    await applicant.goto(`${runtime.url}/ui/projects/${id}?lang=en`);
    expect(await applicant.locator('#naming').textContent()).toContain('Named：市级示范性社区教育中心（acceptance: passed）');
  });
});
