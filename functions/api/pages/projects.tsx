/** @jsxImportSource hono/jsx */
import { taskView } from '../../services/extensions';
import { onChinaDate } from '../../../core/china-time';
import type { Context } from 'hono';
import { NotFoundError } from '../../../core/errors';
import type { Actor } from '../../../core/identity';
import { measureOf } from '../../../core/kpis';
import type { KpiTarget } from '../../../core/kinds';
import type { ProjectTaskKind } from '../../../core/projects';
import { taskKindLabels } from '../../../core/labels';
import { endProject, projectView } from '../../services/projects';
import { getVisibleTask } from '../../services/tasks';
import { isProjectReport, reportOfTask } from '../../../core/report-materials';
import { completeReportUpload } from '../../services/report-materials';
import { ReportFiles, reportFileDownload, reportFilesOf } from './report-files';
import { actorOf, attempt, backTo, given, type FormState, type PageEnv, posted } from './context';
import { KpiTable, ProjectFacts, projectTaskPage, reportTasks } from './project-facts';
import { area } from './errors';
import { IncubationSection } from './incubation';
import { incubationOf } from '../../services/incubation';
import { resultNoticesOfDeclaration } from '../../services/result-notices';
import { ResultNoticeLinks } from './result-notices';
import { decideForm, numbersUnder } from './decide';
import { acceptanceForm, acceptanceTasks, assignFromForm, SiteVisits, siteVisitFromForm } from './acceptance';
import { Field, FieldGroup, Notice, Outcomes, Problems, render, when } from './layout';
import { NamedTitle, RectifyOrEnd, reviewPanelChoices, TitleTaskForm } from './title';
import { titleTaskKinds, type TitleTaskKind } from '../../../core/titles';
import { revokeTitle } from '../../services/titles';
import { KpiPeriodTable, TaskBookConfirmation, TaskBookSection, YearlyActualsForm } from './task-book';
import { endProjectInput, taskBookInput, yearlyActualsInput } from '../../../core/schemas';
import { adjustTaskBook } from '../../services/task-book';
import { reportYearlyActuals } from '../../services/yearly-actuals';
import { clock } from '../../adapters/clock';

/** A project's page and its tasks' forms, seen by whoever GET /projects/{id} shows it to. */
export const projectPages = area();

projectPages.get('/:id', (c) => projectPage(c, actorOf(c), c.req.param('id')));

async function projectPage(c: Context<PageEnv>, actor: Actor, id: string, state: FormState = {}) {
  const t = c.get('t');
  const lang = c.get('lang');
  const project = await projectView(actor, id);
  // The applicant withdraws (撤回), the city office terminates (终止), at any point before the project closes.
  const ending =
    project.phase === 'closed'
      ? undefined
      : actor.role === 'applicant'
        ? 'withdraw'
        : actor.role === 'city-admin'
          ? 'terminate'
          : undefined;
  return render(
    c,
    `${t('项目', 'Project')}：${project.title}`,
    <>
      {c.req.query('done') && <Notice>{t('已提交。', 'Submitted.')}</Notice>}
      <ProjectFacts project={project} t={t} lang={lang} />
      {project.namedTitle && (
        <>
          {state.errors?.reason && !ending && (
            <Problems message={state.message} errors={state.errors} t={t} labels={{ reason: t('撤销命名的理由', 'Why revoke') }} />
          )}
          <NamedTitle title={project.namedTitle} canRevoke={actor.role === 'city-admin'} id={id} t={t} lang={lang} />
        </>
      )}
      <TaskBookSection project={project} actor={actor} state={state} t={t} lang={lang} />
      <KpiPeriodTable periods={project.kpis.periods} t={t} lang={lang} />
      {actor.role === 'applicant' && project.phase !== 'closed' && (
        <YearlyActualsForm project={project} state={state} now={clock().now()} t={t} lang={lang} />
      )}
      <IncubationSection incubation={await incubationOf(actor, id)} actor={actor} id={id} t={t} />
      <ResultNoticeLinks notices={await resultNoticesOfDeclaration(actor, { callId: project.callId, declarationId: id })} t={t} />
      <p>
        <a href={`/ui/projects/${id}/funding`}>{t('项目经费（预算、核定资助、拨付）', 'Funding (budget, grant, payments)')}</a>
      </p>
      {ending && (
        <>
          <h2 id="end">{ending === 'withdraw' ? t('撤回项目', 'Withdraw the project') : t('终止项目', 'Terminate the project')}</h2>
          <Problems message={state.message} errors={state.errors ?? {}} t={t} labels={{ reason: t('理由', 'Reason') }} />
          <form method="post" action={`/ui/projects/${id}/${ending}`} novalidate aria-labelledby="end">
            <Field
              name="reason"
              multiline
              required
              maxLength={2000}
              label={t('理由（必填，记入项目记录）', 'Reason (required; kept in the record)')}
              value={typeof state.values?.reason === 'string' ? state.values.reason : undefined}
              error={state.errors?.reason}
            />
            <div class="actions">
              <button type="submit">{ending === 'withdraw' ? t('撤回', 'Withdraw') : t('终止', 'Terminate')}</button>
            </div>
          </form>
        </>
      )}
    </>,
    state.status,
  );
}

for (const ending of ['withdraw', 'terminate'] as const) {
  projectPages.post(`/:id/${ending}`, async (c) => {
    const actor = actorOf(c, ending === 'withdraw' ? 'applicant' : 'city-admin');
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    const parsed = endProjectInput.safeParse({ reason: given(form, 'reason') });
    return posted(c, parsed, (input) => endProject(actor, id, ending, input.reason), {
      refused: (state) => projectPage(c, actor, id, { values: form, ...state }),
      next: () => `/ui/projects/${id}?done=${ending}`,
    });
  });
}

// 撤销命名 by the city office (issue 21.5): the reason required; a title already revoked is refused.
projectPages.post('/:id/title/revocation', async (c) => {
  const actor = actorOf(c, 'city-admin');
  const id = c.req.param('id');
  const form = await c.req.parseBody();
  const parsed = endProjectInput.safeParse({ reason: given(form, 'reason') });
  return posted(c, parsed, (input) => revokeTitle(actor, id, input.reason), {
    refused: (state) => projectPage(c, actor, id, { values: form, ...state }),
    next: () => `/ui/projects/${id}?done=title.revoked#named-title`,
  });
});
// The office adjusts the task book; the applicant reports a year's actuals (issue 21.1, 21.2).
projectPages.post('/:id/task-book', async (c) => {
  const actor = actorOf(c, 'city-admin');
  const id = c.req.param('id');
  const form = await c.req.parseBody();
  const parsed = taskBookInput.safeParse({ targets: numbersUnder(form, 'targets') ?? {}, comment: given(form, 'comment') });
  return posted(c, parsed, (input) => adjustTaskBook(actor, id, input), {
    refused: (state) => projectPage(c, actor, id, { values: form, ...state }),
    next: () => `/ui/projects/${id}?done=task-book#task-book`,
  });
});
projectPages.post('/:id/actuals', async (c) => {
  const actor = actorOf(c, 'applicant');
  const id = c.req.param('id');
  const form = await c.req.parseBody();
  const parsed = yearlyActualsInput.safeParse({ year: Number(given(form, 'year')), actuals: numbersUnder(form, 'actuals') ?? {} });
  return posted(c, parsed, (input) => reportYearlyActuals(actor, id, input), {
    refused: (state) => projectPage(c, actor, id, { values: form, ...state }),
    next: () => `/ui/projects/${id}?done=actuals#kpi-periods`,
  });
});

projectPages.get('/:id/tasks/:taskId', (c) => taskPage(c, actorOf(c), c.req.param('id'), c.req.param('taskId')));

async function taskPage(c: Context<PageEnv>, actor: Actor, id: string, taskId: string, state: FormState = {}) {
  const t = c.get('t');
  const lang = c.get('lang');
  const task = await getVisibleTask(actor, taskId);
  const href = projectTaskPage(task.kind, task.declarationId, task.taskId);
  if (task.declarationId !== id || !href) throw new NotFoundError(`task ${taskId} not found`);
  const project = await projectView(actor, id);
  const targets = project.kpiTargets as KpiTarget[];
  const errors = state.errors ?? {};
  const value = (name: string) => (typeof state.values?.[name] === 'string' ? (state.values[name] as string) : undefined);
  const kind = task.kind as ProjectTaskKind;
  // A funded project is accepted only on a 决算 that reconciles (issue 23.4): the task says why not.
  const blockedReason =
    kind === 'acceptance_decision' && task.status === 'open' ? (await taskView(actor, taskId)).blockedReason : undefined;
  const score = project.score as { combined?: number } | undefined;
  // The assignment's pool and the score sheet's rubric are read before rendering.
  const form =
    task.status === 'open' && acceptanceTasks.includes(kind)
      ? await acceptanceForm({ actor, id, kind, href, value, errors, t, lang })
      : null;
  // The files of the report this task submits, or the site visit's on the office's acceptance pages (issue 21.3).
  const filesOf = reportOfTask(kind) ?? (acceptanceTasks.includes(kind) && kind !== 'acceptance_score' ? 'site-visit' : undefined);
  const files = filesOf && task.status === 'open' ? await reportFilesOf(c, actor, project, filesOf, taskId) : undefined;
  const fileLabels = files ? Object.fromEntries(files.asked.map((m) => [`materials.${m.key}`, lang === 'en' ? m.labelEn : m.labelZh])) : {};
  const filesSection = files && <ReportFiles {...files} errors={errors} t={t} lang={lang} />;
  const targetLabel = (k: KpiTarget) => `${lang === 'en' ? k.labelEn : k.labelZh}（${t('目标', 'target')} ${k.target} ${k.unit}）`;
  return render(
    c,
    `${taskKindLabels[kind][lang]}：${project.title}`,
    <>
      <p>
        {t('截止', 'Due')} {when(task.dueAt, lang)} · <a href={`/ui/projects/${id}`}>{t('项目详情', 'The project')}</a>
      </p>
      <h2 id="decision">
        {reportTasks.includes(kind)
          ? t('填报', 'Report')
          : kind === 'acceptance_score'
            ? t('评分', 'Scores')
            : kind === 'acceptance_assignment'
              ? t('分配验收专家', 'Assign experts')
              : t('审核意见', 'Decision')}
      </h2>
      <Problems
        message={state.message}
        errors={errors}
        t={t}
        labels={{
          report: t('报告', 'Report'),
          kpiActuals: t('绩效指标实际值', 'KPI actuals'),
          outcome: t('结论', 'Outcome'),
          comment: t('意见', 'Comment'),
          rectificationDueAt: t('整改期限', 'Rectify by'),
          recommendToProvince: t('推荐省级', 'Recommend to the province'),
          experts: t('验收专家', 'Experts'),
          // The panel's problems are at its entries (reviewPanel.0 …): each named as the panel.
          ...Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`reviewPanel.${i}`, t('复核专家组', 'Review panel')])),
          visitedAt: t('考察日期', 'Date of the visit'),
          visitors: t('考察人员', 'Visitors'),
          findings: t('考察发现', 'Findings'),
          ...Object.fromEntries(targets.map((k) => [`kpiActuals.${k.key}`, lang === 'en' ? k.labelEn : k.labelZh])),
          ...fileLabels,
        }}
      />
      {task.status !== 'open' ? (
        <p>{t('此任务已办理。', 'This task has been decided.')}</p>
      ) : kind === 'tranche_payment' ? (
        <p id="tranche-payment">
          {t(
            '经费已达到拨付节点，请在项目经费页登记拨付（日期、金额、凭证号）；登记后此任务即办结。',
            'A tranche is payable: record its payment on the funding page; that closes this task.',
          )}{' '}
          <a href={`/ui/projects/${id}/funding#record-payment`}>{t('登记拨付', 'Record the payment')}</a>
        </p>
      ) : kind === 'task_book_confirmation' ? (
        <TaskBookConfirmation project={project} action={href} value={value} errors={errors} t={t} lang={lang} />
      ) : acceptanceTasks.includes(kind) ? (
        <>
          {kind === 'acceptance_decision' && blockedReason && (
            <p id="acceptance-blocked" role="status">
              {blockedReason} <a href={`/ui/projects/${id}/funding`}>{t('查看经费', 'See the funding')}</a>
            </p>
          )}
          {kind === 'acceptance_decision' && <KpiTable targets={targets} evaluation={project.kpis.acceptance} t={t} lang={lang} />}
          {kind === 'acceptance_decision' && score?.combined !== undefined && (
            <p>
              {t('专家评分', 'Experts’ score')}：{score.combined}
            </p>
          )}
          {form}
          {filesSection}
          {kind !== 'acceptance_score' && (
            <SiteVisits
              visits={(project.siteVisits ?? []) as { visitedAt: string; visitors: string[]; findings: string }[]}
              action={`${href}/site-visits`}
              value={value}
              errors={errors}
              t={t}
              lang={lang}
            />
          )}
        </>
      ) : (titleTaskKinds as readonly string[]).includes(kind) ? (
        <TitleTaskForm
          kind={kind as unknown as TitleTaskKind}
          href={href}
          rectified={project.namedTitle?.review.rectified ?? false}
          panel={task.kind === 'title_review' && task.status === 'open' ? await reviewPanelChoices(project, lang) : undefined}
          ticked={[state.values?.reviewPanel ?? []].flat().filter((v): v is string => typeof v === 'string')}
          value={value}
          errors={errors}
          t={t}
        />
      ) : reportTasks.includes(kind) ? (
        <>
          {filesSection}
          <form method="post" action={href} novalidate aria-labelledby="decision">
            <Field
              name="report"
              multiline
              required
              maxLength={20000}
              label={kind.startsWith('midterm') ? t('进展报告', 'Progress report') : t('总结报告', 'Final report')}
              value={value('report')}
              error={errors.report}
            />
            <FieldGroup name="kpiActuals" legend={t('绩效指标实际值', 'KPI actuals')} error={errors.kpiActuals}>
              {targets.map((k) => {
                const measure = measureOf(k);
                return (
                  <Field
                    name={`kpiActuals.${k.key}`}
                    type="number"
                    min={0}
                    // As the API bounds them: a share is a percentage, a count is whole.
                    max={measure === 'population_share' ? 100 : 1e9}
                    step={['class_hours', 'population_share', 'credits'].includes(measure) ? 'any' : '1'}
                    required
                    label={targetLabel(k)}
                    value={value(`kpiActuals.${k.key}`)}
                    error={errors[`kpiActuals.${k.key}`]}
                  />
                );
              })}
            </FieldGroup>
            <div class="actions">
              <button type="submit">{t('提交', 'Submit')}</button>
            </div>
          </form>
        </>
      ) : (
        <>
          <KpiTable targets={targets} evaluation={project.kpis.midterm} t={t} lang={lang} />
          <form method="post" action={href} novalidate aria-labelledby="decision">
            <Outcomes
              name="outcome"
              legend={t('中期检查结论', 'Mid-term outcome')}
              options={[
                ['pass', t('通过', 'Pass')],
                ...(kind === 'midterm_review' ? ([['rectify', t('限期整改', 'Rectify by a deadline')]] as [string, string][]) : []),
                ['terminate', t('终止', 'Terminate')],
              ]}
              value={value('outcome')}
              error={errors.outcome}
            />
            <RectifyOrEnd rectifies={kind === 'midterm_review'} end={['终止', 'terminate']} value={value} errors={errors} t={t} />
            <div class="actions">
              <button type="submit">{t('提交', 'Submit')}</button>
            </div>
          </form>
        </>
      )}
    </>,
    state.status,
  );
}

/** The form as the API's decision body: numbers for actuals, a date as the end of that day in China time. */
function decisionOf(form: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const name of ['report', 'outcome', 'comment'] as const) {
    const v = given(form, name);
    if (v !== undefined) body[name] = v;
  }
  const due = given(form, 'rectificationDueAt');
  if (due) body.rectificationDueAt = onChinaDate(due, '23:59:59');
  const actuals = numbersUnder(form, 'kpiActuals');
  if (actuals) body.kpiActuals = actuals;
  const scores = numbersUnder(form, 'scores');
  if (scores) body.scores = scores;
  if (given(form, 'recommendToProvince')) body.recommendToProvince = true;
  const panel = [form.reviewPanel ?? []].flat().filter((v): v is string => typeof v === 'string');
  if (panel.length) body.reviewPanel = panel;
  return body;
}

projectPages.post('/:id/tasks/:taskId', async (c) => {
  const actor = actorOf(c);
  const id = c.req.param('id');
  const taskId = c.req.param('taskId');
  const task = await getVisibleTask(actor, taskId);
  if (task.declarationId !== id || !projectTaskPage(task.kind, id, taskId)) throw new NotFoundError(`task ${taskId} not found`);
  const form = await c.req.parseBody({ all: true });
  if (task.kind === 'acceptance_assignment') {
    const assigned = await assignFromForm(c.get('lang'), actor, id, form);
    if (!assigned.ok) return taskPage(c, actor, id, taskId, { errors: assigned.errors, message: assigned.message, status: 422 });
    return backTo(c, `/ui/projects/${id}?done=acceptance_assignment`);
  }
  const decided = await decideForm(c.get('lang'), actor, taskId, decisionOf(form));
  if (!decided.ok) return taskPage(c, actor, id, taskId, { values: form, errors: decided.errors, message: decided.message, status: 422 });
  return backTo(c, `/ui/projects/${id}?done=${decided.value.kind}`);
});

projectPages.post('/:id/tasks/:taskId/site-visits', async (c) => {
  const actor = actorOf(c, 'city-admin');
  const id = c.req.param('id');
  const taskId = c.req.param('taskId');
  const form = await c.req.parseBody();
  const recorded = await siteVisitFromForm(c.get('lang'), actor, id, form);
  if (!recorded.ok)
    return taskPage(c, actor, id, taskId, { values: form, errors: recorded.errors, message: recorded.message, status: 422 });
  return backTo(c, `/ui/projects/${id}/tasks/${taskId}#site-visits`);
});

/** Where the store sends the browser after taking a report's file: judged and recorded, or the task page with the refusal at the file. */
projectPages.get('/:id/tasks/:taskId/files/:report/:key/uploaded', async (c) => {
  const actor = actorOf(c);
  const { id, taskId, report, key } = c.req.param();
  if (!isProjectReport(report)) throw new NotFoundError(`project report ${report} not found`);
  const done = await attempt(c.get('lang'), () => completeReportUpload(actor, id, report, key, c.req.query('key') ?? ''));
  if (!done.ok) return taskPage(c, actor, id, taskId, { errors: done.errors, message: done.message, status: 422 });
  return backTo(c, `/ui/projects/${id}/tasks/${taskId}#files-${report}`);
});

projectPages.get('/:id/reports/:report/materials/:key', (c) => {
  const { id, report, key } = c.req.param();
  return reportFileDownload(c, actorOf(c), id, report, key);
});
