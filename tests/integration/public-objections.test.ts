import { describe, expect, it } from 'vitest';
import { codeSentFor } from '../support/outbox';
import { PageClient } from '../support/pages';
import { projects } from '../support/project';
import { fileRuntime, late } from '../support/runtime';

const runtime = fileRuntime();
const p = late(() => projects(runtime));

const anonymous = {
  get: (path: string) => p.api.request('GET', path),
  post: (path: string, body: unknown) => p.api.request('POST', path, { body }),
};

describe('the public notice and objections without an account (issue 22.4), over HTTP', () => {
  it('shows the notice without scores or contacts, files a real-name objection confirmed by a code, and reports its handling by receipt', async () => {
    const kind = 'elder-empowerment';
    const call = await p.createCall(kind);
    const id = await p.reviewed('applicant-a1', call.callId, kind, '社区智慧助老课堂', 1);
    await p.scoredBy(id, kind, 0.85);
    await p.reached(id, 'scored');
    await p.closeWindow(call);
    const { call: inNotice } = await p.shortlist(call.callId, [id]);
    const objections = `/public/calls/${call.callId}/objections`;

    // The notice as the public reads it: names, no scores, no contact details.
    const notice = p.ok(await anonymous.get(`/public/calls/${call.callId}/notice`));
    expect(notice).toMatchObject({ running: true, endsAt: inNotice.noticeEndsAt });
    expect(notice.items).toEqual([
      { declarationId: id, title: '社区智慧助老课堂', organisationName: expect.any(String), districtName: expect.any(String) },
    ]);
    const declaration = p.ok(await p.api.as('admin').get(`/declarations/${id}`));
    const text = JSON.stringify(notice);
    expect(text).not.toContain('combined');
    expect(text).not.toContain(declaration.contactPhone);
    expect(notice.items[0].organisationName).not.toMatch(/^org-/);

    // The limits count in fixed windows (an hour per address, a day per contact): start at the top
    // of an hour, so the 16 minutes the clock moves below cannot carry the counts into the next one.
    const HOUR = 3_600_000;
    await runtime.clock.set(new Date(Math.ceil(runtime.clock.now().getTime() / HOUR) * HOUR + 60_000));
    p.api.forgetTokens();

    // Bad input at the field, nothing written.
    const missing = await anonymous.post(objections, { declarationId: id, contact: 'zhang@example.org', reason: '场地不符' });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.realName']);
    const badContact = await anonymous.post(objections, { declarationId: id, realName: '张三', contact: '12345', reason: '场地不符' });
    expect(badContact.body.errors).toEqual([expect.objectContaining({ field: 'body.contact' })]);
    const notListed = await anonymous.post(objections, {
      declarationId: 'dcl-none',
      realName: '张三',
      contact: 'zhang@example.org',
      reason: '场地不符',
    });
    expect(notListed.body.errors).toEqual([expect.objectContaining({ field: 'body.declarationId' })]);

    // An objection by email: the code goes there; a wrong code counts a try; the right one files it, once.
    const asked = p.ok(
      await anonymous.post(objections, { declarationId: id, realName: '张三', contact: 'zhang@example.org', reason: '活动场地与照片不符' }),
      202,
    );
    expect(asked).toMatchObject({ receipt: expect.stringMatching(/^[A-Z2-9]{12}$/), sentTo: 'z***@example.org' });
    expect(p.ok(await anonymous.get(`/public/objections/${asked.receipt}`))).toMatchObject({
      status: 'unconfirmed',
      projectTitle: '社区智慧助老课堂',
    });
    const code = codeSentFor(runtime, asked.receipt);
    const wrong = await anonymous.post(`/public/objections/${asked.receipt}/confirm`, { code: code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([{ field: 'body.code', message: 'wrong code; 4 tries left' }]);
    expect(p.ok(await p.api.as('admin').get(`/calls/${call.callId}/objections`)).items).toEqual([]);
    const filed = p.ok(await anonymous.post(`/public/objections/${asked.receipt}/confirm`, { code }));
    expect(filed).toMatchObject({ receipt: asked.receipt, status: 'open' });
    const reused = await anonymous.post(`/public/objections/${asked.receipt}/confirm`, { code });
    expect(reused.status).toBe(422);
    expect(reused.body.errors[0]).toMatchObject({ field: 'body.code', message: expect.stringContaining('used') });

    // The office handles it like any other; the objector reads the result by receipt, and only that.
    const [objection] = p.ok(await p.api.as('admin').get(`/calls/${call.callId}/objections`)).items;
    expect(objection).toMatchObject({ realName: '张三', contact: 'zhang@example.org', receipt: asked.receipt, status: 'open' });
    p.ok(
      await p.api
        .as('admin')
        .post(`/objections/${objection.objectionId}/handling`, { outcome: 'dismissed', note: '经实地核查，场地与申报一致' }),
    );
    const result = p.ok(await anonymous.get(`/public/objections/${asked.receipt}`));
    expect(result).toMatchObject({ status: 'dismissed', result: '经实地核查，场地与申报一致' });
    expect(JSON.stringify(result)).not.toContain('zhang@example.org');
    expect(JSON.stringify(result)).not.toContain('张三');
    const history = p.ok(await p.api.as('admin').get(`/declarations/${id}/history`)).items;
    expect(history).toContainEqual(expect.objectContaining({ action: 'objection.filed', reason: expect.stringContaining(asked.receipt) }));

    // A code by text message to a mobile; it expires after 15 minutes.
    const byPhone = p.ok(
      await anonymous.post(objections, { declarationId: id, realName: '李四', contact: '13912345678', reason: '学员人数存疑' }),
      202,
    );
    expect(byPhone.sentTo).toBe('139****5678');
    const phoneCode = codeSentFor(runtime, byPhone.receipt);
    await runtime.clock.set(new Date(runtime.clock.now().getTime() + 16 * 60_000));
    const expired = await anonymous.post(`/public/objections/${byPhone.receipt}/confirm`, { code: phoneCode });
    expect(expired.body.errors[0]).toMatchObject({ field: 'body.code', message: expect.stringContaining('expired') });
    const expiredPage = await new PageClient(runtime.url).post(`/ui/public/objections/${byPhone.receipt}/confirm`, { code: phoneCode });
    expect(expiredPage.status).toBe(422);
    expect(expiredPage.html).toContain('验证码已过期，请重新提交异议');
    expect(expiredPage.html).toContain('<a href="#f-code">验证码</a>');
    expect(expiredPage.html).not.toContain('此项');

    // At most three codes a day to one contact, ten objections an hour from one address: 429 with Retry-After.
    const again = { declarationId: id, realName: '张三', contact: 'zhang@example.org', reason: '补充理由' };
    p.ok(await anonymous.post(objections, again), 202);
    p.ok(await anonymous.post(objections, again), 202);
    const flooded = await anonymous.post(objections, again);
    expect(flooded.status).toBe(429);
    expect(Number(flooded.headers.get('retry-after'))).toBeGreaterThan(0);
    // Six from this address so far (what the schema refused never reached the count; the rest did, even refused ones).
    let status = 202;
    for (let i = 0; status === 202 && i < 5; i++)
      status = (await anonymous.post(objections, { ...again, contact: `wang${i}@example.org` })).status;
    expect(status).toBe(429);

    // The page: the same notice, the form's Chinese at the field, the receipt.
    const page = await new PageClient(runtime.url).get(`/ui/public/notices/${call.callId}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('社区智慧助老课堂');
    expect(page.html).toContain(notice.items[0].organisationName);
    expect(page.html).not.toContain(declaration.contactPhone);
    const refused = await new PageClient(runtime.url).post(`/ui/public/notices/${call.callId}/objections`, {
      declarationId: id,
      realName: '王五',
      contact: '12345',
      reason: '理由',
    });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('请填写手机号码或电子邮箱');
    // The summary names the field by its label, linked to it.
    expect(refused.html).toContain('<a href="#f-contact">手机号码或电子邮箱（接收验证码）</a>');
    expect(refused.html).not.toContain('此项');
    const receiptPage = await new PageClient(runtime.url).get(`/ui/public/objections/${asked.receipt}`);
    expect(receiptPage.html).toContain('异议不成立');
    expect(receiptPage.html).toContain('经实地核查，场地与申报一致');

    // After the notice ends: 409.
    await runtime.clock.set(new Date(Date.parse(inNotice.noticeEndsAt) + 60 * 60_000));
    const late_ = await anonymous.post(objections, { ...again, contact: 'zhao@example.org' });
    expect(late_.status).toBe(409);
  });
});
