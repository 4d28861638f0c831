/** @jsxImportSource hono/jsx */
import { CalendarGap } from './calendar';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Actor } from '../../../core/identity';
import { isProjectTask } from '../../../core/projects';
import { taskKindLabels } from '../../../core/labels';
import { clock } from '../../adapters/clock';
import type { TaskItem } from '../../adapters/entities';
import { declarationHistory, declarationView, getVisibleDeclaration } from '../../services/declarations';
import { callView, configOf, getCall } from '../../services/calls';
import { namesOf } from '../../services/directory';
import { getVisibleTask, listMyTasks } from '../../services/tasks';
import { materialDownload } from '../material-download';
import { actorOf, backTo, given, type PageEnv } from './context';
import { declarantKeys, DeclarationFacts, History, historyNameKeys, StageTag, Timeline } from './declaration';
import { area } from './errors';
import { decideForm, numbersUnder } from './decide';
import { Field, Notice, Outcomes, Problems, render, Table, when } from './layout';
import { projectTaskPage } from './project-facts';

/** Where a task is done: decisions here; assignment, shortlist and objections in the office's pages. */
function taskLink(task: Omit<TaskItem, 'taskToken'>): string | undefined {
  if (isProjectTask(task.kind)) return projectTaskPage(task.kind, task.declarationId, task.taskId);
  switch (task.kind) {
    case 'revision':
      return `/ui/applicant/declarations/${task.declarationId}`;
    case 'expert_assignment':
      return `/ui/office/declarations/${task.declarationId}/experts`;
    case 'shortlist':
      return `/ui/office/calls/${task.callId}/ranking`;
    case 'objections':
      return `/ui/office/calls/${task.callId}/objections`;
    default:
      return `/ui/tasks/${task.taskId}`;
  }
}

async function subjectTitle(actor: Actor, task: TaskItem): Promise<string> {
  if (task.declarationId === task.callId) return (await getCall(task.callId)).title;
  // An acceptance expert may hold a task on a declaration they did not score in selection.
  return getVisibleDeclaration(actor, task.declarationId).then(
    (d) => d.title,
    () => task.declarationId,
  );
}

/** Reviewers', experts', the office's and applicants' open tasks, soonest due first, overdue marked. */
export const reviewPages = area();

reviewPages.get('/inbox', async (c) => {
  const actor = actorOf(c);
  const t = c.get('t');
  const lang = c.get('lang');
  const tasks = await listMyTasks(actor);
  const titles = await Promise.all(tasks.map((task) => subjectTitle(actor, task)));
  const now = clock().now().toISOString();
  const done = c.req.query('done');
  return render(
    c,
    t('待办任务', 'My tasks'),
    <>
      {done && <Notice>{t('已办理。', 'Done.')}</Notice>}
      <p class="hint">{t('按截止时间排序，逾期任务以红色标出。', 'Soonest due first; overdue tasks are marked in red.')}</p>
      <Table headers={[t('事项', 'Task'), t('申报项目 / 批次', 'Declaration / call'), t('截止时间', 'Due')]}>
        {tasks.length === 0 && (
          <tr>
            <td colspan={3}>{t('没有待办任务。', 'Nothing to do.')}</td>
          </tr>
        )}
        {tasks.map((task, i) => {
          const overdue = task.dueAt < now;
          return (
            <tr class={overdue ? 'is-overdue' : undefined}>
              <td>
                {taskLink(task) ? (
                  <a href={taskLink(task)}>{taskKindLabels[task.kind][lang]}</a>
                ) : (
                  <>
                    {taskKindLabels[task.kind][lang]}
                    {t('（暂在接口中办理）', ' (through the API for now)')}
                  </>
                )}
              </td>
              <td>{titles[i]}</td>
              <td class={overdue ? 'overdue' : undefined}>
                {when(task.dueAt, lang)}
                {overdue && <> {t('（已逾期）', '(overdue)')}</>}
              </td>
            </tr>
          );
        })}
      </Table>
    </>,
  );
});

reviewPages.get('/tasks/:taskId', (c) => taskPage(c, actorOf(c), c.req.param('taskId')));

async function taskPage(
  c: Context<PageEnv>,
  actor: Actor,
  taskId: string,
  state: { values?: Record<string, unknown>; errors?: Record<string, string>; message?: string; status?: ContentfulStatusCode } = {},
) {
  const t = c.get('t');
  const lang = c.get('lang');
  const task = await getVisibleTask(actor, taskId);
  const declaration = await declarationView(actor, task.declarationId);
  const call = await callView(actor, task.callId);
  // Experts see the declaration and its materials, not its trail of who decided what before them.
  const history = actor.role === 'expert' ? [] : await declarationHistory(actor, task.declarationId);
  const names = await namesOf([...declarantKeys(declaration), ...historyNameKeys(history)]);
  const errors = state.errors ?? {};
  const value = (name: string) => (typeof state.values?.[name] === 'string' ? (state.values[name] as string) : undefined);
  const decidable = ['district_recommendation', 'formal_review', 'expert_invitation', 'expert_score'].includes(task.kind);
  return render(
    c,
    `${taskKindLabels[task.kind][lang]}：${declaration.title}`,
    <>
      <p>
        {t('当前阶段', 'Stage')}：<StageTag stage={declaration.stage} lang={lang} /> · {t('截止', 'Due')} {when(task.dueAt, lang)}
        {actor.role === 'city-admin' && <CalendarGap years={task.uncoveredYears} t={t} />}
      </p>
      {actor.role !== 'expert' && (
        <Timeline declaration={declaration} history={history} openTasks={declaration.openTasks} call={call} t={t} lang={lang} />
      )}
      <DeclarationFacts declaration={declaration} call={call} names={names} t={t} lang={lang} />
      <h2 id="decision">{t('办理意见', 'Decision')}</h2>
      <Problems
        message={state.message}
        errors={errors}
        t={t}
        labels={{
          outcome: t('结论', 'Outcome'),
          rank: t('推荐排序', 'Rank'),
          comment: t('意见', 'Comment'),
          reason: t('谢绝理由', 'Reason'),
          ...Object.fromEntries(configOf(call).rubric.map((r) => [`scores.${r.key}`, lang === 'en' ? r.labelEn : r.labelZh])),
        }}
      />
      {task.status !== 'open' ? (
        <p>{t('此任务已办理。', 'This task has been decided.')}</p>
      ) : !decidable ? (
        <p>
          {taskLink(task) ? (
            <a href={taskLink(task)}>{t('去办理', 'Go to the task')}</a>
          ) : (
            t('此任务暂在接口中办理。', 'This task is done through the API for now.')
          )}
        </p>
      ) : (
        <form method="post" action={`/ui/tasks/${task.taskId}`} novalidate aria-labelledby="decision">
          {task.kind === 'district_recommendation' && (
            <>
              <Outcomes
                name="outcome"
                options={[
                  ['recommend', t('推荐', 'Recommend')],
                  ['decline', t('不推荐', 'Decline')],
                ]}
                legend={t('推荐意见', 'Recommendation')}
                value={value('outcome')}
                error={errors.outcome}
              />
              <Field
                name="rank"
                type="number"
                min={1}
                max={1000}
                label={t('推荐排序（第几名）', 'Rank among the district’s recommendations')}
                value={value('rank')}
                error={errors.rank}
                hint={t('推荐时必填', 'Required to recommend')}
              />
              <Field
                name="comment"
                multiline
                maxLength={2000}
                label={t('意见说明', 'Comment')}
                value={value('comment')}
                error={errors.comment}
                hint={t('不推荐时必填，申报单位可见', 'Required to decline; shown to the applicant')}
              />
            </>
          )}
          {task.kind === 'formal_review' && (
            <>
              <Outcomes
                name="outcome"
                options={[
                  ['approve', t('通过', 'Eligible')],
                  ['return', t('退回修改', 'Return for correction')],
                  ['reject', t('不合格', 'Ineligible')],
                ]}
                legend={t('审查结论', 'Outcome')}
                value={value('outcome')}
                error={errors.outcome}
              />
              <Field
                name="comment"
                multiline
                maxLength={2000}
                label={t('审查意见', 'Comment')}
                value={value('comment')}
                error={errors.comment}
                hint={t('退回或不合格时必填，申报单位可见', 'Required to return or reject; shown to the applicant')}
              />
            </>
          )}
          {task.kind === 'expert_invitation' && (
            <>
              <p class="hint">
                {t(
                  '您被邀请评审本项目。请在截止时间前答复；逾期未答复将自动邀请其他专家。',
                  'You are invited to review this declaration. Please answer by the due date; unanswered, another expert is invited.',
                )}
              </p>
              <Outcomes
                name="outcome"
                options={[
                  ['accept', t('接受邀请', 'Accept')],
                  ['decline', t('谢绝邀请', 'Decline')],
                ]}
                legend={t('是否接受评审邀请', 'Your answer')}
                value={value('outcome')}
                error={errors.outcome}
              />
              <Field
                name="reason"
                multiline
                maxLength={2000}
                label={t('谢绝理由', 'Reason for declining')}
                value={value('reason')}
                error={errors.reason}
                hint={t('谢绝时必填，市办公室可见', 'Required to decline; the city office reads it')}
              />
            </>
          )}
          {task.kind === 'expert_score' && (
            <>
              <fieldset>
                <legend>{t('评分（各项不超过满分）', 'Scores (each at most its maximum)')}</legend>
                {configOf(call).rubric.map((criterion) => (
                  <Field
                    name={`scores.${criterion.key}`}
                    type="number"
                    min={0}
                    max={criterion.maxScore}
                    step="0.5"
                    required
                    label={`${lang === 'en' ? criterion.labelEn : criterion.labelZh}（${t('满分', 'max')} ${criterion.maxScore}）`}
                    value={value(`scores.${criterion.key}`)}
                    error={
                      errors[`scores.${criterion.key}`] ??
                      (errors.scores && criterion === configOf(call).rubric[0] ? errors.scores : undefined)
                    }
                  />
                ))}
              </fieldset>
              <Field
                name="comment"
                multiline
                required
                maxLength={2000}
                label={t('评审意见', 'Comment')}
                value={value('comment')}
                error={errors.comment}
              />
            </>
          )}
          <div class="actions">
            <button type="submit">{t('提交', 'Submit')}</button>
          </div>
        </form>
      )}
      {history.length > 0 && <History history={history} names={names} t={t} lang={lang} />}
    </>,
    state.status,
  );
}

/** The form as the API's decision body: numbers where the API expects numbers, nothing for empty inputs. */
function decisionOf(form: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const outcome = given(form, 'outcome');
  if (outcome) body.outcome = outcome;
  const rank = given(form, 'rank');
  if (rank) body.rank = Number(rank);
  const comment = given(form, 'comment');
  if (comment) body.comment = comment;
  const reason = given(form, 'reason');
  if (reason) body.reason = reason;
  const scores = numbersUnder(form, 'scores');
  if (scores) body.scores = scores;
  return body;
}

reviewPages.post('/tasks/:taskId', async (c) => {
  const actor = actorOf(c);
  const taskId = c.req.param('taskId');
  const form = await c.req.parseBody();
  const decided = await decideForm(c.get('lang'), actor, taskId, decisionOf(form));
  if (!decided.ok) return taskPage(c, actor, taskId, { values: form, errors: decided.errors, message: decided.message, status: 422 });
  return backTo(c, `/ui/inbox?done=${decided.value.kind}`);
});

/** A material's file, to whoever may see the declaration. */
reviewPages.get('/declarations/:id/materials/:key', (c) => materialDownload(c, actorOf(c), c.req.param('id'), c.req.param('key')));
