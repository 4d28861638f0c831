import { describe, expect, it } from 'vitest';
import { PageClient } from '../support/pages';
import { fileRuntime } from '../support/runtime';
import { selection } from '../support/selection';

const runtime = fileRuntime();

/** The text of <main>, tags left out. */
const visible = (html: string) =>
  (/<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? html)
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/g, ' ')
    .replace(/\s+/g, ' ');

describe('the expert pool page (专家资源库) and the draw on the assignment page', () => {
  it('lists the pool with filters, adds and edits an expert with Chinese messages at the field', async () => {
    const admin = await PageClient.signIn(runtime.url, 'admin');
    const pool = await admin.get('/ui/office/experts');
    expect(pool.status).toBe(200);
    expect(visible(pool.html)).toContain('评审专家1');
    expect(visible(pool.html)).toContain('老年教育、课程建设');

    const finance = visible((await admin.get('/ui/office/experts?specialty=finance')).html);
    expect(finance).toContain('评审专家2');
    expect(finance).toContain('评审专家5');
    expect(finance).not.toContain('评审专家1');
    const badLoad = await admin.get('/ui/office/experts?maxLoad=-3');
    expect(badLoad.html).toMatch(/data-field="maxLoad">\s*不能小于 0/);

    const refused = await admin.post('/ui/office/experts', [
      ['username', 'page-expert'],
      ['organisationId', 'expert-org-7'],
      ['districtId', 'district-c'],
      ['specialties', 'finance'],
      ['specialties', 'astrology'],
      ['unavailable', '2027-03-05 2027-03-01'],
      ['active', 'yes'],
    ]);
    expect(refused.status).toBe(422);
    expect(refused.html).toMatch(/data-field="displayName">\s*此项为必填项/);
    expect(refused.html).toMatch(/data-field="unavailable">\s*结束日期不能早于开始日期/);
    // The unknown specialty is named once the form is otherwise valid.
    const unknown = await admin.post('/ui/office/experts', [
      ['username', 'page-expert'],
      ['displayName', '页面专家'],
      ['organisationId', 'expert-org-7'],
      ['districtId', 'district-c'],
      ['specialties', 'astrology'],
      ['active', 'yes'],
    ]);
    expect(unknown.status).toBe(422);
    expect(unknown.html).toMatch(/data-field="specialties">\s*专业领域“astrology”不在专业领域目录中/);

    const added = await admin.post('/ui/office/experts', [
      ['username', 'page-expert'],
      ['displayName', '页面专家'],
      ['title', '高级讲师'],
      ['organisationId', 'expert-org-7'],
      ['districtId', 'district-c'],
      ['specialties', 'finance'],
      ['declaredConflicts', 'centre-a1\ncentre-b1'],
      ['unavailable', '2027-03-01 2027-03-05'],
      ['active', 'yes'],
    ]);
    expect(added.status).toBe(303);
    expect(added.location).toBe('/ui/office/experts/page-expert?done=saved');
    const entry = await admin.get('/ui/office/experts/page-expert');
    expect(entry.html).toContain('高级讲师');
    expect(entry.html).toMatch(/name="specialties" value="finance" checked/);
    expect(entry.html).toContain('2027-03-01 2027-03-05');

    const edited = await admin.post('/ui/office/experts/page-expert', [
      ['displayName', '页面专家'],
      ['organisationId', 'expert-org-7'],
      ['districtId', 'district-c'],
      ['specialties', 'curriculum'],
    ]);
    expect(edited.status).toBe(303);
    const t = selection(runtime);
    expect(t.ok(await t.api.as('admin').get('/experts/page-expert'))).toMatchObject({ specialties: ['curriculum'], active: false });
    expect(visible((await admin.get('/ui/office/experts?specialty=curriculum')).html)).toMatch(/页面专家.*已停用/);

    const specialty = await admin.post('/ui/office/specialties', { code: 'finance', nameZh: '财务' });
    expect(specialty.status).toBe(422);
    expect(visible(specialty.html)).toContain('专业领域代码“finance”已存在');
  });

  it('draws on the assignment page and shows the draw on record with names, its seed and its replay', async () => {
    const t = selection(runtime);
    const call = await t.createCall('elder-empowerment', { expertSpecialties: ['elder-education'] });
    const id = await t.reviewed('applicant-a1', call.callId, 'elder-empowerment', '页面抽取');
    await t.openTask('admin', id, 'expert_assignment');
    const admin = await PageClient.signIn(runtime.url, 'admin');
    const page = await admin.get(`/ui/office/declarations/${id}/experts`);
    expect(visible(page.html)).toContain('专业领域：老年教育');
    expect(visible(page.html)).toContain('评审专家1 与申报单位在同一区');
    expect(visible(page.html)).toContain('评审专家2 的专业领域不在本批次要求之内');
    const drawn = await admin.post(`/ui/office/declarations/${id}/experts/draw`, {});
    expect(drawn.status).toBe(303);
    expect(drawn.location).toBe(`/ui/office/declarations/${id}`);
    const { invitedExperts } = t.ok(await t.api.as('admin').get(`/declarations/${id}`));
    // Of the specialty, outside district-a: expert-6 only, invited to review.
    expect(invitedExperts).toEqual(['expert-6']);
    const record = visible((await admin.get(`/ui/office/declarations/${id}/experts`)).html);
    const [draw] = t.ok(await t.api.as('admin').get(`/declarations/${id}/expert-draws`)).items;
    expect(record).toContain('抽取记录');
    expect(record).toContain(`评审专家6 评审专家6 ${draw.seed} 重放一致：评审专家6`);
    expect(record).not.toMatch(/\bexpert-6\b/);
    // A second draw is refused: the experts are assigned.
    const again = await admin.post(`/ui/office/declarations/${id}/experts/draw`, {});
    expect(again.status).toBe(422);
  });
});
