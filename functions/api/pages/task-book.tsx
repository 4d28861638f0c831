/** @jsxImportSource hono/jsx */
import type { Actor } from '../../../core/identity';
import type { KpiTarget } from '../../../core/kinds';
import { type MidtermRule, minimumOf, periodLabelOf, periodOf, type PeriodResult } from '../../../core/kpi-periods';
import { measureOf } from '../../../core/kpis';
import type { TaskBook } from '../../../core/task-book';
import type { projectView } from '../../services/projects';
import type { FormState, Lang, T } from './context';
import { Field, FieldGroup, Outcomes, Table, when } from './layout';

/**
 * The task book (任务书, issue 21.1) and the KPIs by period (issue 21.2) on the project's page: the
 * targets in force and every version; the office's adjustment and the applicant's yearly actuals
 * as forms posting to /ui/projects/{id}/task-book and /ui/projects/{id}/actuals.
 */
type ProjectView = Awaited<ReturnType<typeof projectView>>;

const ruleLabels: Record<MidtermRule, [string, string]> = {
  'pro-rated': ['按时间折算', 'pro-rated'],
  'first-year': ['按第一年目标', 'the first year’s'],
  full: ['全额', 'in full'],
};
const statusLabels = { proposed: ['待确认', 'to confirm'], confirmed: ['已确认', 'confirmed'], superseded: ['已被替代', 'superseded'] };

export function TaskBookSection(props: { project: ProjectView; actor: Actor; state: FormState; t: T; lang: Lang }) {
  const { project, actor, state, t, lang } = props;
  const book = project.taskBook as TaskBook | undefined;
  if (!book) return null;
  const latest = book.versions.at(-1)!;
  const confirmation = project.openTasks.find((task) => task.kind === 'task_book_confirmation');
  const adjustable = actor.role === 'city-admin' && project.phase === 'construction';
  const value = (name: string) => (typeof state.values?.[name] === 'string' ? (state.values[name] as string) : undefined);
  const name = (k: KpiTarget) => (lang === 'en' ? k.labelEn : k.labelZh);
  return (
    <>
      <h2 id="task-book">{t('任务书', 'Task book')}</h2>
      <p>
        {book.confirmedVersion
          ? t(`现行：第 ${book.confirmedVersion} 版（已确认）`, `In force: version ${book.confirmedVersion} (confirmed)`)
          : t('尚无已确认的版本', 'No version confirmed yet')}
        {confirmation && (
          <>
            {' · '}
            {t(`第 ${latest.version} 版待申报单位确认，截止 `, `version ${latest.version} awaits the applicant, due `)}
            {when(confirmation.dueAt, lang)}
          </>
        )}
      </p>
      <Table
        headers={[
          t('指标', 'KPI'),
          t('周期', 'Period'),
          t('目标值', 'Target'),
          t('本类型下限', 'Kind’s minimum'),
          t('中期检查口径', 'At mid-term'),
        ]}
        labelledBy="task-book"
      >
        {latest.targets.map((k) => (
          <tr data-target={k.key}>
            <th scope="row">{name(k)}</th>
            <td>{periodOf(k) === 'year' ? t('每年', 'per year') : periodLabelOf(periodOf(k), null)[lang]}</td>
            <td>
              {k.target} {k.unit}
            </td>
            <td>
              {minimumOf(k)} {k.unit}
            </td>
            <td>{t(...ruleLabels[(k.midterm ?? 'full') as MidtermRule])}</td>
          </tr>
        ))}
      </Table>
      <ul>
        {book.versions.map((v) => (
          <li>
            {t(`第 ${v.version} 版`, `Version ${v.version}`)}：{t(...(statusLabels[v.status] as [string, string]))}
            {v.deemed && t('（逾期视为确认）', ' (deemed: not confirmed in time)')} · {when(v.proposedAt, lang)}
            {v.comment && <>（{v.comment}）</>}
          </li>
        ))}
      </ul>
      {adjustable && (
        <form method="post" action={`/ui/projects/${project.declarationId}/task-book`} novalidate aria-labelledby="task-book">
          <FieldGroup name="targets" legend={t('调整目标值（不得低于本类型下限）', 'Adjust targets (not below the kind’s minimum)')}>
            {latest.targets.map((k) => (
              <Field
                name={`targets.${k.key}`}
                type="number"
                min={0}
                step={['population_share', 'class_hours', 'credits'].includes(measureOf(k)) ? 'any' : '1'}
                label={`${name(k)}（${k.unit}）`}
                value={value(`targets.${k.key}`) ?? String(k.target)}
                error={state.errors?.[`targets.${k.key}`]}
              />
            ))}
          </FieldGroup>
          <Field
            name="comment"
            multiline
            required
            maxLength={2000}
            label={t('调整理由（申报单位可见）', 'Why (shown to the applicant)')}
            value={value('comment')}
            error={state.errors?.comment}
          />
          <div class="actions">
            <button type="submit">{t('生成新版本并请申报单位确认', 'Issue a new version for confirmation')}</button>
          </div>
        </form>
      )}
    </>
  );
}

/** Target, actual and attainment (达成率) of every period. */
export function KpiPeriodTable({ periods, t, lang }: { periods: PeriodResult[]; t: T; lang: Lang }) {
  return (
    <>
      <h2 id="kpi-periods">{t('分年度绩效指标', 'KPIs by period')}</h2>
      <Table
        headers={[
          t('指标', 'KPI'),
          t('周期', 'Period'),
          t('目标值', 'Target'),
          t('实际值', 'Actual'),
          t('达成率', 'Attainment'),
          t('是否达标', 'Met'),
        ]}
        labelledBy="kpi-periods"
      >
        {periods.map((r) => (
          <tr data-period-kpi={r.key} data-year={r.year ?? 'all'}>
            <th scope="row">{lang === 'en' ? r.labelEn : r.labelZh}</th>
            <td>{lang === 'en' ? r.periodLabel.en : r.periodLabel.zh}</td>
            <td>
              {r.periodTarget} {r.unit}
            </td>
            <td>{r.actual === null ? t('未报告', 'not reported') : `${r.actual} ${r.unit}`}</td>
            <td>{r.attainment === null ? '—' : `${r.attainment}%`}</td>
            <td>{r.actual === null ? '—' : r.met ? t('达标', 'met') : t('未达标', 'not met')}</td>
          </tr>
        ))}
      </Table>
    </>
  );
}

/** The applicant's yearly actuals: a year that has begun, any of the task book's KPIs. */
export function YearlyActualsForm(props: { project: ProjectView; state: FormState; now: Date; t: T; lang: Lang }) {
  const { project, state, now, t, lang } = props;
  const open = project.kpis.years.filter((y) => Date.parse(y.startsAt) <= now.getTime());
  const targets = project.kpiTargets as KpiTarget[];
  const value = (name: string) => (typeof state.values?.[name] === 'string' ? (state.values[name] as string) : undefined);
  return (
    <form method="post" action={`/ui/projects/${project.declarationId}/actuals`} novalidate aria-labelledby="kpi-periods">
      <Outcomes
        name="year"
        legend={t('填报年度', 'Year')}
        options={open.map((y) => [String(y.index), t(`第${y.index}年`, `Year ${y.index}`)])}
        value={value('year') ?? String(open.at(-1)?.index ?? 1)}
        error={state.errors?.year}
      />
      <FieldGroup name="actuals" legend={t('本年度实际值（可只填部分指标）', 'This year’s actuals (any of them)')}>
        {targets.map((k) => (
          <Field
            name={`actuals.${k.key}`}
            type="number"
            min={0}
            step={['population_share', 'class_hours', 'credits'].includes(measureOf(k)) ? 'any' : '1'}
            label={`${lang === 'en' ? k.labelEn : k.labelZh}（${k.unit}）`}
            value={value(`actuals.${k.key}`)}
            error={state.errors?.[`actuals.${k.key}`]}
          />
        ))}
      </FieldGroup>
      <div class="actions">
        <button type="submit">{t('提交年度实际值', 'Report the year’s actuals')}</button>
      </div>
    </form>
  );
}

/** The applicant's confirmation: the version's targets, an optional comment, one button. */
export function TaskBookConfirmation(props: {
  project: ProjectView;
  action: string;
  value: (name: string) => string | undefined;
  errors: Record<string, string>;
  t: T;
  lang: Lang;
}) {
  const { project, action, value, errors, t, lang } = props;
  const proposed = (project.taskBook as TaskBook | undefined)?.versions.find((v) => v.status === 'proposed');
  return (
    <>
      {proposed && (
        <ul>
          {proposed.targets.map((k) => (
            <li data-target={k.key}>
              {lang === 'en' ? k.labelEn : k.labelZh}：{k.target} {k.unit}
            </li>
          ))}
        </ul>
      )}
      <form method="post" action={action} novalidate aria-labelledby="decision">
        <Field
          name="comment"
          multiline
          maxLength={2000}
          label={t('意见（可选）', 'Comment (optional)')}
          value={value('comment')}
          error={errors.comment}
          hint={t('如对目标有异议，请联系市级主管部门调整后再确认', 'To dispute a target, ask the city office to adjust it first')}
        />
        <div class="actions">
          <button type="submit">{t('确认任务书', 'Confirm the task book')}</button>
        </div>
      </form>
    </>
  );
}
