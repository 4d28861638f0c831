import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededKind } from '../../local/kind-seeds';
import { projectRoot, type Runtime } from '../../local/runtime';
import { checkAccessible, closeAll, launchChromium, signIn, untilShown } from '../support/browser';
import { ApiClient, eventually, startTestRuntime } from '../support/runtime';

const shots = join(projectRoot, 'docs', 'screenshots');
const preset = seededKind('elder-empowerment');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

let runtime: Runtime;
let browser: Browser;
let api: ApiClient;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  [runtime, browser] = await Promise.all([startTestRuntime(), launchChromium()]);
  api = new ApiClient(runtime.url);
});

afterAll(async () => {
  await closeAll(contexts);
  await browser?.close();
  await runtime?.stop();
});

async function as(username: string, options?: Parameters<typeof signIn>[3]): Promise<Page> {
  const { context, page } = await signIn(browser, runtime.url, username, options);
  contexts.push(context);
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

describe('the selection in a real browser', () => {
  // One story told in steps; each step goes on from where the previous one left the system.
  const title = '银龄数字课堂';
  let admin: Page;
  let office: Page;
  let callId: string;
  let call: { closesAt: string; config: { rubric: unknown[] } };
  let id: string;
  let experts: string[];
  let scored: { score: { combined: number } };
  const sheets: Record<string, Record<string, number>> = {};

  it("the city office creates a call from a kind's preset", async () => {
    // The city office creates a call from the elder-education preset.
    admin = await as('admin');
    await admin.goto(`${runtime.url}/ui/office/calls/new?kind=elder-empowerment`);
    await checkAccessible(admin);
    await expect
      .poll(() => admin.locator('main li').allTextContents())
      .toContain(`${preset.rubric[0]!.labelZh}（满分 ${preset.rubric[0]!.maxScore}）`);
    await admin.fill('#f-title', '2026年度老年教育赋能项目申报（浏览器测试）');
    await admin.fill('#f-quota', '2');
    await shot(admin, 'office-new-call');
    await Promise.all([admin.waitForURL(/\/ui\/office\/calls\/call_/), admin.click('main form[method=post] button[type=submit]')]);
    callId = new URL(admin.url()).pathname.split('/').pop()!;
    call = await eventually(async () => {
      const reply = await api.as('admin').get(`/calls/${callId}`);
      return reply.body.status === 'open' ? reply.body : undefined;
    }, 'the call to open');
    expect(call.config.rubric).toHaveLength(preset.rubric.length);
    // Open from the start, its settings are shown read-only, every control still labelled.
    await admin.goto(`${runtime.url}/ui/office/calls/${callId}/settings`);
    expect(await admin.locator('#settings-closed').isVisible()).toBe(true);
    expect(await admin.isDisabled('#f-quota')).toBe(true);
    expect(await admin.inputValue('#f-quota')).toBe('2');
    await checkAccessible(admin);
  });

  it('an applicant is told field by field what is missing, attaches materials (a disguised file refused) and submits', async () => {
    // The applicant starts a declaration and is told, field by field, what submission still needs.
    const applicant = await as('applicant-a1');
    await applicant.fill(`#f-title-${callId}`, title);
    await Promise.all([applicant.waitForURL(/\/declarations\/app_/), applicant.click(`form[action$="${callId}/declarations"] button`)]);
    id = new URL(applicant.url()).pathname.split('/').pop()!;
    await applicant.click('button[value=submit]');
    await expect.poll(() => applicant.locator('.error[data-field="summary"]').textContent()).toBe('提交申报前须填写此项');
    expect(await applicant.locator('#f-materials-declarationForm-error').textContent()).toContain('申报书');
    expect(await applicant.locator('.error[data-field="fields.serviceArea"]').textContent()).toContain('服务区域');
    await shot(applicant, 'applicant-errors');

    await applicant.fill('#f-summary', '为辖区老年人开设智能手机课程，每周两次。');
    await applicant.fill('#f-contactName', '王老师');
    await applicant.fill('#f-contactPhone', '12');
    await applicant.fill('#f-fields-serviceArea', '甲街道');
    await applicant.fill('#f-fields-plannedLearners', '120');
    await applicant.fill('#f-fields-implementationPlan', '每周二、四下午在社区学校授课。');
    await applicant.click('button[value=save]');
    // The same schema as the API: the phone is refused (in the page's Chinese), nothing is saved.
    expect(await applicant.locator('.error[data-field="contactPhone"]').textContent()).toBe(
      '请填写正确的电话号码：11 位手机号码，或带区号的固定电话（如 021-5555 0101）',
    );
    await applicant.fill('#f-contactPhone', '021-5555 0101');
    await Promise.all([applicant.waitForURL(/done=saved/), applicant.click('button[value=save]')]);

    // Materials: a renamed program is refused by its content, PDFs are stored and listed.
    await applicant.setInputFiles('#f-materials-declarationForm', {
      name: '申报书.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('MZ not a pdf'),
    });
    await applicant.click('form:has(#f-materials-declarationForm) button');
    expect(await applicant.locator('#f-materials-declarationForm-error').textContent()).toBe(
      '文件内容不是 .pdf 格式，而是可执行程序（.exe），不能上传',
    );
    // The forms post files to the store itself (S3 in the cloud, its local stand-in here), not to the pages.
    expect(await applicant.locator('form:has(#f-materials-budget)').getAttribute('action')).toBe('/dev/blobs');
    for (const [key, name] of [
      ['declarationForm', '申报书.pdf'],
      ['budget', '预算表.pdf'],
    ] as const) {
      await applicant.setInputFiles(`#f-materials-${key}`, { name, mimeType: 'application/pdf', buffer: PDF });
      await Promise.all([applicant.waitForURL(/done=uploaded/), applicant.click(`form:has(#f-materials-${key}) button`)]);
    }
    await checkAccessible(applicant);
    await Promise.all([applicant.waitForURL(/done=submitted/), applicant.click('button[value=submit]')]);
    expect(await applicant.locator('ol.timeline li.current').textContent()).toContain('区级推荐');
    await shot(applicant, 'applicant-submitted');
  });

  it('the district recommends from its inbox', async () => {
    // The district recommends from its inbox.
    const district = await as('district-a');
    const recommendation = await untilShown(district, `${runtime.url}/ui/inbox`, 'a:text("区级推荐")');
    await shot(district, 'district-inbox');
    await recommendation.click();
    await checkAccessible(district);
    expect(await district.locator('main a[href$="/materials/budget"]').textContent()).toContain('预算表.pdf');
    await district.check('#f-outcome-recommend');
    await district.fill('#f-rank', '1');
    await shot(district, 'district-decision');
    // Submitted from the keyboard: after a full-page screenshot of this tall page, Chromium's click
    // on the button no longer reached it (no request was sent); Enter on the focused button does.
    await district.focus('main form[method=post] button[type=submit]');
    await Promise.all([district.waitForURL(/inbox\?done/), district.keyboard.press('Enter')]);
  });

  it('the city office finds it eligible and assigns experts, 回避 shown and not selectable', async () => {
    // The city office finds it eligible, then assigns experts with 回避 shown.
    const review = await untilShown(admin, `${runtime.url}/ui/inbox`, 'a:text("形式审查")');
    await review.click();
    await admin.check('#f-outcome-approve');
    await Promise.all([admin.waitForURL(/inbox\?done/), admin.click('main form[method=post] button[type=submit]')]);
    const assign = await untilShown(admin, `${runtime.url}/ui/inbox`, 'a:text("分配评审专家")');
    await assign.click();
    await checkAccessible(admin);
    // expert-1 and expert-4 are from district A, the declaration's district.
    for (const conflicted of ['expert-1', 'expert-4']) {
      expect(await admin.isDisabled(`#expert-${conflicted}`)).toBe(true);
      expect(await admin.locator(`#expert-${conflicted}-conflict`).textContent()).toContain('回避');
    }
    await shot(admin, 'office-assign-experts');
    await Promise.all([admin.waitForURL(new RegExp(`/ui/office/declarations/${id}$`)), admin.click('main form button[type=submit]')]);
    // The workflow opens the invitations just after the page answers.
    experts = await eventually(async () => {
      const items = (await api.as('admin').get(`/declarations/${id}/invitations`)).body.items as { expert: string }[];
      return items.length === 3 && items.map((i) => i.expert);
    }, 'three invitations');
    expect(experts).not.toContain('expert-1');
  });

  it('each invited expert accepts the invitation from the inbox (专家邀请)', async () => {
    for (const [n, expert] of experts.entries()) {
      const page = await as(expert);
      const invitation = await untilShown(page, `${runtime.url}/ui/inbox`, 'a:text("评审邀请")');
      await invitation.click();
      await page.check('#f-outcome-accept');
      if (n === 0) await checkAccessible(page);
      await Promise.all([page.waitForURL(/inbox\?done/), page.click('main form[method=post] button[type=submit]')]);
    }
    await eventually(async () => (await api.as('admin').get(`/declarations/${id}`)).body.stage === 'expert_review', 'scoring to start');
  });

  it("each expert scores with the rubric; a score above a criterion's maximum is refused", async () => {
    // Each expert scores with the rubric; a score above a criterion's maximum is refused.
    for (const [n, expert] of experts.entries()) {
      const page = await as(expert);
      const task = await untilShown(page, `${runtime.url}/ui/inbox`, 'a:text("专家评分")');
      await task.click();
      expect(await page.locator('text=王老师').count(), 'experts do not see the contact').toBe(0);
      const scores = Object.fromEntries(preset.rubric.map((c, i) => [c.key, c.maxScore - n - i]));
      sheets[expert] = scores;
      for (const [key, value] of Object.entries(scores)) await page.fill(`#f-scores-${key}`, String(value));
      await page.fill('#f-comment', '方案扎实，特色明显。');
      if (n === 0) {
        await page.fill('#f-scores-foundation', '25');
        await page.click('main form[method=post] button[type=submit]');
        expect(await page.locator('.error[data-field="scores.foundation"]').textContent()).toMatch(/20/);
        await checkAccessible(page);
        await shot(page, 'expert-score');
        await page.fill('#f-scores-foundation', String(scores.foundation));
      }
      await Promise.all([page.waitForURL(/inbox\?done/), page.click('main form[method=post] button[type=submit]')]);
    }
    scored = await eventually(async () => {
      const reply = await api.as('admin').get(`/declarations/${id}`);
      return reply.body.stage === 'scored' ? reply.body : undefined;
    }, 'the declaration to be scored');
  });

  it('past the closing, the office shortlists from the ranking and the notice is published', async () => {
    // The window closes on the moved clock; the office ranks, shortlists, and the notice is published.
    await runtime.clock.set(new Date(Date.parse(call.closesAt) + 60_000));
    api.forgetTokens();
    await eventually(async () => {
      const reply = await api.as('admin').get('/tasks');
      return (reply.body.items as any[]).some((t) => t.declarationId === callId && t.kind === 'shortlist');
    }, 'the shortlist task');
    office = await as('admin'); // the earlier session's token expired on the moved clock
    await office.goto(`${runtime.url}/ui/office/calls/${callId}/ranking`);
    expect(await office.isChecked(`#pick-${id}`)).toBe(true);
    await checkAccessible(office);
    await shot(office, 'office-ranking');
    await Promise.all([office.waitForURL(/done=shortlisted/), office.click('main form button[type=submit]')]);
    const noticeRow = await untilShown(office, `${runtime.url}/ui/notices/${callId}`, `td:text("${title}")`);
    expect(await noticeRow.isVisible()).toBe(true);
    await shot(office, 'notice');

    await office.goto(`${runtime.url}/ui/office/calls/${callId}`);
    expect(await office.locator('[data-stage="in_notice"]').textContent()).toBe('1');
    expect(await office.locator('#median-times').textContent()).toContain('区级推荐');
    await checkAccessible(office);
    await shot(office, 'office-dashboard');
  });

  it('after the notice the applicant sees 立项, in Chinese and English, readable at 200% zoom', async () => {
    // Seven working days later the notice ends: the applicant sees the project established (立项).
    const { noticeEndsAt } = (await api.as('admin').get(`/calls/${callId}`)).body;
    await runtime.clock.set(new Date(Date.parse(noticeEndsAt) + 60_000));
    api.forgetTokens();
    await eventually(async () => (await api.as('admin').get(`/calls/${callId}`)).body.status === 'established', 'establishment');
    const after = await as('applicant-a1');
    await after.goto(`${runtime.url}/ui/applicant/declarations/${id}`);
    expect(await after.locator('ol.timeline li.current').textContent()).toContain('立项');
    await shot(after, 'applicant-established');

    // Readable at 200% zoom: a 1200 px window at twice the size is a 600 px layout.
    const zoomed = await as('applicant-a1', { viewport: { width: 600, height: 900 }, deviceScaleFactor: 2 });
    await zoomed.goto(`${runtime.url}/ui/applicant/declarations/${id}`);
    await checkAccessible(zoomed);
    await zoomed.keyboard.press('Tab');
    expect(await zoomed.evaluate(() => document.activeElement?.className)).toBe('skip');
    await shot(zoomed, 'applicant-200-percent');
    await zoomed.goto(`${runtime.url}/ui/applicant/declarations/${id}?lang=en`);
    expect(await zoomed.locator('ol.timeline li.current').textContent()).toContain('Established');
  });

  it("the Excel export holds every criterion of every expert's sheet and the combined score", async () => {
    // The export holds every criterion of every expert's sheet and the combined score.
    const exporter = await as('admin'); // signed in again: the notice lasted longer than a session
    const response = await exporter.context().request.get(`${runtime.url}/ui/office/calls/${callId}/export.xlsx`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await response.body()) as unknown as ArrayBuffer);
    const summary = book.getWorksheet('申报汇总')!;
    expect(summary.getRow(2).getCell(1).value).toBe(id);
    expect(summary.getRow(2).getCell(2).value).toBe(title);
    expect(summary.getRow(2).getCell(5).value).toBe('立项');
    expect(summary.getRow(2).getCell(7).value).toBe(scored.score.combined);
    const detail = book.getWorksheet('专家评分')!;
    expect(detail.rowCount).toBe(1 + experts.length);
    const headers = (detail.getRow(1).values as unknown[]).slice(1);
    // The export names each expert by their name in the pool, as the pages do.
    const pool = (await api.as('admin').get('/experts')).body.items as { username: string; displayName: string }[];
    const usernameOf = (name: string) => pool.find((e) => e.displayName === name)?.username;
    for (let r = 2; r <= detail.rowCount; r++) {
      const row = detail.getRow(r);
      const expert = usernameOf(row.getCell(3).value as string)!;
      expect(experts).toContain(expert);
      preset.rubric.forEach((c, i) => {
        expect(headers[3 + i]).toBe(`${c.labelZh}（满分${c.maxScore}）`);
        expect(row.getCell(4 + i).value).toBe(sheets[expert]![c.key]);
      });
    }
  });
});
