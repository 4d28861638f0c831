/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { conflictReason, type PoolExpert } from '../../../core/assignment';
import { whyNotExtendable } from '../../../core/extensions';
import { coded } from '../../../core/problem-codes';
import type { Actor } from '../../../core/identity';
import { kindPresets, projectKinds, type ProjectKind } from '../../../core/kinds';
import { assignExpertsInput, createCallInput, extensionInput, objectionHandlingInput, shortlistInput } from '../../../core/schemas';
import { stages } from '../../../core/stages';
import {
  callFieldLabel,
  callStatusLabels,
  deadlineLabels,
  outcomeLabels,
  stageLabel,
  stageLabels,
  taskKindLabels,
} from '../../../core/labels';
import { clock } from '../../adapters/clock';
import { declarationHistory, declarationView } from '../../services/declarations';
import { namesOf } from '../../services/directory';
import { createCall, getCall, listCalls } from '../../services/calls';
import { callDashboard } from '../../services/dashboard';
import { assignExperts, proposal } from '../../services/experts';
import { callWorkbook } from '../../services/export';
import { extendTask, taskView } from '../../services/extensions';
import { confirmShortlist, declarationsOfCall, handleObjection, objectionsOf, ranking } from '../../services/selection';
import type { DevHooks } from '../routes/dev';
import { actorOf, attempt, backTo, fieldErrors, schemaErrors, given, type PageEnv } from './context';
import { declarantKeys, declarantName, DeclarationFacts, History, historyNameKeys, StageTag, Timeline } from './declaration';
import { callSettingsPages, ScoringChoice } from './call-settings';
import { CalendarGap, calendarPages } from './calendar';
import { area } from './errors';
import { ExpertChoice, Field, FieldGroup, Notice, Problems, render, Table, when } from './layout';
import { say } from './messages';

type State = { values?: Record<string, unknown>; errors?: Record<string, string>; message?: string; status?: ContentfulStatusCode };

/** `2026-11-25T09:00` typed in China is 01:00 UTC. */
export const chinaInput = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16);
export const fromChinaInput = (value: string | undefined) =>
  value && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00+08:00` : value;
const hours = (ms: number) => Math.round((ms / 3600_000) * 10) / 10;

/** The city office: calls, their dashboards, expert assignment, ranking and shortlist, objections, export. */
export function officePages(dev: DevHooks | undefined) {
  const office = area();
  office.use('*', async (c, next) => {
    actorOf(c, 'city-admin');
    await next();
  });
  office.route('/', callSettingsPages());
  office.route('/', calendarPages());

  office.get('/', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const calls = await listCalls({ limit: 100 });
    return render(
      c,
      t('申报通知管理', 'Calls'),
      <>
        <p>
          <a class="button" href="/ui/office/calls/new">
            {t('新建申报通知', 'New call')}
          </a>{' '}
          <a class="button secondary" href="/ui/office/calendar">
            {t('节假日安排', 'Holiday schedule')}
          </a>
        </p>
        <Table headers={[t('申报通知', 'Call'), t('项目类别', 'Kind'), t('状态', 'Status'), t('受理时间', 'Window')]}>
          {calls.items.map((call) => (
            <tr>
              <td>
                <a href={`/ui/office/calls/${call.callId}`}>{call.title}</a>
              </td>
              <td>{lang === 'en' ? kindPresets[call.kind].nameEn : kindPresets[call.kind].nameZh}</td>
              <td>{callStatusLabels[call.status][lang]}</td>
              <td>
                {when(call.opensAt, lang)} – {when(call.closesAt, lang)}
              </td>
            </tr>
          ))}
        </Table>
        {dev && (
          <>
            <h2>{t('本地时钟（仅本地运行）', 'Local clock (local runtime only)')}</h2>
            <form method="post" action="/ui/office/clock">
              <Field
                name="now"
                type="datetime-local"
                label={t('把时钟拨到（北京时间）', 'Move the clock to (China time)')}
                value={chinaInput(dev.now().toISOString())}
                required
              />
              <button type="submit" class="secondary">
                {t('拨动时钟', 'Move the clock')}
              </button>
            </form>
          </>
        )}
      </>,
    );
  });

  if (dev) {
    office.post('/clock', async (c) => {
      const form = await c.req.parseBody();
      const to = Date.parse(fromChinaInput(given(form, 'now')) ?? '');
      if (Number.isFinite(to)) await dev.moveClock(new Date(to));
      return backTo(c, '/ui/office');
    });
  }

  office.get('/calls/new', (c) => newCallPage(c));
  const newCallRequired = [
    'title',
    'year',
    'batch',
    'opensAt',
    'closesAt',
    'quota',
    'defaultDistrictCap',
    'expertsPerDeclaration',
    'scoring',
  ] as const;

  async function newCallPage(c: Context<PageEnv>, state: State = {}) {
    const t = c.get('t');
    const lang = c.get('lang');
    const asked = (given(state.values ?? {}, 'kind') ?? c.req.query('kind')) as ProjectKind | undefined;
    const kind: ProjectKind = asked && projectKinds.includes(asked) ? asked : 'elder-empowerment';
    const preset = kindPresets[kind];
    const now = clock().now();
    const v = (name: string, fallback: string | number) =>
      typeof state.values?.[name] === 'string' ? (state.values[name] as string) : fallback;
    const errors = state.errors ?? {};
    const label = (x: { labelZh: string; labelEn: string }) => (lang === 'en' ? x.labelEn : x.labelZh);
    return render(
      c,
      t('新建申报通知', 'New call'),
      <>
        <form method="get" action="/ui/office/calls/new" class="actions">
          <label for="preset-kind">{t('按项目类别预设', 'Start from the preset of')}</label>
          <select id="preset-kind" name="kind">
            {projectKinds.map((k) => (
              <option value={k} selected={k === kind}>
                {lang === 'en' ? kindPresets[k].nameEn : kindPresets[k].nameZh}
              </option>
            ))}
          </select>
          <button type="submit" class="secondary">
            {t('载入预设', 'Load the preset')}
          </button>
        </form>
        <Problems
          message={state.message}
          errors={errors}
          t={t}
          labels={Object.fromEntries(Object.keys(errors).map((name) => [name, callFieldLabel(name, lang)]))}
        />
        <form method="post" action="/ui/office/calls" novalidate>
          <input type="hidden" name="kind" value={kind} />
          <Field
            name="title"
            label={t('通知标题', 'Title')}
            required
            maxLength={200}
            value={v('title', `${now.getUTCFullYear()}年度${preset.nameZh}申报`)}
            error={errors.title}
          />
          <Field name="year" type="number" label={t('年度', 'Year')} required value={v('year', now.getUTCFullYear())} error={errors.year} />
          <Field
            name="batch"
            type="number"
            min={1}
            max={20}
            label={t('批次', 'Batch')}
            required
            value={v('batch', 1)}
            error={errors.batch}
          />
          <Field
            name="opensAt"
            type="datetime-local"
            label={t('开始受理（北京时间）', 'Opens (China time)')}
            required
            value={v('opensAt', chinaInput(now.toISOString()))}
            error={errors.opensAt}
          />
          <Field
            name="closesAt"
            type="datetime-local"
            label={t('截止受理（北京时间）', 'Closes (China time)')}
            required
            value={v('closesAt', chinaInput(new Date(now.getTime() + 30 * 86400_000).toISOString()))}
            error={errors.closesAt}
          />
          <Field
            name="quota"
            type="number"
            min={1}
            label={t('立项名额', 'Quota')}
            required
            value={v('quota', preset.quota)}
            error={errors.quota}
          />
          <Field
            name="defaultDistrictCap"
            type="number"
            min={0}
            label={t('每区推荐上限', 'Recommendations per district')}
            required
            value={v('defaultDistrictCap', preset.defaultDistrictCap)}
            error={errors.defaultDistrictCap}
          />
          <Field
            name="expertsPerDeclaration"
            type="number"
            min={1}
            max={15}
            label={t('每项评审专家人数', 'Experts per declaration')}
            required
            value={v('expertsPerDeclaration', preset.expertsPerDeclaration)}
            error={errors.expertsPerDeclaration}
          />
          <ScoringChoice value={v('scoring', preset.scoring) as string} error={errors.scoring} t={t} />
          <h2>{t('预设内容', 'What the preset sets')}</h2>
          <h3>{t('评分标准', 'Rubric')}</h3>
          <ul>
            {preset.rubric.map((r) => (
              <li>
                {label(r)}（{t('满分', 'max')} {r.maxScore}）
              </li>
            ))}
          </ul>
          <h3>{t('申报材料', 'Materials')}</h3>
          <ul>
            {preset.materials.map((m) => (
              <li>
                {label(m)}
                {m.required ? '' : t('（选交）', ' (optional)')}
              </li>
            ))}
          </ul>
          <h3>{t('各环节时限（工作日）', 'Stage deadlines (working days)')}</h3>
          <ul>
            {Object.entries(preset.deadlines).map(([k, d]) => (
              <li>
                {deadlineLabels[k as keyof typeof deadlineLabels][lang]}：{d}
              </li>
            ))}
          </ul>
          <div class="actions">
            <button type="submit">{t('发布申报通知', 'Create the call')}</button>
          </div>
        </form>
      </>,
      state.status,
    );
  }

  office.post('/calls', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const form = await c.req.parseBody();
    // Every input of this form is required: an empty one (what a browser sends for letters in a
    // number input too) is refused at its field, never replaced by the preset's value.
    const missing = newCallRequired.filter((name) => given(form, name) === undefined);
    const num = (name: string) => (given(form, name) === undefined ? undefined : Number(given(form, name)));
    const parsed = createCallInput.safeParse({
      kind: given(form, 'kind'),
      title: given(form, 'title'),
      year: num('year'),
      batch: num('batch'),
      opensAt: fromChinaInput(given(form, 'opensAt')),
      closesAt: fromChinaInput(given(form, 'closesAt')),
      quota: num('quota'),
      defaultDistrictCap: num('defaultDistrictCap'),
      expertsPerDeclaration: num('expertsPerDeclaration'),
      scoring: given(form, 'scoring'),
    });
    if (!parsed.success || missing.length) {
      const required = fieldErrors(
        c.get('lang'),
        missing.map((name) => ({ field: name, message: 'required', ...coded('required') })),
      );
      return newCallPage(c, {
        values: form,
        errors: { ...(parsed.success ? {} : schemaErrors(c.get('lang'), parsed.error)), ...required },
        status: 422,
      });
    }
    const created = await attempt(c.get('lang'), () => createCall(actor, parsed.data));
    if (!created.ok) return newCallPage(c, { values: form, errors: created.errors, message: created.message, status: 422 });
    return backTo(c, `/ui/office/calls/${created.value.callId}?done=created`);
  });

  office.get('/calls/:callId', async (c) => {
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
          <a class="button secondary" href={`/ui/office/calls/${callId}/settings`}>
            {Date.parse(call.opensAt) > clock().now().getTime()
              ? t('调整申报通知设置', 'Adjust the settings')
              : t('查看申报通知设置', 'See the settings')}
          </a>
          <a class="button" href={`/ui/office/calls/${callId}/ranking`}>
            {t('排名与择优', 'Ranking and shortlist')}
          </a>
          <a class="button secondary" href={`/ui/notices/${callId}`}>
            {t('公示', 'Public notice')}
          </a>
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
        <div class="table-wrap">
          <table aria-labelledby="medians" id="median-times">
            <thead>
              <tr>
                <th scope="col">{t('阶段', 'Stage')}</th>
                <th scope="col">{t('中位用时（小时）', 'Median (hours)')}</th>
                <th scope="col">{t('已完成件数', 'Declarations that left it')}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(board.medians).map(([s, m]) => (
                <tr>
                  <td>{stageLabel(s)?.[lang] ?? s}</td>
                  <td>{hours(m!.medianMs)}</td>
                  <td>{m!.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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

  office.get('/declarations/:id', (c) => declarationPage(c, actorOf(c, 'city-admin'), c.req.param('id')));

  async function declarationPage(c: Context<PageEnv>, actor: Actor, id: string, state: State & { taskId?: string } = {}) {
    const t = c.get('t');
    const lang = c.get('lang');
    const declaration = await declarationView(actor, id);
    const [call, history] = await Promise.all([getCall(declaration.callId), declarationHistory(actor, id)]);
    const human = declaration.openTasks.filter((task) => !task.assignee.startsWith('workflow:'));
    const names = await namesOf([...declarantKeys(declaration), ...historyNameKeys(history), ...human.map((task) => task.assignee)]);
    const now = clock().now().toISOString();
    return render(
      c,
      declaration.title,
      <>
        <p>
          {t('当前阶段', 'Stage')}：<StageTag stage={declaration.stage} lang={lang} />
          {declaration.stage === 'expert_assignment' && (
            <>
              {' '}
              · <a href={`/ui/office/declarations/${id}/experts`}>{t('分配评审专家', 'Assign experts')}</a>
            </>
          )}
        </p>
        <Timeline declaration={declaration} history={history} openTasks={declaration.openTasks} call={call} t={t} lang={lang} />
        {human.length > 0 && (
          <>
            <h2>{t('办理时限与延期', 'Due dates and extensions')}</h2>
            {human.map((task) => {
              const head = (
                <p>
                  <strong>{taskKindLabels[task.kind][lang]}</strong>（{names(task.assignee, lang)}）· {t('截止', 'due')}{' '}
                  <span class={task.dueAt < now ? 'overdue' : undefined}>{when(task.dueAt, lang)}</span>
                  <CalendarGap years={task.uncoveredYears} t={t} />
                </p>
              );
              // Offer only what the API grants: a deadline the workflow enforces is explained, not offered.
              const fixed = whyNotExtendable(task.kind);
              if (fixed) {
                return (
                  <div class="card" data-task={task.taskId}>
                    {head}
                    <p class="hint">{say(lang, `this task's due date cannot be extended: ${fixed}`, coded('not-extendable'))}</p>
                  </div>
                );
              }
              return (
                <form method="post" action={`/ui/office/tasks/${task.taskId}/extension`} class="card">
                  {head}
                  {state.taskId === task.taskId && <Problems message={state.message} errors={state.errors} t={t} />}
                  <Field
                    name={`dueAt-${task.taskId}`}
                    type="date"
                    label={t('延期至（北京时间当日结束）', 'Extend to (end of that day, China time)')}
                    required
                    error={state.errors?.[`dueAt-${task.taskId}`]}
                  />
                  <Field
                    name={`reason-${task.taskId}`}
                    label={t('延期理由', 'Reason')}
                    required
                    maxLength={500}
                    error={state.errors?.[`reason-${task.taskId}`]}
                  />
                  <button type="submit" class="secondary">
                    {t('延期', 'Extend')}
                  </button>
                </form>
              );
            })}
          </>
        )}
        <DeclarationFacts declaration={declaration} call={call} names={names} t={t} lang={lang} />
        <h2>{t('办理记录', 'History')}</h2>
        <History history={history} names={names} t={t} lang={lang} />
      </>,
      state.status,
    );
  }

  office.post('/tasks/:taskId/extension', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const taskId = c.req.param('taskId');
    const form = await c.req.parseBody();
    const task = await taskView(actor, taskId);
    const parsed = extensionInput.safeParse({ dueAt: given(form, `dueAt-${taskId}`), reason: given(form, `reason-${taskId}`) });
    const extended = parsed.success
      ? await attempt(c.get('lang'), () => extendTask(actor, taskId, parsed.data))
      : { ok: false as const, errors: schemaErrors(c.get('lang'), parsed.error), message: '' };
    const isCall = task.declarationId === task.callId;
    if (extended.ok) return backTo(c, isCall ? `/ui/office/calls/${task.callId}` : `/ui/office/declarations/${task.declarationId}`);
    if (isCall) return backTo(c, `/ui/office/calls/${task.callId}`);
    // The form names its inputs per task, so each error is shown at its own task's form.
    const errors = Object.fromEntries(Object.entries(extended.errors).map(([field, message]) => [`${field}-${taskId}`, message]));
    return declarationPage(c, actor, task.declarationId, { taskId, errors, message: extended.message, status: 422 });
  });

  office.get('/declarations/:id/experts', (c) => expertsPage(c, actorOf(c, 'city-admin'), c.req.param('id')));

  async function expertsPage(c: Context<PageEnv>, actor: Actor, id: string, state: State & { chosen?: string[] } = {}) {
    const t = c.get('t');
    const declaration = await declarationView(actor, id);
    const offer = await proposal(actor, id);
    const pool = offer.pool as (PoolExpert & { openTasks: number })[];
    const names = await namesOf([...declarantKeys(declaration), ...pool.map((e) => `district:${e.districtId}`)]);
    return render(
      c,
      `${t('分配评审专家', 'Assign experts')}：${declaration.title}`,
      <>
        <p>
          {t('申报单位', 'Applicant')}：{declarantName(declaration, names, c.get('lang'))}· {t('需要专家', 'Experts wanted')} {offer.wanted}{' '}
          {t('人', '')}
        </p>
        <Problems message={state.message} errors={state.errors} t={t} labels={{ experts: t('评审专家', 'Experts') }} />
        <form method="post" action={`/ui/office/declarations/${id}/experts`}>
          <FieldGroup
            name="experts"
            legend={t('专家资源库（回避者不可选）', 'Expert pool (those with a conflict cannot be chosen)')}
            error={state.errors?.experts}
          >
            {pool.map((e) => {
              const reason = conflictReason(e, declaration);
              const conflict = reason && say(c.get('lang'), reason.message, reason.coded);
              // After a refusal the boxes show what was posted (none ticked stays none), not the proposal again.
              const checked = state.chosen ? state.chosen.includes(e.username) : offer.proposed.includes(e.username);
              return (
                <ExpertChoice
                  expert={{ ...e, districtId: names(`district:${e.districtId}`, c.get('lang')) }}
                  openTasks={e.openTasks}
                  conflict={conflict}
                  checked={checked}
                  t={t}
                />
              );
            })}
          </FieldGroup>
          <button type="submit">{t('确认分配', 'Assign')}</button>
        </form>
      </>,
      state.status,
    );
  }

  office.post('/declarations/:id/experts', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const id = c.req.param('id');
    const form = await c.req.parseBody({ all: true });
    const chosen = ([] as unknown[]).concat(form.experts ?? []).filter((e): e is string => typeof e === 'string');
    // The form always sends the office's choice: none ticked is refused at the field, never the proposal in its place.
    const parsed = assignExpertsInput.safeParse({ experts: chosen });
    if (!parsed.success) return expertsPage(c, actor, id, { chosen, errors: schemaErrors(c.get('lang'), parsed.error), status: 422 });
    const assigned = await attempt(c.get('lang'), () => assignExperts(actor, id, parsed.data.experts));
    if (!assigned.ok) return expertsPage(c, actor, id, { chosen, errors: assigned.errors, message: assigned.message, status: 422 });
    return backTo(c, `/ui/office/declarations/${id}`);
  });

  office.get('/calls/:callId/ranking', (c) => rankingPage(c, actorOf(c, 'city-admin'), c.req.param('callId')));

  async function rankingPage(c: Context<PageEnv>, actor: Actor, callId: string, state: State = {}) {
    const t = c.get('t');
    const lang = c.get('lang');
    const [call, ranked] = await Promise.all([getCall(callId), ranking(actor, callId)]);
    const rubric = (call.config as { rubric: { key: string; labelZh: string; labelEn: string }[] }).rubric;
    const open = call.status === 'reviewing';
    return render(
      c,
      `${t('排名与择优', 'Ranking and shortlist')}：${call.title}`,
      <>
        <p>
          {t('立项名额', 'Quota')}：{ranked.quota}。
          {open
            ? t(
                '受理已截止，请勾选拟立项名单并确认，确认后即发布公示。',
                'The window has closed: tick the shortlist and confirm; the notice is then published.',
              )
            : t('申报受理截止后才能确定名单。', 'The shortlist is confirmed after the window closes.')}
        </p>
        <Problems message={state.message} errors={state.errors} t={t} />
        <form method="post" action={`/ui/office/calls/${callId}/shortlist`}>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('入选', 'Shortlist')}</th>
                  <th scope="col">{t('名次', 'Rank')}</th>
                  <th scope="col">{t('项目名称', 'Title')}</th>
                  <th scope="col">{t('综合得分', 'Combined')}</th>
                  {rubric.map((r) => (
                    <th scope="col">{lang === 'en' ? r.labelEn : r.labelZh}</th>
                  ))}
                  <th scope="col">{t('说明', 'Note')}</th>
                </tr>
              </thead>
              <tbody>
                {ranked.items.map((r) => (
                  <tr>
                    <td>
                      <input
                        type="checkbox"
                        name="declarationIds"
                        value={r.declarationId}
                        id={`pick-${r.declarationId}`}
                        checked={ranked.shortlist.includes(r.declarationId) || (r.withinQuota && r.stage === 'scored')}
                        disabled={r.stage !== 'scored' || !open}
                        aria-label={`${t('入选', 'Shortlist')}：${r.title}`}
                      />
                    </td>
                    <td>{r.rank}</td>
                    <td>
                      <label for={`pick-${r.declarationId}`}>{r.title}</label> <StageTag stage={r.stage} lang={lang} />
                    </td>
                    <td>{r.combined ?? '—'}</td>
                    {rubric.map((c) => (
                      <td>{r.criterionMeans[c.key] ?? '—'}</td>
                    ))}
                    <td>{r.tieBreak ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {open && <button type="submit">{t('确认名单并发布公示', 'Confirm and publish the notice')}</button>}
        </form>
      </>,
      state.status,
    );
  }

  office.post('/calls/:callId/shortlist', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const callId = c.req.param('callId');
    const form = await c.req.parseBody({ all: true });
    const parsed = shortlistInput.safeParse({ declarationIds: ([] as unknown[]).concat(form.declarationIds ?? []) });
    if (!parsed.success) return rankingPage(c, actor, callId, { errors: schemaErrors(c.get('lang'), parsed.error), status: 422 });
    const confirmed = await attempt(c.get('lang'), () => confirmShortlist(actor, callId, parsed.data.declarationIds));
    if (!confirmed.ok) return rankingPage(c, actor, callId, { errors: confirmed.errors, message: confirmed.message, status: 422 });
    return backTo(c, `/ui/office/calls/${callId}?done=shortlisted`);
  });

  office.get('/calls/:callId/objections', (c) => objectionsPage(c, actorOf(c, 'city-admin'), c.req.param('callId')));

  async function objectionsPage(c: Context<PageEnv>, actor: Actor, callId: string, state: State & { objectionId?: string } = {}) {
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

  office.post('/objections/:objectionId', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const objectionId = c.req.param('objectionId');
    const callId = c.req.query('call') ?? '';
    const form = await c.req.parseBody();
    const parsed = objectionHandlingInput.safeParse({ outcome: given(form, 'outcome'), note: given(form, 'note') });
    if (!parsed.success)
      return objectionsPage(c, actor, callId, { objectionId, errors: schemaErrors(c.get('lang'), parsed.error), status: 422 });
    const handled = await attempt(c.get('lang'), () => handleObjection(actor, objectionId, parsed.data));
    if (!handled.ok)
      return objectionsPage(c, actor, callId, { objectionId, errors: handled.errors, message: handled.message, status: 422 });
    return backTo(c, `/ui/office/calls/${handled.value.callId}/objections`);
  });

  office.get('/calls/:callId/export.xlsx', async (c) => {
    const { fileName, bytes } = await callWorkbook(actorOf(c, 'city-admin'), c.req.param('callId'));
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${fileName}"`,
    });
  });

  return office;
}
