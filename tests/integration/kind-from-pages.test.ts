import { describe, expect, it } from 'vitest';
import { Editor, labels, visible } from '../support/kind-editor';
import { PageClient } from '../support/pages';
import { projects } from '../support/project';
import { fileRuntime, late } from '../support/runtime';

const runtime = fileRuntime();
const p = late(() => projects(runtime));

/**
 * Issue 20's proof that a kind is the office's data: a programme no code knows (社区教育优秀团队遴选),
 * made in the editor pages alone, runs a declaration from draft to its outcome (立项, the title).
 */
describe('a kind made in the pages alone', () => {
  it('takes a declaration from draft through selection to 立项 and its title', async () => {
    const admin = await PageClient.signIn(runtime.url, 'admin');
    const editor = await new Editor(admin, '/ui/office/kinds/new').open();
    await editor.press('add-field');
    await editor.press('refresh', {
      ...labels('form.0', 'members', '团队成员数', 'Team members'),
      'form.0.type': 'integer',
      'form.0.required': 'on',
    });
    // Choosing a title as the outcome draws the title's inputs; the save then names it.
    await editor.press('refresh', {
      kindKey: 'excellent-team',
      nameZh: '社区教育优秀团队',
      nameEn: 'Excellent community-education team',
      'form.0.unit': '人',
      'form.0.min': '3',
      'form.0.max': '200',
      ...labels('rubric.0', 'achievement', '团队业绩', 'Achievement'),
      'outcome.type': 'title',
    });
    expect(editor.html).toContain('name="outcome.titleZh"');
    const saved = await editor.press('save', {
      'outcome.titleZh': '社区教育优秀团队',
      'outcome.titleEn': 'Excellent team',
      'outcome.validityYears': '3',
    });
    expect(saved.status, visible(editor.html)).toBe(303);

    const version = p.ok(await p.api.as('admin').get('/kinds/excellent-team/versions/1'));
    expect(version.definition).toMatchObject({
      lifecycle: 'selection-only',
      outcome: { type: 'title', titleZh: '社区教育优秀团队' },
      form: [{ key: 'members', type: 'integer', unit: '人', min: 3, max: 200 }],
      rubric: [{ key: 'achievement', maxScore: 100 }],
    });
    const kind = { key: 'excellent-team', definition: version.definition };

    const call = await p.createCall(kind);
    expect(call).toMatchObject({ kind: 'excellent-team', kindVersion: 1, kindNameZh: '社区教育优秀团队' });
    // The form is the kind's: a value it does not allow is refused at the field.
    const tooFew = await p.api
      .as('applicant-a1')
      .post(`/calls/${call.callId}/declarations`, { title: '银龄志愿讲师团', fields: { members: 2 } });
    expect(tooFew.status).toBe(422);
    expect(tooFew.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.fields.members']);

    const id = await p.reviewed('applicant-a1', call.callId, kind, '银龄志愿讲师团');
    await p.scoredBy(id, kind, 0.9);
    await p.reached(id, 'scored');
    const { combined } = p.ok(await p.api.as('admin').get(`/declarations/${id}`)).score;
    expect(combined).toBe(90);
    await p.closeWindow(call);
    const { call: inNotice } = await p.shortlist(call.callId, [id]);
    await p.endNotice(inNotice);
    await p.finished(id, 'approved');

    const history = p.ok(await p.api.as('admin').get(`/declarations/${id}/history`)).items as { action: string; reason?: string }[];
    expect(history.filter((e) => e.action === 'selection.concluded')).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/^授予社区教育优秀团队称号（.+〔\d{4}〕\d+号）$/) }),
    ]);
    // The clock moved weeks past the editor's session: the office signs in again to read the record.
    const office = await PageClient.signIn(runtime.url, 'admin');
    const page = await office.get(`/ui/office/declarations/${id}`);
    expect(page.status).toBe(200);
    expect(visible(page.html)).toContain('社区教育优秀团队');
  });
});
