import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, type Runtime } from '../../local/runtime';
import { checkAccessible, closeAll, launchChromium, signIn } from '../support/browser';
import { projects } from '../support/project';
import { ApiClient, startTestRuntime } from '../support/runtime';

const shots = join(projectRoot, 'docs', 'screenshots');

let runtime: Runtime;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  [runtime, browser] = await Promise.all([startTestRuntime(), launchChromium()]);
});

afterAll(async () => {
  await closeAll(contexts);
  await browser?.close();
  await runtime?.stop();
});

describe('the statistics page in a real browser', () => {
  it('the office opens it from the navigation: charts drawn as SVG, the tables, the money in 元, the workbook link', async () => {
    const p = projects(runtime);
    const { ids } = await p.establish('elder-empowerment', [
      ['applicant-a1', '甲街道银龄课堂'],
      ['applicant-b1', '乙街道数字助老'],
    ]);
    const api = new ApiClient(runtime.url);
    const tranches = [
      { milestone: 'establishment', percent: 50 },
      { milestone: 'acceptance', percent: 50 },
    ];
    p.ok(await api.as('admin').put(`/projects/${ids[0]}/funding/grant`, { approvedFen: 1_234_550, tranches, reason: '按评审结果核定' }));
    p.ok(await api.as('admin').post('/statistics/rollup', {}));

    const { context, page } = await signIn(browser, runtime.url, 'admin');
    contexts.push(context);
    await page.goto(`${runtime.url}/ui`);
    await Promise.all([page.waitForURL(/\/ui\/statistics/), page.click('nav a:text("统计报表")')]);
    await page.fill('#f-year', '2026');
    await Promise.all([page.waitForURL(/year=2026/), page.click('form.filters button[type=submit]')]);
    expect(await page.locator('svg[role=img]').count()).toBe(2);
    expect(await page.locator('svg[aria-label="各区县立项与验收"] rect').count()).toBeGreaterThan(2);
    const byDistrict = await page.locator('table[aria-labelledby="by-district"] tbody tr').allTextContents();
    expect(byDistrict.join('|')).toContain('A区社区教育主管部门');
    expect(byDistrict.join('|')).toContain('B区社区教育主管部门');
    expect(await page.locator('table[aria-labelledby="money"]').textContent()).toContain('¥12,345.50');
    expect(await page.locator('a:text("导出 Excel 报表")').getAttribute('href')).toBe('/ui/statistics/export.xlsx?year=2026');
    await checkAccessible(page);
    await page.screenshot({ path: join(shots, 'statistics.png'), fullPage: true });
  }, 300_000);
});
