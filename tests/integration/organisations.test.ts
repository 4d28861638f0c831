import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { store } from '../../functions/adapters/entities';
import { PageClient } from '../support/pages';
import { fileRuntime, late } from '../support/runtime';
import { selection } from '../support/selection';

const runtime = fileRuntime({ sweepIntervalMs: 0 });
const s = late(() => selection(runtime));
const api = late(() => s.api);

const centre = (name: string, parentId: string, more: Record<string, unknown> = {}) => ({
  name,
  level: 'street',
  type: 'community-education-centre',
  parentId,
  ...more,
});
const point = (name: string, parentId: string) => ({ name, level: 'point', type: 'teaching-point', parentId });

async function created(as: string, body: Record<string, unknown>) {
  const reply = await api.as(as).post('/organisations', body);
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body as { organisationId: string; districtId: string; version: number };
}

describe('the network as the office and the district bureaux keep it', () => {
  it('builds a small tree under the seeded districts, level by level, and finds it by parent, district and name', async () => {
    const street = await created('admin', centre('C区丁街道社区教育中心', 'district-c', { shortName: '丁街道' }));
    expect(street.districtId).toBe('district-c');
    const teaching = await created('admin', point('丁街道幸福里居委教学点', street.organisationId));
    expect(teaching.districtId).toBe('district-c');

    const children = (await api.as('admin').get('/organisations?parent=district-c')).body.items;
    expect(children.map((o: any) => o.name)).toEqual(expect.arrayContaining(['C区丁街道社区教育中心', 'C区社区学院']));
    const ofDistrict = (await api.as('admin').get('/organisations?district=district-c')).body.items.map((o: any) => o.organisationId);
    expect(ofDistrict).toEqual(expect.arrayContaining(['district-c', street.organisationId, teaching.organisationId]));
    const found = (await api.as('admin').get(`/organisations?q=${encodeURIComponent('幸福里')}`)).body.items;
    expect(found.map((o: any) => o.organisationId)).toEqual([teaching.organisationId]);
    expect((await api.as('admin').get(`/organisations?q=${encodeURIComponent('丁街道')}&parent=district-c`)).body.items).toHaveLength(1);
    // The seeded network is there under the ids the tokens carry, by name.
    expect((await api.as('admin').get('/organisations/centre-a1')).body).toMatchObject({ name: 'A区甲街道社区教育中心', level: 'street' });
    const history = (await api.as('admin').get(`/organisations/${teaching.organisationId}/history`)).body.items;
    expect(history).toEqual([expect.objectContaining({ action: 'organisation.created', actor: 'admin', actorName: '市终身教育办公室' })]);
  });

  it('lets a district bureau manage its own street centres and points, and nothing of another district (404)', async () => {
    const own = await created('district-a', centre('A区戊街道社区教育中心', 'district-a'));
    await created('district-a', point('戊街道东村教学点', own.organisationId));
    // Its own district entry it sees but does not manage; a district it may not create.
    expect((await api.as('district-a').get('/organisations/district-a')).body.manageable).toBe(false);
    expect((await api.as('district-a').patch('/organisations/district-a', { shortName: 'A' })).status).toBe(403);
    expect(
      (await api.as('district-a').post('/organisations', { name: 'D区', level: 'district', type: 'bureau', parentId: 'city' })).status,
    ).toBe(404);
    // Another district's organisations are absent to it, whatever it tries.
    for (const reply of [
      await api.as('district-b').get('/organisations/centre-a1'),
      await api.as('district-b').patch('/organisations/centre-a1', { name: '改名' }),
      await api.as('district-b').put('/organisations/centre-a1/status', { status: 'retired' }),
      await api.as('district-b').get('/organisations/centre-a1/history'),
      await api.as('district-b').post('/organisations', point('越界教学点', 'centre-a1')),
      await api.as('district-b').get('/organisations?parent=centre-a1'),
      await api.as('district-b').get('/organisations?district=district-a'),
    ]) {
      expect(reply.status, JSON.stringify(reply.body)).toBe(404);
      expect(reply.contentType).toContain('application/problem+json');
    }
    // Nor may it move its own centre into another district.
    expect((await api.as('district-b').patch('/organisations/centre-b1', { parentId: 'district-a' })).status).toBe(404);
    const listed = (await api.as('district-a').get('/organisations')).body.items as { districtId: string }[];
    expect(listed.length).toBeGreaterThan(3);
    expect(new Set(listed.map((o) => o.districtId))).toEqual(new Set(['district-a']));
    expect((await api.as('applicant-a1').get('/organisations')).status).toBe(403);
  });

  it('refuses a duplicate (same name under the same parent, or the same credit code) with a 409 naming the one there', async () => {
    const first = await created('admin', centre('B区己街道社区教育中心', 'district-b', { creditCode: '91440300708461136T' }));
    const sameName = await api.as('admin').post('/organisations', centre(' B区己街道社区教育中心 ', 'district-b'));
    expect(sameName.status).toBe(409);
    expect(sameName.contentType).toContain('application/problem+json');
    expect(sameName.body.detail).toContain('B区己街道社区教育中心');
    expect(sameName.body.current.organisationId).toBe(first.organisationId);
    const sameCode = await api
      .as('admin')
      .post('/organisations', centre('C区庚街道社区教育中心', 'district-c', { creditCode: '91440300708461136t' }));
    expect(sameCode.status).toBe(409);
    expect(sameCode.body.current.organisationId).toBe(first.organisationId);
    // The same name under another parent is another organisation.
    await created('admin', centre('B区己街道社区教育中心', 'district-c'));
    // A rename onto a name taken under the same parent is a duplicate too; nothing changes.
    const renamed = await api.as('admin').patch('/organisations/centre-b1', { name: 'B区己街道社区教育中心' });
    expect(renamed.status).toBe(409);
    expect((await api.as('admin').get('/organisations/centre-b1')).body.name).toBe('B区丙街道社区教育中心');
    const badCode = await api
      .as('admin')
      .post('/organisations', centre('C区辛街道社区教育中心', 'district-c', { creditCode: '91440300708461136X' }));
    expect(badCode.status).toBe(422);
    expect(badCode.body.errors[0].field).toBe('body.creditCode');
  });

  it('gives one 201 and 409s to concurrent creates of the same name under the same parent', async () => {
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => api.as('admin').post('/organisations', centre('A区同名街道社区教育中心', 'district-a'))),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const named = (await api.as('admin').get(`/organisations?q=${encodeURIComponent('同名街道')}`)).body.items;
    expect(named).toHaveLength(1);
  });

  it('refuses a move that would make a cycle or hang a level under the wrong one (422 naming parentId), and carries a moved centre’s points', async () => {
    const cycle = await api.as('admin').patch('/organisations/district-a', { parentId: 'centre-a1' });
    expect(cycle.status).toBe(422);
    expect(cycle.body.errors).toEqual([
      expect.objectContaining({ field: 'body.parentId', message: expect.stringMatching(/itself or one of its own descendants/) }),
    ]);
    const wrongLevel = await api.as('admin').patch('/organisations/centre-a2', { parentId: 'city' });
    expect(wrongLevel.status).toBe(422);
    expect(wrongLevel.body.errors[0].field).toBe('body.parentId');
    expect((await api.as('admin').post('/organisations', point('无上级教学点', 'district-a'))).status).toBe(422);
    expect((await api.as('admin').post('/organisations', point('查无此单位教学点', 'no-such-org'))).status).toBe(422);

    const moving = await created('admin', centre('A区壬街道社区教育中心', 'district-a'));
    const child = await created('admin', point('壬街道西村教学点', moving.organisationId));
    const moved = await api.as('admin').patch(`/organisations/${moving.organisationId}`, { parentId: 'district-b' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.districtId).toBe('district-b');
    expect((await api.as('admin').get(`/organisations/${child.organisationId}`)).body.districtId).toBe('district-b');
    expect((await api.as('district-a').get(`/organisations/${child.organisationId}`)).status).toBe(404);
    expect((await api.as('district-b').get(`/organisations/${child.organisationId}`)).status).toBe(200);
    const history = (await api.as('admin').get(`/organisations/${moving.organisationId}/history`)).body.items;
    expect(history.at(-1)).toMatchObject({ action: 'organisation.moved', reason: '上级单位：A区社区教育主管部门 → B区社区教育主管部门' });
  });

  it('retires an organisation only without active children, never deletes it, and brings it back; a stale version is a 412', async () => {
    const street = await created('admin', centre('A区癸街道社区教育中心', 'district-a'));
    const teaching = await created('admin', point('癸街道南村教学点', street.organisationId));
    const refused = await api.as('admin').put(`/organisations/${street.organisationId}/status`, { status: 'retired' });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/1 child organisations are still active/);
    expect((await api.as('district-a').put(`/organisations/${teaching.organisationId}/status`, { status: 'retired' })).status).toBe(200);
    const retired = await api.as('admin').put(`/organisations/${street.organisationId}/status`, { status: 'retired' });
    expect(retired.body.status).toBe('retired');
    expect((await api.as('admin').get(`/organisations/${street.organisationId}`)).body.status).toBe('retired');
    expect(
      (await api.as('admin').get('/organisations?parent=district-a&retired=exclude')).body.items.map((o: any) => o.organisationId),
    ).not.toContain(street.organisationId);
    // A child comes back only under a parent that is back.
    expect((await api.as('admin').put(`/organisations/${teaching.organisationId}/status`, { status: 'active' })).status).toBe(409);
    expect((await api.as('admin').put(`/organisations/${street.organisationId}/status`, { status: 'active' })).status).toBe(200);

    const current = await api.as('admin').get(`/organisations/${street.organisationId}`);
    const stale = await api.request('PATCH', `/organisations/${street.organisationId}`, {
      as: 'admin',
      body: { shortName: '癸街道' },
      headers: { 'if-match': `"${current.body.version - 1}"` },
    });
    expect(stale.status).toBe(412);
    const fresh = await api.request('PATCH', `/organisations/${street.organisationId}`, {
      as: 'admin',
      body: { shortName: '癸街道' },
      headers: { 'if-match': current.headers.get('etag')! },
    });
    expect(fresh.status).toBe(200);
    expect(fresh.body.version).toBe(current.body.version + 1);
  });
});

describe('names, resolved where they are read', () => {
  it('a rename shows on the declaration page and in the export; the history keeps who acted as they were named then', async () => {
    const call = await s.createCall('community-brand');
    const id = await s.declare('applicant-a1', call.callId, 'community-brand', '更名测试项目');
    const renamed = await api.as('admin').patch('/organisations/centre-a1', { name: 'A区甲街道社区学院' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    // The person's directory entry renamed since (as the office may): the record still says who acted then.
    await store().entities.person.patch({ username: 'applicant-a1' }).set({ displayName: '甲街道新账号' }).go();

    const events = (await api.as('admin').get(`/declarations/${id}/history`)).body.items as {
      actor: string;
      actorName?: string;
      action: string;
    }[];
    const submitted = events.find((e) => e.action === 'submitted')!;
    expect(submitted).toMatchObject({ actor: 'applicant-a1', actorName: 'A区甲街道社区教育中心' });

    const admin = await PageClient.signIn(runtime.url, 'admin');
    const page = await admin.get(`/ui/office/declarations/${id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('A区甲街道社区学院（A区社区教育主管部门）');
    const historyTable = page.html.slice(page.html.indexOf('办理记录'));
    expect(historyTable).toContain('A区甲街道社区教育中心');
    expect(historyTable).not.toContain('甲街道新账号');
    expect(page.html).not.toMatch(/centre-a1|district-a\b/);

    const response = await fetch(`${runtime.url}/ui/office/calls/${call.callId}/export.xlsx`, {
      headers: { cookie: `shenbao_session=${await api.token('admin')}` },
    });
    expect(response.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await response.arrayBuffer());
    const sheet = book.getWorksheet('申报汇总')!;
    const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(1).value === id)!;
    expect([row.getCell(3).value, row.getCell(4).value]).toEqual(['A区甲街道社区学院', 'A区社区教育主管部门']);

    const orgHistory = (await api.as('admin').get('/organisations/centre-a1/history')).body.items;
    expect(orgHistory.at(-1)).toMatchObject({ action: 'organisation.renamed', reason: '名称：A区甲街道社区教育中心 → A区甲街道社区学院' });
  });
});
