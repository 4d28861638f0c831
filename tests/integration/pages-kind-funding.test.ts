import { describe, expect, it } from 'vitest';
import { seededKind } from '../../local/kind-seeds';
import { Editor, errorAt, visible } from '../support/kind-editor';
import { PageClient } from '../support/pages';
import { ApiClient, fileRuntime } from '../support/runtime';

const runtime = fileRuntime({ sweepIntervalMs: 0 });

/**
 * A kind's funding rules in the kind editor (issue 23): the budget table, the maximum grant typed in
 * 元, the categories' shares of the grant and the over-spend tolerance are inputs of the page, kept
 * through an edit, refused in Chinese at their input, and saved through the same kinds API.
 */
describe('the kind editor’s funding rules', () => {
  it('shows each rule, refuses bad input at its field with nothing saved, and saves a changed maximum, limit and tolerance', async () => {
    const api = new ApiClient(runtime.url);
    const definition = structuredClone(seededKind('elder-empowerment'));
    expect((await api.as('admin').post('/kinds', { key: 'funded-terms', definition })).status).toBe(201);
    const stored = async () => (await api.as('admin').get('/kinds/funded-terms/versions/2')).body.definition.funding;

    const admin = await PageClient.signIn(runtime.url, 'admin');
    const made = await admin.post('/ui/office/kinds/funded-terms/versions', {});
    expect(made.status).toBe(303);
    const editor = await new Editor(admin, made.location!).open();
    expect(editor.values).toMatchObject({
      'funding.budgetField': 'budgetLines',
      'funding.maxGrantYuan': '500000.00',
      'funding.categoryLimits.0.category': 'equipment',
      'funding.categoryLimits.0.maxPercent': '30',
      'funding.categoryLimits.1.category': 'publicity',
      'funding.categoryLimits.1.maxPercent': '10',
      'funding.overspendTolerancePercent': '10',
    });
    expect(editor.html).not.toContain('name="funding.maxGrantFen"');
    expect(visible(editor.html)).toContain('支出类别：课程开发、师资、设备、场地、宣传、其他');

    // Bad input: each refused at its input in Chinese, and nothing saved.
    const refused = await editor.press('save', {
      'funding.maxGrantYuan': '五十万',
      'funding.overspendTolerancePercent': '101',
      'funding.categoryLimits.1.category': 'equipment',
      'funding.categoryLimits.0.maxPercent': '0',
    });
    expect(refused.status).toBe(422);
    expect(errorAt(editor.html, 'funding.maxGrantYuan')).toContain('请填写金额（元）');
    expect(errorAt(editor.html, 'funding.overspendTolerancePercent')).toBe('请填写 0 至 100 的整数');
    expect(errorAt(editor.html, 'funding.categoryLimits.1.category')).toBe('支出类别“设备”已在第 1 项设了比例上限');
    expect(errorAt(editor.html, 'funding.categoryLimits.0.maxPercent')).toContain('1 至 100');
    // The summary names the inputs in Chinese too.
    expect(visible(editor.html)).toContain('每个项目资助上限（元）');
    expect(await stored()).toEqual({
      budgetField: 'budgetLines',
      maxGrantFen: 50_000_000,
      categoryLimits: [
        { category: 'equipment', maxPercent: 30 },
        { category: 'publicity', maxPercent: 10 },
      ],
      overspendTolerancePercent: 10,
    });

    // An amount above 10^11 分 is refused at the field too.
    expect((await editor.press('save', { 'funding.maxGrantYuan': '1,000,000,000.01' })).status).toBe(422);
    expect(errorAt(editor.html, 'funding.maxGrantYuan')).toContain('不超过 10 亿元');

    // Corrected, a limit added on the page, and saved: the API gives back what was typed, in 分.
    const added = await editor.press('add-limit', {
      'funding.maxGrantYuan': '600,000.50',
      'funding.overspendTolerancePercent': '15',
      'funding.categoryLimits.0.maxPercent': '25',
      'funding.categoryLimits.1.category': 'publicity',
    });
    expect(added.status).toBe(200);
    expect(editor.values['funding.categoryLimits.2.category']).toBe('');
    const saved = await editor.press('save', { 'funding.categoryLimits.2.category': 'venue', 'funding.categoryLimits.2.maxPercent': '20' });
    expect(saved.status).toBe(303);
    expect(await stored()).toEqual({
      budgetField: 'budgetLines',
      maxGrantFen: 60_000_050,
      categoryLimits: [
        { category: 'equipment', maxPercent: 25 },
        { category: 'publicity', maxPercent: 10 },
        { category: 'venue', maxPercent: 20 },
      ],
      overspendTolerancePercent: 15,
    });
    // Drawn again from what is stored: the same inputs.
    const reopened = await new Editor(admin, made.location!).open();
    expect(reopened.values['funding.maxGrantYuan']).toBe('600000.50');

    // The programme's tranche plan, a percent per milestone: a bad one refused at its input in Chinese, nothing saved.
    expect(reopened.values).toMatchObject({
      'funding.tranchePlan.establishment': '',
      'funding.tranchePlan.midterm': '',
      'funding.tranchePlan.acceptance': '',
    });
    expect(visible(reopened.html)).toContain('拨付计划（各节点占资助额的比例）');
    const unsummed = await reopened.press('save', { 'funding.tranchePlan.establishment': '50', 'funding.tranchePlan.acceptance': '40' });
    expect(unsummed.status).toBe(422);
    expect(errorAt(reopened.html, 'funding.tranchePlan')).toBe('各节点拨付比例之和为 90%，须为 100%');
    const noMidterm = await reopened.press('save', {
      lifecycle: 'acceptance-only',
      'funding.tranchePlan.establishment': '50',
      'funding.tranchePlan.midterm': '30',
      'funding.tranchePlan.acceptance': '20',
    });
    expect(noMidterm.status).toBe(422);
    expect(errorAt(reopened.html, 'funding.tranchePlan.midterm')).toBe('本类项目没有中期检查，不能在中期拨付；请留空');
    expect(visible(reopened.html)).toContain('拨付计划：中期检查通过（%）');
    const notWhole = await reopened.press('save', { lifecycle: 'construction', 'funding.tranchePlan.midterm': '三十' });
    expect(notWhole.status).toBe(422);
    expect(errorAt(reopened.html, 'funding.tranchePlan.midterm')).toContain('请填写 1 至 100 的整数（中期检查通过拨付占资助额的百分比）');
    expect(await stored()).not.toHaveProperty('tranchePlan');

    // Corrected and saved: the kind carries 40/40/20, drawn back as typed.
    const planned = await reopened.press('save', {
      'funding.tranchePlan.establishment': '40',
      'funding.tranchePlan.midterm': '40',
      'funding.tranchePlan.acceptance': '20',
    });
    expect(planned.status).toBe(303);
    expect((await stored()).tranchePlan).toEqual([
      { milestone: 'establishment', percent: 40 },
      { milestone: 'midterm', percent: 40 },
      { milestone: 'acceptance', percent: 20 },
    ]);
    const again = await new Editor(admin, made.location!).open();
    expect(again.values).toMatchObject({
      'funding.tranchePlan.establishment': '40',
      'funding.tranchePlan.midterm': '40',
      'funding.tranchePlan.acceptance': '20',
    });
  }, 120_000);
});
