/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import type { FormDefinition } from '../../../core/form-definition';
import type { EditorForm } from '../../../core/kind-editor';
import { FormFieldInputs } from './form-fields';
import type { T } from './context';
import { Field } from './layout';

/**
 * The kind editor's inputs: each draws its value from the posted (or stored) form by name and its
 * error next to it, so the builder's parts read as a list of names.
 */
export type Inputs = { values: EditorForm; errors: Record<string, string>; t: T; lang: 'zh' | 'en' };
/** A label in the reader's language; a row's name (its key while it has none). */
export const say = (at: Inputs, label: { zh: string; en: string }) => at.t(label.zh, label.en);
export const nameOf = (at: Inputs, item: Record<string, unknown>) =>
  String((at.lang === 'en' ? item.labelEn : item.labelZh) || item.key || '');
export const idOf = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

export function In(props: {
  at: Inputs;
  name: string;
  label: string;
  type?: 'number' | 'text';
  step?: string;
  min?: number;
  max?: number;
  hint?: string;
  required?: boolean;
}) {
  return (
    <Field
      name={props.name}
      label={props.label}
      type={props.type}
      step={props.step}
      min={props.min}
      max={props.max}
      hint={props.hint}
      required={props.required}
      value={props.at.values[props.name] ?? ''}
      error={props.at.errors[props.name]}
    />
  );
}

export function Check({ at, name, label }: { at: Inputs; name: string; label: string }) {
  const id = idOf(name);
  return (
    <div class="choice">
      <input type="checkbox" id={id} name={name} checked={at.values[name] !== undefined} />
      <label for={id}>{label}</label>
      {at.errors[name] && (
        <p class="error" id={`${id}-error`} data-field={name}>
          {at.errors[name]}
        </p>
      )}
    </div>
  );
}

export function Choose({ at, name, label, options }: { at: Inputs; name: string; label: string; options: [string, string][] }) {
  const id = idOf(name);
  const error = at.errors[name];
  // A value no longer among the choices (a criterion renamed since) stays chosen, for its error to show at it.
  const current = at.values[name] ?? '';
  const shown: [string, string][] = current && !options.some(([value]) => value === current) ? [[current, current], ...options] : options;
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      <select id={id} name={name} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {shown.map(([value, text]) => (
          <option value={value} selected={current === value}>
            {text}
          </option>
        ))}
      </select>
      {error && (
        <p class="error" id={`${id}-error`} data-field={name}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A button of the editor other than save: it posts the whole form with what to do to it. */
export const Act = ({ action, label }: { action: string; label: string }) => (
  <button type="submit" name="action" value={action} class="secondary">
    {label}
  </button>
);

/** A group of rows (a rubric, a field's options) with the error about the group as a whole under its legend. */
export function Group({ at, name, legend, children }: { at: Inputs; name: string; legend: string; children: Child }) {
  const error = at.errors[name];
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

/** A row's key and its two names: what every field, option, criterion, KPI and material has. */
export function Labels({ at, prefix, member = 'key' }: { at: Inputs; prefix: string; member?: 'key' | 'value' }) {
  const { t } = at;
  return (
    <>
      <In
        at={at}
        name={`${prefix}.${member}`}
        label={t('代码', 'Key')}
        required
        hint={t('小写英文字母开头，只含英文字母和数字，如 projectName', 'a lower-case letter, then letters and digits, e.g. projectName')}
      />
      <In at={at} name={`${prefix}.labelZh`} label={t('名称（中文）', 'Name (Chinese)')} required />
      <In at={at} name={`${prefix}.labelEn`} label={t('名称（英文）', 'Name (English)')} required />
    </>
  );
}

export const NewVersionButton = ({ kindKey, label }: { kindKey: string; label: string }) => (
  <form method="post" action={`/ui/office/kinds/${kindKey}/versions`} class="inline">
    <button type="submit">{label}</button>
  </form>
);

/** The applicant's form as drawn for the applicant, shown and not sent: no form around it, every input disabled. */
export const FormPreview = ({ form, lang, t }: { form: FormDefinition; lang: 'zh' | 'en'; t: (zh: string, en: string) => string }) => (
  <fieldset id="preview" disabled aria-label={t('申报书预览，不能提交', 'Preview; cannot be sent')}>
    <FormFieldInputs form={form} values={{}} problems={{}} lang={lang} />
  </fieldset>
);
