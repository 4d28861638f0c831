import { describe, expect, it } from 'vitest';
import { everyTypeForm, everyTypeValues } from '../support/forms';
import { PageClient } from '../support/pages';
import { fileRuntime, late } from '../support/runtime';
import { selection } from '../support/selection';

/**
 * The applicant's form of a call with a typed form (issue 20 item 2): every field type drawn as
 * an input, posted and stored as its type (money typed in 元, stored in 分), a table grown by a
 * submit button, each bad value told in Chinese at its input; the office reads it back.
 */
const runtime = fileRuntime();
const s = late(() => selection(runtime));

/** The error shown under an input, by the input's name. */
const at = (html: string, field: string) => new RegExp(`data-field="${field.replace(/\./g, '\\.')}">\\s*([^<]*)<`).exec(html)?.[1]?.trim();
const common = { title: '银龄数字课堂', summary: '为辖区老年人开设智能手机课程', contactName: '王老师', contactPhone: '021-5555 0101' };

/** everyTypeValues as the form posts them: 元 with two decimals, yes/no, a box per option ticked, a table's cells by row. */
const posted: [string, string][] = [
  ...Object.entries(common),
  ['fields.courseName', '银龄数字课堂'],
  ['fields.plan', '每周两次\n共十六周'],
  ['fields.learners', '120'],
  ['fields.area', '85.5'],
  ['fields.budget', '12,345.67'],
  ['fields.startDate', '2027-03-01'],
  ['fields.level', 'district'],
  ['fields.audiences', 'elders'],
  ['fields.audiences', 'workers'],
  ['fields.venuePhone', '021-5555 0101'],
  ['fields.email', 'office@example.org'],
  ['fields.hasVenue', 'yes'],
  ['fields.courses.0.title', '智能手机入门'],
  ['fields.courses.0.hours', '16'],
  ['fields.courses.0.fee', '50.50'],
  ['fields.courses.0.online', 'no'],
  ['fields.courses.1.title', '移动支付'],
  ['fields.courses.1.hours', '8.5'],
  ['fields.courses.1.fee', ''],
  ['fields.courses.2.title', ''],
  ['fields.courses.2.hours', ''],
];
const replaced = (name: string, value: string): [string, string][] => [
  ...posted.filter(([n]) => n !== name),
  [name, value],
  ['action', 'save'],
];

describe('a typed form on the applicant’s page', () => {
  it('draws every type, stores what is posted as its type, tells each bad value in Chinese at its input', async () => {
    const call = await s.createCall('elder-empowerment', { form: everyTypeForm });
    const applicant = await PageClient.signIn(runtime.url, 'applicant-a1');
    const started = await applicant.post(`/ui/applicant/calls/${call.callId}/declarations`, { [`title-${call.callId}`]: '银龄数字课堂' });
    const page = started.location!;
    const id = page.split('/').pop()!;

    const blank = (await applicant.get(page)).html;
    expect(blank).toMatch(/<input id="f-fields-courseName"[^>]*maxlength="50"[^>]*type="text"/);
    expect(blank).toMatch(/<textarea id="f-fields-plan"[^>]*maxlength="2000"/);
    expect(blank).toMatch(/<input id="f-fields-learners"[^>]*type="number"[^>]*min="1" max="10000" step="1"/);
    expect(blank).toContain('计划学员人数（人）');
    expect(blank).toContain('项目预算（元）');
    expect(blank).toMatch(/<input id="f-fields-startDate"[^>]*type="date"/);
    expect(blank).toMatch(/<select id="f-fields-level" name="fields.level">[\s\S]*<option value="district">区级<\/option>/);
    expect(blank).toMatch(/<input type="checkbox" id="f-fields-audiences-elders" name="fields.audiences" value="elders"/);
    expect(blank).toMatch(/<input id="f-fields-venuePhone"[^>]*type="tel"/);
    expect(blank).toMatch(/<input id="f-fields-email"[^>]*type="email"/);
    expect(blank).toMatch(/<input type="radio" id="f-fields-hasVenue-yes" name="fields.hasVenue" value="yes"/);
    expect(blank).toMatch(/<input id="f-fields-courses-0-hours"[^>]*type="number"/);
    expect(blank).not.toContain('fields.courses.1.title');
    expect(blank).toContain('value="add-row:courses"');
    expect(blank).toContain('href="#f-materials-venuePhotos"');
    expect(blank).toMatch(/<input type="file" id="f-materials-venuePhotos"/);
    expect(blank).toMatch(/<fieldset id="f-fields-courses"/);
    expect(blank).not.toMatch(/<script/);

    // 添加一行 draws the rows as posted and one more, saving nothing.
    const grown = await applicant.post(page, [...posted.slice(0, 20), ['action', 'add-row:courses']]);
    expect(grown.status).toBe(200);
    expect(grown.html).toContain('已添加一行');
    expect(grown.html).toMatch(/<input id="f-fields-courses-0-title"[^>]*value="智能手机入门"/);
    expect(grown.html).toContain('name="fields.courses.1.title"');
    expect((await s.api.as('applicant-a1').get(`/declarations/${id}`)).body.fields).toBeUndefined();

    const saved = await applicant.post(page, [...posted, ['action', 'save']]);
    expect(saved.status, at(saved.html, 'fields.budget')).toBe(303);
    const stored = await s.api.as('applicant-a1').get(`/declarations/${id}`);
    expect(stored.body.fields).toEqual(everyTypeValues);
    expect(stored.body.version).toBe(2);
    // Drawn again from what is stored: money back in 元, the boxes and radios as chosen.
    const again = (await applicant.get(page)).html;
    expect(again).toMatch(/<input id="f-fields-budget"[^>]*value="12345.67"/);
    expect(again).toMatch(/<input id="f-fields-courses-0-fee"[^>]*value="50.50"/);
    expect(again).toMatch(/value="workers" checked=""/);
    expect(again).toMatch(/id="f-fields-hasVenue-yes" name="fields.hasVenue" value="yes" checked=""/);
    expect(again).toMatch(/<option value="district" selected="">/);

    const bad: [name: string, value: string, message: string][] = [
      ['fields.courseName', '课'.repeat(51), '不能超过 50 个字'],
      ['fields.learners', '一百二十人', '请填写数字'],
      ['fields.learners', '0', '不能小于 1'],
      ['fields.area', '1.234', '最多保留两位小数'],
      ['fields.budget', '12.345', '请填写以元为单位的金额，最多两位小数（如 12,345.67）'],
      ['fields.budget', '1000000.01', '不能超过 1,000,000.00 元'],
      ['fields.startDate', '2027-02-30', '请填写正确的日期'],
      ['fields.level', 'city', '请从给出的选项中选择'],
      ['fields.audiences', 'aliens', '请从给出的选项中选择'],
      ['fields.venuePhone', '12345', '请填写正确的电话号码：11 位手机号码，或带区号的固定电话（如 021-5555 0101）'],
      ['fields.email', 'not an email', '请填写正确的电子邮箱地址，如 office@example.org'],
      ['fields.courses.1.hours', '-1', '不能小于 0'],
      ['fields.courses.0.fee', '五十元', '请填写以元为单位的金额，最多两位小数（如 12,345.67）'],
    ];
    for (const [name, value, message] of bad) {
      const refused = await applicant.post(page, replaced(name, value));
      expect(refused.status, `${name} = ${value}`).toBe(422);
      expect(at(refused.html, name), `${name} = ${value}`).toBe(message);
    }
    expect((await s.api.as('applicant-a1').get(`/declarations/${id}`)).body).toMatchObject({ version: 2, fields: everyTypeValues });
    // The refused value is shown again as it was typed.
    const typed = await applicant.post(page, replaced('fields.budget', '12.345'));
    expect(typed.html).toMatch(/<input id="f-fields-budget"[^>]*value="12.345"/);
    expect(typed.html).toContain('项目预算</a>：请填写以元为单位的金额');
    const cell = await applicant.post(page, replaced('fields.courses.1.hours', '-1'));
    expect(cell.html).toContain('课程清单 第 2 行 课时</a>：不能小于 0');

    // The office reads it back: money in 元, choices by their labels, the table as rows.
    const office = (await (await PageClient.signIn(runtime.url, 'admin')).get(`/ui/office/declarations/${id}`)).html;
    for (const shown of [
      '12,345.67 元',
      '120 人',
      '85.5 平方米',
      '区级',
      '老年人、在职人员',
      '2027-03-01',
      '智能手机入门',
      '50.50 元',
      '8.5 小时',
    ])
      expect(office).toContain(shown);
    expect(office).toMatch(/<dt>是否有固定场地<\/dt>\s*<dd>是<\/dd>/);
  });
});
