/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { ConflictError, problemAt, ValidationError } from '../../../core/errors';
import { organisationLevelLabels, organisationTypeLabels } from '../../../core/labels';
import { organisationTypes, parentLevelOf, type OrganisationLevel } from '../../../core/organisations';
import type { OrganisationView } from '../../services/organisations';
import { type FormState, given, type Lang, type PageEnv, type T } from './context';
import { Field } from './layout';

/** The organisation pages' parts: the forms' fields, the tree, and the form-to-body plumbing. */
export type Values = Record<string, string | undefined>;
export type State = FormState & { values?: Values };
export const editable = ['name', 'shortName', 'type', 'creditCode', 'contact.name', 'contact.phone', 'contact.email'] as const;

/** A form's inputs as the API's body: empty inputs left out, the contact's three gathered. */
export function bodyOf(values: Values): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const contact: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || name === 'version') continue;
    if (name.startsWith('contact.')) contact[name.slice('contact.'.length)] = value;
    else body[name] = value;
  }
  return Object.keys(contact).length ? { ...body, contact } : body;
}

export async function valuesOf(c: Context<PageEnv>, names: readonly string[]): Promise<Values> {
  const form = await c.req.parseBody();
  return Object.fromEntries(names.map((name) => [name, given(form, name)]));
}

/** A duplicate is said at the name, where the office typed it, like any other field's problem. */
export const duplicateAtName =
  <In, Out>(write: (input: In) => Promise<Out>) =>
  async (input: In): Promise<Out> => {
    try {
      return await write(input);
    } catch (error) {
      if (error instanceof ConflictError && error.coded?.code === 'organisation-duplicate')
        throw new ValidationError([problemAt('body.name', error.message, error.coded)]);
      throw error;
    }
  };

export const versionOf = (values: Values) => (values.version && /^\d+$/.test(values.version) ? Number(values.version) : undefined);

export function Select(props: {
  name: string;
  label: string;
  options: [string, string][];
  value?: string | undefined;
  error?: string | undefined;
}) {
  const id = `f-${props.name}`;
  return (
    <div class={`field${props.error ? ' invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
      >
        <option value="">—</option>
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === props.value}>
            {label}
          </option>
        ))}
      </select>
      {props.error && (
        <p class="error" id={`${id}-error`} data-field={props.name}>
          {props.error}
        </p>
      )}
    </div>
  );
}

export const levelOptions = (lang: Lang, levels: readonly OrganisationLevel[]) =>
  levels.map((l): [string, string] => [l, organisationLevelLabels[l][lang]]);
export const typeOptions = (lang: Lang) => organisationTypes.map((k): [string, string] => [k, organisationTypeLabels[k][lang]]);
/** Where an organisation may hang: active ones one level up (any level up when the level is not chosen yet). */
export const parentOptions = (all: OrganisationView[], lang: Lang, level?: OrganisationLevel, except?: string) =>
  all
    .filter(
      (o) => o.status === 'active' && o.organisationId !== except && o.level !== 'point' && (!level || o.level === parentLevelOf(level)),
    )
    .map((o): [string, string] => [o.organisationId, `${o.name}（${organisationLevelLabels[o.level][lang]}）`]);

export function ContactAndCode({ values, errors, t }: { values: Values; errors?: Record<string, string> | undefined; t: T }) {
  return (
    <>
      <Field
        name="creditCode"
        label={t('统一社会信用代码', 'Unified social credit code')}
        value={values.creditCode}
        error={errors?.creditCode}
        maxLength={18}
        hint={t('18 位，可不填', '18 characters, optional')}
      />
      <Field name="contact.name" label={t('联系人', 'Contact')} value={values['contact.name']} error={errors?.['contact.name']} />
      <Field name="contact.phone" label={t('联系电话', 'Phone')} value={values['contact.phone']} error={errors?.['contact.phone']} />
      <Field
        name="contact.email"
        label={t('电子邮箱', 'Email')}
        type="email"
        value={values['contact.email']}
        error={errors?.['contact.email']}
      />
    </>
  );
}

/** The fields the create and edit forms share; the create form also chooses the level and the parent. */
export function OrganisationFields(props: {
  values: Values;
  errors?: Record<string, string> | undefined;
  t: T;
  lang: Lang;
  levels?: [string, string][];
  parents?: [string, string][];
}) {
  const { values, errors, t, lang } = props;
  return (
    <>
      <Field name="name" label={t('单位名称', 'Name')} value={values.name} required error={errors?.name} maxLength={100} />
      <Field name="shortName" label={t('简称', 'Short name')} value={values.shortName} error={errors?.shortName} maxLength={30} />
      {props.levels && <Select name="level" label={t('层级', 'Level')} options={props.levels} value={values.level} error={errors?.level} />}
      <Select name="type" label={t('类型', 'Type')} options={typeOptions(lang)} value={values.type} error={errors?.type} />
      {props.parents && (
        <Select name="parentId" label={t('上级单位', 'Parent')} options={props.parents} value={values.parentId} error={errors?.parentId} />
      )}
      <ContactAndCode values={values} errors={errors} t={t} />
    </>
  );
}

export const labelsOf = (t: T) => ({
  name: t('单位名称', 'Name'),
  shortName: t('简称', 'Short name'),
  level: t('层级', 'Level'),
  type: t('类型', 'Type'),
  parentId: t('上级单位', 'Parent'),
  creditCode: t('统一社会信用代码', 'Credit code'),
  'contact.name': t('联系人', 'Contact'),
  'contact.phone': t('联系电话', 'Phone'),
  'contact.email': t('电子邮箱', 'Email'),
  body: t('表单', 'The form'),
});

/** The network as a tree, each organisation under its parent; the top is what has no parent among those shown. */
export function Tree({ all, lang, t }: { all: OrganisationView[]; lang: Lang; t: T }) {
  const ids = new Set(all.map((o) => o.organisationId));
  const under = (id: string | undefined) => all.filter((o) => (id ? o.parentId === id : !o.parentId || !ids.has(o.parentId)));
  const branch = (nodes: OrganisationView[]) =>
    nodes.length ? (
      <ul class="tree">
        {nodes.map((o) => (
          <li data-organisation={o.organisationId}>
            <a href={`/ui/organisations/${o.organisationId}`}>{o.name}</a> <span class="tag">{organisationLevelLabels[o.level][lang]}</span>{' '}
            <span class="hint">{organisationTypeLabels[o.type][lang]}</span>
            {o.status === 'retired' && <span class="tag"> {t('已撤销', 'Retired')}</span>}
            {branch(under(o.organisationId))}
          </li>
        ))}
      </ul>
    ) : null;
  return branch(under(undefined));
}

/** Where an organisation sits: its chain of names up to the top of what the reader sees. */
export function pathOf(o: OrganisationView, all: OrganisationView[]): string {
  const chain: string[] = [];
  for (
    let at = all.find((p) => p.organisationId === o.parentId);
    at && chain.length < 4;
    at = all.find((p) => p.organisationId === at!.parentId)
  )
    chain.unshift(at.name);
  return chain.join(' › ') || '—';
}
