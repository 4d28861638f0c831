import type { ColumnDefinition, FormDefinition, FormValues } from '../../../core/form-definition';
import { yuanToFen } from '../../../core/money';

/** A form post as Hono's parseBody({ all: true }) gives it: a repeated name (checkboxes) as a list. */
export type Posted = Record<string, string | File | (string | File)[]>;

const NUMERIC = /^-?\d{1,12}(\.\d+)?$/;

const textsOf = (value: Posted[string] | undefined) =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value])
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim())
    .filter((v) => v !== '');

/**
 * One input read as the value its field stores: a number for a number, 分 for money typed in 元,
 * true/false for yes/no, the options ticked. What cannot be read is kept as typed, so the check
 * refuses it at its field and the page shows it again as it was. An empty input is no value.
 */
function readInput(field: ColumnDefinition, value: Posted[string] | undefined): unknown {
  const texts = textsOf(value);
  if (field.type === 'multiselect') return texts.length ? texts : undefined;
  const text = texts.at(-1);
  if (text === undefined) return undefined;
  switch (field.type) {
    case 'integer':
    case 'decimal':
      return NUMERIC.test(text) ? Number(text) : text;
    case 'money':
      return yuanToFen(text) ?? text;
    case 'yesno':
      return text === 'yes' ? true : text === 'no' ? false : text;
    default:
      return text;
  }
}

/** The names of money inputs whose text is not an amount in 元 (the page says so in its own words). */
export function unreadableAmounts(form: FormDefinition, posted: Posted): string[] {
  const names = Object.keys(posted).filter((name) => name.startsWith('fields.'));
  return names.filter((name) => {
    const [, key, row, column] = name.split('.');
    const field = form.find((f) => f.key === key);
    const target = field?.type === 'table' && row !== undefined ? field.columns.find((c) => c.key === column) : field;
    return target?.type === 'money' && typeof readInput(target, posted[name]) === 'string';
  });
}

/**
 * The form's values from a post, each table's rows in order with its empty rows kept (`{}`), so
 * the page can be drawn again as it was; `withoutEmptyRows` gives what is saved.
 */
export function postedFormValues(form: FormDefinition, posted: Posted): FormValues {
  const values: FormValues = {};
  for (const field of form) {
    if (field.type === 'material') continue;
    if (field.type !== 'table') {
      const value = readInput(field, posted[`fields.${field.key}`]);
      if (value !== undefined) values[field.key] = value;
      continue;
    }
    const indices = new Set<number>();
    for (const name of Object.keys(posted)) {
      const match = new RegExp(`^fields\\.${field.key}\\.(\\d{1,3})\\.`).exec(name);
      if (match) indices.add(Number(match[1]));
    }
    const rows = [...indices]
      .sort((a, b) => a - b)
      .map((i) =>
        Object.fromEntries(
          field.columns.flatMap((c) => {
            const value = readInput(c, posted[`fields.${field.key}.${i}.${c.key}`]);
            return value === undefined ? [] : [[c.key, value]];
          }),
        ),
      );
    if (rows.length) values[field.key] = rows;
  }
  return values;
}

const isEmptyRow = (row: unknown) => typeof row === 'object' && row !== null && Object.keys(row).length === 0;

/** The values to save: a table's empty rows left out, and a table with none left out. */
export function withoutEmptyRows(form: FormDefinition, values: FormValues): FormValues {
  const saved: FormValues = { ...values };
  for (const field of form) {
    if (field.type !== 'table' || !Array.isArray(saved[field.key])) continue;
    const rows = (saved[field.key] as unknown[]).filter((row) => !isEmptyRow(row));
    if (rows.length) saved[field.key] = rows;
    else delete saved[field.key];
  }
  return saved;
}

/** After 添加一行: the table's rows as posted and one more empty row to fill. */
export function withRowAdded(form: FormDefinition, values: FormValues, key: string): FormValues {
  const field = form.find((f) => f.key === key);
  if (field?.type !== 'table') return values;
  const rows = Array.isArray(values[key]) ? (values[key] as unknown[]) : [];
  return { ...values, [key]: rows.length < field.maxRows ? [...rows, {}] : rows };
}
