/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { Actor } from '../../../core/identity';
import { expertInput, expertPatchInput, expertQuery, specialtyInput } from '../../../core/schemas';
import type { SpecialtyItem } from '../../adapters/entities';
import { namesOf } from '../../services/directory';
import { getExpert, listExperts, poolEntries, registerExpert, updateExpert, type PoolEntry } from '../../services/expert-pool';
import { addSpecialty, listSpecialties } from '../../services/specialties';
import { actorOf, backTo, given, schemaErrors, type FormState, type Lang, type PageEnv, type T, validThenWritten } from './context';
import { area } from './errors';
import { Field, FieldGroup, Notice, Problems, render, Table } from './layout';

/** The pool page (专家资源库): the pool with filters, an expert's entry, adding and editing, the specialty list. */
export function expertPoolPages() {
  const pages = area();

  pages.get('/experts', async (c) => poolPage(c, actorOf(c, 'city-admin')));

  async function poolPage(c: Context<PageEnv>, actor: Actor, state: FormState = {}) {
    const t = c.get('t');
    const lang = c.get('lang');
    const query = expertQuery.safeParse(c.req.query());
    const filter = query.success ? query.data : {};
    const filterErrors: Record<string, string> = query.success ? {} : schemaErrors(lang, query.error);
    const [experts, specialties, everyone] = await Promise.all([listExperts(actor, filter), listSpecialties(), poolEntries()]);
    const districts = [...new Set(everyone.map((e) => e.districtId))].sort();
    const names = await namesOf([...experts.map((e) => `org:${e.organisationId}`), ...districts.map((d) => `district:${d}`)]);
    return render(
      c,
      t('专家资源库', 'Expert pool'),
      <>
        {c.req.query('done') && <Notice>{t('已保存。', 'Saved.')}</Notice>}
        <p>
          <a class="button" href="/ui/office/experts/new">
            {t('添加专家', 'Add an expert')}
          </a>
        </p>
        <form method="get" action="/ui/office/experts" class="actions" aria-label={t('筛选', 'Filter')}>
          <label for="q-specialty">{t('专业领域', 'Specialty')}</label>
          <select id="q-specialty" name="specialty">
            <option value="">{t('全部', 'All')}</option>
            {specialties.map((s) => (
              <option value={s.code} selected={filter.specialty === s.code}>
                {specialtyName(s, lang)}
              </option>
            ))}
          </select>
          <label for="q-district">{t('所在区', 'District')}</label>
          <select id="q-district" name="district">
            <option value="">{t('全部', 'All')}</option>
            {districts.map((d) => (
              <option value={d} selected={filter.district === d}>
                {names(`district:${d}`, lang)}
              </option>
            ))}
          </select>
          <label for="q-maxLoad">{t('在办任务不超过', 'Open tasks at most')}</label>
          <input id="q-maxLoad" name="maxLoad" type="number" min={0} value={filter.maxLoad === undefined ? '' : String(filter.maxLoad)} />
          <button type="submit" class="secondary">
            {t('筛选', 'Filter')}
          </button>
          {filterErrors.maxLoad && (
            <p class="error" data-field="maxLoad">
              {filterErrors.maxLoad}
            </p>
          )}
        </form>
        <Table
          headers={[
            t('姓名', 'Name'),
            t('职称', 'Title'),
            t('工作单位', 'Employer'),
            t('所在区', 'District'),
            t('专业领域', 'Specialties'),
            t('在办任务', 'Open tasks'),
            t('状态', 'Status'),
          ]}
        >
          {experts.map((e) => (
            <tr>
              <td>
                <a href={`/ui/office/experts/${e.username}`}>{e.displayName}</a>
              </td>
              <td>{e.title ?? '—'}</td>
              <td>{names(`org:${e.organisationId}`, lang)}</td>
              <td>{names(`district:${e.districtId}`, lang)}</td>
              <td>
                {e.specialties.map((code) => specialtyName(specialties.find((s) => s.code === code) ?? code, lang)).join('、') || '—'}
              </td>
              <td>{e.openTasks}</td>
              <td>{e.active ? t('在库', 'Active') : t('已停用', 'Inactive')}</td>
            </tr>
          ))}
        </Table>
        <h2 id="specialties-heading">{t('专业领域目录', 'Specialty list')}</h2>
        <p>{specialties.map((s) => specialtyName(s, lang)).join('、')}</p>
        <Problems
          message={state.message}
          errors={state.errors}
          t={t}
          labels={{ code: t('代码', 'Code'), nameZh: t('中文名称', 'Chinese name') }}
        />
        <form method="post" action="/ui/office/specialties" novalidate aria-labelledby="specialties-heading">
          <Field
            name="code"
            label={t('代码（英文字母、数字）', 'Code (letters, digits)')}
            value={str(state.values?.code)}
            error={state.errors?.code}
            required
          />
          <Field
            name="nameZh"
            label={t('中文名称', 'Chinese name')}
            value={str(state.values?.nameZh)}
            error={state.errors?.nameZh}
            required
          />
          <button type="submit">{t('添加专业领域', 'Add a specialty')}</button>
        </form>
      </>,
      state.status,
    );
  }

  pages.post('/specialties', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const form = await c.req.parseBody();
    const values = { code: given(form, 'code'), nameZh: given(form, 'nameZh') };
    const done = await validThenWritten(c.get('lang'), specialtyInput.safeParse(values), (input) => addSpecialty(actor, input));
    if (!done.ok) return poolPage(c, actor, { values, errors: done.errors, message: done.message, status: 422 });
    return backTo(c, '/ui/office/experts?done=specialty');
  });

  pages.get('/experts/new', async (c) => entryPage(c, actorOf(c, 'city-admin'), undefined));
  pages.get('/experts/:username', async (c) => {
    const actor = actorOf(c, 'city-admin');
    return entryPage(c, actor, await getExpert(actor, c.req.param('username')));
  });

  async function entryPage(c: Context<PageEnv>, _actor: Actor, expert: PoolEntry | undefined, state: FormState = {}) {
    const t = c.get('t');
    const lang = c.get('lang');
    const specialties = await listSpecialties();
    const v = (name: string) => (state.values ? str(state.values[name]) : undefined);
    const e = state.values ? undefined : expert;
    const errors = state.errors ?? {};
    const chosen = state.values ? ((state.values.specialties as string[] | undefined) ?? []) : (expert?.specialties ?? []);
    const active = state.values ? state.values.active === true : (expert?.active ?? true);
    const names = expert ? await namesOf([`org:${expert.organisationId}`, `district:${expert.districtId}`]) : undefined;
    return render(
      c,
      expert ? `${t('专家', 'Expert')}：${expert.displayName}` : t('添加专家', 'Add an expert'),
      <>
        {c.req.query('done') && <Notice>{t('已保存。', 'Saved.')}</Notice>}
        {expert && names && (
          <p>
            {names(`org:${expert.organisationId}`, lang)}· {names(`district:${expert.districtId}`, lang)}
          </p>
        )}
        <Problems message={state.message} errors={errors} t={t} labels={fieldLabels(t)} />
        <form method="post" action={expert ? `/ui/office/experts/${expert.username}` : '/ui/office/experts'} novalidate>
          {!expert && <Field name="username" label={t('登录账号', 'Username')} value={v('username')} error={errors.username} required />}
          <Field
            name="displayName"
            label={t('姓名', 'Name')}
            value={v('displayName') ?? e?.displayName}
            error={errors.displayName}
            required
          />
          <Field name="title" label={t('职称', 'Title')} value={v('title') ?? e?.title} error={errors.title} />
          <Field
            name="organisationId"
            label={t('工作单位（机构代码）', 'Employer (organisation id)')}
            value={v('organisationId') ?? e?.organisationId}
            error={errors.organisationId}
            required
          />
          <Field
            name="districtId"
            label={t('所在区（区代码）', 'District (id)')}
            value={v('districtId') ?? e?.districtId}
            error={errors.districtId}
            required
          />
          <FieldGroup name="specialties" legend={t('专业领域', 'Specialties')} error={errors.specialties}>
            {specialties.map((s) => (
              <div class="choice">
                <input type="checkbox" id={`f-specialty-${s.code}`} name="specialties" value={s.code} checked={chosen.includes(s.code)} />
                <label for={`f-specialty-${s.code}`}>{specialtyName(s, lang)}</label>
              </div>
            ))}
          </FieldGroup>
          <Field
            name="declaredConflicts"
            label={t('申明回避的单位（机构代码，每行一个）', 'Organisations to avoid (ids, one a line)')}
            value={v('declaredConflictsText') ?? e?.declaredConflicts.join('\n')}
            error={errors.declaredConflicts}
            multiline
          />
          <Field
            name="unavailable"
            label={t('不可参加评审的日期（每行“开始日期 结束日期”，如 2027-03-01 2027-03-05）', 'Unavailable (one window a line: from to)')}
            value={v('unavailableText') ?? e?.unavailable.map((w) => `${w.from} ${w.to}`).join('\n')}
            error={errors.unavailable}
            multiline
          />
          <div class="choice">
            <input type="checkbox" id="f-active" name="active" value="yes" checked={active} />
            <label for="f-active">{t('在库（可被抽取和分配）', 'Active (may be drawn and assigned)')}</label>
          </div>
          <button type="submit">{t('保存', 'Save')}</button>
        </form>
        <p>
          <a href="/ui/office/experts">{t('返回专家资源库', 'Back to the pool')}</a>
        </p>
      </>,
      state.status,
    );
  }

  pages.post('/experts', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const values = formValues(await c.req.parseBody({ all: true }));
    const { declaredConflictsText: _d, unavailableText: _u, ...input } = values;
    const done = await validThenWritten(c.get('lang'), expertInput.safeParse(input), (valid) => registerExpert(actor, valid));
    if (!done.ok) return entryPage(c, actor, undefined, { values, errors: atTheField(done.errors), message: done.message, status: 422 });
    return backTo(c, `/ui/office/experts/${done.value.username}?done=saved`);
  });

  pages.post('/experts/:username', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const expert = await getExpert(actor, c.req.param('username'));
    const values = formValues(await c.req.parseBody({ all: true }));
    const { declaredConflictsText: _d, unavailableText: _u, username: _n, ...patch } = values;
    const done = await validThenWritten(c.get('lang'), expertPatchInput.safeParse(patch), (valid) =>
      updateExpert(actor, expert.username, valid),
    );
    if (!done.ok) return entryPage(c, actor, expert, { values, errors: atTheField(done.errors), message: done.message, status: 422 });
    return backTo(c, `/ui/office/experts/${expert.username}?done=saved`);
  });

  return pages;
}

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

function specialtyName(s: Pick<SpecialtyItem, 'nameZh' | 'nameEn'> | string, lang: Lang): string {
  if (typeof s === 'string') return s;
  return lang === 'en' ? (s.nameEn ?? s.nameZh) : s.nameZh;
}

function fieldLabels(t: T): Record<string, string> {
  return {
    username: t('登录账号', 'Username'),
    displayName: t('姓名', 'Name'),
    title: t('职称', 'Title'),
    organisationId: t('工作单位', 'Employer'),
    districtId: t('所在区', 'District'),
    specialties: t('专业领域', 'Specialties'),
    declaredConflicts: t('申明回避的单位', 'Organisations to avoid'),
    unavailable: t('不可参加评审的日期', 'Unavailable'),
  };
}

/** The form as the API's input: lists from lines and boxes, windows from "from to" lines; the texts kept to draw the form again. */
function formValues(form: Record<string, string | File | (string | File)[]>): Record<string, unknown> {
  const one = (name: string) => given(form as Record<string, unknown>, name);
  const lines = (name: string) =>
    (one(name) ?? '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
  const specialties = ([] as unknown[]).concat(form.specialties ?? []).filter((s): s is string => typeof s === 'string');
  const values: Record<string, unknown> = {
    username: one('username'),
    displayName: one('displayName'),
    title: one('title'),
    organisationId: one('organisationId'),
    districtId: one('districtId'),
    specialties,
    declaredConflicts: lines('declaredConflicts'),
    unavailable: lines('unavailable').map((line) => {
      const [from, to] = line.split(/\s*(?:\s|至|~|～)\s*/);
      return { from, to: to ?? from };
    }),
    active: form.active === 'yes',
    declaredConflictsText: one('declaredConflicts'),
    unavailableText: one('unavailable'),
  };
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}

/** A list entry's problem (`specialties.1`, `unavailable.0.to`) is said at the list's field. */
function atTheField(errors: Record<string, string>): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const key = field.split('.')[0]!;
    merged[key] = merged[key] ? `${merged[key]}；${message}` : message;
  }
  return merged;
}
