/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { Actor } from '../../../core/identity';
import { incubationRecordInput, incubationResponseInput, incubationTypeLabels, incubationTypes } from '../../../core/incubation';
import { listPeople } from '../../services/accounts';
import { incubationOf, recordIncubation, respondToIncubation } from '../../services/incubation';
import { provinceRecommendations } from '../../services/province-dossier';
import { dossierDownload } from '../dossier-download';
import { actorOf, given, type FormState, type PageEnv, posted, type T } from './context';
import { area } from './errors';
import { Field, Outcomes, Problems, render, Table } from './layout';

type Incubation = Awaited<ReturnType<typeof incubationOf>>;

/** The project page's 培育 section: the records and responses, and where to add them. */
export function IncubationSection({ incubation, actor, id, t }: { incubation: Incubation; actor: Actor; id: string; t: T }) {
  if (!incubation.incubated) return null;
  return (
    <section aria-labelledby="incubation">
      <h2 id="incubation">{t('培育记录（指导与培训）', 'Incubation (guidance and training)')}</h2>
      <Records incubation={incubation} t={t} />
      {incubation.open && (actor.role === 'city-admin' || actor.role === 'applicant') && (
        <p>
          <a href={`/ui/projects/${id}/incubation`}>
            {actor.role === 'city-admin' ? t('记录指导或培训', 'Record guidance or training') : t('填写整改落实情况', 'Respond')}
          </a>
        </p>
      )}
    </section>
  );
}

function Records({ incubation, t }: { incubation: Incubation; t: T }) {
  if (!incubation.items.length) return <p>{t('尚无培育记录。', 'No incubation records yet.')}</p>;
  return (
    <Table
      headers={[
        t('类型', 'Type'),
        t('日期', 'Date'),
        t('主题', 'Topic'),
        t('参加人员', 'Attendees'),
        t('记要', 'Notes'),
        t('整改/落实情况', 'Response'),
      ]}
    >
      {incubation.items.map((r) => (
        <tr id={`record-${r.recordId}`}>
          <td>{r.typeZh}</td>
          <td>{r.date}</td>
          <td>{r.topic}</td>
          <td>{r.attendeeNames.join('、')}</td>
          <td>{r.notes ?? '—'}</td>
          <td>{r.response ? `${r.response}（${r.respondedByName ?? ''}）` : t('待回复', 'Awaiting response')}</td>
        </tr>
      ))}
    </Table>
  );
}

/** Project incubation pages: the office records, the applicant responds; mounted under /ui/projects. */
export const incubationPages = area();

incubationPages.get('/:id/incubation', (c) => incubationPage(c, actorOf(c, 'city-admin', 'applicant'), c.req.param('id')));

async function incubationPage(c: Context<PageEnv>, actor: Actor, id: string, state: FormState = {}) {
  const t = c.get('t');
  const incubation = await incubationOf(actor, id);
  const value = (name: string) => (typeof state.values?.[name] === 'string' ? (state.values[name] as string) : undefined);
  const chosen = new Set([state.values?.attendees ?? []].flat() as string[]);
  const people =
    actor.role === 'city-admin'
      ? [
          ...(await listPeople(actor, { role: 'city-admin', status: 'active' })),
          ...(await listPeople(actor, { role: 'expert', status: 'active' })),
        ]
      : [];
  const errors = state.errors ?? {};
  return render(
    c,
    t('培育记录', 'Incubation'),
    <>
      <p>
        <a href={`/ui/projects/${id}`}>{t('返回项目', 'Back to the project')}</a>
      </p>
      <Problems message={state.message} errors={errors} t={t} labels={{ date: t('日期', 'Date'), attendees: t('参加人员', 'Attendees') }} />
      <Records incubation={incubation} t={t} />
      {incubation.open && actor.role === 'city-admin' && (
        <form method="post" action={`/ui/projects/${id}/incubation`} novalidate aria-labelledby="record">
          <h2 id="record">{t('记录指导或培训', 'Record guidance or training')}</h2>
          <Outcomes
            name="type"
            legend={t('类型', 'Type')}
            options={incubationTypes.map((k) => [k, incubationTypeLabels[k].zh])}
            value={value('type')}
            error={errors.type}
          />
          <Field
            name="date"
            type="date"
            required
            label={t('日期（建设期内）', 'Date (within construction)')}
            value={value('date')}
            error={errors.date}
          />
          <Field name="topic" required maxLength={200} label={t('主题', 'Topic')} value={value('topic')} error={errors.topic} />
          <fieldset id="f-attendees">
            <legend>{t('参加人员（人员名录）', 'Attendees (from the directory)')}</legend>
            {Object.entries(errors)
              .filter(([k]) => k.startsWith('attendees'))
              .map(([, m]) => (
                <p class="error" data-field="attendees">
                  {m}
                </p>
              ))}
            {people.map((p) => (
              <div class="choice">
                <input
                  type="checkbox"
                  id={`f-attendee-${p.username}`}
                  name="attendees"
                  value={p.username}
                  checked={chosen.has(p.username)}
                />
                <label for={`f-attendee-${p.username}`}>{p.displayName ?? p.username}</label>
              </div>
            ))}
          </fieldset>
          <Field name="notes" multiline maxLength={5000} label={t('记要', 'Notes')} value={value('notes')} error={errors.notes} />
          <div class="actions">
            <button type="submit">{t('保存记录', 'Save the record')}</button>
          </div>
        </form>
      )}
      {incubation.open &&
        actor.role === 'applicant' &&
        incubation.items
          .filter((r) => !r.response)
          .map((r) => (
            <form method="post" action={`/ui/projects/${id}/incubation/${r.recordId}/response`} novalidate>
              <h2>{`${r.typeZh} ${r.date}「${r.topic}」`}</h2>
              <Field name="response" multiline required maxLength={5000} label={t('整改/落实情况', 'Response')} error={errors.response} />
              <div class="actions">
                <button type="submit">{t('提交', 'Submit')}</button>
              </div>
            </form>
          ))}
    </>,
    state.status,
  );
}

incubationPages.post('/:id/incubation', async (c) => {
  const actor = actorOf(c, 'city-admin');
  const id = c.req.param('id');
  const form = await c.req.parseBody({ all: true });
  const attendees = [form.attendees ?? []].flat().filter((a): a is string => typeof a === 'string');
  const parsed = incubationRecordInput.safeParse({
    type: given(form, 'type'),
    date: given(form, 'date'),
    topic: given(form, 'topic'),
    attendees,
    ...(given(form, 'notes') ? { notes: given(form, 'notes') } : {}),
  });
  return posted(c, parsed, (input) => recordIncubation(actor, id, input), {
    refused: (state) => incubationPage(c, actor, id, { values: form, ...state }),
    next: () => `/ui/projects/${id}#incubation`,
  });
});

incubationPages.post('/:id/incubation/:recordId/response', async (c) => {
  const actor = actorOf(c, 'applicant');
  const id = c.req.param('id');
  const form = await c.req.parseBody();
  const parsed = incubationResponseInput.safeParse({ response: given(form, 'response') });
  return posted(c, parsed, (input) => respondToIncubation(actor, id, c.req.param('recordId'), input.response), {
    refused: (state) => incubationPage(c, actor, id, { values: form, ...state }),
    next: () => `/ui/projects/${id}#incubation`,
  });
});

/** The office's province recommendation list for a year, with the dossier's download; mounted under /ui/office. */
export const provincePages = area();

const yearOf = (c: Context<PageEnv>) => {
  const year = Number(c.req.query('year'));
  return Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : undefined;
};

provincePages.get('/province-recommendations', async (c) => {
  const t = c.get('t');
  const list = await provinceRecommendations(actorOf(c, 'city-admin'), { year: yearOf(c) });
  return render(
    c,
    t(`${list.year} 年省级推荐名单`, `Province recommendations ${list.year}`),
    <>
      <form method="get" action="/ui/office/province-recommendations">
        <Field name="year" type="number" min={2000} max={2100} label={t('年度', 'Year')} value={list.year} />
        <div class="actions">
          <button type="submit">{t('查看', 'Show')}</button>
        </div>
      </form>
      {list.items.length ? (
        <>
          <Table
            headers={[
              t('申报单位', 'Organisation'),
              t('所属区', 'District'),
              t('项目名称', 'Project'),
              t('验收得分', 'Acceptance score'),
              t('验收结论', 'Result'),
              t('培育记录数', 'Incubation records'),
            ]}
          >
            {list.items.map((i) => (
              <tr>
                <td>{i.organisationName}</td>
                <td>{i.districtName}</td>
                <td>
                  <a href={`/ui/projects/${i.declarationId}`}>{i.title}</a>
                </td>
                <td>{i.acceptanceScore ?? '—'}</td>
                <td>{i.acceptanceResultZh}</td>
                <td>{i.incubationCount}</td>
              </tr>
            ))}
          </Table>
          <p>
            <a class="button" href={`/ui/office/province-recommendations/dossier?year=${list.year}`} download>
              {t('下载省级申报材料包（Excel 与申报材料）', 'Download the province dossier (workbook and materials)')}
            </a>
          </p>
        </>
      ) : (
        <p>{t('本年度尚无推荐省级的项目。', 'No project recommended to the province this year.')}</p>
      )}
    </>,
  );
});

provincePages.get('/province-recommendations/dossier', (c) => dossierDownload(c, actorOf(c, 'city-admin'), { year: yearOf(c) }));
