import type { Workbook, Worksheet } from 'exceljs';
import type { ColumnDefinition, FieldDefinition, FormDefinition, FormValues } from '../../core/form-definition';

/**
 * A call's form in its workbook (issue 20): one column per field, numbers as numbers, money as 元
 * with a currency format (stored as 分, so the cell is 分 / 100, exact to the 分), a choice by its
 * label; a table is counted in its column and listed row by row on a sheet of its own.
 */
const YUAN_FORMAT = '"¥"#,##0.00';
type Cell = string | number | null;

const headerOf = (field: FieldDefinition | ColumnDefinition) => {
  if (field.type === 'money') return `${field.labelZh}（元）`;
  if ((field.type === 'integer' || field.type === 'decimal') && field.unit) return `${field.labelZh}（${field.unit}）`;
  if (field.type === 'table') return `${field.labelZh}（行数）`;
  return field.labelZh;
};

const optionLabel = (field: { options: { value: string; labelZh: string }[] }, value: unknown) =>
  field.options.find((o) => o.value === value)?.labelZh ?? String(value);

/** One value as its cell holds it. */
function cellOf(field: FieldDefinition | ColumnDefinition, value: unknown): Cell {
  if (value === undefined || value === null) return null;
  switch (field.type) {
    case 'integer':
    case 'decimal':
      return typeof value === 'number' ? value : String(value);
    case 'money':
      return typeof value === 'number' ? value / 100 : String(value);
    case 'yesno':
      return value === true ? '是' : value === false ? '否' : String(value);
    case 'select':
      return optionLabel(field, value);
    case 'multiselect':
      return (Array.isArray(value) ? value : [value]).map((v) => optionLabel(field, v)).join('、');
    case 'table':
      return Array.isArray(value) ? value.length : null;
    case 'material':
      return null;
    default:
      return String(value);
  }
}

const fieldsOfForm = (form: FormDefinition) => form.filter((f) => f.type !== 'material');

/** The summary sheet's columns for the form's fields. */
export const formColumns = (form: FormDefinition) =>
  fieldsOfForm(form).map((f) => ({ header: headerOf(f), key: `field:${f.key}`, width: f.type === 'longtext' ? 40 : 16 }));

/** A declaration's values for those columns. */
export const formCells = (form: FormDefinition, values: FormValues | undefined) =>
  Object.fromEntries(fieldsOfForm(form).map((f) => [`field:${f.key}`, cellOf(f, values?.[f.key])]));

function formatMoney(sheet: Worksheet, fields: readonly (FieldDefinition | ColumnDefinition)[], prefix: string) {
  for (const f of fields) if (f.type === 'money') sheet.getColumn(`${prefix}${f.key}`).numFmt = YUAN_FORMAT;
}

/** Money columns of the summary in 元, and each table of the form on its own sheet. */
export function addFormSheets(
  book: Workbook,
  summary: Worksheet,
  form: FormDefinition,
  declarations: { declarationId: string; title: string; fields?: unknown }[],
) {
  formatMoney(summary, form, 'field:');
  for (const table of form) {
    if (table.type !== 'table') continue;
    // A sheet's name is at most 31 characters and without []:*?/\.
    const sheet = book.addWorksheet(`表格 ${table.labelZh}`.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31));
    sheet.columns = [
      { header: '申报编号', key: 'declarationId', width: 30 },
      { header: '项目名称', key: 'title', width: 30 },
      { header: '行号', key: 'row', width: 8 },
      ...table.columns.map((c) => ({ header: headerOf(c), key: `cell:${c.key}`, width: 16 })),
    ];
    formatMoney(sheet, table.columns, 'cell:');
    for (const d of declarations) {
      const rows = ((d.fields ?? {}) as FormValues)[table.key];
      if (!Array.isArray(rows)) continue;
      sheet.addRows(
        rows.map((row: Record<string, unknown>, i) => ({
          declarationId: d.declarationId,
          title: d.title,
          row: i + 1,
          ...Object.fromEntries(table.columns.map((c) => [`cell:${c.key}`, cellOf(c, row[c.key])])),
        })),
      );
    }
    sheet.getRow(1).font = { bold: true };
  }
}
