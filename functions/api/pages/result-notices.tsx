/** @jsxImportSource hono/jsx */
import { chinaDate } from '../../../core/china-time';
import { resultNoticeKindLabels, resultNoticeOutcomeLabels } from '../../../core/result-notices';
import type { ResultNoticeItem } from '../../adapters/entities';
import { type NamedResultNotice, namedResultNotice } from '../../services/result-notices';
import { actorOf, type T } from './context';
import { area } from './errors';
import { render, Table } from './layout';

/** 2026年12月4日: how a Chinese letter dates itself (China time). */
const letterDate = (iso: string) => {
  const [y, m, d] = chinaDate(new Date(iso)).split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/**
 * A result notice as a letter the applicant can print and file (A4, the office's name, its number
 * and date): what the API answers for the same notice, in the words of an official letter. The
 * letter itself is in Chinese whatever the page's language: it is the document the office issued.
 */
export const resultNoticePages = area();

resultNoticePages.get('/:callId/:noticeId', async (c) => {
  const t = c.get('t');
  const notice = await namedResultNotice(actorOf(c), c.req.param('callId'), c.req.param('noticeId'));
  const kind = resultNoticeKindLabels[notice.kind];
  return render(
    c,
    `${t(kind.zh, kind.en)} ${notice.number}`,
    <>
      <p class="no-print">{t('可直接打印（A4）；打印时只保留通知正文。', 'Print it as it is (A4); only the letter is printed.')}</p>
      <article class="letter" aria-label={kind.zh} lang="zh-CN">
        <h2>{kind.zh}</h2>
        <p class="number">{notice.number}</p>
        <Letter notice={notice} />
        <p class="signature">
          {notice.office}
          <br />
          {letterDate(notice.issuedAt)}
        </p>
      </article>
    </>,
  );
});

function Letter({ notice }: { notice: NamedResultNotice }) {
  const outcome = resultNoticeOutcomeLabels[notice.outcome].zh;
  switch (notice.kind) {
    case 'establishment':
      return (
        <>
          <p>{notice.organisationName}：</p>
          <p>
            你单位申报的“{notice.title}”项目，经区级推荐、形式审查、专家评审{notice.outcome === 'established' ? '和公示' : ''}，
            <strong>{outcome}</strong>。
          </p>
          {notice.reason && <p>理由：{notice.reason}</p>}
          {notice.outcome === 'established' && <p>请按任务书要求组织实施，按期提交中期报告和验收申请。</p>}
        </>
      );
    case 'acceptance':
      return (
        <>
          <p>{notice.organisationName}：</p>
          <p>
            你单位承担的“{notice.title}”项目已完成考核验收，验收结论为<strong>{outcome}</strong>。
          </p>
          {notice.reason && <p>验收意见：{notice.reason}</p>}
        </>
      );
    case 'call_result':
      return (
        <>
          <p>“{notice.title}”经申报、区级推荐、形式审查、专家评审和公示，以下项目予以立项：</p>
          {notice.established?.length ? <EstablishedList items={notice.established} /> : <p>本批次无立项项目。</p>}
        </>
      );
  }
}

/** On a declaration's or project's page: its notices (resultNoticesOfDeclaration), each a link to the printable letter. */
export function ResultNoticeLinks({ notices, t }: { notices: ResultNoticeItem[]; t: T }) {
  if (!notices.length) return null;
  return (
    <section aria-labelledby="result-notices">
      <h2 id="result-notices">{t('结果通知', 'Result notices')}</h2>
      <ul>
        {notices.map((n) => (
          <li>
            <a href={`/ui/result-notices/${n.callId}/${n.noticeId}`}>
              {t(resultNoticeKindLabels[n.kind].zh, resultNoticeKindLabels[n.kind].en)} {n.number}
            </a>{' '}
            （{t(resultNoticeOutcomeLabels[n.outcome].zh, resultNoticeOutcomeLabels[n.outcome].en)}）
          </li>
        ))}
      </ul>
    </section>
  );
}

/** An announcement's list of what was established, as printed on it. */
export function EstablishedList({ items }: { items: { title: string; organisationName: string; districtName: string }[] }) {
  return (
    <Table headers={['序号', '项目名称', '申报单位', '所在区']}>
      {items.map((e, i) => (
        <tr>
          <td>{i + 1}</td>
          <td>{e.title}</td>
          <td>{e.organisationName}</td>
          <td>{e.districtName}</td>
        </tr>
      ))}
    </Table>
  );
}
