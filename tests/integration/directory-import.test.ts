import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { PageClient } from '../support/pages';
import { eventually, fileRuntime, late } from '../support/runtime';
import { completeDeclaration } from '../support/slice';
import { selection } from '../support/selection';

const runtime = fileRuntime({ sweepIntervalMs: 0 });
const s = late(() => selection(runtime));
const api = late(() => s.api);

const CITY = '市终身教育办公室';
const districts = ['东湖区', '西山区', '南河区'];
const rows = (...cells: Record<string, string>[]) => cells.map((c, i) => ({ row: i + 2, cells: c }));

/** A network the size the issue names: 3 districts, 12 centres, their 12 applicants, 3 district reviewers, 20 experts. */
function network() {
  const centre = (d: string, n: number) => `${d}第${n}街道社区教育中心`;
  return {
    organisations: rows(
      ...districts.map((d) => ({ name: `${d}社区教育主管部门`, shortName: d, level: '区县', type: '主管部门', parent: CITY })),
      ...districts.flatMap((d) =>
        [1, 2, 3, 4].map((n) => ({ name: centre(d, n), level: '街道乡镇', type: '社区教育中心', parent: `${d}社区教育主管部门` })),
      ),
    ),
    people: rows(
      ...districts.map((d, i) => ({
        username: `bureau-${i}`,
        displayName: `${d}审核员`,
        role: '区县审核员',
        organisation: `${d}社区教育主管部门`,
        email: `bureau-${i}@example.cn`,
      })),
      ...districts.flatMap((d, i) =>
        [1, 2, 3, 4].map((n) => ({
          username: `centre-${i}-${n}`,
          displayName: `${d}${n}号中心联系人`,
          role: '申报单位',
          organisation: centre(d, n),
          email: `c${i}${n}@example.cn`,
        })),
      ),
      ...Array.from({ length: 20 }, (_, i) => ({
        username: `pool-${i}`,
        displayName: `库专家${i}`,
        role: '评审专家',
        organisation: centre(districts[i % 3]!, (i % 4) + 1),
        email: `pool-${i}@example.cn`,
      })),
    ),
    experts: rows(
      ...Array.from({ length: 20 }, (_, i) => ({
        username: `pool-${i}`,
        specialties: i % 2 ? '老年教育、课程建设' : '社区治理',
        title: '副教授',
        // Works with 西山区's second centre: must never review it, though in another district.
        ...(i === 3 ? { conflicts: `${districts[1]}第2街道社区教育中心` } : {}),
      })),
    ),
  };
}

describe('the directory import (批量导入)', () => {
  it('dry-runs a network of 3 districts, 12 centres and 20 experts, writing nothing', async () => {
    const dry = await api.as('admin').post('/directory/imports?dryRun=true', network());
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body).toMatchObject({ valid: true, applied: false, counts: { create: 15 + 35 + 20, change: 0, unchanged: 0, refuse: 0 } });
    const found = await api.as('admin').get(`/organisations?q=${encodeURIComponent('东湖区')}`);
    expect(found.body.items).toEqual([]);
  });

  it('imports it, and the same file again changes nothing', async () => {
    const done = await api.as('admin').post('/directory/imports?dryRun=false', network());
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ valid: true, applied: true, counts: { create: 70, refuse: 0 } });

    const bureau = (await api.as('admin').get(`/organisations?q=${encodeURIComponent('东湖区社区教育主管部门')}`)).body.items[0];
    const centres = (await api.as('admin').get(`/organisations?parent=${bureau.organisationId}`)).body.items;
    expect(centres).toHaveLength(4);
    expect(centres.every((c: any) => c.districtId === bureau.organisationId)).toBe(true);
    const pool = (await api.as('admin').get('/experts?specialty=elder-education')).body.items;
    expect(pool.filter((e: any) => e.username.startsWith('pool-'))).toHaveLength(10);
    // An imported applicant signs in and belongs to its centre.
    const me = await api.as('centre-0-1').get('/people/centre-0-1');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ role: 'applicant', districtId: bureau.organisationId, status: 'active' });

    const again = await api.as('admin').post('/directory/imports?dryRun=false', network());
    expect(again.body).toMatchObject({ applied: true, counts: { create: 0, change: 0, unchanged: 70, refuse: 0 } });
  });

  it('refuses a file with one bad row whole, naming row and column, and writes nothing', async () => {
    const input = network();
    input.organisations.push({
      row: 40,
      cells: { name: '北岸区某街道', level: '街道乡镇', type: '社区教育中心', parent: '北岸区社区教育主管部门' },
    } as any);
    input.organisations.push({
      row: 41,
      cells: { name: '东湖区新建中心', level: '街道乡镇', type: '社区教育中心', parent: '东湖区社区教育主管部门' },
    } as any);
    input.experts.push({ row: 30, cells: { username: 'pool-3', specialties: '天文学' } } as any);
    const dry = await api.as('admin').post('/directory/imports?dryRun=true', input);
    expect(dry.body.valid).toBe(false);
    expect(
      dry.body.rows.filter((r: any) => r.action === 'refuse').map((r: any) => [r.sheet, r.row, r.problems.map((p: any) => p.column)]),
    ).toEqual([
      ['organisations', 40, ['上级机构']],
      ['experts', 30, ['专业领域', '登录名']],
    ]);
    const refused = await api.as('admin').post('/directory/imports?dryRun=false', input);
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: any) => e.field)).toEqual([
      'body.organisations.row-40.上级机构',
      'body.experts.row-30.专业领域',
      'body.experts.row-30.登录名',
    ]);
    expect((await api.as('admin').get(`/organisations?q=${encodeURIComponent('东湖区新建中心')}`)).body.items).toEqual([]);
  });

  it('draws the imported experts with 回避 and the call’s specialty; a decline and a silent invitation are both replaced', async () => {
    // The imported centre 西山区第2街道 declares; its imported district bureau recommends it.
    const call = await s.createCall('elder-empowerment', { expertSpecialties: ['elder-education'], expertsPerDeclaration: 3 });
    const applicant = 'centre-1-2';
    const draft = s.ok(await api.as(applicant).post(`/calls/${call.callId}/declarations`, completeDeclaration), 201);
    const id = draft.declarationId as string;
    s.ok(await api.as(applicant).post(`/declarations/${id}/submit`));
    const recommendation = await s.openTask('bureau-1', id, 'district_recommendation');
    s.ok(await api.as('bureau-1').post(`/tasks/${recommendation.taskId}/decision`, { outcome: 'recommend', rank: 1 }));
    await s.formalReview(id, 'approve');

    const pool = s.ok(await api.as('admin').get('/experts')).items as { username: string; districtId: string; specialties: string[] }[];
    const declaration = s.ok(await api.as('admin').get(`/declarations/${id}`));
    const mayReview = (username: string) => {
      const expert = pool.find((e) => e.username === username)!;
      return expert.districtId !== declaration.districtId && expert.specialties.includes('elder-education') && username !== 'pool-3';
    };
    await s.openTask('admin', id, 'expert_assignment');
    const drawn = s.ok(await api.as('admin').post(`/declarations/${id}/experts`, {})).experts as string[];
    expect(drawn).toHaveLength(3);
    expect(drawn.filter((e) => !mayReview(e))).toEqual([]);
    // The audit keeps the draw's seed and eligible list: everyone eligible may review, and pool-3 (declared conflict) is not among them.
    const history = s.ok(await api.as('admin').get(`/declarations/${id}/history`)).items as any[];
    const record = JSON.parse(history.find((e) => e.action === 'experts.drawn').reason);
    expect(record.seed).toEqual(expect.any(Number));
    expect(record.eligible.length).toBeGreaterThanOrEqual(5);
    expect(record.eligible.filter((e: string) => !mayReview(e))).toEqual([]);

    const invitation = async (expert: string) => s.openTask(expert, id, 'expert_invitation');
    const [declining, silent, accepting] = drawn as [string, string, string];
    s.ok(
      await api.as(declining).post(`/tasks/${(await invitation(declining)).taskId}/decision`, { outcome: 'decline', reason: '近期出差' }),
    );
    s.ok(await api.as(accepting).post(`/tasks/${(await invitation(accepting)).taskId}/decision`, { outcome: 'accept' }));
    const invited = async () =>
      (s.ok(await api.as('admin').get(`/declarations/${id}/invitations`)).items as any[])
        .filter((i) => i.status === 'invited')
        .map((i) => i.expert as string);
    const first = (await invited()).find((e) => e !== silent)!;
    expect(mayReview(first)).toBe(true);
    s.ok(await api.as(first).post(`/tasks/${(await invitation(first)).taskId}/decision`, { outcome: 'accept' }));

    // The silent one's due date passes: the workflow draws the next eligible expert.
    const due = (await invitation(silent)).dueAt as string;
    await runtime.clock.set(new Date(Date.parse(due) + 60_000));
    api.forgetTokens();
    const second = await eventually(async () => (await invited()).find((e) => e !== silent), 'a replacement for the silent expert');
    expect(mayReview(second)).toBe(true);
    expect([declining, silent, accepting, first]).not.toContain(second);
    s.ok(await api.as(second).post(`/tasks/${(await invitation(second)).taskId}/decision`, { outcome: 'accept' }));
    await s.reached(id, 'expert_review');
    const notices = (s.ok(await api.as('admin').get('/notifications')).items as any[]).filter((n) => n.declarationId === id);
    expect(notices.filter((n) => n.kind === 'invitation-replaced')).toHaveLength(2);

    // The office's declaration page names the centre, its district and the experts: no ids.
    const page = await PageClient.signIn(runtime.url, 'admin');
    const html = (await page.get(`/ui/office/declarations/${id}`)).html;
    expect(html).toContain('西山区第2街道社区教育中心');
    expect(html).toContain('西山区社区教育主管部门');
    const nameOf = (username: string) => (pool.find((e) => e.username === username) as unknown as { displayName: string }).displayName;
    for (const expert of [accepting, first, second]) expect(html).toContain(`<td>${nameOf(expert)}</td>`);
    // What a reader sees: the text, not the attributes (a row's data-expert carries the username for scripts and tests).
    const text = html.replace(/<[^>]*>/g, ' ');
    expect(text.match(/.{40}(?:pool-\d+|centre-1-2|org_[0-9a-f]{8}).{40}/g) ?? []).toEqual([]);
  });

  it('is the city office’s: a district reviewer is refused', async () => {
    expect((await api.as('district-a').post('/directory/imports?dryRun=true', network())).status).toBe(403);
  });

  it('offers the Chinese template on the page and reads an uploaded workbook into the same report', async () => {
    const page = await PageClient.signIn(runtime.url, 'admin');
    const template = await fetch(`${runtime.url}/ui/office/directory/import-template.xlsx`, { headers: { cookie: (page as any).cookie } });
    expect(template.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await template.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['填写说明', '组织机构', '人员账号', '评审专家', '专业领域列表']);
    expect(book.getWorksheet('专业领域列表')!.getColumn(1).values).toContain('老年教育');

    book.getWorksheet('组织机构')!.getRow(2).values = [
      '东湖区第9街道社区教育中心',
      '',
      '街道乡镇',
      '社区教育中心',
      '东湖区社区教育主管部门',
    ];
    book.getWorksheet('组织机构')!.getRow(3).values = [
      '东湖区第1街道社区教育中心',
      '东一',
      '街道乡镇',
      '社区教育中心',
      '东湖区社区教育主管部门',
    ];
    const form = new FormData();
    form.set('file', new Blob([await book.xlsx.writeBuffer()]), 'network.xlsx');
    const uploaded = await fetch(`${runtime.url}/ui/office/directory/import`, {
      method: 'POST',
      headers: { cookie: (page as any).cookie, origin: page.origin },
      body: form,
    });
    const html = await uploaded.text();
    expect(uploaded.status, html).toBe(200);
    expect(html).toContain('试导入：将新增 1 条，修改 1 条');
    expect(html).toMatch(/东湖区第1街道社区教育中心<\/td><td>修改<\/td><td>修改：简称/);

    const confirmed = await page.post('/ui/office/directory/import', { rows: confirmRows(html), confirm: 'yes' });
    expect(confirmed.html).toContain('已导入：新增 1 条，修改 1 条');
    expect((await api.as('admin').get(`/organisations?q=${encodeURIComponent('东湖区第9街道')}`)).body.items).toHaveLength(1);
  });
});

/** The rows the dry-run page carries to its confirmation. */
function confirmRows(html: string): string {
  const value = /name="rows" value="([^"]*)"/.exec(html)![1]!;
  return value
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#39;/g, "'");
}
