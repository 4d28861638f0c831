/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { Actor } from '../../../core/identity';
import { objectionHandlingInput } from '../../../core/schemas';
import { outcomeLabels } from '../../../core/labels';
import { getCall } from '../../services/calls';
import { declarationsOfCall, handleObjection, objectionsOf } from '../../services/selection';
import { evidenceFile, evidenceFilesOf } from '../../services/objection-evidence';
import { keptFileResponse } from '../material-download';
import { actorOf, given, type FormState, type PageEnv, posted } from './context';
import { area } from './errors';
import { Field, Problems, render, when } from './layout';

/** Objections to a call's public notice and their handling. */
export function officeObjectionsPages() {
  const pages = area();

  pages.get('/calls/:callId/objections', (c) => objectionsPage(c, actorOf(c, 'city-admin'), c.req.param('callId')));

  async function objectionsPage(c: Context<PageEnv>, actor: Actor, callId: string, state: FormState & { objectionId?: string } = {}) {
    const t = c.get('t');
    const lang = c.get('lang');
    const [call, { items }, declarations] = await Promise.all([getCall(callId), objectionsOf(actor, callId), declarationsOfCall(callId)]);
    const titleOf = (declarationId: string) => declarations.find((d) => d.declarationId === declarationId)?.title ?? declarationId;
    return render(
      c,
      `${t('公示异议', 'Objections')}：${call.title}`,
      <>
        {items.length === 0 && <p>{t('没有异议。', 'No objections.')}</p>}
        {items.map((o) => (
          <section class="card" aria-labelledby={`obj-${o.objectionId}`}>
            <h2 id={`obj-${o.objectionId}`}>
              {o.realName}（{when(o.filedAt, lang)}）
            </h2>
            <dl class="facts">
              <dt>{t('申报项目', 'Declaration')}</dt>
              <dd>{titleOf(o.declarationId)}</dd>
              <dt>{t('异议理由', 'Reason')}</dt>
              <dd>{o.reason}</dd>
              <dt>{t('证据', 'Evidence')}</dt>
              <dd>{o.evidence ?? '—'}</dd>
              {evidenceFilesOf(o).length > 0 && (
                <>
                  <dt>{t('证据文件', 'Evidence files')}</dt>
                  <dd>
                    <ul>
                      {evidenceFilesOf(o).map((f) => (
                        <li>
                          <a href={`/ui/office/objections/${o.objectionId}/evidence/${f.fileId}`}>{f.fileName}</a>（
                          {Math.ceil(f.sizeBytes / 1024)} KB）
                        </li>
                      ))}
                    </ul>
                  </dd>
                </>
              )}
              <dt>{t('处理结果', 'Outcome')}</dt>
              <dd>{o.status === 'open' ? t('待处理', 'Open') : `${outcomeLabels[o.status][lang]}：${o.note ?? ''}`}</dd>
            </dl>
            {o.status === 'open' && (
              <form method="post" action={`/ui/office/objections/${o.objectionId}?call=${callId}`}>
                {state.objectionId === o.objectionId && <Problems message={state.message} errors={state.errors} t={t} />}
                <fieldset>
                  <legend>{t('处理意见', 'Handling')}</legend>
                  <div class="choice">
                    <input type="radio" id={`up-${o.objectionId}`} name="outcome" value="upheld" />
                    <label for={`up-${o.objectionId}`}>{t('异议成立（取消该项目）', 'Upheld (removes the declaration)')}</label>
                  </div>
                  <div class="choice">
                    <input type="radio" id={`dis-${o.objectionId}`} name="outcome" value="dismissed" />
                    <label for={`dis-${o.objectionId}`}>{t('异议不成立', 'Dismissed')}</label>
                  </div>
                </fieldset>
                <Field
                  name="note"
                  multiline
                  required
                  maxLength={2000}
                  label={t('处理说明', 'Note')}
                  error={state.objectionId === o.objectionId ? state.errors?.note : undefined}
                />
                <button type="submit">{t('提交处理结果', 'Record the outcome')}</button>
              </form>
            )}
          </section>
        ))}
      </>,
      state.status,
    );
  }

  pages.post('/objections/:objectionId', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const objectionId = c.req.param('objectionId');
    const callId = c.req.query('call') ?? '';
    const form = await c.req.parseBody();
    const parsed = objectionHandlingInput.safeParse({ outcome: given(form, 'outcome'), note: given(form, 'note') });
    return posted(c, parsed, (input) => handleObjection(actor, objectionId, input), {
      refused: (state) => objectionsPage(c, actor, callId, { objectionId, ...state }),
      next: (handled) => `/ui/office/calls/${handled.callId}/objections`,
    });
  });

  pages.get('/objections/:objectionId/evidence/:fileId', async (c) =>
    keptFileResponse(c, await evidenceFile(actorOf(c, 'city-admin'), c.req.param('objectionId'), c.req.param('fileId'))),
  );

  return pages;
}
