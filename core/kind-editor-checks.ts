import { rubricMaximum } from './kind-definition';
import type { FieldDraft, Item, KindDraft } from './kind-editor';
import { fundingEditorProblems } from './kind-editor-funding';

/**
 * What the kind editor says at the field, in the office's words, before the definition's schema
 * judges the rest: the rules a person building a kind trips over (a key, a choice without options,
 * a rubric that does not add up, a KPI without a unit), each with the figures that explain it.
 */
export type Said = { zh: string; en: string };
const KEY = /^[a-z][a-zA-Z0-9]{0,39}$/;

/** The running total of a rubric: Σ weight × 满分 over the criteria whose figures are numbers, against the declared total. */
export function rubricTotals(rubric: readonly Item[], declared: unknown): { sum: number; total: number | undefined; complete: boolean } {
  const scored = rubric.filter((c) => typeof c.maxScore === 'number' && (c.weight === undefined || typeof c.weight === 'number'));
  const sum = rubricMaximum(scored as { maxScore: number; weight?: number }[]);
  return { sum, total: typeof declared === 'number' ? declared : undefined, complete: scored.length === rubric.length };
}

function keyProblems(list: readonly Item[], path: string, member: 'key' | 'value', problems: Record<string, Said>) {
  const seen = new Map<string, number>();
  list.forEach((item, index) => {
    const key = typeof item[member] === 'string' ? (item[member] as string).trim() : '';
    const at = `${path}.${index}.${member}`;
    if (key === '') problems[at] = { zh: '请填写代码', en: 'required: a key' };
    else if (!KEY.test(key))
      problems[at] = {
        zh: '代码须以小写英文字母开头，只含英文字母和数字，不超过 40 个字符（如 projectName）',
        en: 'a key starts with a lower-case letter and has only letters and digits, at most 40 (e.g. projectName)',
      };
    else if (seen.has(key))
      problems[at] = {
        zh: `代码“${key}”与第 ${seen.get(key)! + 1} 项重复`,
        en: `the key ${key} is already used by item ${seen.get(key)! + 1}`,
      };
    else seen.set(key, index);
  });
}

function fieldProblems(fields: readonly FieldDraft[], path: string, problems: Record<string, Said>) {
  keyProblems(fields, path, 'key', problems);
  fields.forEach((field, index) => {
    const at = `${path}.${index}`;
    if ((field.type === 'select' || field.type === 'multiselect') && field.options) {
      if (!field.options.length) problems[`${at}.options`] = { zh: '选择题至少需要一个选项', en: 'a choice needs at least one option' };
      keyProblems(field.options, `${at}.options`, 'value', problems);
    }
    if (field.type === 'table' && field.columns) {
      if (!field.columns.length) problems[`${at}.columns`] = { zh: '表格至少需要一列', en: 'a table needs at least one column' };
      if (field.columns.some((c) => c.type === 'table' || c.type === 'material'))
        problems[`${at}.columns`] = { zh: '表格的列不能是表格或材料', en: 'a column cannot be a table or a material' };
      fieldProblems(field.columns, `${at}.columns`, problems);
    }
    if ((field.type === 'integer' || field.type === 'decimal') && String(field.unit ?? '').trim() === '')
      problems[`${at}.unit`] = { zh: '请填写单位（如 人、平方米）', en: 'required: a unit (e.g. people, m²)' };
  });
}

function rubricProblem(rubric: readonly Item[], declared: unknown, at: string, problems: Record<string, Said>) {
  const { sum, total, complete } = rubricTotals(rubric, declared);
  if (!complete || total === undefined || sum === total) return;
  problems[at] = {
    zh: `各项满分合计 ${sum} 分（有权重的按权重×满分计），与总分 ${total} 分不一致`,
    en: `the criteria's maxima add up to ${sum} (weight × maximum), not the declared total of ${total}`,
  };
}

/** A KPI's task-book bounds around its target, and the declaration's figure it takes a number field (issue 21.1). */
function kpiBoundProblems(kpi: Item, at: string, form: KindDraft['form'], problems: Record<string, Said>) {
  const { target, minimum, maximum, fromField } = kpi as { target?: unknown; minimum?: unknown; maximum?: unknown; fromField?: unknown };
  if (typeof target === 'number' && typeof minimum === 'number' && minimum > target)
    problems[`${at}.minimum`] = { zh: `下限不能高于目标值 ${target}`, en: `the minimum is above the target ${target}` };
  if (typeof target === 'number' && typeof maximum === 'number' && maximum < target)
    problems[`${at}.maximum`] = { zh: `上限不能低于目标值 ${target}`, en: `the maximum is below the target ${target}` };
  const field = typeof fromField === 'string' ? form.find((f) => f.key === fromField) : undefined;
  if (typeof fromField === 'string' && (!field || (field.type !== 'integer' && field.type !== 'decimal')))
    problems[`${at}.fromField`] = { zh: '请选择申报书中的整数或小数填写项', en: 'choose an integer or decimal field of the form' };
}

/** The editor's own problems with a draft, keyed by the input (or the group) they are about. */
export function editorProblems(draft: KindDraft): Record<string, Said> {
  const problems: Record<string, Said> = {};
  fieldProblems(draft.form, 'form', problems);
  keyProblems(draft.materials, 'materials', 'key', problems);
  keyProblems(draft.rubric, 'rubric', 'key', problems);
  keyProblems(draft.acceptanceRubric, 'acceptanceRubric', 'key', problems);
  keyProblems(draft.kpiTargets, 'kpiTargets', 'key', problems);
  for (const [list, files] of Object.entries(draft.reportMaterials ?? {}))
    keyProblems(files ?? [], `reportMaterials.${list}`, 'key', problems);
  if (!draft.rubric.length) problems.rubric = { zh: '评分标准至少需要一项', en: 'a rubric needs at least one criterion' };
  rubricProblem(draft.rubric, draft.rubricTotal, 'rubric', problems);
  rubricProblem(draft.acceptanceRubric, draft.acceptanceRubricTotal, 'acceptanceRubric', problems);
  draft.kpiTargets.forEach((kpi, index) => {
    if (String(kpi.unit ?? '').trim() === '')
      problems[`kpiTargets.${index}.unit`] = {
        zh: '请填写计量单位（如 人次、场、学时）',
        en: 'required: a unit (e.g. person-times, sessions)',
      };
    kpiBoundProblems(kpi, `kpiTargets.${index}`, draft.form, problems);
  });
  draft.tieBreak.forEach((key, index) => {
    if (!draft.rubric.some((c) => c.key === key))
      problems[`tieBreak.${index}`] = { zh: '不是评分标准中的项目', en: 'not a criterion of the rubric' };
  });
  draft.eligibility.minimums.forEach((minimum, index) => {
    const field = draft.form.find((f) => f.key === minimum.field);
    if (!field || (field.type !== 'integer' && field.type !== 'decimal'))
      problems[`eligibility.minimums.${index}.field`] = {
        zh: '请选择申报书中的整数或小数填写项',
        en: 'choose an integer or decimal field of the form',
      };
  });
  if (draft.lifecycle !== 'selection-only' && !draft.acceptanceRubric.length)
    problems.acceptanceRubric = { zh: '有验收的项目类型须设验收评分标准', en: 'a kind with acceptance needs an acceptance rubric' };
  if (draft.eligibility.notIfAlreadyNamed && (draft.outcome as { type?: unknown } | undefined)?.type !== 'title')
    problems['eligibility.notIfAlreadyNamed'] = {
      zh: '只有结果为命名授牌的项目类型才能限制已获命名的单位',
      en: 'only a kind that confers a title can refuse those already named',
    };
  return { ...problems, ...fundingEditorProblems(draft) };
}
