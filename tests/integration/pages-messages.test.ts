import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime';
import { PageClient, postUpload, uploadFormOf } from '../support/pages';
import { startTestRuntime } from '../support/runtime';
import { selection } from '../support/selection';

let runtime: Runtime;
let s: ReturnType<typeof selection>;
beforeAll(async () => {
  runtime = await startTestRuntime();
  s = selection(runtime);
});
afterAll(() => runtime?.stop());

/** The error shown under a form's input, by the input's name. */
const at = (html: string, field: string) => new RegExp(`data-field="${field.replace(/\./g, '\\.')}">\\s*([^<]*)<`).exec(html)?.[1]?.trim();

describe('field errors in the reader’s language', () => {
  it('a bad declaration form is told in Chinese at each field, in the API’s English with the English switch', async () => {
    const call = await s.createCall('elder-empowerment');
    const applicant = await PageClient.signIn(runtime.url, 'applicant-a1');

    const untitled = await applicant.post(`/ui/applicant/calls/${call.callId}/declarations`, { [`title-${call.callId}`]: ' ' });
    expect(untitled.status).toBe(422);
    expect(at(untitled.html, `title-${call.callId}`)).toBe('此项为必填项');
    const started = await applicant.post(`/ui/applicant/calls/${call.callId}/declarations`, { [`title-${call.callId}`]: '银龄课堂' });
    const page = started.location!;
    expect(page).toMatch(/^\/ui\/applicant\/declarations\/app_/);

    // The edge's schema: too long, a phone that is no phone number. Nothing is saved.
    const bad = { title: '课'.repeat(201), summary: '为辖区老年人开设智能手机课程', contactPhone: '12', action: 'save' };
    const zh = await applicant.post(page, bad);
    expect(zh.status).toBe(422);
    expect(at(zh.html, 'title')).toBe('不能超过 200 个字');
    expect(at(zh.html, 'contactPhone')).toBe('请填写正确的电话号码：11 位手机号码，或带区号的固定电话（如 021-5555 0101）');
    expect(zh.html).toContain('项目名称</a>：不能超过 200 个字');
    const en = await applicant.post(`${page}?lang=en`, bad);
    expect(en.status).toBe(422);
    expect(at(en.html, 'title')).toBe('Too big: expected string to have &lt;=200 characters');
    expect(at(en.html, 'contactPhone')).toBe(
      'a Chinese phone number: an 11-digit mobile, or a fixed line with its area code such as 021-5555 0101',
    );
    expect((await s.api.as('applicant-a1').get(`/declarations/${page.split('/').pop()}`)).body.summary).toBeUndefined();

    // The call's own form (checked by the service, not the schema), and an empty save.
    const longArea = await applicant.post(page, { 'fields.serviceArea': '甲'.repeat(201), action: 'save' });
    expect(at(longArea.html, 'fields.serviceArea')).toBe('不能超过 200 个字');
    expect(
      at((await applicant.post(`${page}?lang=en`, { 'fields.serviceArea': '甲'.repeat(201), action: 'save' })).html, 'fields.serviceArea'),
    ).toBe('at most 200 characters');
    expect((await applicant.post(page, { action: 'save' })).html).toContain('表单</a>：没有要保存的内容，请至少填写一项');

    // Submission names what is still missing: the declaration's fields, the call's fields, its materials.
    const incomplete = await applicant.post(page, { title: '银龄课堂', action: 'submit' });
    expect(incomplete.status).toBe(422);
    expect(at(incomplete.html, 'summary')).toBe('提交申报前须填写此项');
    expect(at(incomplete.html, 'fields.serviceArea')).toBe('提交申报前须填写：服务区域');
    expect(incomplete.html).toMatch(/id="f-materials-budget-error">\s*提交申报前须上传申报材料：经费预算表/);
    const incompleteEn = await applicant.post(`${page}?lang=en`, { title: '银龄课堂', action: 'submit' });
    expect(at(incompleteEn.html, 'summary')).toBe('required before submission');

    // Uploads go to the store first; the page then judges them: a type not accepted, a file whose content is not what its name says.
    const uploaded = async (name: string, bytes: Uint8Array, lang = 'zh') => {
      const form = uploadFormOf((await applicant.get(page)).html, 'f-materials-declarationForm');
      const stored = await postUpload(runtime.url, form, new File([new Uint8Array(bytes)], name));
      expect(stored.status).toBe(303);
      const back = new URL(stored.location!);
      const judged = await applicant.get(`${back.pathname}${back.search}&lang=${lang}`);
      expect(judged.status).toBe(422);
      return /id="f-materials-declarationForm-error"[^>]*>\s*([^<]*)</.exec(judged.html)?.[1]?.trim();
    };
    expect(await uploaded('setup.exe', new Uint8Array([0x4d, 0x5a]))).toBe(
      '不接受这种文件类型；可上传：pdf、jpg、jpeg、png、doc、docx、xls、xlsx',
    );
    const notPdf = new TextEncoder().encode('MZ not a pdf');
    expect(await uploaded('申报书.pdf', notPdf)).toBe('文件内容不是 .pdf 格式，而是可执行程序（.exe），不能上传');
    expect(await uploaded('申报书.pdf', notPdf, 'en')).toBe('the content is not a .pdf file (it is a .exe file)');
    expect(await uploaded('申报书.pdf', new TextEncoder().encode('PK\x03\x04 a zip'))).toBe(
      '文件内容不是 .pdf 格式（实际是 .zip 文件），请检查后重新上传',
    );

    // Once submitted, an edit is not possible now (409), and the page says why.
    const submitted = await s.declare('applicant-a1', call.callId, 'elder-empowerment', '乐龄书院');
    const late = await applicant.post(`/ui/applicant/declarations/${submitted}`, { title: '改名', action: 'save' });
    expect(late.status).toBe(422);
    expect(late.html).toContain('申报处于“区级推荐”阶段，不能修改');
    expect((await applicant.post(`/ui/applicant/declarations/${submitted}?lang=en`, { title: '改名', action: 'save' })).html).toContain(
      'a declaration in stage district_review cannot be edited',
    );

    // What another applicant may not see, or a role may not open, is said plainly too.
    const other = await PageClient.signIn(runtime.url, 'applicant-b1');
    const hidden = await other.get(`/ui/applicant/declarations/${submitted}`);
    expect(hidden.status).toBe(404);
    expect(hidden.html).toContain('要找的内容不存在，或您无权查看。');
    expect((await other.get(`/ui/office?lang=en`)).html).toContain('your role may not open this page');
    expect((await other.get('/ui/office')).html).toContain('您的角色不能办理此事项。');
  });

  it('a district’s recommendation: the rank must be a whole number, and the cap reached is said in Chinese', async () => {
    const call = await s.createCall('elder-empowerment', { districtCaps: { 'district-a': 1 } });
    const first = await s.declare('applicant-a1', call.callId, 'elder-empowerment', '甲街道数字课堂');
    const second = await s.declare('applicant-a2', call.callId, 'elder-empowerment', '乙镇乐龄书院');
    s.ok(await s.recommend('district-a', first, 1));
    const task = await s.openTask('district-a', second, 'district_recommendation');
    const district = await PageClient.signIn(runtime.url, 'district-a');
    const form = `/ui/tasks/${task.taskId}`;

    expect(at((await district.post(form, { outcome: 'recommend' })).html, 'rank')).toBe('推荐时须填写推荐排序');
    expect(at((await district.post(form, { outcome: 'recommend', rank: '1.5' })).html, 'rank')).toBe('请填写整数');
    expect(at((await district.post(form, { outcome: 'recommend', rank: '第二' })).html, 'rank')).toBe('请填写数字');
    expect(at((await district.post(form, { outcome: 'decline' })).html, 'comment')).toBe('请填写理由（申报单位可以看到）');
    const over = await district.post(form, { outcome: 'recommend', rank: '2' });
    expect(over.status).toBe(422);
    expect(over.html).toContain('本区在本批次的推荐名额（1 个）已用完');
    expect((await district.post(`${form}?lang=en`, { outcome: 'recommend', rank: '2' })).html).toContain(
      'district district-a has reached its cap of 1 recommendations in this call',
    );
    expect((await s.api.as('admin').get(`/declarations/${second}`)).body.stage).toBe('district_review');
  });
});
