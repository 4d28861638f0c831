import { describe, expect, it } from 'vitest';
import { exe } from '../support/documents';
import { PageClient, postUpload, uploadFormOf } from '../support/pages';
import { pdf } from '../support/report-files';
import { after, projects } from '../support/project';
import { fileRuntime } from '../support/runtime';

const runtime = fileRuntime();

/** The text of an element by id, tags stripped. */
const textOf = (html: string, id: string) =>
  (html.match(new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</(p|tr|section)>`))?.[1] ?? '').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');

describe('the funding pages (issue 23): the applicant’s budget, the office’s grant and payments, in Chinese with ¥1,234.50', () => {
  it('the office sets the grant and records a payment from the page, each refusal at its field in Chinese', async () => {
    const p = projects(runtime);
    const id = await p.establishOne('elder-empowerment', 'applicant-a1', '银龄数字课堂');
    const applicant = await PageClient.signIn(runtime.url, 'applicant-a1');
    expect((await applicant.get(`/ui/projects/${id}`)).html).toContain(`href="/ui/projects/${id}/funding"`);
    const budget = await applicant.get(`/ui/projects/${id}/funding`);
    expect(budget.status).toBe(200);
    expect(budget.html).toContain('课程开发');
    expect(textOf(budget.html, 'budget-total')).toContain('预算合计：¥12,000.00');
    expect(textOf(budget.html, 'budget-requested')).toContain('本类项目资助上限 ¥500,000.00');
    expect(budget.html).toContain('尚未核定资助经费');
    expect(budget.html).not.toContain(`action="/ui/projects/${id}/funding/grant"`);

    const office = await PageClient.signIn(runtime.url, 'admin');
    const grantAt = `/ui/projects/${id}/funding/grant`;
    expect((await office.get(`/ui/projects/${id}/funding`)).html).toContain(`action="${grantAt}"`);
    const plan = { 'percent.establishment': '50', 'percent.midterm': '30', 'percent.acceptance': '20' };
    const notYuan = await office.post(grantAt, { approvedFen: '12.345', ...plan });
    expect(notYuan.status).toBe(422);
    expect(notYuan.html).toMatch(/data-field="approvedFen"[^>]*>请填写以元为单位的金额/);
    const noReason = await office.post(grantAt, { approvedFen: '10,000.01', ...plan });
    expect(noReason.status).toBe(422);
    expect(noReason.html).toMatch(/data-field="reason"[^>]*>核定金额与申请金额 12,000.00 元 不同，须说明理由/);
    const badPlan = await office.post(grantAt, { approvedFen: '12,000', ...plan, 'percent.acceptance': '10' });
    expect(badPlan.status).toBe(422);
    expect(badPlan.html).toContain('各笔拨付比例之和须为 100%');
    const granted = await office.post(grantAt, { approvedFen: '10,000.01', reason: '核减宣传费', ...plan });
    expect(granted.status).toBe(303);
    const page = (await office.get(`/ui/projects/${id}/funding`)).html;
    expect(textOf(page, 'grant-approved')).toContain('核定资助：¥10,000.01（申请 ¥12,000.00）；理由：核减宣传费');
    expect(textOf(page, 'tranche-3')).toContain('¥2,000.01');
    expect(textOf(page, 'tranche-1')).toContain('可拨付');
    expect(textOf(page, 'tranche-2')).toContain('待达到拨付节点');

    const payAt = `/ui/projects/${id}/funding/payments`;
    const tooMuch = await office.post(payAt, { tranche: '1', paidOn: '2026-12-20', amountFen: '5,000.01', voucher: 'PZ-1' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.html).toMatch(/data-field="amountFen"[^>]*>拨付金额超过该笔当前可拨付金额 5,000.00 元/);
    expect((await office.post(payAt, { tranche: '1', paidOn: '2026-12-20', amountFen: '5,000.00', voucher: 'PZ-1' })).status).toBe(303);
    const again = await office.post(payAt, { tranche: '1', paidOn: '2026-12-21', amountFen: '5,000.00', voucher: 'PZ-2' });
    expect(again.status).toBe(422);
    expect(again.html).toContain('该笔经费已拨付（凭证号 PZ-1），不能重复拨付');
    const paid = (await applicant.get(`/ui/projects/${id}/funding`)).html;
    expect(textOf(paid, 'tranche-1')).toContain('2026-12-20 5,000.00 元（凭证号 PZ-1）');
    expect(textOf(paid, 'grant-totals')).toContain('已拨付 ¥5,000.00');

    // With the mid-term report the applicant reports spending per line (issue 23.3), refusals in Chinese at the field.
    const m = (await p.view(id, 'applicant-a1')).milestones;
    await p.advanceTo(id, after(m.midtermAt));
    await p.stage(id, 'midterm_report');
    // Sessions last 8 hours of the moved clock: sign in again.
    const [spender, reader] = [await PageClient.signIn(runtime.url, 'applicant-a1'), await PageClient.signIn(runtime.url, 'admin')];
    const spendAt = `/ui/projects/${id}/funding/expenditures`;
    expect((await spender.get(`/ui/projects/${id}/funding`)).html).toContain(`action="${spendAt}"`);
    const outlay = { category: 'courseDevelopment', amountFen: '3,000.00', spentOn: '2027-05-10', description: '课程录制' };
    const notAmount = await spender.post(spendAt, { ...outlay, amountFen: '-3' });
    expect(notAmount.status).toBe(422);
    expect(notAmount.html).toMatch(/data-field="amountFen"[^>]*>请填写以元为单位的金额/);
    const notLine = await spender.post(spendAt, { ...outlay, category: 'teachers' });
    expect(notLine.status).toBe(422);
    expect(notLine.html).toMatch(/data-field="category"[^>]*>不是本项目的预算科目/);
    // A receipt (optional) is uploaded first, straight to the store, whose redirect brings the page back
    // holding it; it is judged like any material when the expenditure is reported with it.
    const upload = async (name: string, bytes: Uint8Array) => {
      const form = uploadFormOf((await spender.get(`/ui/projects/${id}/funding`)).html, 'f-receiptUploadKey');
      const stored = await postUpload(runtime.url, form, new File([new Uint8Array(bytes)], name));
      expect(stored.status).toBe(303);
      const back = new URL(stored.location!);
      expect(back.pathname).toBe(`${spendAt}/receipt-uploaded`);
      const held = await spender.get(`${back.pathname}${back.search}`);
      expect(held.status).toBe(200);
      expect(textOf(held.html, 'receipt-held')).toContain(`票据已上传：${name}`);
      expect(held.html).not.toContain('id="f-receiptUploadKey"');
      return /name="receiptUploadKey" value="([^"]+)"/.exec(held.html)![1]!;
    };
    const spentSoFar = async () => p.ok(await p.api.as('applicant-a1').get(`/projects/${id}/funding`)).expenditures.length;
    const disguised = await spender.post(spendAt, { ...outlay, receiptUploadKey: await upload('发票.pdf', exe()) });
    expect(disguised.status).toBe(422);
    expect(disguised.html).toMatch(/id="f-receiptUploadKey-error"[^>]*>\s*文件内容不是 .pdf 格式，而是可执行程序（.exe），不能上传/);
    expect(disguised.html).toContain('id="f-receiptUploadKey"');
    expect(await spentSoFar()).toBe(0);
    const notHeld = await spender.get(`${spendAt}/receipt-uploaded?key=uploads/elsewhere/x.pdf`);
    expect(notHeld.status).toBe(422);
    expect(notHeld.html).toContain('票据未能上传，请重新上传');
    const receiptKey = await upload('课程录制发票.pdf', pdf());
    // Refused at another field, the page keeps holding the receipt.
    const badDate = await spender.post(spendAt, { ...outlay, spentOn: '2027-02-30', receiptUploadKey: receiptKey });
    expect(badDate.status).toBe(422);
    expect(badDate.html).toContain(`name="receiptUploadKey" value="${receiptKey}"`);
    expect(await spentSoFar()).toBe(0);
    expect((await spender.post(spendAt, { ...outlay, receiptUploadKey: receiptKey })).status).toBe(303);
    const spent = (await reader.get(`/ui/projects/${id}/funding`)).html;
    const receiptLink = /href="([^"]+\/receipt)">课程录制发票.pdf</.exec(spent)?.[1];
    expect(receiptLink).toMatch(new RegExp(`^${spendAt}/exp_[^/]+/receipt$`));
    const download = await reader.get(receiptLink!);
    expect(download.status).toBe(200);
    expect(download.html).toContain('%PDF-1.4');
    expect((await (await PageClient.signIn(runtime.url, 'applicant-b1')).get(receiptLink!)).status).toBe(404);
    expect(textOf(spent, 'execution-total')).toContain('预算合计 ¥12,000.00；已拨付 ¥5,000.00；已支出 ¥3,000.00；预算执行率 25.00%');
    expect(textOf(spent, 'line-courseDevelopment')).toContain('25.00%');
    expect(spent).not.toContain(`action="${spendAt}"`);
  }, 180_000);
});
