/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { confirmationInput, publicObjectionInput } from '../../../core/public-objections';
import { addEvidence, evidenceUploadForm, MAX_EVIDENCE_FILES } from '../../services/objection-evidence';
import { confirmObjection, objectionStatus, requestObjection } from '../../services/public-objections';
import { UploadFileForm } from './upload-form';
import { publicAnnouncement, publicNotice } from '../../services/public-notice';
import { clientAddress } from '../client-address';
import { attempt, backTo, given, type FormState, type PageEnv, posted } from './context';
import { area } from './errors';
import { ObjectionForm, objectionLabels } from './notices';
import { EstablishedList } from './result-notices';
import { Field, Notice, Problems, render, Table, when } from './layout';

/**
 * The pages anyone reads without signing in (issue 22.4): a call's 公示 with the real-name objection
 * form, the code that confirms an objection, its receipt (回执) with the office's answer, and the
 * call's 立项结果公告. They show what GET /public/... answers, and nothing the office did not publish.
 */
export const publicPages = area();

publicPages.get('/notices/:callId', (c) => noticePage(c, c.req.param('callId')));

async function noticePage(c: Context<PageEnv>, callId: string, state: FormState & { values?: Record<string, unknown> } = {}) {
  const t = c.get('t');
  const lang = c.get('lang');
  const shown = await publicNotice(callId);
  return render(
    c,
    `${t('公示', 'Public notice')}：${shown.title}`,
    <>
      <p>
        {shown.running
          ? `${t('公示期至', 'The notice runs until')} ${when(shown.endsAt ?? undefined, lang)}${t('，期间任何单位和个人均可实名提出异议。', '; anyone may object under their real name until then.')}`
          : t('当前不在公示期内。', 'The notice is not running.')}
      </p>
      <Table
        headers={[
          t('项目名称', 'Title'),
          t('申报单位', 'Applicant'),
          t('所在区', 'District'),
          ...(shown.scoresPublished ? [t('评审得分', 'Score')] : []),
        ]}
      >
        {shown.items.map((i) => (
          <tr>
            <td>{i.title}</td>
            <td>{i.organisationName}</td>
            <td>{i.districtName}</td>
            {shown.scoresPublished && <td class="num">{'score' in i && i.score !== null ? String(i.score) : '—'}</td>}
          </tr>
        ))}
      </Table>
      {shown.running && shown.items.length > 0 && (
        <>
          <h2 id="object">{t('提出异议（实名）', 'Object (under your real name)')}</h2>
          <p class="hint">
            {t(
              '提交后，验证码将发送到您填写的手机或邮箱；输入验证码后异议方被受理，并获得回执号用于查询处理结果。',
              'A code goes to the mobile or email you give; enter it to file the objection and get a receipt number to follow its result.',
            )}
          </p>
          <Problems message={state.message} errors={state.errors} t={t} labels={objectionLabels(t)} />
          <ObjectionForm
            action={`/ui/public/notices/${callId}/objections`}
            items={shown.items}
            values={state.values}
            errors={state.errors}
            t={t}
            contact
          />
        </>
      )}
    </>,
    state.status,
  );
}

publicPages.post('/notices/:callId/objections', async (c) => {
  const callId = c.req.param('callId');
  const form = await c.req.parseBody();
  const parsed = publicObjectionInput.safeParse({
    declarationId: given(form, 'declarationId'),
    realName: given(form, 'realName'),
    contact: given(form, 'contact'),
    reason: given(form, 'reason'),
    ...(given(form, 'evidence') ? { evidence: given(form, 'evidence') } : {}),
  });
  return posted(c, parsed, (input) => requestObjection(callId, input, clientAddress(c)), {
    refused: (state) => noticePage(c, callId, { values: form, ...state }),
    next: ({ receipt, sentTo }) => `/ui/public/objections/${receipt}?sent=${encodeURIComponent(sentTo)}`,
  });
});

publicPages.get('/objections/:receipt', (c) => receiptPage(c, c.req.param('receipt')));

async function receiptPage(c: Context<PageEnv>, receipt: string, state: FormState = {}) {
  const t = c.get('t');
  const lang = c.get('lang');
  const status = await objectionStatus(receipt);
  const said = {
    unconfirmed: t('待验证（尚未受理）', 'Awaiting the code (not filed yet)'),
    open: t('已受理，处理中', 'Filed; being handled'),
    upheld: t('异议成立', 'Upheld'),
    dismissed: t('异议不成立', 'Dismissed'),
  }[status.status];
  const sent = c.req.query('sent');
  return render(
    c,
    `${t('异议回执', 'Objection receipt')} ${receipt}`,
    <>
      {sent && status.status === 'unconfirmed' && (
        <Notice>{`${t('验证码已发送至', 'The code was sent to')} ${sent}${t('，15 分钟内有效。', '; it stands for 15 minutes.')}`}</Notice>
      )}
      {c.req.query('done') === 'filed' && (
        <Notice>{t('异议已受理，请保存回执号以便查询处理结果。', 'Filed. Keep the receipt number to follow the result.')}</Notice>
      )}
      <dl class="facts">
        <dt>{t('回执号', 'Receipt')}</dt>
        <dd>{receipt}</dd>
        <dt>{t('项目', 'Project')}</dt>
        <dd>{status.projectTitle}</dd>
        <dt>{t('状态', 'Status')}</dt>
        <dd>{said}</dd>
        {status.filedAt && (
          <>
            <dt>{t('受理时间', 'Filed')}</dt>
            <dd>{when(status.filedAt, lang)}</dd>
          </>
        )}
        {status.result && (
          <>
            <dt>{t('处理结果', 'Result')}</dt>
            <dd>{status.result}</dd>
          </>
        )}
      </dl>
      {status.status === 'unconfirmed' && (
        <>
          <Problems
            message={state.message}
            errors={state.errors}
            t={t}
            labels={{ code: t('验证码', 'Code'), uploadKey: t('证据文件', 'Evidence file') }}
          />
          <h2 id="evidence">{t('证据文件（可选）', 'Evidence files (optional)')}</h2>
          <p class="hint">
            {t(
              `已上传 ${status.evidenceFileCount} 个。输入验证码前可上传最多 ${MAX_EVIDENCE_FILES} 个证据文件（PDF、Word、Excel、图片，每个不超过 20 MB），仅供市终身教育办公室核查，不会公开。`,
              `${status.evidenceFileCount} uploaded. Before entering the code you may upload up to ${MAX_EVIDENCE_FILES} files (PDF, Word, Excel, images, 20 MB each); only the city office reads them, they are never published.`,
            )}
          </p>
          {status.evidenceFileCount < MAX_EVIDENCE_FILES && (
            <UploadFileForm
              form={await evidenceUploadForm(receipt, new URL(`/ui/public/objections/${receipt}/evidence/uploaded`, c.req.url).href)}
              inputId="f-evidenceFile"
              label={t('证据文件', 'Evidence file')}
              required={false}
              error={state.errors?.uploadKey}
              t={t}
            />
          )}
          <h2 id="confirm">{t('输入验证码', 'Enter the code')}</h2>
          <form method="post" action={`/ui/public/objections/${receipt}/confirm`} novalidate aria-label={t('输入验证码', 'Enter the code')}>
            <Field name="code" label={t('验证码（6 位数字）', 'Code (six digits)')} required maxLength={6} error={state.errors?.code} />
            <button type="submit">{t('确认提交异议', 'File the objection')}</button>
          </form>
        </>
      )}
    </>,
    state.status,
  );
}

publicPages.get('/objections/:receipt/evidence/uploaded', async (c) => {
  const receipt = c.req.param('receipt');
  const done = await attempt(c.get('lang'), () => addEvidence(receipt, c.req.query('key') ?? ''));
  if (!done.ok) return receiptPage(c, receipt, { errors: done.errors, message: done.message, status: 422 });
  return backTo(c, `/ui/public/objections/${receipt}#evidence`);
});

publicPages.post('/objections/:receipt/confirm', async (c) => {
  const receipt = c.req.param('receipt');
  const form = await c.req.parseBody();
  return posted(c, confirmationInput.safeParse({ code: given(form, 'code') }), ({ code }) => confirmObjection(receipt, code), {
    refused: (state) => receiptPage(c, receipt, state),
    next: () => `/ui/public/objections/${receipt}?done=filed`,
  });
});

publicPages.get('/calls/:callId/result', async (c) => {
  const t = c.get('t');
  const shown = await publicAnnouncement(c.req.param('callId'));
  return render(
    c,
    `${t('立项结果公告', 'Result announcement')}：${shown.title}`,
    <article class="letter" lang="zh-CN">
      <h2>立项结果公告</h2>
      <p class="number">{shown.number}</p>
      <p>“{shown.title}”经申报、区级推荐、形式审查、专家评审和公示，以下项目予以立项：</p>
      <EstablishedList items={shown.items} />
      <p class="signature">
        {shown.office}
        <br />
        {when(shown.issuedAt, 'zh')}
      </p>
    </article>,
  );
});
