import { describe, expect, it } from 'vitest';
import { kindDefinition } from '../../core/kind-definition';
import { applyAction, blankDraft, draftOf, editorFormOf, type KindDraft } from '../../core/kind-editor';
import { editorProblems } from '../../core/kind-editor-checks';
import { budgetCategoriesOf, fundingInputOf } from '../../core/kind-editor-funding';
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

  it('draws the tranche plan as a percent per milestone and reads back only those given', () => {
    const planned = {
      ...elder,
      funding: {
        ...elder.funding!,
        tranchePlan: [
          { milestone: 'establishment', percent: 40 },
          { milestone: 'midterm', percent: 40 },
          { milestone: 'acceptance', percent: 20 },
        ],
      },
    } as KindDraft;
    const form = editorFormOf(planned);
    expect(form).toMatchObject({
      'funding.tranchePlan.establishment': '40',
      'funding.tranchePlan.midterm': '40',
      'funding.tranchePlan.acceptance': '20',
    });
    expect(form).not.toHaveProperty('funding.tranchePlan.0.milestone');
    expect(posted(planned).funding?.tranchePlan).toEqual(planned.funding!.tranchePlan);
    expect(kindDefinition.safeParse(posted(planned)).success).toBe(true);
    // Blank or 0: no tranche at that milestone; all blank: no plan (the defaults).
    const twoTranches = posted(planned, { 'funding.tranchePlan.midterm': '0', 'funding.tranchePlan.establishment': '80' });
    expect(twoTranches.funding?.tranchePlan).toEqual([
      { milestone: 'establishment', percent: 80 },
      { milestone: 'acceptance', percent: 20 },
    ]);
    expect(posted(elder).funding).not.toHaveProperty('tranchePlan');
    expect(zh(twoTranches)).toEqual({});
  });

  it('refuses a bad plan at its input in Chinese: not a whole percent, not 100 in all, a mid-term the kind lacks', () => {
    const typed = (changes: Record<string, string>) => posted(elder, changes);
    expect(zh(typed({ 'funding.tranchePlan.establishment': '五十', 'funding.tranchePlan.acceptance': '50' }))).toEqual({
      'funding.tranchePlan.establishment': expect.stringContaining('请填写 1 至 100 的整数（立项拨付占资助额的百分比）'),
    });
    expect(
      zh(
        typed({ 'funding.tranchePlan.establishment': '50', 'funding.tranchePlan.midterm': '30.5', 'funding.tranchePlan.acceptance': '20' }),
      ),
    ).toHaveProperty('funding.tranchePlan.midterm');
    expect(zh(typed({ 'funding.tranchePlan.establishment': '50', 'funding.tranchePlan.acceptance': '40' }))).toEqual({
      'funding.tranchePlan': '各节点拨付比例之和为 90%，须为 100%',
    });
    const noMidterm = typed({
      lifecycle: 'acceptance-only',
      'funding.tranchePlan.establishment': '50',
      'funding.tranchePlan.midterm': '30',
      'funding.tranchePlan.acceptance': '20',
    });
    expect(zh(noMidterm)).toEqual({ 'funding.tranchePlan.midterm': '本类项目没有中期检查，不能在中期拨付；请留空' });
    // The schema's word on the same tranche lands on the same input.
    const judged = kindDefinition.safeParse(noMidterm);
    const path = judged.error?.issues.map((i) => i.path.join('.'));
    expect(path).toEqual(['funding.tranchePlan.1.milestone']);
    expect(fundingInputOf(path![0]!, noMidterm)).toBe('funding.tranchePlan.midterm');
    expect(fundingInputOf('funding.maxGrantFen', noMidterm)).toBe('funding.maxGrantYuan');
    expect(fundingInputOf('funding.tranchePlan', noMidterm)).toBe('funding.tranchePlan');
  });
});
