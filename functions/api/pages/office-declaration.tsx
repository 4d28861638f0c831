/** @jsxImportSource hono/jsx */
import { isWorkflowTask } from '../../../core/identity';
import type { Context } from 'hono';
import { whyNotExtendable } from '../../../core/extensions';
import { coded } from '../../../core/problem-codes';
import type { Actor } from '../../../core/identity';
import { extensionInput } from '../../../core/schemas';
import { taskKindLabels } from '../../../core/labels';
import { clock } from '../../adapters/clock';
import { declarationHistory, declarationView } from '../../services/declarations';
import { namesOf } from '../../services/directory';
import { getCall } from '../../services/calls';
import { extendTask, taskView } from '../../services/extensions';
import { invitationsOf } from '../../services/invitations';
import { actorOf, backTo, given, type FormState, type PageEnv, validThenWritten } from './context';
import { declarantKeys, DeclarationFacts, History, historyNameKeys, StageTag, Timeline } from './declaration';
import { CalendarGap } from './calendar';
import { InvitationList } from './invitations';
import { resultNoticesOfDeclaration } from '../../services/result-notices';
import { ResultNoticeLinks } from './result-notices';
import { area } from './errors';
import { Field, Problems, render, when } from './layout';
import { say } from './messages';

/** A declaration as the office sees it, with its tasks' due dates and their extension. */
export function officeDeclarationPages() {
  const pages = area();

  pages.get('/declarations/:id', (c) => declarationPage(c, actorOf(c, 'city-admin'), c.req.param('id')));

  async function declarationPage(c: Context<PageEnv>, actor: Actor, id: string, state: FormState & { taskId?: string } = {}) {
    const t = c.get('t');
    const lang = c.get('lang');
    const declaration = await declarationView(actor, id);
    const [call, history, invited] = await Promise.all([
      getCall(declaration.callId),
      declarationHistory(actor, id),
      invitationsOf(actor, id),
    ]);
    const human = declaration.openTasks.filter((task) => !isWorkflowTask(task.assignee));
    const names = await namesOf([
      ...declarantKeys(declaration),
      ...historyNameKeys(history),
      ...human.map((task) => task.assignee),
      ...invited.items.map((i) => i.expert),
    ]);
    const now = clock().now().toISOString();
    return render(
      c,
      declaration.title,
      <>
        <p>
          {t('当前阶段', 'Stage')}：<StageTag stage={declaration.stage} lang={lang} />
          {declaration.stage === 'expert_assignment' && (
            <>
              {' '}
              · <a href={`/ui/office/declarations/${id}/experts`}>{t('分配评审专家', 'Assign experts')}</a>
            </>
          )}
        </p>
        <Timeline declaration={declaration} history={history} openTasks={declaration.openTasks} call={call} t={t} lang={lang} />
        {invited.items.length > 0 && <InvitationList {...invited} names={names} t={t} lang={lang} />}
        {human.length > 0 && (
          <>
            <h2>{t('办理时限与延期', 'Due dates and extensions')}</h2>
            {human.map((task) => {
              const head = (
                <p>
                  <strong>{taskKindLabels[task.kind][lang]}</strong>（{names(task.assignee, lang)}）· {t('截止', 'due')}{' '}
                  <span class={task.dueAt < now ? 'overdue' : undefined}>{when(task.dueAt, lang)}</span>
                  <CalendarGap years={task.uncoveredYears} t={t} />
                </p>
              );
              // Offer only what the API grants: a deadline the workflow enforces is explained, not offered.
              const fixed = whyNotExtendable(task.kind);
              if (fixed) {
                return (
                  <div class="card" data-task={task.taskId}>
                    {head}
                    <p class="hint">{say(lang, `this task's due date cannot be extended: ${fixed}`, coded('not-extendable'))}</p>
                  </div>
                );
              }
              return (
                <form method="post" action={`/ui/office/tasks/${task.taskId}/extension`} class="card">
                  {head}
                  {state.taskId === task.taskId && <Problems message={state.message} errors={state.errors} t={t} />}
                  <Field
                    name={`dueAt-${task.taskId}`}
                    type="date"
                    label={t('延期至（北京时间当日结束）', 'Extend to (end of that day, China time)')}
                    required
                    error={state.errors?.[`dueAt-${task.taskId}`]}
                  />
                  <Field
                    name={`reason-${task.taskId}`}
                    label={t('延期理由', 'Reason')}
                    required
                    maxLength={500}
                    error={state.errors?.[`reason-${task.taskId}`]}
                  />
                  <button type="submit" class="secondary">
                    {t('延期', 'Extend')}
                  </button>
                </form>
              );
            })}
          </>
        )}
        <DeclarationFacts declaration={declaration} call={call} names={names} t={t} lang={lang} />
        <ResultNoticeLinks notices={await resultNoticesOfDeclaration(actor, declaration)} t={t} />
        <History history={history} names={names} t={t} lang={lang} />
      </>,
      state.status,
    );
  }

  pages.post('/tasks/:taskId/extension', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const taskId = c.req.param('taskId');
    const form = await c.req.parseBody();
    const task = await taskView(actor, taskId);
    const parsed = extensionInput.safeParse({ dueAt: given(form, `dueAt-${taskId}`), reason: given(form, `reason-${taskId}`) });
    const extended = await validThenWritten(c.get('lang'), parsed, (input) => extendTask(actor, taskId, input));
    const isCall = task.declarationId === task.callId;
    if (extended.ok) return backTo(c, isCall ? `/ui/office/calls/${task.callId}` : `/ui/office/declarations/${task.declarationId}`);
    if (isCall) return backTo(c, `/ui/office/calls/${task.callId}`);
    // The form names its inputs per task, so each error is shown at its own task's form.
    const errors = Object.fromEntries(Object.entries(extended.errors).map(([field, message]) => [`${field}-${taskId}`, message]));
    return declarationPage(c, actor, task.declarationId, { taskId, errors, message: extended.message, status: 422 });
  });

  return pages;
}
