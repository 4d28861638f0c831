import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kindDefinition } from '../../core/kind-definition';
import { applyAction, blankDraft, draftOf, editorFormOf, type KindDraft } from '../../core/kind-editor';
import { editorProblems, rubricTotals } from '../../core/kind-editor-checks';
import { sampleKind } from '../support/kind-fixture';

/** As a browser posts the form drawn from `draft`, with `changes` typed in. */
const posted = (draft: KindDraft, changes: Record<string, string> = {}) => draftOf({ ...editorFormOf(draft), ...changes });

describe('the kind editor form ⇄ a definition draft', () => {
  it('gives back the very definition it was drawn from (every field type, both rubrics, KPIs, outcome, eligibility)', () => {
    const form = editorFormOf(sampleKind);
    expect(draftOf(form)).toEqual(sampleKind);
    expect(kindDefinition.parse(draftOf(form))).toEqual(sampleKind);
    expect(editorFormOf(draftOf(form))).toEqual(form);
  });

  it('gives back each seeded kind as it is stored (config/kinds)', () => {
    const dir = join(__dirname, '../../config/kinds');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      const { definition } = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      const stored = kindDefinition.parse(definition);
      expect(draftOf(editorFormOf(stored)), file).toEqual(stored);
    }
  });

  it('names inputs as the page draws them: nested rows, options, columns, money in 元, ticked boxes', () => {
    const form = editorFormOf(sampleKind);
    expect(form['form.7.options.1.value']).toBe('nature');
    expect(form['form.12.columns.2.options.0.labelZh']).toBe('步行');
    expect(form['form.4.maxYuan']).toBe('500000.00');
    expect(form['form.4.maxFen']).toBeUndefined();
    expect(form['form.0.required']).toBe('on');
    expect(form['form.3.required']).toBeUndefined();
    expect(form['rubric.2.weight']).toBe('2');
    expect(form['eligibility.levels.street']).toBe('on');
    expect(form['eligibility.levels.city']).toBeUndefined();
    expect(form['tieBreak.1']).toBe('impact');
    expect(form['outcome.validityYears']).toBe('3');
  });

  it('reads typed text as numbers, leaves out what is empty, and keeps what is no number for the schema to refuse', () => {
    const draft = posted(sampleKind, { 'rubric.0.weight': '', 'rubric.1.maxScore': 'abc', quota: '' });
    expect(draft.rubric[0]).not.toHaveProperty('weight');
    expect(draft.rubric[1]!.maxScore).toBe('abc');
    expect(draft.quota).toBeUndefined();
    const refused = kindDefinition.safeParse(draft);
    expect(refused.success).toBe(false);
    expect(refused.error!.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['rubric.1.maxScore', 'quota']));
  });

  it("starts a field switched to another type from that type's defaults", () => {
    const draft = posted(sampleKind, { 'form.0.type': 'select' });
    expect(draft.form[0]).toEqual({
      type: 'select',
      key: 'projectName',
      labelZh: '项目名称',
      labelEn: 'projectName',
      required: true,
      options: [{ value: '', labelZh: '', labelEn: '' }],
    });
    expect(posted(sampleKind, { 'form.1.type': 'table' }).form[1]).toMatchObject({
      type: 'table',
      maxRows: 50,
      columns: [{ type: 'text', maxLength: 200 }],
    });
    expect(posted(sampleKind, { 'form.1.type': 'yesno' }).form[1]).toEqual({
      type: 'yesno',
      key: 'plan',
      labelZh: '实施方案',
      labelEn: 'plan',
      required: true,
    });
  });

  it('ignores names no page of ours draws', () => {
    const draft = draftOf({ ...editorFormOf(sampleKind), '__proto__.x': '1', 'form..key': 'x', 'constructor.prototype.y': '1' });
    expect(draft).toEqual(sampleKind);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe("the editor's buttons", () => {
  it('add a field, an option, a column, a criterion, a KPI, a material, a minimum', () => {
    let draft = blankDraft();
    for (const action of ['add-field', 'add-field', 'add-criterion:acceptanceRubric', 'add-kpi', 'add-material', 'add-minimum'])
      draft = applyAction(draft, action);
    expect(draft.form).toHaveLength(2);
    expect(draft.acceptanceRubric).toHaveLength(1);
    expect(draft.kpiTargets).toHaveLength(1);
    expect(draft.materials).toHaveLength(1);
    expect(draft.eligibility.minimums).toHaveLength(1);
    const withTable = posted(sampleKind);
    expect(applyAction(withTable, 'add-option:form.7').form[7]!.options).toHaveLength(3);
    expect(applyAction(withTable, 'add-column:form.12').form[12]!.columns).toHaveLength(4);
    expect(applyAction(withTable, 'add-option:form.12.columns.2').form[12]!.columns![2]!.options).toHaveLength(2);
  });

  it('remove a row and move one up, and change nothing when they name nothing', () => {
    const draft = posted(sampleKind);
    expect(applyAction(draft, 'remove:form.0').form.map((f) => f.key)).toEqual(sampleKind.form.slice(1).map((f) => f.key));
    expect(applyAction(draft, 'move-up:rubric.1').rubric.map((c) => c.key)).toEqual(['resources', 'design', 'impact']);
    expect(applyAction(draft, 'remove:form.7.options.0').form[7]!.options!.map((o) => o.value)).toEqual(['nature']);
    for (const nothing of [
      'move-up:rubric.0',
      'remove:form.99',
      'remove:nameZh.0',
      'remove:__proto__.0',
      'explode',
      'add-option:form.0',
      'add-criterion:form',
    ])
      expect(applyAction(draft, nothing)).toEqual(draft);
  });

  it('leave the draft posted unchanged (a new draft is returned)', () => {
    const draft = posted(sampleKind);
    applyAction(draft, 'remove:form.0');
    expect(draft).toEqual(sampleKind);
  });
});

describe('what the editor says at the field', () => {
  it('says nothing about a valid definition', () => {
    expect(editorProblems(posted(sampleKind))).toEqual({});
  });

  it('names a rubric not adding up to its total, with the running sum', () => {
    const draft = posted(sampleKind, { 'rubric.0.maxScore': '35' });
    expect(rubricTotals(draft.rubric, draft.rubricTotal)).toEqual({ sum: 95, total: 100, complete: true });
    expect(editorProblems(draft).rubric!.zh).toBe('各项满分合计 95 分（有权重的按权重×满分计），与总分 100 分不一致');
  });

  it('names a choice without options, a duplicate key, a KPI without a unit, a bad key, a tie-break that is no criterion', () => {
    let draft = posted(sampleKind, {
      'form.1.key': 'projectName',
      'kpiTargets.0.unit': ' ',
      'rubric.2.key': 'Impact',
      'tieBreak.0': 'nothing',
    });
    draft = applyAction(draft, 'remove:form.8.options.0');
    const problems = editorProblems(draft);
    expect(problems['form.8.options']!.zh).toBe('选择题至少需要一个选项');
    expect(problems['form.1.key']!.zh).toBe('代码“projectName”与第 1 项重复');
    expect(problems['kpiTargets.0.unit']!.zh).toContain('请填写计量单位');
    expect(problems['rubric.2.key']!.zh).toContain('小写英文字母开头');
    expect(problems['tieBreak.0']!.zh).toBe('不是评分标准中的项目');
    expect(Object.keys(problems).sort()).toEqual(
      ['form.1.key', 'form.8.options', 'kpiTargets.0.unit', 'rubric.2.key', 'tieBreak.0', 'tieBreak.1'].sort(),
    );
  });

  it('names a duplicate option value and a column key repeated within its table', () => {
    const draft = posted(sampleKind, { 'form.7.options.1.value': 'history', 'form.12.columns.1.key': 'stop' });
    expect(Object.keys(editorProblems(draft))).toEqual(['form.7.options.1.value', 'form.12.columns.1.key']);
  });
});
