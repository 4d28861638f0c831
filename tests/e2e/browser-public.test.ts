import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, type Runtime } from '../../local/runtime';
import { checkAccessible, launchChromium } from '../support/browser';
import { codeSentFor } from '../support/outbox';
import { projects } from '../support/project';
import { pdf } from '../support/report-files';
import { startTestRuntime } from '../support/runtime';

const shots = join(projectRoot, 'docs', 'screenshots');

let runtime: Runtime;
let browser: Browser;
let p: ReturnType<typeof projects>;
let context: BrowserContext;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  [runtime, browser] = await Promise.all([startTestRuntime(), launchChromium()]);
  p = projects(runtime);
  // Nobody signs in: the public's pages, as anyone reads them.
  context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1200, height: 900 } });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await runtime?.stop();
});

describe('the public notice and rosters in a real browser, without an account (issue 22.4)', () => {
  const kind = 'elder-empowerment';
  let call: { callId: string; closesAt: string };
  let inNotice: { callId: string; noticeEndsAt: string };
  let id: string;

  it('objects to a project in the notice under a real name, with an evidence file, confirms with the code and sees the receipt', async () => {
    call = await p.createCall(kind);
    id = await p.reviewed('applicant-a1', call.callId, kind, '银龄数字课堂', 1);
    await p.scoredBy(id, kind, 0.85);
    await p.reached(id, 'scored');
    await p.closeWindow(call);
    inNotice = (await p.shortlist(call.callId, [id])).call;

    const page = await context.newPage();
    await page.goto(`${runtime.url}/ui/public/notices/${call.callId}`);
    expect(await page.locator('main table').textContent()).toContain('银龄数字课堂');
    expect(await page.locator('main').textContent()).not.toContain('评审得分');
    await checkAccessible(page);

    await page.fill('#f-realName', '张三');
    await page.fill('#f-contact', 'zhang@example.org');
    await page.fill('#f-reason', '活动场地与照片不符');
    await page.screenshot({ path: join(shots, 'public-notice.png'), fullPage: true });

    // Missing real name: said at the field, nothing sent; the rest is kept.
    await page.fill('#f-realName', '');
    await Promise.all([page.waitForURL(/\/objections$/), page.click('main form button[type=submit]')]);
    expect(await page.locator('#f-realName-error').textContent()).toBeTruthy();
    expect(await page.inputValue('#f-contact')).toBe('zhang@example.org');
    await page.fill('#f-realName', '张三');
    await Promise.all([page.waitForURL(/\/ui\/public\/objections\/[A-Z2-9]{12}\?sent=/), page.click('main form button[type=submit]')]);
    const receipt = /objections\/([A-Z2-9]{12})/.exec(page.url())![1]!;
    expect(await page.locator('main').textContent()).toContain('z***@example.org');

    // An evidence file, through the presigned form and back.
    await page.setInputFiles('#f-evidenceFile', { name: '现场照片说明.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf()) });
    await Promise.all([
      page.waitForURL(new RegExp(`/ui/public/objections/${receipt}(#evidence)?$`)),
      page.click('form.upload button[type=submit]'),
    ]);
    expect(await page.locator('main').textContent()).toContain('已上传 1 个');

    await page.fill('#f-code', codeSentFor(runtime, receipt));
    await Promise.all([page.waitForURL(/done=filed/), page.click('form[action$="/confirm"] button[type=submit]')]);
    const shown = await page.locator('main').textContent();
    expect(shown).toContain(receipt);
    expect(shown).toContain('已受理，处理中');
    await checkAccessible(page);
    await page.close();

    const [objection] = p.ok(await p.api.as('admin').get(`/calls/${call.callId}/objections`)).items;
    expect(objection).toMatchObject({
      receipt,
      realName: '张三',
      evidenceFiles: [expect.objectContaining({ fileName: '现场照片说明.pdf' })],
    });
    p.ok(
      await p.api
        .as('admin')
        .post(`/objections/${objection.objectionId}/handling`, { outcome: 'dismissed', note: '经核查，场地与申报一致' }),
    );
    const again = await context.newPage();
    await again.goto(`${runtime.url}/ui/public/objections/${receipt}`);
    expect(await again.locator('main').textContent()).toContain('经核查，场地与申报一致');
    await again.close();
  }, 240_000);

  it('reads the roster of established projects once the notice ends', async () => {
    await p.endNotice(inNotice);
    await p.finished(id, 'approved');
    const page = await context.newPage();
    await page.goto(`${runtime.url}/ui/public/rosters/established`);
    expect(await page.locator('#roster').textContent()).toContain('银龄数字课堂');
    expect(await page.locator('#roster').textContent()).toContain('A区甲街道社区教育中心');
    await checkAccessible(page);
    await page.screenshot({ path: join(shots, 'public-roster.png'), fullPage: true });
    await page.close();
  }, 120_000);
});
