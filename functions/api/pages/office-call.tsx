/** @jsxImportSource hono/jsx */
import { hasCallOpened } from '../../../core/calls';
import { stages } from '../../../core/stages';
import { callStatusLabels, stageLabel, stageLabels, taskKindLabels } from '../../../core/labels';
import { clock } from '../../adapters/clock';
import { namesOf } from '../../services/directory';
import { callDashboard } from '../../services/dashboard';
import { callWorkbook } from '../../services/export';
import { declarationsOfCall } from '../../services/selection';
import { actorOf } from './context';
import { declarantKeys, declarantName, StageTag } from './declaration';
import { CalendarGap } from './calendar';
import { area } from './errors';
import { Notice, render, Table, when } from './layout';
import { resultNoticeId } from '../../../core/result-notices';

const hours = (ms: number) => Math.round((ms / 3600_000) * 10) / 10;

/** One call's dashboard and its scores as a workbook. */
export function officeCallPages() {
  const pages = area();

  pages.get('/calls/:callId', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const t = c.get('t');
    const lang = c.get('lang');
    const callId = c.req.param('callId');
    const board = await callDashboard(actor, callId);
    const { call } = board;
    const items = await declarationsOfCall(callId);
    const names = await namesOf([...items.flatMap(declarantKeys), ...board.overdue.map((task) => task.assignee)]);
    const max = Math.max(1, ...Object.values(board.counts));
    const shown = stages.filter(
      (s) =>
        board.counts[s] > 0 ||
        ['draft', 'district_review', 'formal_review', 'expert_review', 'scored', 'in_notice', 'approved'].includes(s),
    );
    const done = c.req.query('done');
    return render(
      c,
      call.title,
      <>
        {done === 'created' && <Notice>{t('申报通知已创建。', 'The call has been created.')}</Notice>}
        {done === 'shortlisted' && (
          <Notice>{t('公示名单已确定，公示随即发布。', 'Shortlist confirmed; the public notice is being published.')}</Notice>
        )}
        {(board.uncovered.length > 0 || call.noticeUncoveredYears?.length) && (
          <div class="banner warning" role="alert" id="calendar-gaps">
            <p>
              <strong>
                {t(
                  '以下截止日期按未录入节假日安排的年份计算，可能落在法定节假日内，请核对：',
                  'These due dates were counted through a year whose holiday schedule is not entered and may fall on a public holiday; please check:',
                )}
              </strong>
            </p>
            <ul>
              {call.noticeUncoveredYears?.length ? (
                <li>
                  {t('公示截止', 'Notice ends')} {when(call.noticeEndsAt, lang)}
                  <CalendarGap years={call.noticeUncoveredYears} t={t} />
                </li>
              ) : null}
              {board.uncovered.map((task) => (
                <li data-task={task.taskId}>
                  {taskKindLabels[task.kind][lang]}：
                  {task.declarationId === task.callId ? (
                    task.title
                  ) : (
                    <a href={`/ui/office/declarations/${task.declarationId}`}>{task.title}</a>
                  )}{' '}
                  · {t('截止', 'due')} {when(task.dueAt, lang)}
                  <CalendarGap years={task.uncoveredYears} t={t} />
                </li>
              ))}
            </ul>
          </div>
        )}
        <dl class="facts">
          <dt>{t('状态', 'Status')}</dt>
          <dd>{callStatusLabels[call.status][lang]}</dd>
          <dt>{t('受理时间', 'Window')}</dt>
          <dd>
            {when(call.opensAt, lang)} – {when(call.closesAt, lang)}
          </dd>
          <dt>{t('立项名额', 'Quota')}</dt>
          <dd>{call.quota}</dd>
          {call.noticeEndsAt && (
            <>
              <dt>{t('公示截止', 'Notice ends')}</dt>
              <dd>
                {when(call.noticeEndsAt, lang)}
                <CalendarGap years={call.noticeUncoveredYears} t={t} />
              </dd>
            </>
          )}
        </dl>
        <div class="actions">
          <a class="button secondary" href={`/ui/office/calls/${callId}/attachments`}>
            {t('申报通知附件', 'Attachments')}
          </a>{' '}
          <a class="button secondary" href={`/ui/office/calls/${callId}/settings`}>
            {hasCallOpened(call, clock().now()) ? t('查看申报通知设置', 'See the settings') : t('调整申报通知设置', 'Adjust the settings')}
          </a>
          <a class="button" href={`/ui/office/calls/${callId}/ranking`}>
            {t('排名与择优', 'Ranking and shortlist')}
          </a>
          <a class="button secondary" href={`/ui/notices/${callId}`}>
            {t('公示', 'Public notice')}
          </a>
          {call.status === 'established' && (
            <a class="button secondary" href={`/ui/result-notices/${callId}/${resultNoticeId('call_result', callId)}`}>
              {t('立项结果公告', 'Result announcement')}
            </a>
          )}
          <a class="button secondary" href={`/ui/office/calls/${callId}/objections`}>
            {t('公示异议', 'Objections')}
          </a>
          <a class="button secondary" href={`/ui/office/calls/${callId}/export.xlsx`} download>
            {t('导出评分（Excel）', 'Export scores (Excel)')}
          </a>
        </div>
        <h2 id="by-stage">{t('各阶段申报数量', 'Declarations per stage')}</h2>
        <p>
          {t('共', 'Total')} {board.total} {t('项', '')}
        </p>
        {/* biome-ignore-start lint/a11y: a CSS-grid bar chart; <table> cannot lay its cells out as bars, so the roles give it table semantics */}
        <div class="bars" role="table" aria-labelledby="by-stage">
          {shown.map((s) => (
            <div role="row" style="display:contents">
              <span class="label" role="rowheader">
                {stageLabels[s][lang]}
              </span>
              <span class="bar-track" role="cell" aria-hidden="true">
                <span class="bar" style={`display:block;width:${(board.counts[s] / max) * 100}%`} />
              </span>
              <span role="cell" data-stage={s}>
                {board.counts[s]}
              </span>
            </div>
          ))}
        </div>
        {/* biome-ignore-end lint/a11y: the bar chart ends here */}
        <h2>{t('逾期任务', 'Overdue tasks')}</h2>
        {board.overdue.length === 0 ? (
          <p>{t('没有逾期任务。', 'No overdue tasks.')}</p>
        ) : (
          <Table headers={[t('事项', 'Task'), t('申报项目', 'Declaration'), t('办理方', 'Assignee'), t('截止时间', 'Due')]}>
            {board.overdue.map((task) => (
              <tr>
                <td>{taskKindLabels[task.kind][lang]}</td>
                <td>
                  {task.declarationId === task.callId ? (
                    task.title
                  ) : (
                    <a href={`/ui/office/declarations/${task.declarationId}`}>{task.title}</a>
                  )}
                </td>
                <td>{names(task.assignee, lang)}</td>
                <td class="overdue">{when(task.dueAt, lang)}</td>
              </tr>
            ))}
          </Table>
        )}
        <h2 id="medians">{t('各阶段用时（中位数）', 'Median time per stage')}</h2>
        <Table
          headers={[t('阶段', 'Stage'), t('中位用时（小时）', 'Median (hours)'), t('已完成件数', 'Declarations that left it')]}
          labelledBy="medians"
          id="median-times"
        >
          {Object.entries(board.medians).map(([s, m]) => (
            <tr>
              <td>{stageLabel(s)?.[lang] ?? s}</td>
              <td>{hours(m!.medianMs)}</td>
              <td>{m!.count}</td>
            </tr>
          ))}
        </Table>
        <h2>{t('申报项目', 'Declarations')}</h2>
        <Table headers={[t('项目名称', 'Title'), t('申报单位', 'Applicant'), t('阶段', 'Stage')]}>
          {items.map((d) => (
            <tr>
              <td>
                <a href={`/ui/office/declarations/${d.declarationId}`}>{d.title}</a>
              </td>
              <td>{declarantName(d, names, lang)}</td>
              <td>
                <StageTag stage={d.stage} lang={lang} />
              </td>
            </tr>
          ))}
        </Table>
      </>,
    );
  });

  pages.get('/calls/:callId/export.xlsx', async (c) => {
    const { fileName, bytes } = await callWorkbook(actorOf(c, 'city-admin'), c.req.param('callId'));
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${fileName}"`,
    });
  });

  return pages;
}
