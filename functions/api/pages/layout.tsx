/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Actor } from '../../../core/identity';
import type { PageEnv, T } from './context';

const roleNames: Record<Actor['role'], [string, string]> = {
  'city-admin': ['市终身教育办', 'City office'],
  'district-reviewer': ['区教育局', 'District bureau'],
  expert: ['评审专家', 'Expert'],
  applicant: ['申报单位', 'Applicant'],
};

function Nav({ actor, t, unread }: { actor: Actor | undefined; t: T; unread: number | undefined }) {
  if (!actor)
    return (
      <nav aria-label={t('主导航', 'Main')}>
        <a href="/ui/signin">{t('登录', 'Sign in')}</a>
      </nav>
    );
  return (
    <nav aria-label={t('主导航', 'Main')}>
      {actor.role === 'applicant' && <a href="/ui/applicant">{t('我的申报', 'My declarations')}</a>}
      {actor.role !== 'applicant' && <a href="/ui/inbox">{t('待办任务', 'My tasks')}</a>}
      {actor.role === 'city-admin' && <a href="/ui/office">{t('申报通知管理', 'Calls')}</a>}
      {actor.role === 'city-admin' && <a href="/ui/office/kinds">{t('项目类型', 'Kinds')}</a>}
      {actor.role === 'district-reviewer' && <a href="/ui/organisations">{t('单位名录', 'Organisations')}</a>}
      {actor.role === 'applicant' && <a href="/ui/inbox">{t('待办任务', 'My tasks')}</a>}
      {actor.role !== 'expert' && <a href="/ui/projects">{t('项目总览', 'Projects')}</a>}
      {(actor.role === 'city-admin' || actor.role === 'district-reviewer') && <a href="/ui/statistics">{t('统计报表', 'Statistics')}</a>}
      <a href="/ui/notifications">
        {t('消息提醒', 'Notifications')}
        {unread ? (
          <span class="count">
            （{unread} {t('条未读', 'unread')}）
          </span>
        ) : (
          ''
        )}
      </a>
    </nav>
  );
}

/** Every page: skip link, header with who is signed in and the language switch, main, footer. */
export function render(c: Context<PageEnv>, title: string, body: Child, status: ContentfulStatusCode = 200) {
  const t = c.get('t');
  const lang = c.get('lang');
  const actor = c.get('actor');
  const url = new URL(c.req.url);
  url.searchParams.set('lang', lang === 'en' ? 'zh' : 'en');
  const switchTo = `${url.pathname}?${url.searchParams}`;
  return c.html(
    '<!doctype html>' +
      (
        <html lang={lang === 'en' ? 'en' : 'zh-CN'}>
          <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>{`${title} · ${t('社区教育项目申报', 'shenbao')}`}</title>
            <link rel="stylesheet" href="/ui/style.css" />
          </head>
          <body>
            <a class="skip" href="#main">
              {t('跳到正文', 'Skip to content')}
            </a>
            <header class="top">
              <a class="brand" href="/ui">
                {t('社区教育项目申报', 'Community-education declarations')}
              </a>
              <Nav actor={actor} t={t} unread={c.get('unread')} />
              <div class="who">
                {actor && (
                  <form method="post" action="/ui/signout" class="inline">
                    <span>
                      {actor.displayName ?? actor.username}（{t(...roleNames[actor.role])}）
                    </span>{' '}
                    <button type="submit" class="link">
                      {t('退出', 'Sign out')}
                    </button>
                  </form>
                )}
                <a href={switchTo} lang={lang === 'en' ? 'zh-CN' : 'en'}>
                  {lang === 'en' ? '中文' : 'English'}
                </a>
              </div>
            </header>
            <main id="main" tabindex={-1}>
              <h1>{title}</h1>
              {body}
            </main>
          </body>
        </html>
      ).toString(),
    status,
  );
}

/**
 * One expert of the pool as a checkbox, for declaration and acceptance assignment alike: a 回避
 * conflict disables it and says why beside the name.
 */
export function ExpertChoice(props: {
  expert: { username: string; displayName?: string | undefined; districtId: string };
  openTasks: number;
  conflict?: string | undefined;
  checked?: boolean;
  error?: string | undefined;
  /** The list it is ticked into: the assignment's experts, or a 复核's panel. */
  name?: 'experts' | 'reviewPanel';
  t: T;
}) {
  const { expert: e, conflict, error, t } = props;
  const id = `expert-${e.username}`;
  return (
    <div class="choice">
      <input
        type="checkbox"
        id={id}
        name={props.name ?? 'experts'}
        value={e.username}
        checked={props.checked}
        disabled={!!conflict}
        aria-describedby={conflict ? `${id}-conflict` : undefined}
      />
      <label for={id}>
        {e.displayName ?? e.username}（{e.districtId}，{t('在办', 'open tasks')} {props.openTasks}）
        {conflict && (
          <span class="overdue" id={`${id}-conflict`}>
            {' '}
            {conflict}
          </span>
        )}
      </label>
      {error && (
        <p class="error" data-field={`${props.name ?? 'experts'}.${e.username}`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A labelled input with its error announced next to it. */
export function Field(props: {
  name: string;
  label: string;
  value?: string | number | undefined;
  error?: string | undefined;
  type?: string;
  required?: boolean;
  multiline?: boolean;
  hint?: string | undefined;
  min?: number;
  max?: number;
  step?: string;
  maxLength?: number;
}) {
  const id = `f-${props.name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const describedBy = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: props.name,
    required: props.required,
    'aria-invalid': props.error ? 'true' : undefined,
    'aria-describedby': describedBy,
    maxlength: props.maxLength,
  };
  return (
    <div class={`field${props.error ? ' invalid' : ''}`}>
      <label for={id}>
        {props.label}
        {props.required && (
          <span class="req" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.multiline ? (
        <textarea {...common} rows={5}>
          {props.value ?? ''}
        </textarea>
      ) : (
        <input
          {...common}
          type={props.type ?? 'text'}
          value={props.value === undefined ? undefined : String(props.value)}
          min={props.min}
          max={props.max}
          step={props.step}
        />
      )}
      {props.error && (
        <p class="error" id={`${id}-error`} data-field={props.name}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/** An element id from an input name (`fields.a.0.b` → `f-fields-a-0-b`), the Problems summary's link target. */
const idOf = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** Fields that belong together (a rubric, a set of KPI actuals), with the error about them as a whole under the legend. */
export function FieldGroup({
  name,
  legend,
  error,
  children,
}: {
  name: string;
  legend: string;
  error?: string | undefined;
  children: Child;
}) {
  return (
    <fieldset id={idOf(name)} aria-describedby={error ? `${idOf(name)}-error` : undefined}>
      <legend>{legend}</legend>
      {error && (
        <p class="error" id={`${idOf(name)}-error`} data-field={name}>
          {error}
        </p>
      )}
      {children}
    </fieldset>
  );
}

/** Radio buttons for one choice, its error next to them. */
export function Outcomes(props: {
  name: string;
  legend: string;
  options: [string, string][];
  value?: string | undefined;
  error?: string | undefined;
}) {
  return (
    <fieldset id={`f-${props.name}`} aria-describedby={props.error ? `f-${props.name}-error` : undefined}>
      <legend>{props.legend}</legend>
      {props.options.map(([value, label]) => (
        <div class="choice">
          <input type="radio" id={`f-${props.name}-${value}`} name={props.name} value={value} checked={props.value === value} />
          <label for={`f-${props.name}-${value}`}>{label}</label>
        </div>
      ))}
      {props.error && (
        <p class="error" id={`f-${props.name}-error`}>
          {props.error}
        </p>
      )}
    </fieldset>
  );
}

/** A form's summary of what went wrong, focusable so keyboard users land on it. */
export function Problems({
  message,
  errors,
  t,
  labels = {},
}: {
  message?: string | undefined;
  errors?: Record<string, string>;
  t: T;
  labels?: Record<string, string>;
}) {
  if (!message && !Object.keys(errors ?? {}).length) return null;
  return (
    <div class="problems" role="alert" tabindex={-1}>
      <p>
        <strong>{t('请修改以下问题：', 'Please fix the following:')}</strong>
      </p>
      {Object.keys(errors ?? {}).length ? (
        <ul>
          {Object.entries(errors ?? {}).map(([field, msg]) => (
            <li>
              <a href={`#f-${field.replace(/[^A-Za-z0-9_-]/g, '-')}`}>
                {labels[field] ?? (field === 'body' ? t('表单', 'The form') : t('此项', 'This field'))}
              </a>
              ：{msg}
            </li>
          ))}
        </ul>
      ) : (
        <p>{message}</p>
      )}
    </div>
  );
}

/** A data table that scrolls on its own at 200% zoom instead of the page, with column headers for screen readers. */
export function Table({
  headers,
  children,
  caption,
  labelledBy,
  id,
  figures,
}: {
  headers: Child[];
  children: Child;
  caption?: string;
  labelledBy?: string;
  id?: string;
  /** Many numeric columns (the statistics): headers wrap at a readable width and row names do not, the table scrolling sideways instead. */
  figures?: boolean;
}) {
  return (
    <div class="table-wrap">
      <table aria-labelledby={labelledBy} id={id} class={figures ? 'figures' : undefined}>
        {caption && <caption class="hint">{caption}</caption>}
        <thead>
          <tr>
            {headers.map((header) => (
              <th scope="col">{header}</th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export function Notice({ children }: { children: Child }) {
  return (
    <p class="notice" role="status">
      {children}
    </p>
  );
}

/** Dates shown in China time, from the one formatter (core/china-time.ts). */
export { when } from '../../../core/china-time';
