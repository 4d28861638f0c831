/** @jsxImportSource hono/jsx */
import type { ColumnDefinition, FieldDefinition, FormDefinition, FormValues } from '../../../core/form-definition';
import { formatYuan } from '../../../core/money';
import type { Lang } from './context';
import { Field, FieldGroup, Outcomes } from './layout';

/**
 * A call's typed form (core/form-definition.ts) as the applicant fills it in and as everyone else
 * reads it. Plain HTML: a table grows by a submit button, so the form works without scripts and
 * nothing is loaded from elsewhere. Inputs are named `fields.<key>` (a table's cells
 * `fields.<key>.<row>.<column>`), the names the API's problems use (`body.fields.…`), so an error
 * lands at its field; form-post.ts reads a post back into values.
 */
type Props = {
  form: FormDefinition;
  /** Values as stored, or as posted when the page is drawn again (an unreadable input kept as typed). */
  values: FormValues;
  /** Messages by input name (`fields.<key>`, `fields.<key>.<row>.<column>`). */
  problems: Record<string, string>;
  lang: Lang;
};

const FIELD_PREFIX = 'fields';
const labelOf = (x: { labelZh: string; labelEn: string }, lang: Lang) => (lang === 'en' ? x.labelEn : x.labelZh);
const tr = (lang: Lang) => (zh: string, en: string) => (lang === 'en' ? en : zh);

/** The submit button's value that adds a row to a table (the post is not saved, only drawn again). */
export const ADD_ROW = 'add-row:';

/** A stored amount of 分 as 元 in the input (12345 → "123.45"); what was typed, when it could not be read. */
export const yuanInput = (value: unknown) =>
  typeof value === 'number' && Number.isSafeInteger(value) ? (value / 100).toFixed(2) : typeof value === 'string' ? value : undefined;

const textOf = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);

/** Every field of the form, each with its own error. */
export function FormFieldInputs({ form, values, problems, lang }: Props) {
  return (
    <>
      {form.map((field) =>
        field.type === 'table' ? (
          <TableInput field={field} rows={values[field.key]} problems={problems} lang={lang} />
        ) : field.type === 'material' ? (
          <MaterialSlot field={field} error={problems[`${FIELD_PREFIX}.${field.key}`]} lang={lang} />
        ) : (
          <ScalarInput field={field} name={`${FIELD_PREFIX}.${field.key}`} value={values[field.key]} problems={problems} lang={lang} />
        ),
      )}
    </>
  );
}

function ScalarInput(props: { field: ColumnDefinition; name: string; value: unknown; problems: Record<string, string>; lang: Lang }) {
  const { field, name, value, lang } = props;
  const t = tr(lang);
  const error = props.problems[name];
  const label = labelOf(field, lang);
  const common = { name, error, required: field.required };
  switch (field.type) {
    case 'text':
      return <Field {...common} label={label} maxLength={field.maxLength} value={textOf(value)} />;
    case 'longtext':
      return <Field {...common} label={label} multiline maxLength={field.maxLength} value={textOf(value)} />;
    case 'integer':
    case 'decimal':
      return (
        <Field
          {...common}
          label={field.unit ? `${label}（${field.unit}）` : label}
          type="number"
          min={field.min}
          max={field.max}
          step={field.type === 'integer' ? '1' : '0.01'}
          value={textOf(value)}
        />
      );
    case 'money':
      return (
        <Field
          {...common}
          label={`${label}（${t('元', 'yuan')}）`}
          hint={t('以元为单位，最多两位小数，如 12,345.67', 'In yuan, at most two decimals, e.g. 12,345.67')}
          value={yuanInput(value)}
        />
      );
    case 'date':
      return <Field {...common} label={label} type="date" value={textOf(value)} />;
    case 'phone':
      return <Field {...common} label={label} type="tel" value={textOf(value)} />;
    case 'email':
      return <Field {...common} label={label} type="email" maxLength={254} value={textOf(value)} />;
    case 'yesno':
      return (
        <Outcomes
          name={name}
          legend={label}
          options={[
            ['yes', t('是', 'Yes')],
            ['no', t('否', 'No')],
          ]}
          value={value === true || value === 'yes' ? 'yes' : value === false || value === 'no' ? 'no' : undefined}
          error={error}
        />
      );
    case 'select':
      return <SelectInput field={field} name={name} value={value} error={error} lang={lang} />;
    case 'multiselect': {
      const chosen = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
      return (
        <FieldGroup name={name} legend={label} error={error}>
          {field.options.map((o) => (
            <div class="choice">
              <input
                type="checkbox"
                id={`f-${name}-${o.value}`.replace(/[^A-Za-z0-9_-]/g, '-')}
                name={name}
                value={o.value}
                checked={chosen.includes(o.value)}
              />
              <label for={`f-${name}-${o.value}`.replace(/[^A-Za-z0-9_-]/g, '-')}>{labelOf(o, lang)}</label>
            </div>
          ))}
        </FieldGroup>
      );
    }
  }
}

function SelectInput(props: {
  field: Extract<ColumnDefinition, { type: 'select' }>;
  name: string;
  value: unknown;
  error?: string | undefined;
  lang: Lang;
}) {
  const { field, name, value, error, lang } = props;
  const id = `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for={id}>
        {labelOf(field, lang)}
        {field.required && (
          <span class="req" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      <select id={id} name={name} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        <option value="">{tr(lang)('请选择', 'Choose')}</option>
        {field.options.map((o) => (
          <option value={o.value} selected={value === o.value}>
            {labelOf(o, lang)}
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

/**
 * A table's rows, each cell an input, and one empty row to fill; 添加一行 posts the form back drawn
 * with another empty row (nothing is saved by it). An empty row is not a row.
 */
function TableInput(props: {
  field: Extract<FieldDefinition, { type: 'table' }>;
  rows: unknown;
  problems: Record<string, string>;
  lang: Lang;
}) {
  const { field, problems, lang } = props;
  const t = tr(lang);
  const name = `${FIELD_PREFIX}.${field.key}`;
  const given = Array.isArray(props.rows) ? (props.rows as Record<string, unknown>[]) : [];
  const lastEmpty = given.length > 0 && Object.values(given.at(-1) ?? {}).every((v) => v === undefined);
  const rows = lastEmpty || given.length >= field.maxRows ? given : [...given, {}];
  return (
    <FieldGroup name={name} legend={`${labelOf(field, lang)}${field.required ? ' *' : ''}`} error={problems[name]}>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('行', 'Row')}</th>
              {field.columns.map((c) => (
                <th scope="col">{labelOf(c, lang)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr>
                <th scope="row">{i + 1}</th>
                {field.columns.map((c) => (
                  <td>
                    <ScalarInput field={c} name={`${name}.${i}.${c.key}`} value={row[c.key]} problems={problems} lang={lang} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="hint">{t(`最多 ${field.maxRows} 行；整行留空的不计入。`, `At most ${field.maxRows} rows; an empty row is left out.`)}</p>
      {rows.length < field.maxRows && (
        <button type="submit" name="action" value={`${ADD_ROW}${field.key}`} class="secondary" formnovalidate>
          {t('添加一行', 'Add a row')}：{labelOf(field, lang)}
        </button>
      )}
    </FieldGroup>
  );
}

/** A material the form asks for is uploaded on its own (the upload forms below the form), not typed in. */
function MaterialSlot({ field, error, lang }: { field: FieldDefinition; error?: string | undefined; lang: Lang }) {
  const t = tr(lang);
  return (
    <div class={`field${error ? ' invalid' : ''}`} id={`f-${FIELD_PREFIX}-${field.key}`}>
      <p>
        {labelOf(field, lang)}
        {field.required ? ' *' : ''}：
        <a href={`#f-materials-${field.key}`}>{t('在“上传申报材料”中上传', 'upload it under “Upload materials”')}</a>
      </p>
      {error && (
        <p class="error" data-field={`${FIELD_PREFIX}.${field.key}`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** One value as a reader sees it: money in 元, a choice by its label, yes/no in words. */
export function shownValue(field: ColumnDefinition, value: unknown, lang: Lang): string {
  const t = tr(lang);
  if (value === undefined || value === null || value === '') return '—';
  switch (field.type) {
    case 'money':
      return typeof value === 'number' ? formatYuan(value) : String(value);
    case 'integer':
    case 'decimal':
      return field.unit ? `${value} ${field.unit}` : String(value);
    case 'yesno':
      return value === true ? t('是', 'Yes') : value === false ? t('否', 'No') : String(value);
    case 'select':
      return labelOf(field.options.find((o) => o.value === value) ?? { labelZh: String(value), labelEn: String(value) }, lang);
    case 'multiselect':
      return (Array.isArray(value) ? value : [value])
        .map((v) => labelOf(field.options.find((o) => o.value === v) ?? { labelZh: String(v), labelEn: String(v) }, lang))
        .join(lang === 'en' ? ', ' : '、');
    default:
      return String(value);
  }
}

/** The form's fields as `<dt>`/`<dd>` pairs, for a `<dl>` that holds other facts too. */
export function FormFieldEntries({ form, values, lang }: Omit<Props, 'problems'>) {
  const t = tr(lang);
  return (
    <>
      {form.map((field) => (
        <>
          <dt>{labelOf(field, lang)}</dt>
          <dd>
            {field.type === 'material' ? (
              t('见申报材料', 'see the materials')
            ) : field.type === 'table' ? (
              <TableValue field={field} rows={values[field.key]} lang={lang} />
            ) : (
              shownValue(field, values[field.key], lang)
            )}
          </dd>
        </>
      ))}
    </>
  );
}

/** The form's fields, read-only. */
export function FormFieldValues(props: Omit<Props, 'problems'>) {
  return (
    <dl class="facts">
      <FormFieldEntries {...props} />
    </dl>
  );
}

function TableValue({ field, rows, lang }: { field: Extract<FieldDefinition, { type: 'table' }>; rows: unknown; lang: Lang }) {
  const list = Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
  if (!list.length) return <>—</>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {field.columns.map((c) => (
              <th scope="col">{labelOf(c, lang)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {list.map((row) => (
            <tr>
              {field.columns.map((c) => (
                <td>{shownValue(c, row[c.key], lang)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
