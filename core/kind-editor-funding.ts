import { BUDGET_COLUMNS, FISCAL } from './funding';
import type { KindLifecycle } from './kind-definition';
import type { FieldDraft, Item, KindDraft } from './kind-editor';
import type { Said } from './kind-editor-checks';
import { lifecycleMilestones, type TrancheMilestone, trancheMilestoneLabels } from './tranche-plan';

/**
 * The kind's funding rules (issue 23) in the kind editor: the budget table it names, the most it
 * grants (typed in 元), the share a category may take of the grant, and the tolerance before an
 * over-spend is told to the office. The budget's categories are the options of the table's
 * `category` column, edited in the form builder; the editor offers a ready table to start from. The
 * programme's tranche plan is a percent per milestone (`funding.tranchePlan.midterm`), blank for none.
 */
export type FundingDraft = Item & {
  budgetField?: unknown;
  maxGrantFen?: unknown;
  categoryLimits: Item[];
  tranchePlan?: { milestone: TrancheMilestone; percent: unknown }[];
};

const option = (value: string, labelZh: string, labelEn: string) => ({ value, labelZh, labelEn });

/** The budget table a kind starts from: categories 课程开发 … 其他, an amount, sources 财政 / 自筹 / 社会捐赠 and a note. */
export function budgetTableTemplate(key: string): FieldDraft {
  return {
    type: 'table',
    key,
    labelZh: '经费预算明细',
    labelEn: 'Budget lines',
    required: false,
    maxRows: 50,
    columns: [
      {
        type: 'select',
        key: BUDGET_COLUMNS.category,
        labelZh: '支出类别',
        labelEn: 'Category',
        required: true,
        options: [
          option('courseDevelopment', '课程开发', 'Course development'),
          option('teachers', '师资', 'Teachers'),
          option('equipment', '设备', 'Equipment'),
          option('venue', '场地', 'Venue'),
          option('publicity', '宣传', 'Publicity'),
          option('other', '其他', 'Other'),
        ],
      },
      { type: 'money', key: BUDGET_COLUMNS.amount, labelZh: '金额', labelEn: 'Amount', required: true },
      {
        type: 'select',
        key: BUDGET_COLUMNS.source,
        labelZh: '经费来源',
        labelEn: 'Source',
        required: true,
        options: [
          option(FISCAL, '财政', 'Fiscal (the grant)'),
          option('own', '自筹', 'Own funds'),
          option('donation', '社会捐赠', 'Donations'),
        ],
      },
      { type: 'text', key: 'note', labelZh: '说明', labelEn: 'Note', required: false, maxLength: 200 },
    ],
  };
}

/** The draft with a budget table added (unless its key is taken) and named as the kind's budget field. */
export function withBudgetTable(draft: KindDraft): KindDraft {
  let key = 'budgetLines';
  for (let n = 2; draft.form.some((f) => f.key === key); n++) key = `budgetLines${n}`;
  const funding = (draft.funding ?? { categoryLimits: [] }) as FundingDraft;
  return { ...draft, form: [...draft.form, budgetTableTemplate(key)], funding: { ...funding, budgetField: key } };
}

/** The draft with one more category limit, starting the funding rules if there were none. */
export function withCategoryLimit(draft: KindDraft): KindDraft {
  const funding = (draft.funding ?? { budgetField: '', categoryLimits: [] }) as FundingDraft;
  return { ...draft, funding: { ...funding, categoryLimits: [...funding.categoryLimits, { category: '', maxPercent: undefined }] } };
}

/** The table a draft's funding names, if it is one. */
export function budgetTableOf(draft: KindDraft): { index: number; field: FieldDraft } | undefined {
  const key = (draft.funding as FundingDraft | undefined)?.budgetField;
  const index = draft.form.findIndex((f) => f.key === key && f.type === 'table');
  return index < 0 ? undefined : { index, field: draft.form[index]! };
}

/** The categories of the named budget table (its `category` column's options), with where that column is in the form builder. */
export function budgetCategoriesOf(draft: KindDraft): { options: Item[]; column?: string } {
  const table = budgetTableOf(draft);
  const at = table?.field.columns?.findIndex((c) => c.key === BUDGET_COLUMNS.category) ?? -1;
  if (!table || at < 0) return { options: [] };
  return { options: table.field.columns![at]!.options ?? [], column: `form.${table.index}.columns.${at}` };
}

const whole = (value: unknown, min: number, max: number) =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/** The editor's own words on the funding rules, at the input each is about. */
export function fundingEditorProblems(draft: KindDraft): Record<string, Said> {
  const funding = draft.funding as FundingDraft | undefined;
  if (!funding) return {};
  const problems: Record<string, Said> = {};
  const named = typeof funding.budgetField === 'string' ? funding.budgetField : '';
  const field = draft.form.find((f) => f.key === named);
  const column = (key: string) => field?.columns?.find((c) => c.key === key);
  if (named === '')
    problems['funding.budgetField'] = {
      zh: '请选择预算表（申报书中的表格填写项）；不设经费请清空本组各项',
      en: 'choose the budget table (a table field of the form); to set no funding, clear this group',
    };
  else if (field?.type !== 'table') problems['funding.budgetField'] = { zh: '所选填写项不是表格', en: 'the field chosen is not a table' };
  else if (
    column(BUDGET_COLUMNS.category)?.type !== 'select' ||
    column(BUDGET_COLUMNS.amount)?.type !== 'money' ||
    !column(BUDGET_COLUMNS.source)?.options?.some((o) => o.value === FISCAL)
  )
    problems['funding.budgetField'] = {
      zh: `预算表须有选择列 ${BUDGET_COLUMNS.category}（支出类别）、金额列 ${BUDGET_COLUMNS.amount} 和含 ${FISCAL}（财政）选项的选择列 ${BUDGET_COLUMNS.source}（经费来源）`,
      en: `the budget table needs a select column ${BUDGET_COLUMNS.category}, a money column ${BUDGET_COLUMNS.amount} and a select column ${BUDGET_COLUMNS.source} with the option ${FISCAL}`,
    };
  const max = funding.maxGrantFen;
  if (max === undefined)
    problems['funding.maxGrantYuan'] = { zh: '请填写每个项目的资助上限（元）', en: 'required: the most granted (yuan)' };
  else if (typeof max !== 'number')
    problems['funding.maxGrantYuan'] = {
      zh: '请填写金额（元），如 500000 或 500,000.00，最多两位小数，不超过 10 亿元',
      en: 'an amount in yuan, e.g. 500000 or 500,000.00, at most two decimals and 1,000,000,000',
    };
  else if (max < 1) problems['funding.maxGrantYuan'] = { zh: '资助上限至少 0.01 元', en: 'at least 0.01 yuan' };
  const tolerance = funding.overspendTolerancePercent;
  if (tolerance !== undefined && !whole(tolerance, 0, 100))
    problems['funding.overspendTolerancePercent'] = { zh: '请填写 0 至 100 的整数', en: 'a whole number from 0 to 100' };
  const categories = budgetCategoriesOf(draft).options;
  const seen = new Map<string, number>();
  funding.categoryLimits.forEach((limit, index) => {
    const at = `funding.categoryLimits.${index}`;
    const category = typeof limit.category === 'string' ? limit.category : '';
    const label = categories.find((o) => o.value === category)?.labelZh ?? category;
    if (!categories.some((o) => o.value === category))
      problems[`${at}.category`] = { zh: '请选择预算表中的支出类别', en: 'choose a category of the budget table' };
    else if (seen.has(category))
      problems[`${at}.category`] = {
        zh: `支出类别“${label}”已在第 ${seen.get(category)! + 1} 项设了比例上限`,
        en: `the category ${category} is already limited by item ${seen.get(category)! + 1}`,
      };
    else seen.set(category, index);
    if (!whole(limit.maxPercent, 1, 100))
      problems[`${at}.maxPercent`] = {
        zh: '请填写 1 至 100 的整数（占资助额的百分比）',
        en: 'a whole number from 1 to 100 (percent of the grant)',
      };
  });
  return { ...problems, ...tranchePlanEditorProblems(funding, draft.lifecycle) };
}

/** The plan's inputs, one per milestone: a whole percent, at a milestone the lifecycle reaches, 100 in all (said at the group). */
function tranchePlanEditorProblems(funding: FundingDraft, lifecycle: unknown): Record<string, Said> {
  const plan = funding.tranchePlan ?? [];
  const problems: Record<string, Said> = {};
  const reached = lifecycleMilestones(lifecycle as KindLifecycle);
  for (const t of plan) {
    const at = `funding.tranchePlan.${t.milestone}`;
    const label = trancheMilestoneLabels[t.milestone];
    if (!reached.includes(t.milestone))
      problems[at] =
        t.milestone === 'midterm'
          ? { zh: '本类项目没有中期检查，不能在中期拨付；请留空', en: 'this kind has no mid-term check: leave it blank' }
          : { zh: '评选认定类项目立项即结束，只能在立项时拨付；请留空', en: 'a selection ends at approval: leave it blank' };
    else if (!whole(t.percent, 1, 100))
      problems[at] = {
        zh: `请填写 1 至 100 的整数（${label.zh}拨付占资助额的百分比），不在该节点拨付请留空`,
        en: `a whole number from 1 to 100 (percent of the grant at ${label.en}), or blank for none`,
      };
  }
  const sum = plan.reduce((s, t) => s + (typeof t.percent === 'number' ? t.percent : 0), 0);
  if (plan.length && !Object.keys(problems).length && sum !== 100)
    problems['funding.tranchePlan'] = {
      zh: `各节点拨付比例之和为 ${sum}%，须为 100%`,
      en: `the tranches' percentages sum to ${sum}, not 100`,
    };
  return problems;
}

/**
 * A schema problem's input in the editor: the maximum grant is typed in 元, and a plan's tranche
 * (`funding.tranchePlan.1.milestone`) is the percent input of its milestone.
 */
export function fundingInputOf(name: string, draft: KindDraft): string {
  if (name === 'funding.maxGrantFen') return 'funding.maxGrantYuan';
  const index = /^funding\.tranchePlan\.(\d+)(\.|$)/.exec(name)?.[1];
  const milestone = index === undefined ? undefined : (draft.funding as FundingDraft | undefined)?.tranchePlan?.[Number(index)]?.milestone;
  return milestone ? `funding.tranchePlan.${milestone}` : name;
}
