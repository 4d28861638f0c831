import { describe, expect, it } from 'vitest';
import { formValues, PageClient } from '../support/pages';
import { fileRuntime } from '../support/runtime';

const runtime = fileRuntime({ sweepIntervalMs: 0 });

/** What a reader sees of a page: the text of <main>, tags left out. */
const visible = (html: string) => (/<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? html).replace(/<[^>]*>/g, ' ');

/** The text of the field's error as the page shows it beside the input. */
const errorAt = (html: string, field: string) => new RegExp(`data-field="${field.replace('.', '\\.')}"[^>]*>([^<]*)<`).exec(html)?.[1];

describe('the organisation tree page over HTTP', () => {
  it('shows the seeded network as a tree by name, finds by name, and creates with Chinese messages at the fields', async () => {
    const admin = await PageClient.signIn(runtime.url, 'admin');
    expect((await admin.get('/ui/office')).html).toContain('href="/ui/organisations"');
    const tree = await admin.get('/ui/organisations');
    expect(tree.status).toBe(200);
    // centre-a1 hangs under district A's bureau, which hangs under the city.
    const districtA = tree.html.slice(
      tree.html.indexOf('data-organisation="district-a"'),
      tree.html.indexOf('data-organisation="district-b"'),
    );
    expect(districtA).toContain('A区甲街道社区教育中心');
    expect(districtA).toContain('街道（镇）级');
    const found = await admin.get(`/ui/organisations?q=${encodeURIComponent('乙镇')}`);
    expect(found.html).toContain('“乙镇”的查找结果（1 个）');
    expect(found.html).toContain('市终身教育办公室 › A区社区教育主管部门');

    const empty = await admin.post('/ui/organisations', { level: 'street' });
    expect(empty.status).toBe(422);
    expect(errorAt(empty.html, 'name')).toBe('此项为必填项');
    expect(errorAt(empty.html, 'type')).toBe('请从给出的选项中选择');
    const bad = await admin.post('/ui/organisations', {
      name: 'A区新街道社区教育中心',
      level: 'street',
      type: 'community-education-centre',
      parentId: 'district-a',
      creditCode: '91440300708461136X',
      'contact.phone': '12345',
    });
    expect(bad.status).toBe(422);
    expect(errorAt(bad.html, 'creditCode')).toBe('不是有效的统一社会信用代码（18 位，末位为校验码）');
    expect(errorAt(bad.html, 'contact.phone')).toMatch(/^请填写正确的电话号码/);
    // What was typed is kept in the form drawn again.
    expect(bad.html).toMatch(/name="name"[^>]*value="A区新街道社区教育中心"|value="A区新街道社区教育中心"[^>]*name="name"/);
    const wrongLevel = await admin.post('/ui/organisations', {
      name: '错层教学点',
      level: 'point',
      type: 'teaching-point',
      parentId: 'district-a',
    });
    expect(errorAt(wrongLevel.html, 'parentId')).toBe('上级机构须比村（居）教学点高一级');

    const created = await admin.post('/ui/organisations', {
      name: 'A区新街道社区教育中心',
      level: 'street',
      type: 'community-education-centre',
      parentId: 'district-a',
      'contact.phone': '021-5555 0199',
    });
    expect(created.status).toBe(303);
    expect(created.location).toMatch(/^\/ui\/organisations\/org_\w+\?done=created$/);
    const page = await admin.get(created.location!);
    expect(page.html).toContain('单位已新建。');
    expect(page.html).toContain('A区社区教育主管部门');
    const duplicate = await admin.post('/ui/organisations', {
      name: 'A区新街道社区教育中心',
      level: 'street',
      type: 'other',
      parentId: 'district-a',
    });
    expect(duplicate.status).toBe(422);
    expect(errorAt(duplicate.html, 'name')).toBe('已有同一单位：A区新街道社区教育中心（同一上级单位下名称相同，或统一社会信用代码相同）');
  });

  it('renames with the record saying who did it, refuses a cycle at the parent field, and keeps a district bureau to its own district', async () => {
    const admin = await PageClient.signIn(runtime.url, 'admin');
    const cycle = await admin.post('/ui/organisations/district-a/move', { parentId: 'centre-a1' });
    expect(cycle.status).toBe(422);
    expect(errorAt(cycle.html, 'parentId')).toBe('不能把机构放到它自己或它的下级机构之下');

    const before = await admin.get('/ui/organisations/centre-a2');
    const form = formValues(before.html, '/ui/organisations/centre-a2');
    const renamed = await admin.post('/ui/organisations/centre-a2', { ...form, name: 'A区乙镇社区学校' });
    expect(renamed.location).toBe('/ui/organisations/centre-a2?done=saved');
    // The same form again, from before the rename: refused, nothing overwritten.
    const stale = await admin.post('/ui/organisations/centre-a2', { ...form, shortName: '乙镇' });
    expect(stale.status).toBe(422);
    expect(stale.html).toContain('您打开此页后，内容已被他人修改');
    const after = await admin.get('/ui/organisations/centre-a2');
    expect(after.html).toContain('<h1>A区乙镇社区学校</h1>');
    const changes = after.html.slice(after.html.indexOf('修改记录'));
    expect(changes).toContain('单位更名');
    expect(changes).toContain('名称：A区乙镇社区教育中心 → A区乙镇社区学校');
    expect(changes).toContain('市终身教育办公室');
    const edited = await admin.post('/ui/organisations/centre-a2', {
      ...formValues(after.html, '/ui/organisations/centre-a2'),
      shortName: '乙镇',
      'contact.name': '王老师',
    });
    expect(edited.status).toBe(303);
    // What a reader sees: names and Chinese, no ids or codes (the tree and the record included).
    for (const path of ['/ui/organisations', '/ui/organisations/centre-a2']) {
      const shown = visible((await admin.get(path)).html);
      expect(
        shown.match(/\b(?:expert|district|centre|org)[-_][a-z0-9]+\b|\b[a-z]+\.[a-z_]+\b|\b(?:shortName|contact|creditCode)\b/g),
        path,
      ).toBeNull();
    }
    expect(visible((await admin.get('/ui/organisations/centre-a2')).html)).toContain('修改：简称、联系方式');

    const district = await PageClient.signIn(runtime.url, 'district-a');
    const own = await district.get('/ui/organisations');
    expect(own.status).toBe(200);
    expect(own.html).toContain('A区乙镇社区学校');
    expect(own.html).not.toContain('B区丙街道社区教育中心');
    expect(own.html).toContain('<a href="/ui/organisations">单位名录</a>');
    const point = await district.post('/ui/organisations', {
      name: '乙镇北村教学点',
      level: 'point',
      type: 'teaching-point',
      parentId: 'centre-a2',
    });
    expect(point.status).toBe(303);
    const retire = await district.post('/ui/organisations/centre-a2/status', { status: 'retired' });
    expect(retire.status).toBe(409);
    expect(retire.html).toContain('还有 1 个下级单位未撤销，请先撤销或移走下级单位');
    // Its own bureau's entry it reads but does not edit.
    expect((await district.get('/ui/organisations/district-a')).html).not.toContain('action="/ui/organisations/district-a"');

    const other = await PageClient.signIn(runtime.url, 'district-b');
    expect((await other.get('/ui/organisations/centre-a2')).status).toBe(404);
    expect((await other.post('/ui/organisations/centre-a2', { name: '越界改名' })).status).toBe(404);
    const english = await other.get('/ui/organisations?lang=en');
    expect(english.html).toContain('Street or township');
  });
});
