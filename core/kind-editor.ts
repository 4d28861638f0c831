import { OPEN_ELIGIBILITY } from './eligibility';
import type { KindDefinition } from './kind-definition';
import { type FundingDraft, withBudgetTable, withCategoryLimit } from './kind-editor-funding';
import { LEGACY_STAGE_DEADLINES } from './kinds';
import { yuanToFen } from './money';
import { organisationLevels, organisationTypes } from './organisations';
import { reportMaterialLists } from './report-materials';
import { trancheMilestones } from './tranche-plan';

/**
 * The kind editor's page posts the whole definition being edited as one form of flat names
 * (`form.3.type`, `form.3.options.1.value`, `rubric.0.maxScore`), plus the button pressed
 * (`action`: add a field, remove or move a row, add an option…). This module turns that form
 * into a draft of the definition and a draft back into the form, so the page keeps no state
 * between posts: what the office sees is what it sent. A draft is what the office wrote, not yet
 * judged; `kindDefinition` judges it on save.
 */
export type Item = Record<string, unknown>;
export type FieldDraft = Item & { type: string; options?: Item[]; columns?: FieldDraft[] };
export type KindDraft = Item & {
  form: FieldDraft[];
  materials: Item[];
  rubric: Item[];
  acceptanceRubric: Item[];
  kpiTargets: Item[];
  tieBreak: string[];
  eligibility: Item & { minimums: Item[] };
  /** The files each report carries (issue 21.3), by list; absent when the kind asks for none. */
  reportMaterials?: Partial<Record<(typeof reportMaterialLists)[number], Item[]>>;
  /** The funding rules (issue 23), the maximum grant in 分 (or the text typed, for the checks to name); absent when the kind has none. */
  funding?: FundingDraft;
};
/** The form as a browser posts it: each named input's text; a ticked checkbox is 'on', an unticked one absent. */
export type EditorForm = Record<string, string>;

type Nested = { [name: string]: Nested | string };
const isIndex = (segment: string) => /^\d+$/.test(segment);

/** Flat names into nested records ("form.3.key" → form → 3 → key); list rows stay records keyed by index until read as rows. */
function nest(form: Record<string, unknown>): Nested {
  const root: Nested = {};
  for (const [name, value] of Object.entries(form)) {
    if (typeof value !== 'string') continue;
    const path = name.split('.');
    // A name from no page of ours (a prototype key, an empty segment) is ignored rather than trusted.
    if (path.some((s) => s === '' || s === '__proto__' || s === 'constructor' || s === 'prototype')) continue;
    let at = root;
    for (const segment of path.slice(0, -1)) {
      const next = at[segment];
      if (typeof next === 'string') break;
      if (next === undefined) at[segment] = {};
      at = at[segment] as Nested;
    }
    at[path.at(-1)!] = value;
  }
  return root;
}
const part = (nested: Nested | string | undefined): Nested => (typeof nested === 'object' ? nested : {});
const text = (nested: Nested | string | undefined): string => (typeof nested === 'string' ? nested : '');
/** A list's rows in index order, whatever indices the browser sent. */
const rows = (nested: Nested | string | undefined): Nested[] =>
  Object.keys(part(nested))
    .filter(isIndex)
    .sort((a, b) => Number(a) - Number(b))
    .map((i) => part(part(nested)[i]));
/** A list of plain inputs (`tieBreak.0`, `tieBreak.1`) in index order. */
const texts = (nested: Nested | string | undefined): string[] =>
  Object.keys(part(nested))
    .filter(isIndex)
    .sort((a, b) => Number(a) - Number(b))
    .map((i) => text(part(nested)[i]));
/** An empty input is a number not given; text that is no number stays text, for the schema to name. */
function number(nested: Nested | string | undefined): number | string | undefined {
  const value = text(nested).trim();
  if (value === '') return undefined;
  return Number.isFinite(Number(value)) ? Number(value) : value;
}
const ticked = (nested: Nested | string | undefined) => text(nested) !== '';
/** The ticked boxes of a set (`eligibility.levels.street`) in the order they were posted: the page draws the chosen first, in their stored order. */
const tickedIn = (nested: Nested | string | undefined, known: readonly string[]) =>
  Object.keys(part(nested)).filter((k) => known.includes(k) && ticked(part(nested)[k]));
/** Members left out of the draft when not given (the schema's optional members). */
const defined = (item: Item): Item => Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined));

const labelsOf = (row: Nested) => ({ key: text(row.key), labelZh: text(row.labelZh), labelEn: text(row.labelEn) });

/** What each field type needs besides its key, labels and `required`, and what a row switched to that type starts with. */
const typeMembers: Record<string, (row: Nested | undefined) => Item> = {
  text: (row) => ({ maxLength: row ? number(row.maxLength) : 200 }),
  longtext: (row) => ({ maxLength: row ? number(row.maxLength) : 2000 }),
  integer: (row) => (row ? { unit: text(row.unit), min: number(row.min), max: number(row.max) } : { unit: '', min: 0, max: 1_000_000 }),
  decimal: (row) => (row ? { unit: text(row.unit), min: number(row.min), max: number(row.max) } : { unit: '', min: 0, max: 1_000_000 }),
  money: (row) => {
    const yuan = text(row?.maxYuan).trim();
    return { maxFen: yuan === '' ? undefined : (yuanToFen(yuan) ?? yuan) };
  },
  select: (row) => ({ options: row ? rows(row.options).map(optionOf) : [blankOption()] }),
  multiselect: (row) => ({ options: row ? rows(row.options).map(optionOf) : [blankOption()] }),
  table: (row) =>
    row ? { maxRows: number(row.maxRows), columns: rows(row.columns).map(fieldOf) } : { maxRows: 50, columns: [blankField()] },
};
export const fieldTypes = [
  'text',
  'longtext',
  'integer',
  'decimal',
  'money',
  'date',
  'select',
  'multiselect',
  'phone',
  'email',
  'yesno',
  'table',
  'material',
] as const;

const optionOf = (row: Nested): Item => ({ value: text(row.value), labelZh: text(row.labelZh), labelEn: text(row.labelEn) });
const blankOption = (): Item => ({ value: '', labelZh: '', labelEn: '' });
const blankField = (): FieldDraft => ({ type: 'text', key: '', labelZh: '', labelEn: '', required: false, maxLength: 200 });

/**
 * One field (or table column) from its row. The row carries the type it was drawn with
 * (`shownType`): when the office switched the type, the new type's settings start from their
 * defaults rather than from inputs of another type.
 */
function fieldOf(row: Nested): FieldDraft {
  const type = text(row.type);
  const switched = text(row.shownType) !== '' && text(row.shownType) !== type;
  const members = typeMembers[type]?.(switched ? undefined : row) ?? {};
  return defined({ type, ...labelsOf(row), required: ticked(row.required), ...members }) as FieldDraft;
}

const criterionOf = (row: Nested): Item =>
  defined({ ...labelsOf(row), maxScore: number(row.maxScore), weight: number(row.weight), fundsUse: ticked(row.fundsUse) || undefined });
const kpiOf = (row: Nested): Item =>
  defined({
    ...labelsOf(row),
    unit: text(row.unit),
    target: number(row.target),
    measure: text(row.measure) || undefined,
    period: text(row.period) || undefined,
    midterm: text(row.midterm) || undefined,
    minimum: number(row.minimum),
    maximum: number(row.maximum),
    fromField: text(row.fromField) || undefined,
  });

function outcomeOf(nested: Nested): Item {
  const type = text(nested.type);
  if (type === 'title')
    return defined({
      type,
      titleZh: text(nested.titleZh),
      titleEn: text(nested.titleEn),
      validityYears: number(nested.validityYears),
      // 复核 and 文号 (issue 21.5): left blank, the kind's defaults (every validity period; 沪终身办〔{year}〕{seq}号).
      reviewEveryYears: number(nested.reviewEveryYears),
      numberPattern: text(nested.numberPattern).trim() || undefined,
    });
  if (type === 'recommendation') return { type, toZh: text(nested.toZh), toEn: text(nested.toEn) };
  return { type };
}
const numbersOf = (nested: Nested) => Object.fromEntries(Object.entries(nested).map(([k, v]) => [k, number(v)]));

/** The report files' lists as posted; a list without rows is left out, and all of it when none has any. */
function reportMaterialsOf(nested: Nested): KindDraft['reportMaterials'] {
  const lists = reportMaterialLists
    .map((list) => [list, rows(nested[list]).map((row) => ({ ...labelsOf(row), required: ticked(row.required) }))] as const)
    .filter(([, items]) => items.length > 0);
  return lists.length ? Object.fromEntries(lists) : undefined;
}

/** The kind's funding rules (issue 23) as posted, the maximum grant typed in 元, a percent per milestone: absent when every input of the group is empty. */
function fundingOf(nested: Nested): Item | undefined {
  const limits = rows(nested.categoryLimits).map((row) => ({ category: text(row.category), maxPercent: number(row.maxPercent) }));
  const yuan = text(nested.maxGrantYuan).trim();
  const tolerance = number(nested.overspendTolerancePercent);
  // The tranche plan: one percent input per milestone (`funding.tranchePlan.midterm`); blank or 0, no tranche there.
  const plan = part(nested.tranchePlan);
  const tranchePlan = trancheMilestones.flatMap((milestone) => {
    const percent = number(plan[milestone]);
    return percent === undefined || percent === 0 ? [] : [{ milestone, percent }];
  });
  if (!text(nested.budgetField) && !yuan && !limits.length && tolerance === undefined && !tranchePlan.length) return undefined;
  return {
    budgetField: text(nested.budgetField),
    maxGrantFen: yuan === '' ? undefined : (yuanToFen(yuan) ?? yuan),
    categoryLimits: limits,
    ...(tolerance !== undefined ? { overspendTolerancePercent: tolerance } : {}),
    ...(tranchePlan.length ? { tranchePlan } : {}),
  };
}

/** The posted editor form as a draft definition (the `action` and the kind's key and note are not part of it). */
export function draftOf(posted: Record<string, unknown>): KindDraft {
  const form = nest(posted);
  const eligibility = part(form.eligibility);
  return {
    nameZh: text(form.nameZh),
    nameEn: text(form.nameEn),
    form: rows(form.form).map(fieldOf),
    materials: rows(form.materials).map((row) => ({ ...labelsOf(row), required: ticked(row.required) })),
    reportMaterials: reportMaterialsOf(part(form.reportMaterials)),
    rubric: rows(form.rubric).map(criterionOf),
    rubricTotal: number(form.rubricTotal),
    acceptanceRubric: rows(form.acceptanceRubric).map(criterionOf),
    acceptanceRubricTotal: number(form.acceptanceRubricTotal),
    kpiTargets: rows(form.kpiTargets).map(kpiOf),
    deadlines: numbersOf(part(form.deadlines)),
    projectDeadlines: numbersOf(part(form.projectDeadlines)),
    lifecycle: text(form.lifecycle),
    constructionMonths: number(form.constructionMonths),
    outcome: outcomeOf(part(form.outcome)),
    quota: number(form.quota),
    defaultDistrictCap: number(form.defaultDistrictCap),
    expertsPerDeclaration: number(form.expertsPerDeclaration),
    scoring: text(form.scoring),
    tieBreak: texts(form.tieBreak).filter(Boolean),
    noticeWorkingDays: number(form.noticeWorkingDays),
    escalationWorkingDays: number(form.escalationWorkingDays),
    eligibility: defined({
      levels: tickedIn(eligibility.levels, organisationLevels),
      types: tickedIn(eligibility.types, organisationTypes),
      maxPerOrganisation: number(eligibility.maxPerOrganisation),
      maxPerStreet: number(eligibility.maxPerStreet),
      notIfAlreadyNamed: ticked(eligibility.notIfAlreadyNamed),
      minimums: rows(eligibility.minimums).map((row) => ({ field: text(row.field), min: number(row.min) })),
    }) as KindDraft['eligibility'],
    funding: fundingOf(part(form.funding)),
  } as KindDraft;
}

/** A draft (or a stored definition) as the editor's form: the inputs' values by name. */
export function editorFormOf(draft: KindDraft | KindDefinition): EditorForm {
  const form: EditorForm = {};
  const put = (name: string, value: unknown) => {
    if (value === undefined || value === false) return;
    if (value === true) form[name] = 'on';
    else if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) put(`${name}.${i}`, item);
    } else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) put(`${name}.${k}`, v);
    else form[name] = String(value);
  };
  const { form: fields, eligibility, funding, ...rest } = draft as KindDraft;
  put('', rest);
  if (funding) {
    const { maxGrantFen, tranchePlan, ...fundingRest } = funding;
    put('funding', fundingRest);
    for (const t of tranchePlan ?? []) put(`funding.tranchePlan.${t.milestone}`, t.percent);
    form['funding.maxGrantYuan'] = typeof maxGrantFen === 'number' ? (maxGrantFen / 100).toFixed(2) : String(maxGrantFen ?? '');
  }
  for (const [i, field] of fields.entries()) putField(put, `form.${i}`, field);
  const { levels, types, ...eligibilityRest } = eligibility as unknown as { levels: string[]; types: string[] };
  put('eligibility', eligibilityRest);
  for (const level of levels) form[`eligibility.levels.${level}`] = 'on';
  for (const type of types) form[`eligibility.types.${type}`] = 'on';
  return Object.fromEntries(Object.entries(form).map(([k, v]) => [k.replace(/^\./, ''), v]));
}

/** A field's inputs: the money cap in 元 (as the office writes it), the type it is drawn with, the columns as fields. */
function putField(put: (name: string, value: unknown) => void, name: string, field: FieldDraft) {
  const { columns, maxFen, ...rest } = field;
  put(name, rest);
  put(`${name}.shownType`, field.type);
  if (typeof maxFen === 'number') put(`${name}.maxYuan`, (maxFen / 100).toFixed(2));
  else put(`${name}.maxYuan`, maxFen);
  for (const [i, column] of (columns ?? []).entries()) putField(put, `${name}.columns.${i}`, column);
}

/** Where a new kind starts: the settings the three seeded kinds share, an empty form and one criterion of 100. */
export function blankDraft(): KindDraft {
  return {
    nameZh: '',
    nameEn: '',
    form: [],
    materials: [],
    rubric: [{ key: '', labelZh: '', labelEn: '', maxScore: 100 }],
    rubricTotal: 100,
    acceptanceRubric: [],
    acceptanceRubricTotal: 0,
    kpiTargets: [],
    // The stage deadlines every seeded kind shares.
    deadlines: { ...LEGACY_STAGE_DEADLINES },
    projectDeadlines: {
      midtermReport: 20,
      midtermReview: 10,
      rectification: 30,
      acceptanceAssignment: 10,
      acceptanceReview: 15,
      acceptanceDecision: 10,
    },
    lifecycle: 'selection-only',
    constructionMonths: 12,
    outcome: { type: 'none' },
    quota: 10,
    defaultDistrictCap: 3,
    expertsPerDeclaration: 3,
    scoring: 'mean',
    tieBreak: [],
    noticeWorkingDays: 5,
    escalationWorkingDays: 3,
    eligibility: { ...structuredClone(OPEN_ELIGIBILITY), minimums: [] },
  };
}

/** The buttons of the editor besides save: `add-field`, `remove:form.3`, `move-up:rubric.2`, `add-option:form.3.columns.1`… */
export const editorActions = [
  'add-field',
  'add-material',
  'add-report-material',
  'add-criterion',
  'add-kpi',
  'add-minimum',
  'add-option',
  'add-column',
  'add-budget-table',
  'add-limit',
  'remove',
  'move-up',
] as const;
export type EditorAction = (typeof editorActions)[number];

/** The list at a path of the draft (`form`, `form.3.options`, `eligibility.minimums`), if there is one. */
function listAt(draft: KindDraft, path: string): unknown[] | undefined {
  let at: unknown = draft;
  for (const segment of path.split('.')) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, segment)) return undefined;
    at = (at as Record<string, unknown>)[segment];
  }
  return Array.isArray(at) ? at : undefined;
}

/**
 * The draft after the button pressed: a new row added, a row removed or moved up. An action
 * naming nothing of the draft changes nothing (the page is drawn again as posted).
 */
export function applyAction(draft: KindDraft, action: string): KindDraft {
  const next = structuredClone(draft);
  const [verb, path = ''] = action.split(':');
  const push = (listPath: string, item: unknown) => listAt(next, listPath)?.push(item);
  switch (verb) {
    case 'add-field':
      next.form.push(blankField());
      break;
    case 'add-material':
      next.materials.push({ key: '', labelZh: '', labelEn: '', required: true });
      break;
    case 'add-report-material': {
      if (!(reportMaterialLists as readonly string[]).includes(path)) break;
      const lists = next.reportMaterials ?? {};
      const list = path as (typeof reportMaterialLists)[number];
      lists[list] = [...(lists[list] ?? []), { key: '', labelZh: '', labelEn: '', required: true }];
      next.reportMaterials = lists;
      break;
    }
    case 'add-criterion':
      if (path === 'rubric' || path === 'acceptanceRubric') push(path, { key: '', labelZh: '', labelEn: '', maxScore: undefined });
      break;
    case 'add-kpi':
      next.kpiTargets.push({ key: '', labelZh: '', labelEn: '', unit: '', target: undefined });
      break;
    case 'add-minimum':
      next.eligibility.minimums.push({ field: '', min: undefined });
      break;
    case 'add-option':
      push(`${path}.options`, blankOption());
      break;
    case 'add-column':
      push(`${path}.columns`, blankField());
      break;
    case 'add-budget-table':
      return withBudgetTable(next);
    case 'add-limit':
      return withCategoryLimit(next);
    case 'remove':
    case 'move-up': {
      const index = Number(path.split('.').at(-1));
      const list = listAt(next, path.split('.').slice(0, -1).join('.'));
      if (!list || !Number.isInteger(index) || index >= list.length) break;
      if (verb === 'remove') list.splice(index, 1);
      else if (index > 0) list.splice(index - 1, 0, ...list.splice(index, 1));
      break;
    }
  }
  return next;
}
