/** @jsxImportSource hono/jsx */
import { chinaDate } from '../../../core/china-time';
import { NotFoundError } from '../../../core/errors';
import { rosterQuery } from '../../../core/rosters';
import { callAttachmentFile } from '../../services/call-attachments';
import { listOpenCalls, type PublicCall } from '../../services/public-calls';
import { publicRoster, rosterKinds, type RosterName, rosterNames } from '../../services/public-rosters';
import { keptFileResponse } from '../material-download';
import { filteredList, type T } from './context';
import { area } from './errors';
import { Field, Problems, render, Table, when } from './layout';

/**
 * Public pages without sign-in (issue 22.4): the calls taking declarations with their guidelines
 * and public attachments, and the published rosters. They show what GET /public/calls and
 * /public/rosters answer, nothing more.
 */
export const publicListingPages = area();

const rosterTitles: Record<RosterName, [string, string]> = {
  established: ['立项项目名单', 'Established projects'],
  accepted: ['验收通过项目名单', 'Accepted projects'],
  named: ['命名单位名单', 'Named centres'],
};

function RosterLinks({ t }: { t: T }) {
  return (
    <nav aria-label={t('公开名单', 'Published rosters')}>
      <ul class="inline">
        <li>
          <a href="/ui/public/calls">{t('正在受理的申报通知', 'Open calls')}</a>
        </li>
        {rosterNames.map((r) => (
          <li>
            <a href={`/ui/public/rosters/${r}`}>{t(...rosterTitles[r])}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function CallSection({ call, t, lang }: { call: PublicCall; t: T; lang: 'zh' | 'en' }) {
  return (
    <section class="call" id={`call-${call.callId}`}>
      <h2>{call.title}</h2>
      <p>
        {call.kindName} · {call.year} {t(`第${call.batch}批`, `batch ${call.batch}`)} · {t('受理期', 'Window')} {when(call.opensAt, lang)} —{' '}
        {when(call.closesAt, lang)}
      </p>
      {call.guidelines && (
        <>
          <h3>{t('申报指南', 'Guidelines')}</h3>
          <div class="guidelines">
            {call.guidelines.split('\n').map((line) => (
              <p>{line}</p>
            ))}
          </div>
        </>
      )}
      {call.materials.length > 0 && (
        <>
          <h3>{t('申报材料', 'Materials')}</h3>
          <ul>
            {call.materials.map((m) => (
              <li>
                {m.labelZh}
                {m.required ? t('（必交）', ' (required)') : t('（选交）', ' (optional)')}
              </li>
            ))}
          </ul>
        </>
      )}
      {call.attachments.length > 0 && (
        <>
          <h3>{t('附件下载', 'Attachments')}</h3>
          <ul class="attachments">
            {call.attachments.map((a) => (
              <li>
                <a href={`/ui/public/calls/${call.callId}/attachments/${a.attachmentId}`}>{a.fileName}</a>（{Math.ceil(a.sizeBytes / 1024)}{' '}
                KB）
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

publicListingPages.get('/calls', async (c) => {
  const t = c.get('t');
  const lang = c.get('lang');
  const cursor = c.req.query('cursor') || undefined;
  const { items, cursor: next } = await listOpenCalls({ limit: 20, cursor });
  return render(
    c,
    t('正在受理的申报通知', 'Calls taking declarations'),
    <>
      <RosterLinks t={t} />
      {items.length === 0 && <p>{t('目前没有正在受理的申报通知。', 'No call is taking declarations now.')}</p>}
      {items.map((call) => (
        <CallSection call={call} t={t} lang={lang} />
      ))}
      {next && (
        <p>
          <a href={`/ui/public/calls?cursor=${encodeURIComponent(next)}`}>{t('更多', 'More')}</a>
        </p>
      )}
    </>,
  );
});

publicListingPages.get('/calls/:callId/attachments/:attachmentId', async (c) =>
  keptFileResponse(c, await callAttachmentFile(c.req.param('callId'), c.req.param('attachmentId'), true)),
);

publicListingPages.get('/rosters/:roster', async (c) => {
  const t = c.get('t');
  const roster = rosterNames.find((r) => r === c.req.param('roster'));
  if (!roster) throw new NotFoundError(`no roster ${c.req.param('roster')}`);
  const { given, shown, errors } = await filteredList(c, rosterQuery, (query) => publicRoster(roster, query), { limit: '50' });
  const kinds = await rosterKinds();
  const headers = [
    t('年度', 'Year'),
    t('项目类别', 'Kind'),
    t('项目名称', 'Title'),
    t('单位', 'Organisation'),
    t('所在区', 'District'),
    ...(roster === 'accepted' ? [t('验收等级', 'Grade')] : []),
    ...(roster === 'named' ? [t('称号', 'Title conferred'), t('文号', 'Number'), t('有效期至', 'Valid until'), t('状态', 'Status')] : []),
  ];
  const more = (cursor: string) => `/ui/public/rosters/${roster}?${new URLSearchParams({ ...given, cursor })}`;
  const { cursor: _, ...filters } = given;
  const first = `/ui/public/rosters/${roster}${Object.keys(filters).length ? `?${new URLSearchParams(filters)}` : ''}`;
  return render(
    c,
    t(...rosterTitles[roster]),
    <>
      <RosterLinks t={t} />
      <Problems
        errors={errors}
        t={t}
        labels={{
          year: t('年度', 'Year'),
          kind: t('项目类别', 'Kind'),
          query: t('筛选条件', 'Filter'),
          cursor: t('翻页位置', 'Page position'),
          limit: t('每页条数', 'Page size'),
        }}
      />
      <RosterFilters roster={roster} given={given} errors={errors} kinds={kinds} t={t} />
      {shown && shown.items.length === 0 && <p>{t('暂无。', 'None yet.')}</p>}
      {shown && shown.items.length > 0 && (
        <Table headers={headers} id="roster">
          {shown.items.map((i) => (
            <tr>
              <td>{i.year ?? '—'}</td>
              <td>{i.kindName}</td>
              <td>{i.title}</td>
              <td>{i.organisationName}</td>
              <td>{i.districtName}</td>
              {roster === 'accepted' && <td>{'grade' in i ? (i.grade ?? '—') : '—'}</td>}
              {roster === 'named' && 'number' in i && (
                <>
                  <td>{i.titleName}</td>
                  <td>{i.number}</td>
                  <td>{i.validUntil ? chinaDate(new Date(i.validUntil)) : '—'}</td>
                  <td data-status={i.titleStatus}>{i.titleStatusLabel}</td>
                </>
              )}
            </tr>
          ))}
        </Table>
      )}
      {(shown?.cursor || given.cursor) && (
        <p>
          {shown?.cursor && (
            <a href={more(shown.cursor)} rel="next">
              {t('下一页', 'Next page')}
            </a>
          )}{' '}
          {/* A page past the first, or a cursor that no longer reads: the same filters from the top. */}
          {given.cursor && <a href={first}>{t('从第一页开始', 'Back to the first page')}</a>}
        </p>
      )}
    </>,
    Object.keys(errors).length ? 422 : 200,
  );
});

/** The roster's filters: a year and a kind, each with its problem at the field. */
function RosterFilters(props: {
  roster: RosterName;
  given: Record<string, string>;
  errors: Record<string, string>;
  kinds: { key: string; nameZh: string }[];
  t: T;
}) {
  const { roster, given, errors, kinds, t } = props;
  const problem = (name: string) =>
    errors[name] && (
      <p class="error" id={`f-${name}-error`} data-field={name}>
        {errors[name]}
      </p>
    );
  return (
    <form method="get" action={`/ui/public/rosters/${roster}`} class="filters" aria-label={t('筛选', 'Filter')}>
      <Field name="year" label={t('年度', 'Year')} type="number" min={2000} max={2100} value={given.year} error={errors.year} />
      <div class={`field${errors.kind ? ' invalid' : ''}`}>
        <label for="f-kind">{t('项目类别', 'Kind')}</label>
        <select
          id="f-kind"
          name="kind"
          aria-invalid={errors.kind ? 'true' : undefined}
          aria-describedby={errors.kind ? 'f-kind-error' : undefined}
        >
          <option value="">{t('全部', 'All')}</option>
          {kinds.map((k) => (
            <option value={k.key} selected={given.kind === k.key}>
              {k.nameZh}
            </option>
          ))}
        </select>
        {problem('kind')}
      </div>
      <button type="submit" class="secondary">
        {t('筛选', 'Filter')}
      </button>
    </form>
  );
}
