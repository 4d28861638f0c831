import type { KindLifecycle } from './kind-definition';
import type { KpiPeriod, MidtermRule } from './kpi-periods';
import type { KpiMeasure } from './kpis';

/**
 * What the kind editor and the diff between versions call each part of a kind, in Chinese and
 * English (core/labels.ts holds the call's and the stages' vocabularies; this one is the kind's).
 */
export interface Label {
  zh: string;
  en: string;
}
const l = (zh: string, en: string): Label => ({ zh, en });

export const fieldTypeLabels: Record<string, Label> = {
  text: l('单行文字', 'Text'),
  longtext: l('多行文字', 'Long text'),
  integer: l('整数', 'Whole number'),
  decimal: l('小数', 'Decimal'),
  money: l('金额（元）', 'Amount (yuan)'),
  date: l('日期', 'Date'),
  select: l('单选', 'Single choice'),
  multiselect: l('多选', 'Multiple choice'),
  phone: l('电话', 'Phone'),
  email: l('电子邮箱', 'Email'),
  yesno: l('是/否', 'Yes/no'),
  table: l('表格', 'Table'),
  material: l('上传材料', 'Upload'),
};

export const lifecycleLabels: Record<KindLifecycle, Label> = {
  'selection-only': l('评选认定：立项（命名）即结束', 'Selection only: ends at approval'),
  'acceptance-only': l('建设期满一次结项验收（无中期检查）', 'One acceptance after construction (no mid-term)'),
  construction: l('建设期：中期检查后考核验收', 'Construction: mid-term check, then acceptance'),
};

export const outcomeTypeLabels: Record<'none' | 'title' | 'recommendation', Label> = {
  none: l('无', 'Nothing'),
  title: l('命名授牌（有效期内）', 'A title, for some years'),
  recommendation: l('向上级推荐', 'A recommendation upward'),
};

export const kpiMeasureLabels: Record<KpiMeasure, Label> = {
  class_hours: l('学时', 'Class hours'),
  population_share: l('占老年人口比例（%）', 'Share of the elderly population (%)'),
  person_times: l('培训人次', 'Person-times'),
  places: l('学位数', 'Places'),
  sessions: l('场次', 'Sessions'),
  registrations: l('注册人数', 'Registrations'),
  credits: l('学分', 'Credits'),
  count: l('其他计数', 'Other count'),
};

export const projectDeadlineLabels: Record<string, Label> = {
  midtermReport: l('中期报告', 'Mid-term report'),
  midtermReview: l('中期评审', 'Mid-term review'),
  rectification: l('整改最长期限', 'Longest rectification'),
  acceptanceAssignment: l('分配验收专家', 'Acceptance assignment'),
  acceptanceReview: l('验收评审', 'Acceptance review'),
  acceptanceDecision: l('验收结论', 'Acceptance decision'),
};

/** The definition's lists, as the diff's headings and the editor's error summary name them. */
export const listLabels: Record<'form' | 'materials' | 'rubric' | 'acceptanceRubric' | 'kpiTargets', Label> = {
  form: l('申报书填写项', 'Form fields'),
  materials: l('申报材料', 'Materials'),
  rubric: l('评审评分标准', 'Selection rubric'),
  acceptanceRubric: l('验收评分标准', 'Acceptance rubric'),
  kpiTargets: l('绩效指标', 'KPI targets'),
};

/** The members of a field, criterion, KPI or material, as the diff names them. */
export const memberLabels: Record<string, Label> = {
  type: l('类型', 'Type'),
  key: l('代码', 'Key'),
  labelZh: l('名称（中文）', 'Name (Chinese)'),
  labelEn: l('名称（英文）', 'Name (English)'),
  required: l('必填', 'Required'),
  maxLength: l('最多字数', 'Longest'),
  unit: l('单位', 'Unit'),
  min: l('最小值', 'Least'),
  max: l('最大值', 'Most'),
  maxFen: l('金额上限', 'Largest amount'),
  options: l('选项', 'Options'),
  maxRows: l('最多行数', 'Most rows'),
  columns: l('表格列', 'Columns'),
  maxScore: l('满分', 'Maximum score'),
  weight: l('权重', 'Weight'),
  target: l('目标值', 'Target'),
  measure: l('指标类别', 'Measure'),
  period: l('考核周期', 'Period'),
  midterm: l('中期检查对照', 'Mid-term compares with'),
  minimum: l('任务书下限', 'Task-book minimum'),
  maximum: l('任务书上限', 'Task-book maximum'),
  fromField: l('取申报书中的数值', "Taken from the declaration's field"),
  fundsUse: l('评判经费使用', 'Judges the use of funds'),
  position: l('顺序', 'Position'),
  value: l('代码', 'Key'),
  maxYuan: l('金额上限（元）', 'Largest amount (yuan)'),
  field: l('填写项', 'Field'),
  category: l('支出类别', 'Category'),
  maxPercent: l('占资助额比例上限（%）', 'Most of the grant (%)'),
};

/** Every setting of a kind other than its lists, by the path the diff names it with. */
export const settingLabels: Record<string, Label> = {
  nameZh: l('类型名称（中文）', 'Name (Chinese)'),
  nameEn: l('类型名称（英文）', 'Name (English)'),
  rubricTotal: l('评分总分', 'Rubric total'),
  acceptanceRubricTotal: l('验收评分总分', 'Acceptance rubric total'),
  lifecycle: l('项目周期', 'Lifecycle'),
  constructionMonths: l('建设期（月）', 'Construction (months)'),
  'outcome.type': l('结果', 'Outcome'),
  'outcome.titleZh': l('命名称号（中文）', 'Title (Chinese)'),
  'outcome.titleEn': l('命名称号（英文）', 'Title (English)'),
  'outcome.validityYears': l('命名有效期（年）', 'Title valid for (years)'),
  'outcome.reviewEveryYears': l(
    '复核周期（年，0 为不复核；留空则每个有效期复核一次）',
    'Re-assessed every (years; 0: never; blank: every validity period)',
  ),
  'outcome.numberPattern': l(
    '命名文号格式（含 {year} 与 {seq}，留空为 沪终身办〔{year}〕{seq}号）',
    'Number pattern (with {year} and {seq}; blank: 沪终身办〔{year}〕{seq}号)',
  ),
  'outcome.toZh': l('推荐至（中文）', 'Recommended to (Chinese)'),
  'outcome.toEn': l('推荐至（英文）', 'Recommended to (English)'),
  quota: l('默认立项名额', 'Default quota'),
  defaultDistrictCap: l('每区推荐上限', 'Recommendations per district'),
  expertsPerDeclaration: l('每项评审专家人数', 'Experts per declaration'),
  scoring: l('计分方式', 'Scoring'),
  tieBreak: l('同分时依次比较', 'Ties broken by'),
  noticeWorkingDays: l('公示期（工作日）', 'Public notice (working days)'),
  escalationWorkingDays: l('逾期几个工作日后报上级督办', 'Working days overdue before the supervisor is told'),
  'eligibility.levels': l('可申报的单位层级', 'Levels that may declare'),
  'eligibility.types': l('可申报的单位类型', 'Types that may declare'),
  'eligibility.maxPerOrganisation': l('每个单位最多申报', 'At most per organisation'),
  'eligibility.maxPerStreet': l('每个街道最多申报', 'At most per street'),
  'eligibility.notIfAlreadyNamed': l('已获命名且在有效期内的不得申报', 'Not if already named and valid'),
  'eligibility.minimums': l('申报书数字须达到', 'Figures the form must reach'),
  'funding.budgetField': l('预算表', 'Budget table'),
  'funding.maxGrantFen': l('每个项目资助上限（分）', 'Most granted per project (fen)'),
  'funding.maxGrantYuan': l('每个项目资助上限（元）', 'Most granted per project (yuan)'),
  'funding.overspendTolerancePercent': l('支出超预算提醒容差（%）', 'Over-spend tolerance (%)'),
  'funding.categoryLimits': l('支出类别占资助额的比例上限', "Categories' shares of the grant"),
  'funding.tranchePlan': l('拨付计划（各节点占资助额的比例）', 'Tranche plan (percent of the grant per milestone)'),
  'funding.tranchePlan.establishment': l('拨付计划：立项（%）', 'Tranche plan: establishment (%)'),
  'funding.tranchePlan.midterm': l('拨付计划：中期检查通过（%）', 'Tranche plan: mid-term check passed (%)'),
  'funding.tranchePlan.acceptance': l('拨付计划：验收通过（%）', 'Tranche plan: acceptance passed (%)'),
};

/** A setting's label by its path, with the deadlines' own (`deadlines.formalReview`); an unknown path is shown as it is. */
export function settingLabel(path: string, deadlineLabel: (key: string) => Label | undefined): Label {
  const [group, key = ''] = path.split('.');
  if (group === 'deadlines') {
    const label = deadlineLabel(key);
    return label ? l(`${label.zh}时限（工作日）`, `${label.en} (working days)`) : l(path, path);
  }
  if (group === 'projectDeadlines' && projectDeadlineLabels[key])
    return l(`${projectDeadlineLabels[key].zh}时限（工作日）`, `${projectDeadlineLabels[key].en} (working days)`);
  return settingLabels[path] ?? l(path, path);
}

/** A KPI's period and what its mid-term compares with (issue 21.2), as the kind editor offers them. */
export const kpiPeriodLabels: Record<KpiPeriod, Label> = {
  year: l('每年（按年度考核）', 'Per year'),
  construction: l('建设期累计', 'Over the construction period'),
  once: l('建设期内一次性', 'Once during construction'),
};
export const midtermRuleLabels: Record<MidtermRule, Label> = {
  'pro-rated': l('中期按时间进度折算', 'Mid-term: pro-rated by time'),
  'first-year': l('中期对照第一年目标', "Mid-term: the first year's target"),
  full: l('中期对照全部目标', 'Mid-term: the whole target'),
};
