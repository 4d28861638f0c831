/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { Actor } from '../../../core/identity';
import { createDeclarationInput } from '../../../core/schemas';
import { clock } from '../../adapters/clock';
import { createDraft, listDeclarations } from '../../services/declarations';
import { isOpenForSubmission } from '../../../core/calls';
import { configOf, listCallsFor } from '../../services/calls';
import { projectStandings } from '../../services/projects';
import { actorOf, backTo, given, type PageEnv, validThenWritten } from './context';
import { ProjectTag, StageTag } from './declaration';
import { EligibilityRules } from './eligibility-rules';
import { area } from './errors';
import { Field, Problems, render, Table, when } from './layout';
import { type ApplicantFormState, applicantDeclarationPages } from './applicant-declaration';

/** The applicant's pages: open calls, their declarations, the form, materials, submission. */
export const applicantPages = area();

applicantPages.get('/', (c) => home(c, actorOf(c, 'applicant')));

async function home(c: Context<PageEnv>, actor: Actor, state: ApplicantFormState = {}) {
  const t = c.get('t');
  const lang = c.get('lang');
  const [mine, calls] = await Promise.all([listDeclarations(actor, { limit: 100 }), listCallsFor(actor, { limit: 50 })]);
  const now = clock().now();
  // Established declarations are projects now: the list says where each stands, not 立项.
  const projects = await projectStandings(
    actor,
    mine.items.filter((d) => d.stage === 'approved').map((d) => d.declarationId),
  );
  const open = calls.items.filter((call) => isOpenForSubmission(call, now));
  const inNotice = calls.items.filter((call) => call.status === 'notice');
  return render(
    c,
    t('我的申报', 'My declarations'),
    <>
      <Problems
        message={state.message}
        errors={state.errors}
        t={t}
        labels={Object.fromEntries(open.map((call) => [`title-${call.callId}`, `${t('项目名称', 'Project title')}（${call.title}）`]))}
      />
      <Table headers={[t('项目名称', 'Title'), t('阶段', 'Stage'), t('更新时间', 'Updated')]}>
        {mine.items.length === 0 && (
          <tr>
            <td colspan={3}>{t('还没有申报。', 'No declarations yet.')}</td>
          </tr>
        )}
        {mine.items.map((d) => (
          <tr>
            <td>
              <a href={`/ui/applicant/declarations/${d.declarationId}`}>{d.title}</a>
            </td>
            <td>
              {projects[d.declarationId] ? (
                <ProjectTag project={projects[d.declarationId]!} lang={lang} />
              ) : (
                <StageTag stage={d.stage} lang={lang} />
              )}
            </td>
            <td>{when(d.updatedAt, lang)}</td>
          </tr>
        ))}
      </Table>
      <h2>{t('正在受理的申报通知', 'Open calls')}</h2>
      {open.length === 0 && <p>{t('目前没有正在受理的申报通知。', 'No call is open now.')}</p>}
      <div class="cards">
        {open.map((call) => (
          <section class="card" aria-labelledby={`call-${call.callId}`}>
            <h3 id={`call-${call.callId}`}>{call.title}</h3>
            <p>
              {lang === 'en' ? call.kindNameEn : call.kindNameZh}
              <br />
              {t('申报截止', 'Closes')}：{when(call.closesAt, lang)}
            </p>
            <EligibilityRules callId={call.callId} config={configOf(call)} lang={lang} t={t} />
            <form method="post" action={`/ui/applicant/calls/${call.callId}/declarations`}>
              <Field
                name={`title-${call.callId}`}
                label={t('项目名称', 'Project title')}
                required
                maxLength={200}
                error={state.errors?.[`title-${call.callId}`]}
              />
              <button type="submit">{t('开始申报', 'Start a declaration')}</button>
            </form>
          </section>
        ))}
      </div>
      {inNotice.length > 0 && (
        <>
          <h2>{t('公示中', 'In public notice')}</h2>
          <ul>
            {inNotice.map((call) => (
              <li>
                <a href={`/ui/notices/${call.callId}`}>{call.title}</a>
              </li>
            ))}
          </ul>
        </>
      )}
    </>,
    state.status,
  );
}

applicantPages.post('/calls/:callId/declarations', async (c) => {
  const actor = actorOf(c, 'applicant');
  const callId = c.req.param('callId');
  const form = await c.req.parseBody();
  const input = createDeclarationInput.safeParse({ title: given(form, `title-${callId}`) ?? '' });
  const result = await validThenWritten(c.get('lang'), input, (draft) => createDraft(actor, callId, draft));
  if (result.ok) return backTo(c, `/ui/applicant/declarations/${result.value.declarationId}`);
  const errors = Object.fromEntries(Object.entries(result.errors).map(([k, v]) => [k === 'title' ? `title-${callId}` : k, v]));
  return home(c, actor, { errors, message: result.message, status: 422 });
});

applicantPages.route('/', applicantDeclarationPages);
