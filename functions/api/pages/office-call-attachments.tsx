/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { addCallAttachment, attachmentsOf, callAttachmentFile, callAttachmentForm } from '../../services/call-attachments';
import { getCall } from '../../services/calls';
import { keptFileResponse } from '../material-download';
import { actorOf, attempt, backTo, type FormState, type PageEnv } from './context';
import { area } from './errors';
import { Notice, Problems, render, Table, when } from './layout';
import { UploadFileForm } from './upload-form';

/**
 * The office attaches files to a call (申报通知附件, issue 22.4): one upload form for files the public
 * may download with the guidelines (/ui/public/calls), one for the office's own. The presigned
 * form carries no other field, so whether a file is public rides on the address the store sends
 * the browser back to.
 */
export function officeCallAttachmentPages() {
  const pages = area();

  pages.get('/calls/:callId/attachments', (c) => attachmentsPage(c, c.req.param('callId')));

  async function attachmentsPage(c: Context<PageEnv>, callId: string, state: FormState = {}) {
    const actor = actorOf(c, 'city-admin');
    const t = c.get('t');
    const lang = c.get('lang');
    const call = await getCall(callId);
    const back = (shown: boolean) => new URL(`/ui/office/calls/${callId}/attachments/uploaded?public=${shown ? 1 : 0}`, c.req.url).href;
    const [publicForm, internalForm] = await Promise.all([
      callAttachmentForm(actor, callId, back(true)),
      callAttachmentForm(actor, callId, back(false)),
    ]);
    const files = attachmentsOf(call);
    return render(
      c,
      `${t('申报通知附件', 'Call attachments')}：${call.title}`,
      <>
        <p>
          <a href={`/ui/office/calls/${callId}`}>{t('返回申报通知', 'Back to the call')}</a>
        </p>
        {c.req.query('done') === 'uploaded' && <Notice>{t('附件已上传。', 'Attached.')}</Notice>}
        <Problems message={state.message} errors={state.errors} t={t} />
        {files.length === 0 ? (
          <p>{t('尚无附件。', 'No attachments yet.')}</p>
        ) : (
          <Table headers={[t('文件', 'File'), t('公开', 'Public'), t('上传时间', 'Uploaded')]}>
            {files.map((f) => (
              <tr>
                <td>
                  <a href={`/ui/office/calls/${callId}/attachments/${f.attachmentId}`}>{f.fileName}</a>（{Math.ceil(f.sizeBytes / 1024)}{' '}
                  KB）
                </td>
                <td>{f.public ? t('公开（公众可下载）', 'Public') : t('不公开', 'Internal')}</td>
                <td>{when(f.uploadedAt, lang)}</td>
              </tr>
            ))}
          </Table>
        )}
        <UploadFileForm
          form={publicForm}
          inputId="f-attachment-public"
          label={t('公开附件（随申报指南公布）', 'Public attachment (published with the guidelines)')}
          required={false}
          error={state.errors?.uploadKey}
          t={t}
        />
        <UploadFileForm
          form={internalForm}
          inputId="f-attachment-internal"
          label={t('内部附件（不公开）', 'Internal attachment (not published)')}
          required={false}
          t={t}
        />
      </>,
      state.status,
    );
  }

  pages.get('/calls/:callId/attachments/uploaded', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const callId = c.req.param('callId');
    const done = await attempt(c.get('lang'), () =>
      addCallAttachment(actor, callId, c.req.query('key') ?? '', c.req.query('public') === '1'),
    );
    if (!done.ok) return attachmentsPage(c, callId, { errors: done.errors, message: done.message, status: 422 });
    return backTo(c, `/ui/office/calls/${callId}/attachments?done=uploaded`);
  });

  pages.get('/calls/:callId/attachments/:attachmentId', async (c) => {
    actorOf(c, 'city-admin');
    return keptFileResponse(c, await callAttachmentFile(c.req.param('callId'), c.req.param('attachmentId'), false));
  });

  return pages;
}
