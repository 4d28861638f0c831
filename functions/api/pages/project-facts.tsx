/** @jsxImportSource hono/jsx */
import type { ProjectTaskKind } from '../../../core/projects';
import { titleTaskKinds } from '../../../core/titles';
import { acceptanceTasks } from './acceptance';
import type { PeriodEvaluation } from '../../../core/kpi-periods';
import type { KpiTarget } from '../../../core/kinds';
import { outcomeLabels, resultLabel, taskKindLabels } from '../../../core/labels';
import type { projectView } from '../../services/projects';
import type { Lang, T } from './context';
import { Table, when } from './layout';
import type { ProjectReportMaterials } from '../../../core/report-materials';
import { ReportFileList } from './report-files';

/** Tasks with a form here: the applicant's reports and the office's mid-term review. */
export const reportTasks: readonly ProjectTaskKind[] = [
  'midterm_report',
  'midterm_rectification',
  'acceptance_application',
  'acceptance_rectification',
];
const reviewTasks: readonly ProjectTaskKind[] = ['midterm_review', 'midterm_recheck', 'task_book_confirmation', 'tranche_payment'];
export const projectTaskPage = (kind: string, declarationId: string, taskId: string) =>
  [...reportTasks, ...reviewTasks, ...acceptanceTasks, ...titleTaskKinds].includes(kind as ProjectTaskKind)
    ? `/ui/projects/${declarationId}/tasks/${taskId}`
    : undefined;

type ProjectView = Awaited<ReturnType<typeof projectView>>;

export function ProjectFacts({ project, t, lang }: { project: ProjectView; t: T; lang: Lang }) {
  const label = (l: { zh: string; en: string }) => (lang === 'en' ? l.en : l.zh);
  const phases = { construction: t('建设期', 'Construction'), acceptance: t('验收期', 'Acceptance'), closed: t('已结束', 'Closed') };
  const midterm = (project.midterm ?? {}) as Record<
    string,
    { outcome?: string; comment?: string; decidedAt?: string; rectificationDueAt?: string } | undefined
  >;
  const acceptance = (project.acceptance ?? {}) as Record<
    string,
    | { outcome?: string; comment?: string; decidedAt?: string; recommendToProvince?: boolean; recommendedTo?: { zh: string; en: string } }
    | undefined
  >;
  const results: [string, { outcome?: string; comment?: string; decidedAt?: string; rectificationDueAt?: string } | undefined, boolean][] =
    [
      [t('中期检查', 'Mid-term review'), midterm.review, false],
      [t('中期整改复查', 'Mid-term re-check'), midterm.recheck, false],
      [t('考核验收', 'Acceptance'), acceptance.result, true],
    ];
  const score = project.score as { combined?: number } | undefined;
  // Recorded by the acceptance workflow's last step (命名授牌), after the result.
  const naming = project.naming as { title: string; namedAt: string; grade: string } | undefined;
  return (
    <>
      <p>
        {t('阶段', 'Phase')}：<span class="tag">{phases[project.phase]}</span> · {t('当前环节', 'Stage')}：
        <span class="tag">{label(project.stageLabel)}</span>
      </p>
      {project.lastReason && (
        <p>
          {t('最近的意见', 'Latest reason')}：{project.lastReason}
        </p>
      )}
      <h2>{t('节点与截止时间', 'Milestones and due dates')}</h2>
      <ol class="timeline">
        {project.milestoneList.map((m) => (
          <li class={m.done ? 'done' : undefined}>
            {when(m.at, lang)} · {lang === 'en' ? m.labelEn : m.labelZh}
            {m.done && <> {t('（已完成）', '(done)')}</>}
          </li>
        ))}
      </ol>
      <KpiTable
        targets={project.kpiTargets as KpiTarget[]}
        evaluation={project.kpis.acceptance ?? project.kpis.midterm}
        t={t}
        lang={lang}
      />
      <h2>{t('检查与验收结果', 'Mid-term and acceptance results')}</h2>
      {results.some(([, r]) => r) ? (
        <ul>
          {results.map(([name, r, isAcceptance]) =>
            r ? (
              <li>
                {name}：<strong>{outcomeLabel(r.outcome, t, isAcceptance)}</strong>
                {r.comment && <>（{r.comment}）</>} {when(r.decidedAt, lang)}
                {r.rectificationDueAt && (
                  <>
                    {' '}
                    · {t('整改期限', 'Rectify by')} {when(r.rectificationDueAt, lang)}
                  </>
                )}
              </li>
            ) : null,
          )}
        </ul>
      ) : (
        <p>{t('尚无结果。', 'No results yet.')}</p>
      )}
      {score?.combined !== undefined && (
        <p>
          {t('验收得分', 'Acceptance score')}：{score.combined}
        </p>
      )}
      {acceptance.result?.recommendToProvince && (
        <p id="province">
          {t(
            `验收优秀，择优推荐申报${acceptance.result.recommendedTo?.zh ?? '省级项目'}。`,
            `Accepted as excellent and recommended as ${acceptance.result.recommendedTo?.en ?? 'a provincial project'}.`,
          )}
        </p>
      )}
      {naming && (
        <p id="naming">
          {t('命名授牌', 'Named')}：<strong>{naming.title}</strong>（{t('验收', 'acceptance: ')}
          {naming.grade === '优秀' ? t('优秀', 'excellent') : t('合格', 'passed')}） {when(naming.namedAt, lang)}
        </p>
      )}
      <ReportFileList
        id={project.declarationId}
        asked={project.reportMaterialsAsked}
        uploaded={project.reportMaterials as ProjectReportMaterials | undefined}
        t={t}
        lang={lang}
      />
      {project.openTasks.length > 0 && (
        <>
          <h2>{t('待办', 'Open tasks')}</h2>
          <ul>
            {project.openTasks.map((task) => {
              const href = projectTaskPage(task.kind, project.declarationId, task.taskId);
              const name = label(taskKindLabels[task.kind]);
              return (
                <li>
                  {href ? <a href={href}>{name}</a> : name} · {t('截止', 'Due')} {when(task.dueAt, lang)}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </>
  );
}

/** A result by its outcome, from the one outcome table (a mid-term check is passed as 通过, an acceptance as 合格). */
function outcomeLabel(outcome: string | undefined, t: T, acceptance = false): string {
  const label =
    outcome && outcome in outcomeLabels
      ? resultLabel(outcome as keyof typeof outcomeLabels, acceptance ? 'acceptance' : 'midterm')
      : undefined;
  return label ? t(label.zh, label.en) : (outcome ?? '—');
}

/**
 * Targets against the reported actuals, as core/kpi-periods.ts evaluated them for the API: a row
 * per KPI and period, so a two-year project's acceptance shows each year's target and actual.
 */
export function KpiTable({
  targets,
  evaluation,
  t,
  lang,
}: {
  targets: KpiTarget[];
  evaluation: PeriodEvaluation | null;
  t: T;
  lang: Lang;
}) {
  const rowsOf = (target: KpiTarget) => {
    const items = evaluation?.items.filter((i) => i.key === target.key) ?? [];
    return items.length ? items.map((item) => ({ item, periods: items.length })) : [{ item: undefined, periods: 1 }];
  };
  return (
    <>
      <h2 id="kpis">{t('绩效指标', 'KPI targets')}</h2>
      {evaluation && (
        <p>
          {t('达标', 'Met')} {evaluation.met}/{evaluation.total}
        </p>
      )}
      <Table
        headers={[t('指标', 'KPI'), t('目标值', 'Target'), t('实际值', 'Actual'), t('是否达标', 'Met'), t('差额', 'Shortfall')]}
        labelledBy="kpis"
      >
        {targets.flatMap((target) =>
          rowsOf(target).map(({ item, periods }) => (
            <tr data-kpi={target.key} data-year={periods > 1 && item?.year != null ? String(item.year) : undefined}>
              <th scope="row">
                {lang === 'en' ? target.labelEn : target.labelZh}
                {periods > 1 && item && `（${lang === 'en' ? item.periodLabel.en : item.periodLabel.zh}）`}
              </th>
              <td>
                {/* The part due at the mid-term where it is less than the period's (issue 21.2). */}
                {item && item.target !== item.periodTarget
                  ? `${item.target} ${target.unit}（${t('全期', 'of')} ${item.periodTarget}）`
                  : `${item?.periodTarget ?? target.target} ${target.unit}`}
              </td>
              <td>{item?.actual != null ? `${item.actual} ${target.unit}` : t('未报告', 'not reported')}</td>
              <td>{item ? (item.met ? t('达标', 'met') : t('未达标', 'not met')) : '—'}</td>
              <td>{item && !item.met ? `${item.shortfall} ${target.unit}` : '—'}</td>
            </tr>
          )),
        )}
      </Table>
    </>
  );
}
