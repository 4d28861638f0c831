import { describe, expect, it } from 'vitest';
import { Editor, errorAt, labels, rawCode, visible } from '../support/kind-editor';
import { PageClient } from '../support/pages';
import { ApiClient, fileRuntime } from '../support/runtime';

const runtime = fileRuntime({ sweepIntervalMs: 0 });

/** What a reader sees of a fetched page. */
const seen = (page: { html: string }) => visible(page.html);

describe('the kind editor pages over HTTP', () => {
  it('builds a new kind from the pages alone, previews it, versions it, shows the diff, and a call is made of it', async () => {
    const admin = await PageClient.signIn(runtime.url, 'admin');
    expect((await admin.get('/ui/office')).html).toContain('href="/ui/office/kinds"');
    const editor = await new Editor(admin, '/ui/office/kinds/new').open();

    // The form builder: a text field, a number with its unit, a choice with options, a table with typed columns.
    await editor.press('add-field');
    await editor.press('add-field', {
      ...labels('form.0', 'courseName', '课程名称', 'Course'),
      'form.0.required': 'on',
      'form.0.maxLength': '100',
    });
    await editor.press('refresh', { ...labels('form.1', 'staff', '专职人员', 'Staff'), 'form.1.type': 'integer', 'form.1.required': 'on' });
    expect(editor.values['form.1.unit']).toBe('');
    await editor.press('add-field', { 'form.1.unit': '人', 'form.1.max': '200' });
    await editor.press('refresh', { ...labels('form.2', 'theme', '主题', 'Theme'), 'form.2.type': 'select' });
    expect(editor.values).toHaveProperty('form.2.options.0.value', '');
    await editor.press('add-option:form.2', labels('form.2.options.0', 'history', '历史', 'History', 'value'));
    await editor.press('add-field', labels('form.2.options.1', 'nature', '自然', 'Nature', 'value'));
    await editor.press('refresh', { ...labels('form.3', 'budget', '经费预算', 'Budget'), 'form.3.type': 'table' });
    await editor.press('add-column:form.3', {
      ...labels('form.3.columns.0', 'item', '支出项目', 'Item'),
      'form.3.columns.0.required': 'on',
    });
    await editor.press('refresh', { ...labels('form.3.columns.1', 'amount', '金额', 'Amount'), 'form.3.columns.1.type': 'money' });
    expect(editor.html).toContain('name="form.3.columns.1.maxYuan"');

    // The rubric's running total is the server's on each post.
    await editor.press('add-criterion:rubric', labels('rubric.0', 'plan', '方案设计', 'Plan'));
    await editor.press('refresh', {
      'rubric.0.maxScore': '60',
      ...labels('rubric.1', 'effect', '预期成效', 'Effect'),
      'rubric.1.maxScore': '30',
    });
    expect(visible(editor.html)).toContain('各项满分合计：90 分 / 总分 100 分（不一致）');
    await editor.press('add-kpi', { 'rubric.1.maxScore': '40' });
    expect(visible(editor.html)).toContain('各项满分合计：100 分 / 总分 100 分（一致）');
    await editor.press('add-minimum', {
      ...labels('kpiTargets.0', 'learners', '参与人次', 'Learners'),
      'kpiTargets.0.unit': '人次',
      'kpiTargets.0.target': '300',
    });
    await editor.press('refresh', {
      kindKey: 'reading-circle',
      nameZh: '社区读书会项目',
      nameEn: 'Community reading circle',
      'outcome.type': 'title',
      'eligibility.minimums.0.field': 'staff',
      'eligibility.minimums.0.min': '1',
      'eligibility.types.elder-university': '',
    });
    expect(editor.html).toContain('name="outcome.titleZh"');

    // Bad input is refused at its field, in Chinese, and nothing is stored.
    const refused = await editor.press(
      'save',
      {
        'outcome.titleZh': '优秀读书会',
        'outcome.titleEn': 'Outstanding reading circle',
        'outcome.validityYears': '3',
        'form.1.key': 'courseName',
        'rubric.1.maxScore': '30',
        'kpiTargets.0.unit': '',
      },
      [
        'form.2.options.0.value',
        'form.2.options.0.labelZh',
        'form.2.options.0.labelEn',
        'form.2.options.1.value',
        'form.2.options.1.labelZh',
        'form.2.options.1.labelEn',
      ],
    );
    expect(refused.status).toBe(422);
    expect(errorAt(refused.html, 'rubric')).toBe('各项满分合计 90 分（有权重的按权重×满分计），与总分 100 分不一致');
    expect(errorAt(refused.html, 'form.2.options')).toBe('选择题至少需要一个选项');
    expect(errorAt(refused.html, 'form.1.key')).toBe('代码“courseName”与第 1 项重复');
    expect(errorAt(refused.html, 'kpiTargets.0.unit')).toBe('请填写计量单位（如 人次、场、学时）');
    expect(visible(refused.html)).toContain('填写项 2「专职人员」：代码');
    expect((await admin.get('/ui/office/kinds/reading-circle')).status).toBe(404);

    // Mended (options added again), it saves as version 1 and shows the applicant's form.
    await editor.press('add-option:form.2', { 'form.1.key': 'staff', 'rubric.1.maxScore': '40', 'kpiTargets.0.unit': '人次' });
    await editor.press('add-option:form.2', labels('form.2.options.0', 'history', '历史', 'History', 'value'));
    const saved = await editor.press('save', labels('form.2.options.1', 'nature', '自然', 'Nature', 'value'));
    expect(saved.status).toBe(303);
    expect(saved.location).toBe('/ui/office/kinds/reading-circle/versions/1?saved=1');
    const v1 = await admin.get(saved.location!);
    expect(v1.status).toBe(200);
    const preview = v1.html.slice(v1.html.indexOf('id="preview"'));
    for (const name of ['fields.courseName', 'fields.staff', 'fields.theme']) expect(preview).toContain(`name="${name}"`);
    expect(visible(preview)).toContain('课程名称');
    expect(visible(preview)).toContain('自然');
    expect(visible(v1.html)).toContain('方案设计 60 分；预期成效 40 分（总分 100 分）');

    const again = await new Editor(admin, '/ui/office/kinds/new').open();
    const taken = await again.press('save', { ...editor.values, ...labels('form.2.options.1', 'nature', '自然', 'Nature', 'value') });
    expect(taken.status).toBe(409);
    expect(errorAt(taken.html, 'kindKey')).toBe('已有代码为 reading-circle 的项目类型');

    // Version 2: a copy of the latest, edited; the history names who made each.
    const made = await admin.post('/ui/office/kinds/reading-circle/versions', {});
    expect(made.status).toBe(303);
    expect(made.location).toBe('/ui/office/kinds/reading-circle/versions/2/edit');
    const second = await new Editor(admin, made.location!).open();
    expect(second.values['form.0.labelZh']).toBe('课程名称');
    await second.press('remove:form.3', { 'form.0.labelZh': '课程名称（全称）', 'rubric.0.maxScore': '50', 'rubric.1.maxScore': '50' });
    // A colleague had the same version open: their save of the older revision is refused in Chinese, their draft kept.
    const colleague = await new Editor(admin, made.location!).open();
    const savedTwo = await second.press('save', { note: '调整评分' });
    expect(savedTwo.status).toBe(303);
    const late = await colleague.press('save', { nameZh: '社区读书会（同事）' });
    expect(late.status).toBe(409);
    expect(visible(colleague.html)).toContain('内容已被他人修改');
    expect(colleague.values.nameZh).toBe('社区读书会（同事）');
    expect(seen(await admin.get('/ui/office/kinds/reading-circle/versions/2'))).not.toContain('社区读书会（同事）');
    const history = await admin.get('/ui/office/kinds/reading-circle');
    expect(visible(history.html)).toContain('调整评分');
    expect(history.html).toContain('data-version="2"');
    const row = history.html.slice(history.html.indexOf('data-version="2"'));
    expect(/<td>([^<]*)<\/td>/.exec(row.slice(row.indexOf('</td>') + 5))?.[1]).toBe('市终身教育办公室');

    const diff = await admin.get('/ui/office/kinds/reading-circle/diff?from=1&to=2');
    expect(diff.status).toBe(200);
    const diffText = visible(diff.html);
    expect(diffText).toContain('删除：经费预算（budget）');
    expect(diffText).toContain('修改：课程名称（全称）（courseName）');
    expect(diffText).toMatch(/满分 60 50/);

    for (const path of [
      '/ui/office/kinds',
      '/ui/office/kinds/reading-circle',
      '/ui/office/kinds/reading-circle/versions/2',
      '/ui/office/kinds/reading-circle/diff?from=1&to=2',
    ])
      expect(
        [...visible((await admin.get(path)).html).matchAll(rawCode)].map((m) => m[0]),
        path,
      ).toEqual([]);

    const english = await admin.get('/ui/office/kinds/reading-circle/versions/2/edit?lang=en');
    expect(english.status).toBe(200);
    expect(visible(english.html)).toContain('The maxima add up to 100 of a declared 100 (they agree)');
    await admin.get('/ui/office/kinds?lang=zh');

    const api = new ApiClient(runtime.url);
    const apiDiff = await api.as('admin').get('/kinds/reading-circle/diff?from=1&to=2');
    expect(apiDiff.status).toBe(200);
    expect(apiDiff.body.form.removed.map((f: { key: string }) => f.key)).toEqual(['budget']);
    expect(apiDiff.body.rubric.changed.map((c: { key: string }) => c.key)).toEqual(['plan', 'effect']);
    expect(apiDiff.body.rubric.changed[0].members).toEqual([{ member: 'maxScore', from: 60, to: 50 }]);
    expect((await api.as('admin').get('/kinds/reading-circle/diff?from=1&to=9')).status).toBe(404);
    const badQuery = await api.as('admin').get('/kinds/reading-circle/diff?from=one&to=2');
    expect(badQuery.status).toBe(422);
    expect(badQuery.body.errors.map((e: { field: string }) => e.field)).toEqual(['query.from']);

    // A call of version 1 freezes it: the list says so, and saving it is refused with the way to a new version.
    const now = runtime.clock.now();
    const call = await api.as('admin').post('/calls', {
      kind: 'reading-circle',
      kindVersion: 1,
      year: now.getUTCFullYear(),
      title: '社区读书会项目申报',
      opensAt: new Date(now.getTime() + 86400_000).toISOString(),
      closesAt: new Date(now.getTime() + 20 * 86400_000).toISOString(),
    });
    expect(call.status).toBe(201);
    expect(call.body).toMatchObject({ kind: 'reading-circle', kindVersion: 1, kindNameZh: '社区读书会项目' });
    expect(visible((await admin.get('/ui/office/kinds')).html)).toContain('已被申报通知使用（第 1 版）');
    const frozen = await new Editor(admin, '/ui/office/kinds/reading-circle/versions/1/edit').open();
    const inUse = await frozen.press('save', { nameZh: '改名' });
    expect(inUse.status).toBe(409);
    expect(visible(inUse.html)).toContain('第 1 版已有申报通知使用，不能再修改');
    expect(inUse.html).toContain('action="/ui/office/kinds/reading-circle/versions"');
  });
});
