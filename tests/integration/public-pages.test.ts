import { describe, expect, it } from 'vitest';
import { codeSentFor } from '../support/outbox';
import type { KindDefinition } from '../../core/kind-definition';
import { seededKind } from '../../local/kind-seeds';
import { exe } from '../support/documents';
import { PageClient, postUpload } from '../support/pages';
import { after, projects } from '../support/project';
import { pdf } from '../support/report-files';
import { eventually, fileRuntime, late } from '../support/runtime';

const runtime = fileRuntime();
const p = late(() => projects(runtime));

const anonymous = (path: string) => p.api.request('GET', path);
const anonymousPost = (path: string, body?: unknown) => p.api.request('POST', path, body === undefined ? {} : { body });

/** Uploads `bytes` as `name` as evidence of a pending objection through the presigned form, then attaches it. */
async function evidence(receipt: string, name: string, bytes: Uint8Array) {
  const form = p.ok(await anonymousPost(`/public/objections/${receipt}/evidence/upload-form`), 201);
  const stored = await postUpload(
    runtime.url,
    { action: form.url, fields: Object.entries(form.fields) },
    new File([new Uint8Array(bytes)], name),
  );
  expect(stored.status).toBe(204);
  return anonymousPost(`/public/objections/${receipt}/evidence`, { uploadKey: form.key.replace('${filename}', name) });
}
const page = (path: string) => new PageClient(runtime.url).get(path);

/** Nothing that looks like a person's contact: no email address, no mainland mobile, no landline as the seeds write them. */
function expectNoContacts(text: string, known: string[] = []) {
  expect(text).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}/);
  expect(text).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
  for (const k of known.filter(Boolean)) expect(text).not.toContain(k);
}

/** Uploads `bytes` as `name` for the call through the presigned form, then attaches it (public or not). */
async function attach(callId: string, name: string, bytes: Uint8Array, shown: boolean) {
  const form = p.ok(await p.api.as('admin').post(`/calls/${callId}/attachments/upload-form`), 201);
  const stored = await postUpload(
    runtime.url,
    { action: form.url, fields: Object.entries(form.fields) },
    new File([new Uint8Array(bytes)], name),
  );
  expect(stored.status).toBe(204);
  return p.api.as('admin').post(`/calls/${callId}/attachments`, { uploadKey: form.key.replace('${filename}', name), public: shown });
}

describe('public pages without an account (issue 22.4): open calls, scores in the notice, rosters', () => {
  it('lists open calls with their guidelines and public attachments only; the notice shows scores only when the call publishes them; evidence files reach the office only', async () => {
    const kind = 'elder-empowerment';
    const guidelines = '一、申报对象：各街道（乡镇）社区教育中心。\n二、申报时间：以通知为准。';
    const call = await p.createCall(kind, { guidelines });
    expect(call.config).toMatchObject({ guidelines });

    // The office attaches files: a disguised one is refused at its field, a public and an internal one kept.
    const disguised = await attach(call.callId, '申报指南.pdf', exe(), true);
    expect(disguised.status).toBe(422);
    expect(disguised.body.errors).toEqual([{ field: 'body.uploadKey', message: 'the content is not a .pdf file (it is a .exe file)' }]);
    p.ok(await attach(call.callId, '申报指南.pdf', pdf(), true));
    const kept = p.ok(await attach(call.callId, '内部评审细则.pdf', pdf(), false)).items;
    expect(kept.map((a: { fileName: string; public: boolean }) => [a.fileName, a.public])).toEqual([
      ['申报指南.pdf', true],
      ['内部评审细则.pdf', false],
    ]);
    const internal = kept.find((a: { public: boolean }) => !a.public);
    const officeFiles = await (await PageClient.signIn(runtime.url, 'admin')).get(`/ui/office/calls/${call.callId}/attachments`);
    expect(officeFiles.html).toContain('公开（公众可下载）');
    expect(officeFiles.html).toContain('内部评审细则.pdf');
    expect(officeFiles.html).toContain('内部附件（不公开）');
    expect((await p.api.as('applicant-a1').post(`/calls/${call.callId}/attachments/upload-form`)).status).toBe(403);

    // The public list: this call with its guidelines, the materials asked for, the public file only.
    const listed = p.ok(await anonymous('/public/calls?limit=100'));
    const shown = listed.items.find((c: { callId: string }) => c.callId === call.callId);
    expect(shown).toMatchObject({ title: expect.stringContaining('测试批次'), status: 'open', guidelines, kindName: '老年教育赋能项目' });
    expect(shown.attachments).toEqual([
      expect.objectContaining({ fileName: '申报指南.pdf', href: expect.stringContaining('/public/calls/') }),
    ]);
    expect(shown.materials.length).toBeGreaterThan(0);
    expect(Object.keys(shown)).not.toContain('config');
    const file = await anonymous(shown.attachments[0].href);
    expect(file.status).toBe(200);
    expect(String(file.body)).toContain('%PDF-1.4');
    expect((await anonymous(`/public/calls/${call.callId}/attachments/${internal.attachmentId}`)).status).toBe(404);
    expect((await p.api.as('admin').get(`/calls/${call.callId}/attachments/${internal.attachmentId}`)).status).toBe(200);
    const callsPage = await page('/ui/public/calls');
    expect(callsPage.status).toBe(200);
    expect(callsPage.html).toContain('申报对象：各街道（乡镇）社区教育中心。');
    expect(callsPage.html).toContain('申报指南.pdf');
    expect(callsPage.html).not.toContain('内部评审细则.pdf');
    expect((await page(`/ui/public/calls/${call.callId}/attachments/${shown.attachments[0].attachmentId}`)).status).toBe(200);
    expectNoContacts(JSON.stringify(listed) + callsPage.html);

    // Scores: off by default, so the notice never shows them; a call that publishes them shows each.
    const scored = await p.createCall(kind, { publishNoticeScores: true });
    const [quiet, loud] = [
      await p.reviewed('applicant-a1', call.callId, kind, '银龄智慧课堂', 1),
      await p.reviewed('applicant-a2', scored.callId, kind, '乐龄学堂', 1),
    ];
    for (const id of [quiet, loud]) {
      await p.scoredBy(id, kind, 0.85);
      await p.reached(id, 'scored');
    }
    await p.closeWindow(call);
    await p.closeWindow(scored);
    await p.shortlist(call.callId, [quiet]);
    await p.shortlist(scored.callId, [loud]);
    const { score } = p.ok(await p.api.as('admin').get(`/declarations/${loud}`));
    const declaration = p.ok(await p.api.as('admin').get(`/declarations/${quiet}`));

    const off = p.ok(await anonymous(`/public/calls/${call.callId}/notice`));
    expect(off.scoresPublished).toBe(false);
    expect(off.items).toEqual([expect.not.objectContaining({ score: expect.anything() })]);
    const offPage = await page(`/ui/public/notices/${call.callId}`);
    const offText = JSON.stringify(off) + offPage.html;
    expect(offText).not.toMatch(/"score"|combined|评审得分/);
    expectNoContacts(offText, [declaration.contactPhone, declaration.contactName]);

    const on = p.ok(await anonymous(`/public/calls/${scored.callId}/notice`));
    expect(on).toMatchObject({ scoresPublished: true, items: [{ declarationId: loud, title: '乐龄学堂', score: score.combined }] });
    const onPage = await page(`/ui/public/notices/${scored.callId}`);
    expect(onPage.html).toContain('评审得分');
    expect(onPage.html).toContain(String(score.combined));
    expectNoContacts(JSON.stringify(on) + onPage.html);

    // Evidence files on a public objection: judged like declaration materials, bound to the pending request, the office's only.
    const asked = p.ok(
      await anonymousPost(`/public/calls/${call.callId}/objections`, {
        declarationId: quiet,
        realName: '赵六',
        contact: 'zhao6@example.org',
        reason: '照片与现场不符',
      }),
      202,
    );
    const refused = await evidence(asked.receipt, '现场照片.jpg', exe());
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ field: 'body.uploadKey', message: expect.stringContaining('not a .jpg file') }]);
    expect(p.ok(await evidence(asked.receipt, '现场核查记录.pdf', pdf())).files).toEqual([
      { fileName: '现场核查记录.pdf', sizeBytes: pdf().length },
    ]);
    const pending = p.ok(await anonymous(`/public/objections/${asked.receipt}`));
    expect(pending).toMatchObject({ status: 'unconfirmed', evidenceFileCount: 1 });
    expect(JSON.stringify(pending)).not.toContain('现场核查记录');
    const receiptPage = await page(`/ui/public/objections/${asked.receipt}`);
    expect(receiptPage.html).toContain('已上传 1 个');
    expect(receiptPage.html).not.toContain('现场核查记录');
    p.ok(await anonymousPost(`/public/objections/${asked.receipt}/confirm`, { code: codeSentFor(runtime, asked.receipt) }));
    expect((await anonymousPost(`/public/objections/${asked.receipt}/evidence/upload-form`)).status).toBe(409);
    const [filed] = p.ok(await p.api.as('admin').get(`/calls/${call.callId}/objections`)).items;
    expect(filed.evidenceFiles).toEqual([expect.objectContaining({ fileName: '现场核查记录.pdf', contentType: 'application/pdf' })]);
    const evidencePath = `/objections/${filed.objectionId}/evidence/${filed.evidenceFiles[0].fileId}`;
    const downloaded = await p.api.as('admin').get(evidencePath);
    expect(downloaded.status).toBe(200);
    expect(String(downloaded.body)).toContain('%PDF-1.4');
    expect((await anonymous(evidencePath)).status).toBe(401);
    expect((await p.api.as('applicant-a1').get(evidencePath)).status).toBe(403);
    const officePage = await (await PageClient.signIn(runtime.url, 'admin')).get(`/ui/office/calls/${call.callId}/objections`);
    expect(officePage.html).toContain('现场核查记录.pdf');
    expect(JSON.stringify(p.ok(await anonymous(`/public/calls/${call.callId}/notice`)))).not.toContain('现场核查记录');

    // A call no longer open leaves the list.
    const later = p.ok(await anonymous('/public/calls?limit=100'));
    expect(later.items.map((c: { callId: string }) => c.callId)).not.toContain(call.callId);
  }, 240_000);

  it('publishes the rosters: established, accepted with the grade, named with 文号, validity and status (revoked shown as such); names only', async () => {
    const definition = {
      ...structuredClone(seededKind('elder-empowerment')),
      nameZh: '学习型社区示范点',
      lifecycle: 'acceptance-only',
      constructionMonths: 3,
      outcome: {
        type: 'title',
        titleZh: '市级学习型社区示范点',
        titleEn: 'Model',
        validityYears: 3,
        numberPattern: '沪终身办〔{year}〕{seq}号',
      },
    };
    p.ok(await p.api.as('admin').post('/kinds', { key: 'roster-model', definition }), 201);
    const kind = { key: 'roster-model', definition: definition as KindDefinition };
    const { ids } = await p.establish(kind, [
      ['applicant-a1', '甲街道学习型社区'],
      ['applicant-b1', '乙街道学习型社区'],
    ]);
    const [named, failed] = ids as [string, string];
    const opens = (await p.view(named)).milestones.acceptanceOpensAt;
    await p.advanceTo(ids, after(opens));
    await p.report('applicant-a1', named, 'acceptance_application', p.actuals(kind, 1.1), '全部完成。');
    await p.report('applicant-b1', failed, 'acceptance_application', p.actuals(kind, 1.1), '全部完成。');
    await p.assess(named, kind, 0.85);
    await p.decide('admin', named, 'acceptance_decision', { outcome: 'pass', comment: '合格' });
    const title = await eventually(async () => (await p.view(named)).namedTitle ?? undefined, 'the naming');

    const established = p.ok(await anonymous('/public/rosters/established?kind=roster-model'));
    expect(established.items.map((i: { title: string }) => i.title).sort()).toEqual(['乙街道学习型社区', '甲街道学习型社区']);
    expect(established.items[0]).toMatchObject({ kindName: '学习型社区示范点', year: 2026, organisationName: expect.any(String) });
    expect(established.items[0].organisationName).not.toMatch(/^(org|centre)-/);

    // Paged with a cursor, year by year: one item a page, the pages together are the roster; a cursor is this list's only.
    const paged: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const shown = p.ok(
        await anonymous(`/public/rosters/established?kind=roster-model&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
      );
      expect(shown.items.length).toBeLessThanOrEqual(1);
      paged.push(...shown.items.map((i: { title: string }) => i.title));
      cursor = shown.cursor;
      if (!cursor) break;
      const elsewhere = await anonymous(`/public/rosters/accepted?kind=roster-model&limit=1&cursor=${encodeURIComponent(cursor)}`);
      expect(elsewhere.status).toBe(422);
      expect(elsewhere.body.errors).toEqual([expect.objectContaining({ field: 'query.cursor' })]);
    }
    expect(cursor).toBeNull();
    expect(paged.sort()).toEqual(['乙街道学习型社区', '甲街道学习型社区']);
    const garbage = await anonymous('/public/rosters/established?cursor=not-a-cursor');
    expect(garbage.status).toBe(422);
    expect(garbage.body.errors).toEqual([expect.objectContaining({ field: 'query.cursor' })]);
    const firstPage = await page('/ui/public/rosters/established?kind=roster-model&limit=1');
    expect(firstPage.html).toMatch(/<option value="roster-model" selected[^>]*>学习型社区示范点<\/option>/);
    const nextHref = /<a href="([^"]+)" rel="next">下一页<\/a>/.exec(firstPage.html)?.[1];
    expect(nextHref).toBeDefined();
    const secondPage = await page(nextHref!.replaceAll('&amp;', '&'));
    expect(secondPage.status).toBe(200);
    const pageTitles = [firstPage.html, secondPage.html].map((html) => (html.match(/[甲乙]街道学习型社区/g) ?? []).length);
    expect(pageTitles).toEqual([1, 1]);
    // From a later page, back to the first with the same filters; a cursor that does not read is named in Chinese, with the way back.
    expect(firstPage.html).not.toContain('从第一页开始');
    expect(secondPage.html).toContain('<a href="/ui/public/rosters/established?kind=roster-model&amp;limit=1">从第一页开始</a>');
    const stalePage = await page('/ui/public/rosters/established?kind=roster-model&cursor=not-a-cursor');
    expect(stalePage.status).toBe(422);
    expect(stalePage.html).toMatch(/翻页位置[\s\S]*?<a href="\/ui\/public\/rosters\/established\?kind=roster-model">从第一页开始<\/a>/);

    // An unknown kind on the page: told in Chinese at the field, no roster.
    const wrongKind = await page('/ui/public/rosters/established?kind=no-such-kind');
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.html).toMatch(/项目类别<\/label>[\s\S]*?class="error"[^>]*>没有这个项目类型或版本/);
    expect(wrongKind.html).not.toContain('id="roster"');

    // Terminated after 立项: off the established roster (and, never accepted, off the others).
    p.ok(await p.api.as('admin').post(`/projects/${failed}/terminate`, { reason: '承办单位撤并，项目无法继续' }));
    await p.stage(failed, 'terminated');
    const afterTermination = p.ok(await anonymous('/public/rosters/established?kind=roster-model'));
    expect(afterTermination.items.map((i: { title: string }) => i.title)).toEqual(['甲街道学习型社区']);
    expect((await page('/ui/public/rosters/established?kind=roster-model')).html).not.toContain('乙街道学习型社区');

    const accepted = p.ok(await anonymous('/public/rosters/accepted?kind=roster-model&year=2026'));
    expect(accepted.items).toEqual([expect.objectContaining({ projectId: named, title: '甲街道学习型社区', grade: '合格' })]);

    const roster = p.ok(await anonymous('/public/rosters/named?kind=roster-model'));
    expect(roster.items).toEqual([
      expect.objectContaining({
        projectId: named,
        titleName: '市级学习型社区示范点',
        number: title.number,
        validUntil: title.validUntil,
        titleStatus: 'valid',
        titleStatusLabel: '有效',
      }),
    ]);
    expect(p.ok(await anonymous('/public/rosters/named?kind=roster-model&year=2025')).items).toEqual([]);
    const unknownKind = await anonymous('/public/rosters/named?kind=no-such-kind');
    expect(unknownKind.status).toBe(422);
    expect(unknownKind.body.errors).toEqual([expect.objectContaining({ field: 'query.kind' })]);
    expect((await anonymous('/public/rosters/everyone')).status).toBe(422);

    // Revoked: the roster says so.
    p.ok(await p.api.as('admin').post(`/projects/${named}/title/revocation`, { reason: '年检不合格' }));
    const revoked = p.ok(await anonymous('/public/rosters/named?kind=roster-model'));
    expect(revoked.items[0]).toMatchObject({ titleStatus: 'revoked', titleStatusLabel: '已撤销' });
    const namedPage = await page('/ui/public/rosters/named?year=2026');
    expect(namedPage.status).toBe(200);
    expect(namedPage.html).toContain(title.number);
    expect(namedPage.html).toContain('已撤销');
    const acceptedPage = await page('/ui/public/rosters/accepted');
    expect(acceptedPage.html).toContain('合格');

    // Names only: no contact, no score.
    const declaration = p.ok(await p.api.as('admin').get(`/declarations/${named}`));
    const all = [JSON.stringify(established), JSON.stringify(accepted), JSON.stringify(revoked), namedPage.html, acceptedPage.html].join(
      '\n',
    );
    expectNoContacts(all, [declaration.contactPhone, declaration.contactName]);
    expect(all).not.toMatch(/"score"|combined|评审得分/);
  }, 300_000);
});
