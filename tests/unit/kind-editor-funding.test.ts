import { describe, expect, it } from 'vitest';
import { kindDefinition } from '../../core/kind-definition';
import { applyAction, blankDraft, draftOf, editorFormOf, type KindDraft } from '../../core/kind-editor';
import { editorProblems } from '../../core/kind-editor-checks';
import { budgetCategoriesOf } from '../../core/kind-editor-funding';
import { seededKind } from '../../local/kind-seeds';

/** As a browser posts the form drawn from `draft`, with `changes` typed in. */
const posted = (draft: KindDraft, changes: Record<string, string> = {}) => draftOf({ ...editorFormOf(draft), ...changes });
const zh = (draft: KindDraft) => Object.fromEntries(Object.entries(editorProblems(draft)).map(([k, v]) => [k, v.zh]));

describe('the kind editor’s funding rules (issue 23)', () => {
  const elder = kindDefinition.parse(seededKind('elder-empowerment')) as unknown as KindDraft;

  it('draws the maximum grant in 元 and reads it back in 分, every other rule as stored', () => {
    const form = editorFormOf(elder);
    expect(form).toMatchObject({
      'funding.budgetField': 'budgetLines',
      'funding.maxGrantYuan': '500000.00',
      'funding.categoryLimits.0.category': 'equipment',
      'funding.categoryLimits.0.maxPercent': '30',
      'funding.overspendTolerancePercent': '10',
    });
    expect(form).not.toHaveProperty('funding.maxGrantFen');
    expect(posted(elder, { 'funding.maxGrantYuan': '1,234.5' }).funding).toMatchObject({ maxGrantFen: 123_450 });
    expect(budgetCategoriesOf(elder).options.map((o) => o.labelZh)).toEqual(['课程开发', '师资', '设备', '场地', '宣传', '其他']);
  });

  it('leaves funding out when its inputs are all empty, and keeps it (to be judged) when any is given', () => {
    const none = posted(elder, {
      'funding.budgetField': '',
      'funding.maxGrantYuan': '',
      'funding.overspendTolerancePercent': '',
      'funding.categoryLimits.0.category': '',
    });
    expect(none.funding?.categoryLimits).toHaveLength(2);
    const cleared = draftOf(
      Object.fromEntries(Object.entries(editorFormOf(elder)).filter(([k]) => !k.startsWith('funding.') || k === 'funding.budgetField')),
    );
    expect(posted(cleared, { 'funding.budgetField': '' }).funding).toBeUndefined();
    expect(zh(none)['funding.budgetField']).toContain('请选择预算表');
  });

  it('adds a ready budget table named as the budget field, and a category limit', () => {
    const draft = applyAction(applyAction(blankDraft(), 'add-budget-table'), 'add-limit');
    expect(draft.form.map((f) => f.key)).toEqual(['budgetLines']);
    expect(draft.funding).toMatchObject({ budgetField: 'budgetLines', categoryLimits: [{ category: '' }] });
    expect(budgetCategoriesOf(draft).column).toBe('form.0.columns.0');
    const again = applyAction(draft, 'add-budget-table');
    expect(again.form.map((f) => f.key)).toEqual(['budgetLines', 'budgetLines2']);
    expect(applyAction(draft, 'remove:funding.categoryLimits.0').funding?.categoryLimits).toEqual([]);
  });

  it('names each bad input at its field in Chinese', () => {
    const bad = posted(elder, {
      'funding.maxGrantYuan': '五十万',
      'funding.overspendTolerancePercent': '150',
      'funding.categoryLimits.0.category': 'yachts',
      'funding.categoryLimits.1.category': 'equipment',
      'funding.categoryLimits.1.maxPercent': '0',
    });
    expect(zh(bad)).toMatchObject({
      'funding.maxGrantYuan': expect.stringContaining('请填写金额（元）'),
      'funding.overspendTolerancePercent': '请填写 0 至 100 的整数',
      'funding.categoryLimits.0.category': '请选择预算表中的支出类别',
      'funding.categoryLimits.1.maxPercent': expect.stringContaining('1 至 100'),
    });
    const twice = posted(elder, { 'funding.categoryLimits.1.category': 'equipment' });
    expect(zh(twice)['funding.categoryLimits.1.category']).toBe('支出类别“设备”已在第 1 项设了比例上限');
    expect(zh(posted(elder, { 'funding.budgetField': 'serviceArea' }))['funding.budgetField']).toBe('所选填写项不是表格');
    expect(zh(posted(elder, { 'funding.maxGrantYuan': '' }))['funding.maxGrantYuan']).toContain('请填写');
    expect(zh(elder)).toEqual({});
  });
});
