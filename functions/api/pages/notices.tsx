/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Actor } from '../../../core/identity';
import { objectionInput } from '../../../core/schemas';
import type { Stage } from '../../../core/stages';
import { namesOf } from '../../services/directory';
import { fileObjection, notice } from '../../services/selection';
import { actorOf, attempt, backTo, schemaErrors, given, type PageEnv } from './context';
import { declarantKeys, declarantName, StageTag } from './declaration';
import { area } from './errors';
import { Field, Notice, Problems, render, Table, when } from './layout';

/** The public notice (公示): what was shortlisted, until when, and an objection under one's real name. */
export const noticePages = area();

noticePages.get('/:callId', (c) => noticePage(c, actorOf(c), c.req.param('callId')));

async function noticePage(
  c: Context<PageEnv>,
  _actor: Actor,
  callId: string,
  state: { values?: Record<string, unknown>; errors?: Record<string, string>; message?: string; status?: ContentfulStatusCode } = {},
) {
  const t = c.get('t');
  const lang = c.get('lang');
  const shown = await notice(callId);
  const names = await namesOf(shown.items.flatMap(declarantKeys));
  const running = shown.status === 'notice';
  const v = (name: string) => (typeof state.values?.[name] === 'string' ? (state.values[name] as string) : undefined);
  return render(
    c,
    `${t('公示', 'Public notice')}：${shown.title}`,
    <>
      {c.req.query('done') === 'filed' && (
        <Notice>{t('异议已提交，市终身教育办将处理并记录结果。', 'Your objection has been filed; the city office will handle it.')}</Notice>
      )}
      <p>
        {shown.status === 'established'
          ? t('公示已结束，以下项目已立项。', 'The notice has ended; these projects are established.')
          : running
            ? `${t('公示期至', 'The notice runs until')} ${when(shown.endsAt, lang)}`
            : t('公示尚未发布。', 'The notice has not been published.')}
      </p>
      <Table headers={[t('项目名称', 'Title'), t('申报单位', 'Applicant'), t('综合得分', 'Combined'), t('阶段', 'Stage')]}>
        {shown.items.map((i) => (
          <tr>
            <td>{i.title}</td>
            <td>{declarantName(i, names, lang)}</td>
            <td>{i.combined ?? '—'}</td>
            <td>
              <StageTag stage={i.stage as Stage} lang={lang} />
            </td>
          </tr>
        ))}
      </Table>
      {running && shown.items.length > 0 && (
        <>
          <h2 id="object">{t('提出异议（实名）', 'File an objection (under your real name)')}</h2>
          <Problems message={state.message} errors={state.errors} t={t} />
          <form method="post" action={`/ui/notices/${callId}/objections`} novalidate aria-labelledby="object">
            <div class="field">
              <label for="f-declarationId">{t('对哪个项目提出异议', 'Which project')}</label>
              <select id="f-declarationId" name="declarationId">
                {shown.items.map((i) => (
                  <option value={i.declarationId} selected={v('declarationId') === i.declarationId}>
                    {i.title}
                  </option>
                ))}
              </select>
            </div>
            <Field
              name="realName"
              label={t('真实姓名', 'Real name')}
              required
              maxLength={50}
              value={v('realName')}
              error={state.errors?.realName}
            />
            <Field
              name="reason"
              label={t('异议理由', 'Reason')}
              required
              multiline
              maxLength={2000}
              value={v('reason')}
              error={state.errors?.reason}
            />
            <Field
              name="evidence"
              label={t('证据说明', 'Evidence')}
              multiline
              maxLength={5000}
              value={v('evidence')}
              error={state.errors?.evidence}
            />
            <button type="submit">{t('提交异议', 'File the objection')}</button>
          </form>
        </>
      )}
    </>,
    state.status,
  );
}

noticePages.post('/:callId/objections', async (c) => {
  const actor = actorOf(c);
  const callId = c.req.param('callId');
  const form = await c.req.parseBody();
  const parsed = objectionInput.safeParse({
    declarationId: given(form, 'declarationId'),
    realName: given(form, 'realName'),
    reason: given(form, 'reason'),
    ...(given(form, 'evidence') ? { evidence: given(form, 'evidence') } : {}),
  });
  if (!parsed.success)
    return noticePage(c, actor, callId, { values: form, errors: schemaErrors(c.get('lang'), parsed.error), status: 422 });
  const filed = await attempt(c.get('lang'), () => fileObjection(actor, callId, parsed.data));
  if (!filed.ok) return noticePage(c, actor, callId, { values: form, errors: filed.errors, message: filed.message, status: 422 });
  return backTo(c, `/ui/notices/${callId}?done=filed`);
});
