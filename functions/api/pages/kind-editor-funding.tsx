/** @jsxImportSource hono/jsx */
import type { KindDraft } from '../../../core/kind-editor';
import { budgetCategoriesOf, type FundingDraft } from '../../../core/kind-editor-funding';
import { settingLabels } from '../../../core/kind-labels';
import { trancheMilestones } from '../../../core/tranche-plan';
import { Act, Choose, Group, idOf, In, type Inputs, nameOf, say } from './kind-editor-inputs';

/**
 * The kind's funding rules in the editor (issue 23): which table of the form is the budget, the
 * most a project is granted (元), each category's share of the grant, the over-spend tolerance, and
 * the programme's tranche plan (a percent per milestone; each grant starts from it).
 * The categories themselves are the options of the budget table's category column, edited with the
 * form's fields; the group lists them and points there.
 */

export function FundingEditor({ at, draft }: { at: Inputs; draft: KindDraft }) {
  const { t } = at;
  const funding = draft.funding as FundingDraft | undefined;
  const tables: [string, string][] = draft.form.filter((f) => f.type === 'table' && f.key).map((f) => [String(f.key), nameOf(at, f)]);
  const categories = budgetCategoriesOf(draft);
  const options: [string, string][] = categories.options.map((o) => [String(o.value), nameOf(at, o)]);
  return (
    <Group at={at} name="funding" legend={t('经费（专项资金）', 'Funding')}>
      <p class="hint" id="funding-hint">
        {t(
          '选择申报书中的预算表后，申报单位按支出类别和经费来源填写预算，提交时检查资助上限和各类别比例。不设经费：预算表选“不设经费”，并清空本组各项。',
          'With a budget table chosen, applicants fill in their budget by category and source, and the limits are checked at submission. For no funding, choose "No funding" and clear this group.',
        )}
      </p>
      <Choose
        at={at}
        name="funding.budgetField"
        label={say(at, settingLabels['funding.budgetField']!)}
        options={[['', t('（不设经费）', '(No funding)')], ...tables]}
      />
      {!funding?.budgetField && (
        <Act action="add-budget-table" label={t('添加预算表（课程开发、师资、设备、场地、宣传、其他）', 'Add a budget table')} />
      )}
      <In
        at={at}
        name="funding.maxGrantYuan"
        label={say(at, settingLabels['funding.maxGrantYuan']!)}
        hint={t('如 500000 或 500,000.00', 'e.g. 500000 or 500,000.00')}
      />
      <In
        at={at}
        name="funding.overspendTolerancePercent"
        type="number"
        min={0}
        max={100}
        label={say(at, settingLabels['funding.overspendTolerancePercent']!)}
        hint={t(
          '某一支出类别报告的支出超过其预算的这一比例时提醒市级管理部门；留空为 10',
          'A category spent beyond its budget by more than this is flagged to the office; blank: 10',
        )}
      />
      <div id="f-funding-categories">
        <p>
          {t('支出类别：', 'Categories: ')}
          {options.length
            ? options.map(([, label]) => label).join(t('、', ', '))
            : t('（请先选择预算表）', '(choose the budget table first)')}
        </p>
        {categories.column && (
          <p class="hint">
            <a href={`#${idOf(categories.column)}`}>
              {t(
                '支出类别在上方申报书填写项中预算表的“支出类别”列里增删',
                "Add or remove categories in the budget table's category column above",
              )}
            </a>
          </p>
        )}
      </div>
      <Group at={at} name="funding.categoryLimits" legend={say(at, settingLabels['funding.categoryLimits']!)}>
        {(funding?.categoryLimits ?? []).map((_, i) => (
          <fieldset id={`f-funding-categoryLimits-${i}`}>
            <Choose
              at={at}
              name={`funding.categoryLimits.${i}.category`}
              label={t('支出类别', 'Category')}
              options={[['', t('（请选择）', '(choose)')], ...options]}
            />
            <In
              at={at}
              name={`funding.categoryLimits.${i}.maxPercent`}
              type="number"
              min={1}
              max={100}
              label={t('最多占资助额（%）', 'At most of the grant (%)')}
              required
            />
            <Act action={`remove:funding.categoryLimits.${i}`} label={t('删除', 'Remove')} />
          </fieldset>
        ))}
        <Act action="add-limit" label={t('添加一项比例上限', 'Add a category limit')} />
      </Group>
      <Group at={at} name="funding.tranchePlan" legend={say(at, settingLabels['funding.tranchePlan']!)}>
        <p class="hint" id="funding-tranchePlan-hint">
          {t(
            '每个项目核定资助时按此计划分笔拨付（各节点比例合计 100%，不在某节点拨付请留空；无中期检查的类型不设中期）；个别项目可在核定时调整。全部留空：立项 50%、中期 30%、验收 20%（无中期检查为立项 70%、验收 30%）。',
            'Each grant is paid in tranches by this plan (100% in all; leave a milestone blank for none; no mid-term for kinds without one); a grant may differ by exception. All blank: 50/30/20 (70/30 without a mid-term).',
          )}
        </p>
        {trancheMilestones.map((m) => (
          <In
            at={at}
            name={`funding.tranchePlan.${m}`}
            type="number"
            min={0}
            max={100}
            label={say(at, settingLabels[`funding.tranchePlan.${m}`]!)}
          />
        ))}
      </Group>
    </Group>
  );
}
