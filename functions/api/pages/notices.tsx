/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Actor } from '../../../core/identity';
import { objectionInput } from '../../../core/schemas';
import type { Stage } from '../../../core/stages';
import { namesOf } from '../../services/directory';
import { fileObjection, notice } from '../../services/selection';
import { actorOf, given, type PageEnv, posted, type T } from './context';
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
          <Problems message={state.message} errors={state.errors} t={t} labels={objectionLabels(t)} />
          <ObjectionForm
            action={`/ui/notices/${callId}/objections`}
            items={shown.items}
            values={state.values}
            errors={state.errors}
            t={t}
          />
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
  return posted(c, parsed, (input) => fileObjection(actor, callId, input), {
    refused: (state) => noticePage(c, actor, callId, { values: form, ...state }),
    next: () => `/ui/notices/${callId}?done=filed`,
  });
});

/**
 * The real-name objection form, for people signed in and for the public (pages/public.tsx), who
 * also give the mobile or email their confirmation code goes to.
 */
/** The objection form's fields by name, for its inputs and the summary of what went wrong. */
export const objectionLabels = (t: T) => ({
  declarationId: t('对哪个项目提出异议', 'Which project'),
  realName: t('真实姓名', 'Real name'),
  contact: t('手机号码或电子邮箱（接收验证码）', 'Mobile or email (for the code)'),
  reason: t('异议理由', 'Reason'),
  evidence: t('证据说明', 'Evidence'),
});

export function ObjectionForm(props: {
  action: string;
  items: { declarationId: string; title: string }[];
  values?: Record<string, unknown> | undefined;
  errors?: Record<string, string> | undefined;
  t: T;
  contact?: boolean;
}) {
  const { t, errors, values } = props;
  const v = (name: string) => (typeof values?.[name] === 'string' ? (values[name] as string) : undefined);
  const label = objectionLabels(t);
  return (
    <form method="post" action={props.action} novalidate aria-labelledby="object">
      <div class="field">
        <label for="f-declarationId">{label.declarationId}</label>
        <select id="f-declarationId" name="declarationId">
          {props.items.map((i) => (
            <option value={i.declarationId} selected={v('declarationId') === i.declarationId}>
              {i.title}
            </option>
          ))}
        </select>
      </div>
      <Field name="realName" label={label.realName} required maxLength={50} value={v('realName')} error={errors?.realName} />
      {props.contact && (
        <Field name="contact" label={label.contact} required maxLength={254} value={v('contact')} error={errors?.contact} />
      )}
      <Field name="reason" label={label.reason} required multiline maxLength={2000} value={v('reason')} error={errors?.reason} />
      <Field name="evidence" label={label.evidence} multiline maxLength={5000} value={v('evidence')} error={errors?.evidence} />
      <button type="submit">{props.contact ? t('获取验证码', 'Send me the code') : t('提交异议', 'File the objection')}</button>
    </form>
  );
}
