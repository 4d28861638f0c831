import { problemAt, ValidationError } from '../../core/errors';
import { coded } from '../../core/problem-codes';
import { type ImportColumn, type ImportKind, importColumns, importHeader, type ProjectImportInput } from '../../core/project-import';
import { cellText } from './directory-workbook';
import { headedSheet, templateBook } from './import-template';

export const PROJECTS_SHEET = '立项项目';

/**
 * The template for importing earlier projects (issue 22.5): instructions, one sheet with a column
 * per fact and one per KPI target of every kind (each header's note says what to write), and the
 * kinds with their KPIs to copy from. Built from the same columns the reader maps back.
 */
export async function projectImportTemplate(kinds: readonly ImportKind[]): Promise<Uint8Array> {
  const book = await templateBook([
    '已立项项目（首批等）导入模板',
    '1. 在“立项项目”表中每个项目填一行，表头不要改动。承担单位填机构目录中的全称或统一社会信用代码。',
    '2. 立项日期、建设期结束按 2025-12-01 的格式填写；已通过中期检查的，“中期检查结果”填“通过”。',
    '3. 绩效目标按纸质任务书填写，只填本项目类型的指标；不填的取类型默认目标。导入后任务书视为已确认。',
    '4. 以“承担单位 + 项目类型 + 立项日期”识别同一项目：同一文件重复导入不会新建任何项目。',
    '5. 上传后先“试导入”，逐行列出将新建、已导入或被拒绝的项目及原因（行号和列名）；有任何一行被拒绝时整个文件都不会导入。',
  ]);
  const columns = importColumns(kinds);
  headedSheet(book, PROJECTS_SHEET, columns);
  const list = book.addWorksheet('项目类型与指标');
  list.columns = [
    { header: '项目类型', key: 'kind', width: 24 },
    { header: '指标列', key: 'column', width: 30 },
    { header: '默认目标', key: 'target', width: 10 },
    { header: '下限', key: 'minimum', width: 10 },
  ];
  for (const kind of kinds.filter((k) => k.lifecycle !== 'selection-only'))
    for (const t of kind.kpiTargets)
      list.addRow({
        kind: kind.nameZh,
        column: columns.find((c) => c.key === `kpi.${t.key}`)?.header,
        target: t.target,
        minimum: t.minimum ?? '',
      });
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** The rows of an uploaded workbook's 立项项目 sheet by column key, and what is wrong with its header row. */
export async function readProjectWorkbook(bytes: Uint8Array, fileName: string, kinds: readonly ImportKind[]): Promise<ProjectImportInput> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new ValidationError(
      [problemAt('body.file', 'is not an Excel workbook (.xlsx)', coded('material-type-not-accepted', { accepted: '.xlsx' }))],
      { cause: error },
    );
  }
  const worksheet = book.getWorksheet(PROJECTS_SHEET);
  if (!worksheet) throw new ValidationError([problemAt('body.file', `has no sheet ${PROJECTS_SHEET}`, coded('required'))]);
  const columns: ImportColumn[] = importColumns(kinds);
  const headerRow = worksheet.getRow(1);
  const headers = Array.from({ length: headerRow.cellCount }, (_, i) => cellText(headerRow.getCell(i + 1).value));
  const { keys, problems } = importHeader(columns, headers);
  const rows: ProjectImportInput['rows'] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, number) => {
    if (number === 1) return;
    const cells: Record<string, string> = {};
    keys.forEach((key, i) => {
      if (key) cells[key] = cellText(row.getCell(i + 1).value).trim();
    });
    if (Object.values(cells).some(Boolean)) rows.push({ row: number, cells });
  });
  if (rows.length > 2000)
    throw new ValidationError([
      problemAt('body.file', `has ${rows.length} rows; at most 2000 are read at once`, coded('too-many', { max: 2000 })),
    ]);
  if (rows.length === 0) throw new ValidationError([problemAt('body.file', 'has no project rows', coded('required'))]);
  return { fileName: fileName.slice(0, 200) || 'import.xlsx', rows, headerProblems: problems };
}
