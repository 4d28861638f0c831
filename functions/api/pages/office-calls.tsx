/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { coded } from '../../../core/problem-codes';
import { createCallInput } from '../../../core/schemas';
import { callFieldLabel, callStatusLabels, deadlineLabels } from '../../../core/labels';
import { clock } from '../../adapters/clock';
import { createCall, listCalls } from '../../services/calls';
import { findKindVersion, listKinds } from '../../services/kinds';
import type { DevHooks } from '../routes/dev';
import { actorOf, attempt, backTo, fieldErrors, schemaErrors, given, type FormState, type PageEnv } from './context';
import { chinaInput, fromChinaInput } from '../../../core/china-time';
import { ScoringChoice } from './call-settings';
import { area } from './errors';
import { Field, Problems, render, Table, when } from './layout';

/** The office's list of calls, the local clock, and a new call. */
export function officeCallsPages(dev: DevHooks | undefined) {
  const pages = area();

  pages.get('/', async (c) => {
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
          </a>{' '}
          <a class="button secondary" href="/ui/organisations">
            {t('单位名录', 'Organisations')}
          </a>{' '}
          <a class="button secondary" href="/ui/office/experts">
            {t('专家资源库', 'Expert pool')}
          </a>{' '}
          <a class="button secondary" href="/ui/office/people">
            {t('人员与账号', 'People and accounts')}
          </a>{' '}
          <a class="button secondary" href="/ui/office/directory/import">
            {t('批量导入', 'Import')}
          </a>{' '}
          <a class="button secondary" href="/ui/office/projects/import">
            {t('导入已立项项目', 'Import established projects')}
          </a>
        </p>
        <Table headers={[t('申报通知', 'Call'), t('项目类别', 'Kind'), t('状态', 'Status'), t('受理时间', 'Window')]}>
          {calls.items.map((call) => (
            <tr>
              <td>
                <a href={`/ui/office/calls/${call.callId}`}>{call.title}</a>
              </td>
              <td>{lang === 'en' ? call.kindNameEn : call.kindNameZh}</td>
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
    pages.post('/clock', async (c) => {
      const form = await c.req.parseBody();
      const to = Date.parse(fromChinaInput(given(form, 'now')) ?? '');
      if (Number.isFinite(to)) await dev.moveClock(new Date(to));
      return backTo(c, '/ui/office');
    });
  }

  pages.get('/calls/new', (c) => newCallPage(c));
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

  async function newCallPage(c: Context<PageEnv>, state: FormState = {}) {
    const t = c.get('t');
    const lang = c.get('lang');
    const kinds = (await listKinds(actorOf(c, 'city-admin'))).filter((k) => k.status === 'active');
    const asked = given(state.values ?? {}, 'kind') ?? c.req.query('kind');
    const chosen = kinds.find((k) => k.key === asked) ?? kinds[0];
    if (!chosen) return render(c, t('新建申报通知', 'New call'), <p>{t('还没有项目类型。', 'There is no kind yet.')}</p>, 409);
    const kind = chosen.key;
    const version = (await findKindVersion(kind, chosen.latestVersion))!;
    const preset = version.definition;
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
            {kinds.map((k) => (
              <option value={k.key} selected={k.key === kind}>
                {lang === 'en' ? k.nameEn : k.nameZh}
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
          <input type="hidden" name="kindVersion" value={String(version.version)} />
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

  pages.post('/calls', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const form = await c.req.parseBody();
    // Every input of this form is required: an empty one (what a browser sends for letters in a
    // number input too) is refused at its field, never replaced by the preset's value.
    const missing = newCallRequired.filter((name) => given(form, name) === undefined);
    const num = (name: string) => (given(form, name) === undefined ? undefined : Number(given(form, name)));
    const parsed = createCallInput.safeParse({
      kind: given(form, 'kind'),
      kindVersion: num('kindVersion'),
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

  return pages;
}
