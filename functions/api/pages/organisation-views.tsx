/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { Actor } from '../../../core/identity';
import { historyActionLabel, organisationLevelLabels, organisationTypeLabels } from '../../../core/labels';
import { createOrganisationInput, updateOrganisationInput } from '../../../core/organisation-schemas';
import { organisationLevels } from '../../../core/organisations';
import { namesOf } from '../../services/directory';
import {
  createOrganisation,
  listOrganisations,
  organisationHistory,
  organisationView,
  setOrganisationStatus,
  updateOrganisation,
} from '../../services/organisations';
import { actorOf, attempt, backTo, type PageEnv, validThenWritten } from './context';
import { actorNameOf } from './declaration';
import { Notice, Problems, render, Table, when } from './layout';
import {
  bodyOf,
  duplicateAtName,
  editable,
  labelsOf,
  levelOptions,
  OrganisationFields,
  parentOptions,
  pathOf,
  Select,
  type State,
  Tree,
  type Values,
  valuesOf,
  versionOf,
} from './organisation-forms';

/** The organisation pages' handlers, loaded with the first organisation page (office-organisations.tsx). */
export const showTree = (c: Context<PageEnv>) => treePage(c, actorOf(c), {});

async function treePage(c: Context<PageEnv>, actor: Actor, state: State) {
  const t = c.get('t');
  const lang = c.get('lang');
  const q = c.req.query('q')?.trim().slice(0, 50) || undefined;
  const all = await listOrganisations(actor, {});
  const found = q ? await listOrganisations(actor, { q }) : [];
  const values = state.values ?? {};
  const levels = actor.role === 'city-admin' ? organisationLevels : (['street', 'point'] as const);
  return render(
    c,
    t('单位名录', 'Organisations'),
    <>
      <form method="get" action="/ui/organisations" class="inline">
        <label for="f-q">{t('按名称查找', 'Find by name')}</label> <input id="f-q" name="q" type="search" value={q ?? ''} maxlength={50} />{' '}
        <button type="submit">{t('查找', 'Find')}</button>
      </form>
      {q && (
        <>
          <h2 id="found">{t(`“${q}”的查找结果（${found.length} 个）`, `Results for “${q}” (${found.length})`)}</h2>
          <Table headers={[t('单位名称', 'Name'), t('层级', 'Level'), t('上级', 'Under'), t('状态', 'Status')]}>
            {found.map((o) => (
              <tr>
                <td>
                  <a href={`/ui/organisations/${o.organisationId}`}>{o.name}</a>
                </td>
                <td>{organisationLevelLabels[o.level][lang]}</td>
                <td>{pathOf(o, all)}</td>
                <td>{o.status === 'retired' ? t('已撤销', 'Retired') : t('正常', 'Active')}</td>
              </tr>
            ))}
          </Table>
        </>
      )}
      <h2 id="tree">{t('单位树', 'The tree')}</h2>
      <Tree all={all} lang={lang} t={t} />
      <h2 id="new">{t('新建单位', 'New organisation')}</h2>
      <Problems message={state.message} errors={state.errors} t={t} labels={labelsOf(t)} />
      <form method="post" action="/ui/organisations">
        <OrganisationFields
          values={values}
          errors={state.errors}
          t={t}
          lang={lang}
          levels={levelOptions(lang, levels)}
          parents={parentOptions(all, lang)}
        />
        <button type="submit">{t('新建', 'Create')}</button>
      </form>
    </>,
    state.status,
  );
}

export async function create(c: Context<PageEnv>) {
  const actor = actorOf(c);
  const values = await valuesOf(c, ['level', 'parentId', ...editable]);
  const done = await validThenWritten(
    c.get('lang'),
    createOrganisationInput.safeParse(bodyOf(values)),
    duplicateAtName((input) => createOrganisation(actor, input)),
  );
  if (!done.ok) return treePage(c, actor, { values, errors: done.errors, message: done.message, status: 422 });
  return backTo(c, `/ui/organisations/${done.value.organisationId}?done=created`);
}

export const showOrganisation = (c: Context<PageEnv>) => organisationPage(c, actorOf(c), c.req.param('id')!, {});

async function organisationPage(c: Context<PageEnv>, actor: Actor, id: string, state: State & { form?: 'edit' | 'move' | 'status' }) {
  const t = c.get('t');
  const lang = c.get('lang');
  const o = await organisationView(actor, id);
  const [all, history] = await Promise.all([listOrganisations(actor, {}), organisationHistory(actor, id)]);
  const names = await namesOf([`district:${o.districtId}`, ...(o.parentId ? [`org:${o.parentId}`] : []), ...history.map((e) => e.actor)]);
  const shown: Values = {
    name: o.name,
    shortName: o.shortName,
    type: o.type,
    creditCode: o.creditCode,
    'contact.name': o.contact?.name,
    'contact.phone': o.contact?.phone,
    'contact.email': o.contact?.email,
    ...(state.form === 'edit' ? state.values : {}),
  };
  const errorsOf = (form: 'edit' | 'move' | 'status') => (state.form === form ? state.errors : undefined);
  const done = c.req.query('done');
  const doneSaid: Record<string, [string, string]> = {
    created: ['单位已新建。', 'The organisation has been created.'],
    saved: ['已保存。', 'Saved.'],
    moved: ['已调整上级单位。', 'Moved.'],
    retired: ['单位已撤销（记录保留）。', 'Retired (its record is kept).'],
    active: ['单位已恢复。', 'Brought back.'],
  };
  const children = all.filter((x) => x.parentId === o.organisationId);
  return render(
    c,
    o.name,
    <>
      {done && doneSaid[done] && <Notice>{t(...doneSaid[done]!)}</Notice>}
      <p>
        <a href="/ui/organisations">{t('返回单位名录', 'Back to the organisations')}</a>
      </p>
      <dl class="facts">
        <dt>{t('层级', 'Level')}</dt>
        <dd>{organisationLevelLabels[o.level][lang]}</dd>
        <dt>{t('类型', 'Type')}</dt>
        <dd>{organisationTypeLabels[o.type][lang]}</dd>
        <dt>{t('简称', 'Short name')}</dt>
        <dd>{o.shortName ?? '—'}</dd>
        <dt>{t('上级单位', 'Parent')}</dt>
        <dd>{o.parentId ? names(`org:${o.parentId}`, lang) : '—'}</dd>
        <dt>{t('所属区', 'District')}</dt>
        <dd>{o.level === 'city' ? '—' : names(`district:${o.districtId}`, lang)}</dd>
        <dt>{t('统一社会信用代码', 'Credit code')}</dt>
        <dd>{o.creditCode ?? '—'}</dd>
        <dt>{t('联系人', 'Contact')}</dt>
        <dd>{[o.contact?.name, o.contact?.phone, o.contact?.email].filter(Boolean).join(' · ') || '—'}</dd>
        <dt>{t('状态', 'Status')}</dt>
        <dd>{o.status === 'retired' ? t('已撤销', 'Retired') : t('正常', 'Active')}</dd>
      </dl>
      {children.length > 0 && (
        <>
          <h2>{t('下级单位', 'Below it')}</h2>
          <Tree all={children} lang={lang} t={t} />
        </>
      )}
      {o.manageable && (
        <>
          <h2 id="edit">{t('修改单位信息', 'Edit')}</h2>
          <Problems message={state.form === 'edit' ? state.message : undefined} errors={errorsOf('edit')} t={t} labels={labelsOf(t)} />
          <form method="post" action={`/ui/organisations/${o.organisationId}`}>
            <OrganisationFields values={shown} errors={errorsOf('edit')} t={t} lang={lang} />
            <input type="hidden" name="version" value={String(o.version)} />
            <button type="submit">{t('保存', 'Save')}</button>
          </form>
          {o.level !== 'city' && (
            <>
              <h2 id="move">{t('调整上级单位', 'Move')}</h2>
              <Problems message={state.form === 'move' ? state.message : undefined} errors={errorsOf('move')} t={t} labels={labelsOf(t)} />
              <form method="post" action={`/ui/organisations/${o.organisationId}/move`}>
                <Select
                  name="parentId"
                  label={t('新的上级单位', 'New parent')}
                  options={parentOptions(all, lang, o.level, o.organisationId)}
                  value={state.form === 'move' ? state.values?.parentId : o.parentId}
                  error={errorsOf('move')?.parentId}
                />
                <input type="hidden" name="version" value={String(o.version)} />
                <button type="submit">{t('调整', 'Move')}</button>
              </form>
            </>
          )}
          <h2 id="status">{o.status === 'active' ? t('撤销单位', 'Retire') : t('恢复单位', 'Bring back')}</h2>
          <Problems message={state.form === 'status' ? state.message : undefined} errors={errorsOf('status')} t={t} />
          <form method="post" action={`/ui/organisations/${o.organisationId}/status`}>
            <p class="hint">
              {t(
                '撤销后单位不再出现在可选的上级单位中，历史记录和申报仍指向它。',
                'A retired organisation is no longer offered as a parent; history and declarations keep pointing at it.',
              )}
            </p>
            <input type="hidden" name="version" value={String(o.version)} />
            <button type="submit" name="status" value={o.status === 'active' ? 'retired' : 'active'} class="secondary">
              {o.status === 'active' ? t('撤销', 'Retire') : t('恢复', 'Bring back')}
            </button>
          </form>
        </>
      )}
      <h2>{t('修改记录', 'Changes')}</h2>
      <Table headers={[t('时间', 'When'), t('操作人', 'By'), t('事项', 'What'), t('内容', 'Details')]}>
        {history.map((e) => (
          <tr>
            <td>{when(e.at, lang)}</td>
            <td>{actorNameOf(e, names, lang)}</td>
            <td>{historyActionLabel(e.action)[lang]}</td>
            <td>{e.reason ?? ''}</td>
          </tr>
        ))}
      </Table>
    </>,
    state.status,
  );
}

export async function edit(c: Context<PageEnv>) {
  const actor = actorOf(c);
  const id = c.req.param('id')!;
  await organisationView(actor, id);
  const values = await valuesOf(c, [...editable, 'version']);
  const done = await validThenWritten(
    c.get('lang'),
    updateOrganisationInput.safeParse(bodyOf(values)),
    duplicateAtName((input) => updateOrganisation(actor, id, input, versionOf(values))),
  );
  if (!done.ok) return organisationPage(c, actor, id, { form: 'edit', values, errors: done.errors, message: done.message, status: 422 });
  return backTo(c, `/ui/organisations/${id}?done=saved`);
}

export async function move(c: Context<PageEnv>) {
  const actor = actorOf(c);
  const id = c.req.param('id')!;
  await organisationView(actor, id);
  const values = await valuesOf(c, ['parentId', 'version']);
  const input = values.parentId ? { parentId: values.parentId } : {};
  const done = await validThenWritten(c.get('lang'), updateOrganisationInput.safeParse(input), (patch) =>
    updateOrganisation(actor, id, patch, versionOf(values)),
  );
  if (!done.ok) {
    const errors = values.parentId ? done.errors : { parentId: c.get('t')('请选择新的上级单位', 'choose the new parent') };
    return organisationPage(c, actor, id, { form: 'move', values, errors, message: done.message, status: 422 });
  }
  return backTo(c, `/ui/organisations/${id}?done=moved`);
}

export async function changeStatus(c: Context<PageEnv>) {
  const actor = actorOf(c);
  const id = c.req.param('id')!;
  const values = await valuesOf(c, ['status', 'version']);
  await organisationView(actor, id);
  const status = values.status === 'retired' ? 'retired' : values.status === 'active' ? 'active' : undefined;
  if (!status) {
    const message = c.get('t')('请选择撤销或恢复', 'choose retire or bring back');
    return organisationPage(c, actor, id, { form: 'status', errors: {}, message, status: 422 });
  }
  const done = await attempt(c.get('lang'), () => setOrganisationStatus(actor, id, status, versionOf(values)));
  if (!done.ok) return organisationPage(c, actor, id, { form: 'status', errors: done.errors, message: done.message, status: 409 });
  return backTo(c, `/ui/organisations/${id}?done=${status}`);
}
