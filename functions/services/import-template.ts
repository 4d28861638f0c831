import type ExcelJS from 'exceljs';

/** What a template needs of a column: its header, the note under it, its width. */
export interface TemplateColumn {
  key: string;
  header: string;
  width: number;
  required?: boolean;
  hint: string;
}

/**
 * An office import template (the directory's, earlier projects'): a workbook whose first sheet is
 * the instructions, the first line as its title. exceljs is loaded here, on use.
 */
export async function templateBook(instructions: readonly string[]): Promise<ExcelJS.Workbook> {
  const { default: Excel } = await import('exceljs');
  const book = new Excel.Workbook();
  book.created = new Date(0);
  const help = book.addWorksheet('填写说明');
  help.columns = [{ width: 100 }];
  for (const line of instructions) help.addRow([line]);
  help.getRow(1).font = { bold: true, size: 14 };
  return book;
}

/** A sheet to fill in: its header row frozen, required headers in red, each with a note saying what to write. */
export function headedSheet(book: ExcelJS.Workbook, title: string, columns: readonly TemplateColumn[]): ExcelJS.Worksheet {
  const sheet = book.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  columns.forEach((column, i) => {
    const cell = sheet.getRow(1).getCell(i + 1);
    cell.font = { bold: true, ...(column.required ? { color: { argb: 'FFC00000' } } : {}) };
    cell.note = `${column.required ? '必填。' : ''}${column.hint}`;
  });
  return sheet;
}
