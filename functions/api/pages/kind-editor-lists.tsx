/** @jsxImportSource hono/jsx */
import { type FieldDraft, fieldTypes, type Item, type KindDraft } from '../../../core/kind-editor';
import { rubricTotals } from '../../../core/kind-editor-checks';
import { fieldTypeLabels, kpiMeasureLabels, kpiPeriodLabels, midtermRuleLabels } from '../../../core/kind-labels';
import { kpiPeriods, midtermRules } from '../../../core/kpi-periods';
import { kpiMeasures } from '../../../core/kpis';
import { reportMaterialLists } from '../../../core/report-materials';
import { Act, Check, Choose, Group, In, type Inputs, Labels } from './kind-editor-inputs';

/** The kind editor's lists: the form builder, the materials, the two rubrics with their running totals, the KPIs. */
const nameOf = (at: Inputs, item: Item, fallback: string) => {
  const name = at.lang === 'en' ? item.labelEn : item.labelZh;
  return typeof name === 'string' && name.trim() ? name : fallback;
};

/** Move up and remove, for any row of any list. */
const RowActions = ({ at, path, index }: { at: Inputs; path: string; index: number }) => (
  <div class="actions">
    {index > 0 && <Act action={`move-up:${path}`} label={at.t('上移', 'Move up')} />}
    <Act action={`remove:${path}`} label={at.t('删除', 'Remove')} />
  </div>
);

/** One field of the form (or a column of a table): its type, key, names, whether required, and what its type needs. */
function FieldRow({
  at,
  field,
  prefix,
  index,
  column,
}: {
  at: Inputs;
  field: FieldDraft;
  prefix: string;
  index: number;
  column?: boolean;
}) {
  const { t } = at;
  const types = fieldTypes.filter((type) => !column || (type !== 'table' && type !== 'material'));
  const n = (member: string) => `${prefix}.${member}`;
  return (
    <Group
      at={at}
      name={prefix}
      legend={`${column ? t('列', 'Column') : t('填写项', 'Field')} ${index + 1}：${nameOf(at, field, t('（未命名）', '(unnamed)'))}`}
    >
      <input type="hidden" name={n('shownType')} value={field.type} />
      <Choose
        at={at}
        name={n('type')}
        label={t('类型（改后点“更新”显示该类型的设置）', 'Type (after a change, press Update for its settings)')}
        options={types.map((type) => [type, at.t(fieldTypeLabels[type]!.zh, fieldTypeLabels[type]!.en)])}
      />
      <Labels at={at} prefix={prefix} />
      <Check at={at} name={n('required')} label={t('必填', 'Required')} />
      {(field.type === 'text' || field.type === 'longtext') && (
        <In at={at} name={n('maxLength')} type="number" min={1} max={20000} label={t('最多字数', 'Longest (characters)')} required />
      )}
      {(field.type === 'integer' || field.type === 'decimal') && (
        <>
          <In at={at} name={n('unit')} label={t('单位', 'Unit')} required hint={t('如 人、平方米、课时', 'e.g. people, m², hours')} />
          <In at={at} name={n('min')} type="number" step="any" label={t('最小值', 'Least')} required />
          <In at={at} name={n('max')} type="number" step="any" label={t('最大值', 'Most')} required />
        </>
      )}
      {field.type === 'money' && (
        <In
          at={at}
          name={n('maxYuan')}
          label={t('金额上限（元，可不填）', 'Largest amount (yuan, optional)')}
          hint={t('如 500000.00', 'e.g. 500000.00')}
        />
      )}
      {(field.type === 'select' || field.type === 'multiselect') && (
        <Group at={at} name={n('options')} legend={t('选项', 'Options')}>
          {(field.options ?? []).map((_, j) => (
            <fieldset id={`f-${prefix.replace(/\./g, '-')}-options-${j}`}>
              <legend>
                {t('选项', 'Option')} {j + 1}
              </legend>
              <Labels at={at} prefix={n(`options.${j}`)} member="value" />
              <RowActions at={at} path={n(`options.${j}`)} index={j} />
            </fieldset>
          ))}
          <Act action={`add-option:${prefix}`} label={t('添加选项', 'Add an option')} />
        </Group>
      )}
      {field.type === 'table' && (
        <>
          <In at={at} name={n('maxRows')} type="number" min={1} max={500} label={t('最多行数', 'Most rows')} required />
          <Group at={at} name={n('columns')} legend={t('表格的列', 'Columns')}>
            {(field.columns ?? []).map((c, j) => (
              <FieldRow at={at} field={c} prefix={n(`columns.${j}`)} index={j} column />
            ))}
            <Act action={`add-column:${prefix}`} label={t('添加一列', 'Add a column')} />
          </Group>
        </>
      )}
      <RowActions at={at} path={prefix} index={index} />
    </Group>
  );
}

export function FormBuilder({ at, draft }: { at: Inputs; draft: KindDraft }) {
  const { t } = at;
  return (
    <Group at={at} name="form" legend={t('申报书填写项', 'The declaration form')}>
      {draft.form.length === 0 && <p class="hint">{t('还没有填写项。', 'No fields yet.')}</p>}
      {draft.form.map((field, i) => (
        <FieldRow at={at} field={field} prefix={`form.${i}`} index={i} />
      ))}
      <Act action="add-field" label={t('添加填写项', 'Add a field')} />
    </Group>
  );
}

export function MaterialsEditor({ at, draft }: { at: Inputs; draft: KindDraft }) {
  const { t } = at;
  return (
    <Group at={at} name="materials" legend={t('申报材料', 'Materials')}>
      {draft.materials.map((material, i) => (
        <fieldset id={`f-materials-${i}`}>
          <legend>{nameOf(at, material, `${t('材料', 'Material')} ${i + 1}`)}</legend>
          <Labels at={at} prefix={`materials.${i}`} />
          <Check at={at} name={`materials.${i}.required`} label={t('必交', 'Required')} />
          <RowActions at={at} path={`materials.${i}`} index={i} />
        </fieldset>
      ))}
      <Act action="add-material" label={t('添加申报材料', 'Add a material')} />
    </Group>
  );
}

const reportListLabels = {
  midtermReport: ['中期报告材料', 'Mid-term report files'],
  rectification: ['整改报告材料', 'Rectification files'],
  acceptanceApplication: ['验收申请材料', 'Acceptance application files'],
  siteVisit: ['实地考察材料', 'Site-visit files'],
} as const;

/** The files each report of a project carries (issue 21.3): one list per report, each file required or not. */
export function ReportMaterialsEditor({ at, draft }: { at: Inputs; draft: KindDraft }) {
  const { t } = at;
  return (
    <>
      {reportMaterialLists.map((list) => (
        <Group at={at} name={`reportMaterials.${list}`} legend={t(reportListLabels[list][0], reportListLabels[list][1])}>
          {(draft.reportMaterials?.[list] ?? []).map((material, i) => (
            <fieldset id={`f-reportMaterials-${list}-${i}`}>
              <legend>{nameOf(at, material, `${t('材料', 'File')} ${i + 1}`)}</legend>
              <Labels at={at} prefix={`reportMaterials.${list}.${i}`} />
              <Check at={at} name={`reportMaterials.${list}.${i}.required`} label={t('必交', 'Required')} />
              <RowActions at={at} path={`reportMaterials.${list}.${i}`} index={i} />
            </fieldset>
          ))}
          <Act action={`add-report-material:${list}`} label={t('添加材料', 'Add a file')} />
        </Group>
      ))}
    </>
  );
}

/** A rubric with its running total (Σ weight × 满分), computed on every post, against the declared total. */
export function RubricEditor({ at, draft, list }: { at: Inputs; draft: KindDraft; list: 'rubric' | 'acceptanceRubric' }) {
  const { t } = at;
  const totalName = list === 'rubric' ? 'rubricTotal' : 'acceptanceRubricTotal';
  const { sum, total } = rubricTotals(draft[list], draft[totalName]);
  return (
    <Group at={at} name={list} legend={list === 'rubric' ? t('评审评分标准', 'Selection rubric') : t('验收评分标准', 'Acceptance rubric')}>
      <In at={at} name={totalName} type="number" min={0} max={1000} label={t('总分', 'Declared total')} required />
      <p class={sum === total ? 'notice' : 'banner warning'} id={`${list}-total`} role="status">
        {t(`各项满分合计：${sum} 分 / 总分 ${total ?? '—'} 分`, `The maxima add up to ${sum} of a declared ${total ?? '—'}`)}
        {sum === total ? t('（一致）', ' (they agree)') : t('（不一致）', ' (they differ)')}
      </p>
      {draft[list].map((criterion, i) => (
        <fieldset id={`f-${list}-${i}`}>
          <legend>{nameOf(at, criterion, `${t('评分项', 'Criterion')} ${i + 1}`)}</legend>
          <Labels at={at} prefix={`${list}.${i}`} />
          <In at={at} name={`${list}.${i}.maxScore`} type="number" min={1} max={100} label={t('满分', 'Maximum score')} required />
          <In
            at={at}
            name={`${list}.${i}.weight`}
            type="number"
            step="0.01"
            label={t('权重（可不填，默认 1）', 'Weight (optional, 1 if empty)')}
          />
          {list === 'acceptanceRubric' && (
            <Check
              at={at}
              name={`${list}.${i}.fundsUse`}
              label={t('评判经费使用（专家评分时看到预算执行情况）', 'Judges the use of funds (experts see the budget execution)')}
            />
          )}
          <RowActions at={at} path={`${list}.${i}`} index={i} />
        </fieldset>
      ))}
      <Act action={`add-criterion:${list}`} label={t('添加评分项', 'Add a criterion')} />
    </Group>
  );
}

export function KpiEditor({ at, draft }: { at: Inputs; draft: KindDraft }) {
  const { t } = at;
  return (
    <Group at={at} name="kpiTargets" legend={t('绩效指标', 'KPI targets')}>
      {draft.kpiTargets.map((kpi, i) => (
        <fieldset id={`f-kpiTargets-${i}`}>
          <legend>{nameOf(at, kpi, `${t('指标', 'KPI')} ${i + 1}`)}</legend>
          <Labels at={at} prefix={`kpiTargets.${i}`} />
          <In
            at={at}
            name={`kpiTargets.${i}.unit`}
            label={t('计量单位', 'Unit')}
            required
            hint={t('如 人次、场、学时', 'e.g. person-times')}
          />
          <In at={at} name={`kpiTargets.${i}.target`} type="number" step="0.01" label={t('目标值', 'Target')} required />
          <Choose
            at={at}
            name={`kpiTargets.${i}.measure`}
            label={t('指标类别', 'Measure')}
            options={[
              ['', t('（不指定）', '(none)')],
              ...kpiMeasures.map((m): [string, string] => [m, t(kpiMeasureLabels[m].zh, kpiMeasureLabels[m].en)]),
            ]}
          />
          <KpiTerms at={at} draft={draft} i={i} />
          <RowActions at={at} path={`kpiTargets.${i}`} index={i} />
        </fieldset>
      ))}
      <Act action="add-kpi" label={t('添加绩效指标', 'Add a KPI')} />
    </Group>
  );
}

/**
 * A KPI's period, its mid-term rule, the task book's bounds and the declaration's figure it takes
 * (issue 21.1–2); left empty, the period follows the unit (人次/年 is per year) and the bounds the target.
 */
function KpiTerms({ at, draft, i }: { at: Inputs; draft: KindDraft; i: number }) {
  const { t } = at;
  const numberFields = draft.form.filter((f) => f.type === 'integer' || f.type === 'decimal');
  const none: [string, string] = ['', t('（按单位判断）', '(from the unit)')];
  return (
    <>
      <Choose
        at={at}
        name={`kpiTargets.${i}.period`}
        label={t('考核周期', 'Period')}
        options={[none, ...kpiPeriods.map((p): [string, string] => [p, t(kpiPeriodLabels[p].zh, kpiPeriodLabels[p].en)])]}
      />
      <Choose
        at={at}
        name={`kpiTargets.${i}.midterm`}
        label={t('中期检查对照', 'Mid-term compares with')}
        options={[
          ['', t('（按进度折算）', '(pro-rated)')],
          ...midtermRules.map((r): [string, string] => [r, t(midtermRuleLabels[r].zh, midtermRuleLabels[r].en)]),
        ]}
      />
      <In
        at={at}
        name={`kpiTargets.${i}.minimum`}
        type="number"
        step="0.01"
        label={t('任务书下限', 'Task-book minimum')}
        hint={t('不填即为目标值', 'empty: the target')}
      />
      <In
        at={at}
        name={`kpiTargets.${i}.maximum`}
        type="number"
        step="0.01"
        label={t('任务书上限', 'Task-book maximum')}
        hint={t('不填即不设上限', 'empty: none')}
      />
      <Choose
        at={at}
        name={`kpiTargets.${i}.fromField`}
        label={t('取申报书中的数值', "Taken from the declaration's field")}
        options={[
          ['', t('（不取，用目标值）', '(none: the target)')],
          ...numberFields.map((f): [string, string] => [String(f.key), t(String(f.labelZh), String(f.labelEn))]),
        ]}
      />
    </>
  );
}
