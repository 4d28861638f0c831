/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { createPersonInput } from '../../../core/account-schemas';
import type { OrganisationFacts } from '../../../core/accounts';
import { roles, type Actor, type Role } from '../../../core/identity';
import { historyActionLabel, taskKindLabels, type Label } from '../../../core/labels';
import type { TaskKind } from '../../../core/stages';
import { namesOf, type Names } from '../../services/directory';
import { organisationsForAccounts } from '../../services/organisation-facts';
import { actorOf, backTo, given, posted, type FormState, type Lang, type PageEnv, type T } from './context';
import { area } from './errors';
import { Field, Notice, Outcomes, Problems, render, Table, when } from './layout';

/** Loaded with the first of these pages, not on the pages' cold start (as the API's people routes do). */
const accounts = () => import('../../services/accounts');

const roleLabels: Record<Role, Label> = {
  'city-admin': { zh: '市终身教育办公室', en: 'City office' },
  'district-reviewer': { zh: '区级审核人', en: 'District reviewer' },
  expert: { zh: '评审专家', en: 'Expert' },
  applicant: { zh: '申报单位', en: 'Applicant' },
};
const statusLabels = { active: { zh: '正常', en: 'Active' }, disabled: { zh: '已停用', en: 'Disabled' } } as const;

/** The name an organisation is known by: a district under its district key, any other under its own. */
const organisationKey = (id: string | undefined) => (id === undefined ? undefined : /^district-/.test(id) ? `district:${id}` : `org:${id}`);

/** The office's people: a list per organisation, a person's page with their open tasks, creating, disabling, re-enabling. */
export function officePeoplePages() {
  const pages = area();

  pages.get('/people', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const actor = actorOf(c, 'city-admin');
    const chosen = c.req.query('organisationId') || undefined;
    const people = chosen
      ? await (await accounts()).listPeople(actor, { organisationId: chosen })
      : (await Promise.all(roles.map(async (role) => (await accounts()).listPeople(actor, { role })))).flat();
    const organisations = await organisationsForAccounts();
    const names = await namesOf([
      ...organisations.map((o) => organisationKey(o.organisationId)),
      ...people.map((p) => organisationKey(p.organisationId)),
    ]);
    const byOrganisation = Map.groupBy(people, (p) => p.organisationId ?? '—');
    return render(
      c,
      t('人员与账号', 'People and accounts'),
      <>
        <p>
          <a class="button" href="/ui/office/people/new">
            {t('新建账号', 'New account')}
          </a>
        </p>
        <form method="get" action="/ui/office/people">
          <OrganisationSelect
            organisations={organisations}
            names={names}
            value={chosen}
            lang={lang}
            t={t}
            blank={t('全部单位', 'All organisations')}
          />
          <button type="submit" class="secondary">
            {t('筛选', 'Filter')}
          </button>
        </form>
        {[...byOrganisation].map(([organisationId, members]) => (
          <section>
            <h2>{names(organisationKey(organisationId), lang)}</h2>
            <Table headers={[t('姓名', 'Name'), t('用户名', 'Username'), t('角色', 'Role'), t('状态', 'Status')]}>
              {members.map((p) => (
                <tr>
                  <td>
                    <a href={`/ui/office/people/${p.username}`}>{p.displayName ?? p.username}</a>
                  </td>
                  <td>{p.username}</td>
                  <td>{roleLabels[p.role][lang]}</td>
                  <td>{statusLabels[p.status][lang]}</td>
                </tr>
              ))}
            </Table>
          </section>
        ))}
        {people.length === 0 && <Notice>{t('没有人员', 'Nobody here')}</Notice>}
      </>,
    );
  });

  pages.get('/people/new', (c) => newPersonPage(c));

  async function newPersonPage(c: Context<PageEnv>, state: FormState = {}) {
    const t = c.get('t');
    const lang = c.get('lang');
    const organisations = await organisationsForAccounts();
    const names = await namesOf(organisations.map((o) => organisationKey(o.organisationId)));
    const v = (name: string) => (typeof state.values?.[name] === 'string' ? (state.values[name] as string) : undefined);
    const labels = {
      username: t('用户名', 'Username'),
      role: t('角色', 'Role'),
      organisationId: t('所属单位', 'Organisation'),
      displayName: t('姓名', 'Name'),
      email: t('电子邮箱', 'Email'),
      mobile: t('手机号码', 'Mobile'),
    };
    return render(
      c,
      t('新建账号', 'New account'),
      <>
        <Problems message={state.message} errors={state.errors} t={t} labels={labels} />
        <form method="post" action="/ui/office/people">
          <Field
            name="username"
            label={labels.username}
            value={v('username')}
            error={state.errors?.username}
            hint={t(
              '登录用的名称：英文字母或数字开头，可含 . _ -，不能是电子邮箱',
              'letters or digits first, then . _ -; not an email address',
            )}
            required
          />
          <Field name="displayName" label={labels.displayName} value={v('displayName')} error={state.errors?.displayName} required />
          <Outcomes
            name="role"
            legend={labels.role}
            options={roles.map((r) => [r, roleLabels[r][lang]])}
            value={v('role') ?? 'applicant'}
            error={state.errors?.role}
          />
          <OrganisationSelect
            organisations={organisations}
            names={names}
            value={v('organisationId')}
            lang={lang}
            t={t}
            error={state.errors?.organisationId ?? state.errors?.districtId}
          />
          <Field
            name="email"
            type="email"
            label={labels.email}
            value={v('email')}
            error={state.errors?.email}
            hint={t('登录邀请和临时密码发到这个邮箱', 'the sign-in invitation and first password go here')}
            required
          />
          <Field
            name="mobile"
            label={labels.mobile}
            value={v('mobile')}
            error={state.errors?.mobile}
            hint={t('选填；截止提醒也会发短信', 'optional; deadline reminders go by SMS too')}
          />
          <button type="submit">{t('创建账号', 'Create the account')}</button>
        </form>
      </>,
      state.status,
    );
  }

  pages.post('/people', async (c) => {
    const actor = actorOf(c, 'city-admin');
    const form = await c.req.parseBody();
    const values = Object.fromEntries(
      ['username', 'role', 'organisationId', 'displayName', 'email', 'mobile'].flatMap((name) => {
        const value = given(form, name);
        return value === undefined ? [] : [[name, value]];
      }),
    );
    return posted(c, createPersonInput.safeParse(values), async (input) => (await accounts()).createPerson(actor, input), {
      refused: (state) => newPersonPage(c, { ...state, values }),
      next: ({ person }) => `/ui/office/people/${person.username}`,
    });
  });

  pages.get('/people/:username', (c) => personPage(c, actorOf(c, 'city-admin'), c.req.param('username')));

  async function personPage(c: Context<PageEnv>, actor: Actor, username: string) {
    const t = c.get('t');
    const lang = c.get('lang');
    const person = await (await accounts()).getPerson(actor, username);
    const history = await (await accounts()).personHistory(actor, username);
    const names = await namesOf([
      organisationKey(person.organisationId),
      organisationKey(person.districtId),
      ...history.map((e) => e.actor),
    ]);
    const openTasks = person.openTasks ?? [];
    const disabled = person.status === 'disabled';
    return render(
      c,
      `${person.displayName ?? person.username}（${person.username}）`,
      <>
        <dl>
          <dt>{t('角色', 'Role')}</dt>
          <dd>{roleLabels[person.role][lang]}</dd>
          <dt>{t('所属单位', 'Organisation')}</dt>
          <dd>{names(organisationKey(person.organisationId), lang)}</dd>
          <dt>{t('所在区', 'District')}</dt>
          <dd>{names(organisationKey(person.districtId), lang)}</dd>
          <dt>{t('账号状态', 'Status')}</dt>
          <dd data-status={person.status}>{statusLabels[person.status][lang]}</dd>
          <dt>{t('电子邮箱', 'Email')}</dt>
          <dd>{person.email ?? '—'}</dd>
          <dt>{t('手机号码', 'Mobile')}</dt>
          <dd>{person.mobile ?? '—'}</dd>
        </dl>
        <h2 id="open-tasks">{t('未办理的任务', 'Open tasks')}</h2>
        {disabled && openTasks.length > 0 && (
          <Notice>
            {t('账号已停用，以下任务仍未办理，请重新分配：', 'The account is disabled; these tasks are still open and need reassigning:')}
          </Notice>
        )}
        <OpenTasks tasks={openTasks} lang={lang} t={t} />
        <form method="post" action={`/ui/office/people/${person.username}/${disabled ? 'enable' : 'disable'}`}>
          <button type="submit" class={disabled ? '' : 'secondary'}>
            {disabled ? t('重新启用账号', 'Re-enable the account') : t('停用账号', 'Disable the account')}
          </button>
          {!disabled && (
            <p class="hint">
              {t(
                '停用后此人不能再登录；其未办理的任务不会被关闭，会列在本页以便重新分配。',
                'They can no longer sign in; their open tasks stay open and are listed here for reassignment.',
              )}
            </p>
          )}
        </form>
        <h2>{t('账号记录', 'Account history')}</h2>
        <Table headers={[t('时间', 'When'), t('操作人', 'By'), t('事项', 'What'), t('说明', 'Details')]}>
          {history.map((e) => (
            <tr>
              <td>{when(e.at, lang)}</td>
              <td>{names(e.actor, lang)}</td>
              <td>{historyActionLabel(e.action)[lang]}</td>
              <td>{e.reason ?? ''}</td>
            </tr>
          ))}
        </Table>
      </>,
    );
  }

  for (const [action, status] of [
    ['disable', 'disabled'],
    ['enable', 'active'],
  ] as const) {
    pages.post(`/people/:username/${action}`, async (c) => {
      const username = c.req.param('username');
      await (await accounts()).setPersonStatus(actorOf(c, 'city-admin'), username, status);
      return backTo(c, `/ui/office/people/${username}${status === 'disabled' ? '#open-tasks' : ''}`);
    });
  }

  return pages;
}

function OpenTasks({
  tasks,
  lang,
  t,
}: {
  tasks: { taskId: string; kind: string; declarationId: string; dueAt: string }[];
  lang: Lang;
  t: T;
}) {
  if (tasks.length === 0) return <p>{t('没有未办理的任务', 'No open tasks')}</p>;
  return (
    <Table headers={[t('任务', 'Task'), t('申报', 'Declaration'), t('截止时间', 'Due')]}>
      {tasks.map((task) => (
        <tr data-task={task.taskId}>
          <td>{taskKindLabels[task.kind as TaskKind]?.[lang] ?? task.kind}</td>
          <td>
            <a href={`/ui/office/declarations/${task.declarationId}`}>{task.declarationId}</a>
          </td>
          <td>{when(task.dueAt, lang)}</td>
        </tr>
      ))}
    </Table>
  );
}

function OrganisationSelect(props: {
  organisations: OrganisationFacts[];
  names: Names;
  value: string | undefined;
  lang: Lang;
  t: T;
  error?: string | undefined;
  blank?: string;
}) {
  const { t, error } = props;
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for="f-organisationId">{t('所属单位', 'Organisation')}</label>
      <select
        id="f-organisationId"
        name="organisationId"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'f-organisationId-error' : undefined}
      >
        <option value="">{props.blank ?? t('请选择', 'Choose')}</option>
        {props.organisations.map((o) => (
          <option value={o.organisationId} selected={props.value === o.organisationId}>
            {props.names(organisationKey(o.organisationId), props.lang)}（{o.organisationId}）
          </option>
        ))}
      </select>
      {error && (
        <p class="error" id="f-organisationId-error" data-field="organisationId">
          {error}
        </p>
      )}
    </div>
  );
}
