/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { hasCallOpened } from '../../../core/calls';
import type { StageDeadlines } from '../../../core/kinds';
import { updateCallInput } from '../../../core/schemas';
import { clock } from '../../adapters/clock';
import type { CallItem } from '../../adapters/entities';
import { configOf, getCall, updateCall } from '../../services/calls';
import { changedSince, fingerprints } from '../../../core/edits';
import { namesOf, type Names } from '../../services/directory';
import { actorOf, attempt, backTo, given, schemaErrors, seenIn, type FormState, type PageEnv, type T } from './context';
import { area } from './errors';
import { Field, Notice, Problems, render, when } from './layout';
import { chinaInput, fromChinaInput } from '../../../core/china-time';
import { callFieldLabel, callFieldLabels, deadlineLabels } from '../../../core/labels';
import { ScoringChoice, ScoringFields, scoringChanges, scoringLabels } from './call-settings-scoring';

const deadlineKeys = Object.keys(deadlineLabels) as (keyof StageDeadlines)[];
/** A setting as a list of changes names it: its label without the unit in brackets. */
const settingName = (name: string, lang: 'zh' | 'en') => callFieldLabel(name, lang).replace(/（.*）$| \(.*\)$/, '');
/** Everything the settings page shows, for telling what changed since it was shown. */
const settingsOf = (call: CallItem): Record<string, unknown> => ({
  title: call.title,
  opensAt: call.opensAt,
  closesAt: call.closesAt,
  quota: call.quota,
  ...configOf(call),
});
const numberSettings = [
  'defaultDistrictCap',
  'expertsPerDeclaration',
  'noticeWorkingDays',
  'escalationWorkingDays',
  'constructionMonths',
] as const;

/** Every control's label, also naming the fields in the error summary. */
function labelsOf(call: CallItem, names: Names, t: T, lang: 'zh' | 'en'): Record<string, string> {
  const config = configOf(call);
  const name = (x: { labelZh: string; labelEn: string }) => (lang === 'en' ? x.labelEn : x.labelZh);
  return {
    ...Object.fromEntries(Object.keys(callFieldLabels).map((k) => [k, callFieldLabel(k, lang)])),
    defaultDistrictCap: t('每区推荐上限（未单独设置的区）', 'Recommendations per district (where none is set below)'),
    newDistrict: t('新增单独上限的区（区代码）', 'Add a cap for the district (its code)'),
    newDistrictCap: t('该区推荐上限', "That district's cap"),
    ...Object.fromEntries(
      Object.keys(config.districtCaps).map((d) => [`districtCaps.${d}`, `${names(`district:${d}`, lang)} ${t('推荐上限', 'cap')}`]),
    ),
    ...scoringLabels(config, t, lang),
    ...Object.fromEntries(config.materials.map((m, i) => [`materials.${i}.required`, `${t('必交：', 'Required: ')}${name(m)}`])),
  };
}

const sameRecord = (a: Record<string, number>, b: Record<string, number>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/**
 * What the form changes, in the API's shape, and nothing else: the audit event then names
 * exactly the fields the office changed. An emptied number is sent as null for the schema to refuse.
 */
function changesOf(
  call: CallItem,
  form: Record<string, unknown>,
  t: T,
): { patch: Record<string, unknown>; errors: Record<string, string> } {
  const config = configOf(call);
  const num = (name: string) => {
    const v = given(form, name);
    return v === undefined ? null : Number(v);
  };
  const patch: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  if (given(form, 'title') !== call.title) patch.title = given(form, 'title') ?? '';
  for (const name of ['opensAt', 'closesAt'] as const) {
    if ((given(form, name) ?? '') !== chinaInput(call[name])) patch[name] = fromChinaInput(given(form, name)) ?? '';
  }
  if (num('quota') !== call.quota) patch.quota = num('quota');
  for (const name of numberSettings) if (num(name) !== config[name]) patch[name] = num(name);
  if (given(form, 'scoring') !== config.scoring) patch.scoring = given(form, 'scoring') ?? '';

  const deadlines = Object.fromEntries(
    deadlineKeys.filter((k) => num(`deadlines.${k}`) !== config.deadlines[k]).map((k) => [k, num(`deadlines.${k}`)]),
  );
  if (Object.keys(deadlines).length) patch.deadlines = deadlines;

  // The rubric and the materials are lists: a change to one entry sends the whole list, labels as they were.
  Object.assign(patch, scoringChanges(config, form));
  const materials = config.materials.map((m, i) => ({ ...m, required: form[`materials.${i}.required`] !== undefined }));
  if (materials.some((m, i) => m.required !== config.materials[i]!.required)) patch.materials = materials;

  // A district's cap left empty is removed: that district then has the default cap.
  const caps: Record<string, number> = {};
  for (const d of Object.keys(config.districtCaps)) if (given(form, `districtCaps.${d}`) !== undefined) caps[d] = num(`districtCaps.${d}`)!;
  const [newDistrict, newCap] = [given(form, 'newDistrict'), given(form, 'newDistrictCap')];
  if (newDistrict && newCap) caps[newDistrict] = Number(newCap);
  else if (newDistrict) errors.newDistrictCap = t('请填写该区的推荐上限', 'required: the cap of the district named');
  else if (newCap) errors.newDistrict = t('请填写这个上限适用的区', 'required: the district this cap is for');
  if (!sameRecord(caps, config.districtCaps)) patch.districtCaps = caps;
  // What the public pages publish (issue 22.4): the guidelines, and whether the notice shows scores.
  if ((given(form, 'guidelines') ?? '') !== (config.guidelines ?? '')) patch.guidelines = given(form, 'guidelines') ?? '';
  const publishScores = form.publishNoticeScores !== undefined;
  if (publishScores !== (config.publishNoticeScores ?? false)) patch.publishNoticeScores = publishScores;
  return { patch, errors };
}

/** The schema names a new district's cap by its code; the form's row for it has the code and the cap apart. */
function atInputs(errors: Record<string, string>, form: Record<string, unknown>): Record<string, string> {
  const added = given(form, 'newDistrict');
  const codeRefused = added !== undefined && !updateCallInput.safeParse({ districtCaps: { [added]: 0 } }).success;
  const at = (field: string) => (added && field === `districtCaps.${added}` ? (codeRefused ? 'newDistrict' : 'newDistrictCap') : field);
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [at(field), message]));
}

export { ScoringChoice } from './call-settings-scoring';

/** The office adjusts a call until it opens (PATCH /calls/{id} through the same service); afterwards the page only shows it. */
export function callSettingsPages() {
  const pages = area();

  pages.get('/calls/:callId/settings', async (c) => settingsPage(c, await getCall(c.req.param('callId'))));

  async function settingsPage(c: Context<PageEnv>, call: CallItem, state: FormState = {}) {
    actorOf(c, 'city-admin');
    const t = c.get('t');
    const lang = c.get('lang');
    const config = configOf(call);
    const opened = hasCallOpened(call, clock().now());
    const labels = labelsOf(call, await namesOf(Object.keys(configOf(call).districtCaps).map((d) => `district:${d}`)), t, lang);
    const errors = state.errors ?? {};
    const posted = state.values;
    const v = (name: string, current: string | number) => (posted ? ((posted[name] as string | undefined) ?? '') : current);
    const numberField = (name: string, current: number, min: number, max: number, hint?: string) => (
      <Field
        name={name}
        type="number"
        min={min}
        max={max}
        label={labels[name]!}
        required
        value={v(name, current)}
        error={errors[name]}
        hint={hint}
      />
    );
    const saved = c.req.query('saved');
    return render(
      c,
      `${t('申报通知设置', 'Call settings')}：${call.title}`,
      <>
        <p>
          <a href={`/ui/office/calls/${call.callId}`}>{t('返回申报通知', 'Back to the call')}</a>
        </p>
        {saved && (
          <Notice>
            {t('已保存。修改了：', 'Saved. Changed: ')}
            {saved
              .split(',')
              .map((k) => settingName(k, lang))
              .join(t('、', ', '))}
          </Notice>
        )}
        {opened ? (
          <p class="notice" id="settings-closed">
            {t(
              `本申报通知已于 ${when(call.opensAt, lang)} 开始受理。为保证所有申报单位按同一套规则申报，开始受理后设置不能再修改，以下仅供查看。`,
              `This call opened on ${when(call.opensAt, lang)}. So that every applicant declares under the same rules, its settings can no longer change; they are shown for reference.`,
            )}
          </p>
        ) : (
          <p>
            {t(
              '开始受理前可以调整以下设置；只保存改动过的项目，并记入办理记录。',
              'Until the call opens these settings may change; only what you change is saved, and it is recorded in the history.',
            )}
          </p>
        )}
        <Problems message={state.message} errors={errors} t={t} labels={labels} />
        <form method="post" action={`/ui/office/calls/${call.callId}/settings`} novalidate>
          <input type="hidden" name="version" value={String(call.version)} />
          <input type="hidden" name="seen" value={JSON.stringify(fingerprints(settingsOf(call)))} />
          <fieldset disabled={opened}>
            <legend>{t('基本信息', 'The call')}</legend>
            <Field name="title" label={labels.title!} required maxLength={200} value={v('title', call.title)} error={errors.title} />
            <Field
              name="opensAt"
              type="datetime-local"
              label={labels.opensAt!}
              required
              value={v('opensAt', chinaInput(call.opensAt))}
              error={errors.opensAt}
            />
            <Field
              name="closesAt"
              type="datetime-local"
              label={labels.closesAt!}
              required
              value={v('closesAt', chinaInput(call.closesAt))}
              error={errors.closesAt}
            />
          </fieldset>
          <fieldset disabled={opened}>
            <legend>{t('名额与区级推荐上限', 'Quota and district caps')}</legend>
            {numberField('quota', call.quota, 1, 1000)}
            {numberField('defaultDistrictCap', config.defaultDistrictCap, 0, 1000)}
            {Object.entries(config.districtCaps).map(([d, cap]) => (
              <Field
                name={`districtCaps.${d}`}
                type="number"
                min={0}
                max={1000}
                label={labels[`districtCaps.${d}`]!}
                value={v(`districtCaps.${d}`, cap)}
                error={errors[`districtCaps.${d}`]}
                hint={t(
                  '留空则取消该区的单独上限，按每区推荐上限执行。',
                  'Leave empty to remove this cap; the district then has the default.',
                )}
              />
            ))}
            <Field
              name="newDistrict"
              label={labels.newDistrict!}
              maxLength={40}
              value={v('newDistrict', '')}
              error={errors.newDistrict}
              hint={t('如 district-a；与推荐上限一起填写。', 'e.g. district-a; fill in with its cap.')}
            />
            <Field
              name="newDistrictCap"
              type="number"
              min={0}
              max={1000}
              label={labels.newDistrictCap!}
              value={v('newDistrictCap', '')}
              error={errors.newDistrictCap}
            />
          </fieldset>
          <fieldset disabled={opened}>
            <legend>{t('专家评审', 'Expert review')}</legend>
            {numberField('expertsPerDeclaration', config.expertsPerDeclaration, 1, 15)}
            <ScoringChoice value={v('scoring', config.scoring) as string} error={errors.scoring} t={t} />
            <ScoringFields config={config} v={v} errors={errors} labels={labels} t={t} lang={lang} disabled={opened} />
          </fieldset>
          <fieldset disabled={opened}>
            <legend>{t('各环节时限', 'Deadlines')}</legend>
            {deadlineKeys.map((k) => numberField(`deadlines.${k}`, config.deadlines[k], 1, 60))}
            {numberField('noticeWorkingDays', config.noticeWorkingDays, 1, 30)}
            {numberField('escalationWorkingDays', config.escalationWorkingDays, 1, 30)}
            {numberField('constructionMonths', config.constructionMonths, 1, 60)}
          </fieldset>
          <fieldset disabled={opened} id="f-materials">
            <legend>{t('申报材料（勾选为必交，不勾选为选交）', 'Materials (ticked: required; not ticked: optional)')}</legend>
            {config.materials.map((m, i) => (
              <div class="choice">
                <input
                  type="checkbox"
                  id={`f-materials-${i}-required`}
                  name={`materials.${i}.required`}
                  checked={posted ? posted[`materials.${i}.required`] !== undefined : m.required}
                />
                <label for={`f-materials-${i}-required`}>{labels[`materials.${i}.required`]}</label>
              </div>
            ))}
          </fieldset>
          <fieldset disabled={opened} id="f-publication">
            <legend>{t('公开发布', 'Publication')}</legend>
            <Field
              name="guidelines"
              label={labels.guidelines!}
              multiline
              maxLength={20_000}
              value={v('guidelines', config.guidelines ?? '')}
              error={errors.guidelines}
              hint={t('在公开页面“正在受理的申报通知”中显示。', 'Shown on the public page of open calls.')}
            />
            <div class="choice">
              <input
                type="checkbox"
                id="f-publishNoticeScores"
                name="publishNoticeScores"
                checked={posted ? posted.publishNoticeScores !== undefined : (config.publishNoticeScores ?? false)}
              />
              <label for="f-publishNoticeScores">{labels.publishNoticeScores}</label>
            </div>
          </fieldset>
          {!opened && (
            <div class="actions">
              <button type="submit">{t('保存设置', 'Save the settings')}</button>
            </div>
          )}
        </form>
      </>,
      state.status,
    );
  }

  pages.post('/calls/:callId/settings', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const t = c.get('t');
    const call = await getCall(c.req.param('callId'));
    const form = await c.req.parseBody();
    if (hasCallOpened(call, clock().now())) {
      return settingsPage(c, call, {
        message: t(
          '本申报通知已开始受理，设置不能再修改，未保存任何内容。',
          'This call has opened: its settings can no longer change. Nothing was saved.',
        ),
        status: 409,
      });
    }
    // Saving over someone else's newer save would undo it unseen; show them theirs first, naming what changed.
    const stale = (latest: CallItem) => {
      const changed = changedSince(seenIn(form), settingsOf(latest)).map((k) => settingName(k, c.get('lang')));
      const what = changed.length ? t(`（${changed.join('、')}）`, ` (${changed.join(', ')})`) : '';
      return settingsPage(c, latest, {
        message: t(
          `在您编辑期间，这份申报通知的设置已被修改${what}。下面是最新设置，请核对后重新修改保存。`,
          `The settings changed while you were editing${what}. The latest are shown below: check them and make your change again.`,
        ),
        status: 409,
      });
    };
    if (given(form, 'version') !== String(call.version)) return stale(call);
    const { patch, errors } = changesOf(call, form, t);
    if (!Object.keys(patch).length && !Object.keys(errors).length) {
      return settingsPage(c, call, { message: t('没有改动，未保存。', 'Nothing changed; nothing was saved.'), status: 422 });
    }
    const parsed = updateCallInput.safeParse(patch);
    const refused = { ...(parsed.success ? {} : schemaErrors(c.get('lang'), parsed.error)), ...errors };
    if (!parsed.success || Object.keys(errors).length)
      return settingsPage(c, call, { values: form, errors: atInputs(refused, form), status: 422 });
    const saved = await attempt(c.get('lang'), () => updateCall(actor, call.callId, parsed.data, call.version));
    if (!saved.ok && saved.current) return stale(saved.current as CallItem);
    if (!saved.ok) {
      const conflict = !Object.keys(saved.errors).length;
      return settingsPage(c, conflict ? await getCall(call.callId) : call, {
        values: conflict ? undefined : form,
        errors: atInputs(saved.errors, form),
        message: saved.message,
        status: conflict ? 409 : 422,
      });
    }
    return backTo(c, `/ui/office/calls/${call.callId}/settings?saved=${Object.keys(parsed.data).join(',')}`);
  });

  return pages;
}
