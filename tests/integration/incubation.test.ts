import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { chinaDate } from '../../core/china-time';
import { blobStore, materialKey } from '../../functions/adapters/blobs';
import { store } from '../../functions/adapters/entities';
import { seededKind } from '../../local/kind-seeds';
import { PageClient } from '../support/pages';
import { after, projects } from '../support/project';
import { fileRuntime, late } from '../support/runtime';

const runtime = fileRuntime();
const p = late(() => projects(runtime));
const DAY = 86400_000;

describe('brand incubation (培育) and the province dossier (issue 21.4), over HTTP with the clock moved', () => {
  it('records guidance and training with responses in the history, refuses bad input at the field, lists the recommended project and exports its dossier', async () => {
    // The brand kind as seeded, with one 结项验收 and no mid-term so the project reaches acceptance quickly.
    const key = 'brand-incubated';
    const definition = { ...structuredClone(seededKind('community-brand')), lifecycle: 'acceptance-only' as const };
    p.ok(await p.api.as('admin').post('/kinds', { key, definition }), 201);
    const kind = { key, definition };
    const { call, ids } = await p.establish(kind, [['applicant-a1', '运河记忆社区品牌']]);
    const id = ids[0]!;
    const project = await p.view(id);
    const start = chinaDate(new Date(project.milestones.constructionStartsAt));
    const end = chinaDate(new Date(project.milestones.constructionEndsAt));
    const within = chinaDate(new Date(Date.parse(project.milestones.constructionStartsAt) + 20 * DAY));
    const admin = p.api.as('admin');
    const path = `/projects/${id}/incubation`;

    // Bad input, refused at the field and writing nothing.
    const early = await admin.post(path, { type: 'guidance', date: '2020-01-01', topic: '品牌定位', attendees: ['expert-1'] });
    expect(early.status).toBe(422);
    expect(early.body.errors).toEqual([expect.objectContaining({ field: 'body.date', message: expect.stringContaining(start) })]);
    const late_ = await admin.post(path, { type: 'guidance', date: '2099-01-01', topic: '品牌定位', attendees: ['expert-1'] });
    expect(late_.body.errors[0].message).toContain(end);
    const stranger = await admin.post(path, { type: 'training', date: within, topic: '课程设计', attendees: ['expert-1', 'nobody-here'] });
    expect(stranger.status).toBe(422);
    expect(stranger.body.errors).toEqual([expect.objectContaining({ field: 'body.attendees.1' })]);
    expect((await admin.post(path, { type: 'visit', date: within, topic: 'x', attendees: ['expert-1'] })).body.errors[0].field).toBe(
      'body.type',
    );
    expect(
      (await p.api.as('applicant-a1').post(path, { type: 'guidance', date: within, topic: '自评', attendees: ['admin'] })).status,
    ).toBe(403);
    expect(p.ok(await admin.get(path)).items).toEqual([]);

    // A guidance visit and a training session, attendees chosen from the directory and shown by name.
    const guidance = p.ok(
      await admin.post(path, {
        type: 'guidance',
        date: within,
        topic: '品牌定位与特色提炼',
        attendees: ['expert-1', 'expert-2'],
        notes: '建议聚焦运河文化',
      }),
      201,
    );
    const training = p.ok(await admin.post(path, { type: 'training', date: end, topic: '课程体系建设', attendees: ['expert-3'] }), 201);

    // Only the project's applicant responds, once.
    const respond = (as: string, recordId: string, response = '已按建议调整课程') =>
      p.api.as(as).post(`${path}/${recordId}/response`, { response });
    expect((await respond('admin', guidance.recordId)).status).toBe(403);
    expect((await respond('district-a', guidance.recordId)).status).toBe(403);
    expect((await respond('applicant-b1', guidance.recordId)).status).toBe(404);
    expect((await respond('applicant-a1', 'inc-none')).status).toBe(404);
    expect((await p.api.as('applicant-a1').post(`${path}/${guidance.recordId}/response`, { response: '' })).body.errors[0].field).toBe(
      'body.response',
    );
    p.ok(await respond('applicant-a1', guidance.recordId, '已聚焦运河文化，新增课程 3 门'));
    expect((await respond('applicant-a1', guidance.recordId)).status).toBe(409);

    const listed = p.ok(await p.api.as('applicant-a1').get(path));
    expect(listed).toMatchObject({ incubated: true, open: true });
    expect(listed.items).toEqual([
      expect.objectContaining({
        recordId: guidance.recordId,
        typeZh: '指导',
        attendeeNames: ['评审专家1', '评审专家2'],
        response: '已聚焦运河文化，新增课程 3 门',
        respondedBy: 'applicant-a1',
      }),
      expect.objectContaining({ recordId: training.recordId, typeZh: '培训', attendeeNames: ['评审专家3'] }),
    ]);
    expect(listed.items[1].response).toBeUndefined();
    const history = p.ok(await admin.get(`/declarations/${id}/history`)).items as { action: string; reason?: string }[];
    const incubation = history.filter((e) => e.action.startsWith('incubation.'));
    expect(incubation.map((e) => e.action)).toEqual(['incubation.recorded', 'incubation.recorded', 'incubation.responded']);
    expect(incubation[0]!.reason).toContain('评审专家1、评审专家2');

    // Acceptance: excellent and recommended to the province.
    await p.advanceTo(id, after(project.milestones.acceptanceOpensAt));
    await p.report('applicant-a1', id, 'acceptance_application', p.actuals(kind, 1.1));
    await p.assess(id, kind, 0.95);
    await p.decide('admin', id, 'acceptance_decision', { outcome: 'excellent', comment: '品牌特色鲜明', recommendToProvince: true });
    await p.stage(id, 'accepted');
    // Accepted: no more records.
    expect((await admin.post(path, { type: 'guidance', date: end, topic: '回访', attendees: ['expert-1'] })).status).toBe(409);

    const byCall = p.ok(await admin.get(`/province-recommendations?callId=${call.callId}`));
    expect(byCall.items).toEqual([
      expect.objectContaining({
        declarationId: id,
        title: '运河记忆社区品牌',
        acceptanceResult: 'excellent',
        acceptanceResultZh: '优秀',
        incubationCount: 2,
        acceptanceScore: expect.any(Number),
      }),
    ]);
    const { year } = p.ok(await admin.get(`/calls/${call.callId}`));
    const byYear = p.ok(await admin.get(`/province-recommendations?year=${year}`));
    expect(byYear.items.map((i: { declarationId: string }) => i.declarationId)).toContain(id);
    expect((await p.api.as('district-a').get(`/province-recommendations?year=${year}`)).status).toBe(403);
    expect((await admin.get('/province-recommendations?year=1999')).body.errors[0].field).toBe('query.year');

    // The declaration's material, as an upload would have left it.
    const pdf = new Uint8Array(Buffer.from('%PDF-1.4\n申报书\n%%EOF\n'));
    await blobStore().put(materialKey(id, 'application'), pdf, 'application/pdf');
    await store()
      .entities.declaration.patch({ declarationId: id })
      .set({ materials: [{ key: 'application', fileName: '申报书.pdf', contentType: 'application/pdf', sizeBytes: pdf.length }] })
      .go();

    const response = await fetch(`${p.api.baseUrl}/province-recommendations/dossier?callId=${call.callId}`, {
      headers: { authorization: `Bearer ${await p.api.token('admin')}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    const zip = await JSZip.loadAsync(await response.arrayBuffer());
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await zip.file('省级推荐名单.xlsx')!.async('arraybuffer')) as ArrayBuffer);
    const sheet = book.getWorksheet('省级推荐名单')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['申报单位', '所属区', '项目名称', '评审得分', '验收得分', '验收结论', '培育记录数']));
    expect(sheet.rowCount).toBe(2);
    const row = Object.fromEntries(header.map((h, i) => [h as string, sheet.getRow(2).getCell(i + 1).value]));
    expect(row).toMatchObject({ 项目名称: '运河记忆社区品牌', 验收结论: '优秀', 培育记录数: 2, 验收得分: byCall.items[0].acceptanceScore });
    expect(typeof row.评审得分).toBe('number');
    expect(row.申报单位).not.toMatch(/^org/);
    const folder = row.材料目录 as string;
    const material = zip.file(`${folder}/申报书.pdf`);
    expect(material).not.toBeNull();
    expect(new Uint8Array(await material!.async('uint8array'))).toEqual(pdf);

    // The office's page: the year's list, and the download.
    const office = await PageClient.signIn(runtime.url, 'admin');
    const page = await office.get(`/ui/office/province-recommendations?year=${year}`);
    expect(page.html).toContain('运河记忆社区品牌');
    expect(page.html).toContain(`href="/ui/office/province-recommendations/dossier?year=${year}"`);
    const download = await office.get(`/ui/office/province-recommendations/dossier?year=${year}`);
    expect(download.status).toBe(200);
    expect((await p.api.as('applicant-a1').get(`/projects/${id}`)).status).toBe(200);
  });

  it('on the pages: the office records at the form (a date outside construction refused in Chinese at the field), the applicant responds, the project page shows both', async () => {
    const key = 'brand-pages';
    const definition = { ...structuredClone(seededKind('community-brand')), lifecycle: 'acceptance-only' as const };
    p.ok(await p.api.as('admin').post('/kinds', { key, definition }), 201);
    const id = await p.establishOne({ key, definition }, 'applicant-a2', '乡村振兴学堂');
    const project = await p.view(id);
    const within = chinaDate(new Date(Date.parse(project.milestones.constructionStartsAt) + 10 * DAY));
    const office = await PageClient.signIn(runtime.url, 'admin');
    const form = await office.get(`/ui/projects/${id}/incubation`);
    expect(form.html).toContain('评审专家1');
    expect(form.html).not.toContain('value="expert-1">expert-1');
    const early = await office.post(`/ui/projects/${id}/incubation`, [
      ['type', 'guidance'],
      ['date', '2020-01-01'],
      ['topic', '特色定位'],
      ['attendees', 'expert-1'],
    ]);
    expect(early.status).toBe(422);
    expect(early.html).toMatch(/id="f-date-error"[^>]*>\s*日期须在建设期内/);
    expect(p.ok(await p.api.as('admin').get(`/projects/${id}/incubation`)).items).toEqual([]);
    const saved = await office.post(`/ui/projects/${id}/incubation`, [
      ['type', 'training'],
      ['date', within],
      ['topic', '特色定位'],
      ['attendees', 'expert-1'],
      ['attendees', 'expert-4'],
    ]);
    expect(saved.status).toBe(303);
    const [record] = p.ok(await p.api.as('admin').get(`/projects/${id}/incubation`)).items;
    expect(record).toMatchObject({ type: 'training', attendees: ['expert-1', 'expert-4'] });

    const applicant = await PageClient.signIn(runtime.url, 'applicant-a2');
    const projectPage = await applicant.get(`/ui/projects/${id}`);
    expect(projectPage.html).toContain('培育记录（指导与培训）');
    expect(projectPage.html).toContain('评审专家1、评审专家4');
    const respondAt = `/ui/projects/${id}/incubation/${record.recordId}/response`;
    expect((await applicant.get(`/ui/projects/${id}/incubation`)).html).toContain(`action="${respondAt}"`);
    expect((await applicant.post(respondAt, { response: ' ' })).status).toBe(422);
    expect((await applicant.post(respondAt, { response: '已组织志愿者参加培训' })).status).toBe(303);
    expect((await office.get(`/ui/projects/${id}`)).html).toContain('已组织志愿者参加培训');
  });
});
