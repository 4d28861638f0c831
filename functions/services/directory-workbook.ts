import type { ImportInput } from '../../core/directory-import';
import {
  columnsOfHeader,
  type DirectorySheet,
  directorySheets,
  type HeaderProblem,
  type SheetRow,
  sheetColumns,
  sheetTitles,
} from '../../core/directory-sheets';
import { problemAt, ValidationError } from '../../core/errors';
import { coded } from '../../core/problem-codes';
import { headedSheet, templateBook } from './import-template';

/** More rows than a city's whole network has (300 centres, hundreds of points, 300 experts): a bound on what one request parses. */
export const MAX_IMPORT_ROWS = 5000;

/**
 * The directory's import template in Chinese: a sheet of instructions, one sheet per kind of row
 * with its headers (each with a note saying what to write), drop-downs for the columns with fixed
 * words, and the office's specialty list to copy from.
 */
export async function directoryTemplate(specialties: readonly { name: string }[]): Promise<Uint8Array> {
  const book = await templateBook([
    '终身教育机构、人员账号与评审专家批量导入模板',
    '1. 按“组织机构”“人员账号”“评审专家”三张表填写，表头不要改动；不需要的表可以留空。',
    '2. 机构以统一社会信用代码识别；没有代码的，以“同一上级机构下的机构全称”识别。人员和专家以登录名识别。',
    '3. 已有的机构、人员或专家，填写的单元格会更新原值，留空的单元格保留原值；同一文件重复导入不会产生任何改动。',
    '4. 上传后先“试导入”：逐行列出将新增、修改、不变或被拒绝的内容及原因（行号和列名）。有任何一行被拒绝时，整个文件都不会写入。',
    '5. 新建的人员账号会收到账号邀请邮件；停用的人员不能登录，其未办结的待办会列出以便改派。',
    '6. 专业领域须从“专业领域列表”中选择，多个用顿号分隔。',
  ]);
  for (const sheet of directorySheets) {
    const columns = sheetColumns[sheet];
    const worksheet = headedSheet(book, sheetTitles[sheet], columns);
    columns.forEach((column, i) => {
      if (column.choices) {
        const letter = worksheet.getColumn(i + 1).letter;
        // A drop-down over the data rows, as one range: cells with a validation each would count as rows.
        const validations = (worksheet as unknown as { dataValidations: { add(range: string, rule: object): void } }).dataValidations;
        validations.add(`${letter}2:${letter}501`, {
          type: 'list',
          allowBlank: !column.required,
          formulae: [`"${column.choices.join(',')}"`],
          showErrorMessage: true,
          error: `请从下拉列表中选择：${column.choices.join('、')}`,
        });
      }
    });
  }
  const list = book.addWorksheet('专业领域列表');
  list.columns = [{ header: '专业领域', key: 'name', width: 20 }];
  for (const specialty of specialties) list.addRow({ name: specialty.name });
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/**
 * The rows of an uploaded workbook, as text by column key, and what is wrong with its header rows.
 * A sheet the file leaves out has no rows; sheets the template does not name (the instructions,
 * the specialty list) are ignored. A file that is not a workbook is refused at `body.file`.
 */
export async function readDirectoryWorkbook(bytes: Uint8Array): Promise<ImportInput & { headerProblems: HeaderProblem[] }> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new ValidationError(
      [problemAt('body.file', 'is not an Excel workbook (.xlsx)', coded('material-type-not-accepted', { accepted: '.xlsx' }))],
      {
        cause: error,
      },
    );
  }
  const headerProblems: HeaderProblem[] = [];
  const read = (sheet: DirectorySheet): SheetRow[] => {
    const worksheet = book.getWorksheet(sheetTitles[sheet]);
    if (!worksheet || worksheet.rowCount === 0) return [];
    const headerRow = worksheet.getRow(1);
    const headers = Array.from({ length: headerRow.cellCount }, (_, i) => cellText(headerRow.getCell(i + 1).value));
    const { keys, problems } = columnsOfHeader(sheet, headers);
    headerProblems.push(...problems);
    const rows: SheetRow[] = [];
    worksheet.eachRow({ includeEmpty: false }, (row, number) => {
      if (number === 1) return;
      const cells: Record<string, string> = {};
      keys.forEach((key, i) => {
        if (key) cells[key] = cellText(row.getCell(i + 1).value).trim();
      });
      if (Object.values(cells).some(Boolean)) rows.push({ row: number, cells });
    });
    return rows;
  };
  const input = { organisations: read('organisations'), people: read('people'), experts: read('experts'), headerProblems };
  const count = input.organisations.length + input.people.length + input.experts.length;
  if (count > MAX_IMPORT_ROWS)
    throw new ValidationError([
      problemAt('body.file', `has ${count} rows; at most ${MAX_IMPORT_ROWS} are read at once`, coded('too-many', { max: MAX_IMPORT_ROWS })),
    ]);
  return input;
}

/** A cell as the text a person sees in it: numbers as written, dates as YYYY-MM-DD, links and rich text by their text, formulas by their result. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown };
    if (v.richText) return v.richText.map((part) => part.text).join('');
    if (v.text !== undefined) return cellText(v.text);
    if ('result' in v) return cellText(v.result);
    return '';
  }
  return String(value);
}
