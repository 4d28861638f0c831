import type { Worksheet } from 'exceljs';
import type { Actor } from '../../core/identity';
import { countColumns, moneyColumns, rateColumns, type StatisticsQuery } from '../../core/statistics';
import { statisticsView, type StatisticsView } from './statistics';

/**
 * The statistics as a workbook in the shape a province report asks for: one sheet per table,
 * Chinese headers, counts and rates as numbers, money as numbers in 元 (分 / 100) with a currency
 * format, the header row frozen and filterable.
 */
const YUAN_FORMAT = '"¥"#,##0.00';
type Row = StatisticsView['total'];
type Lead = { header: string; key: string; width: number };

export async function statisticsWorkbook(actor: Actor, query: StatisticsQuery): Promise<{ fileName: string; bytes: Uint8Array }> {
  const view = await statisticsView(actor, query);
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.created = new Date(0);
  const year: Lead = { header: '年度', key: 'year', width: 8 };
  const district: Lead = { header: '区县', key: 'districtName', width: 22 };
  const kind: Lead = { header: '项目类别', key: 'kindName', width: 26 };
  table(book.addWorksheet('明细'), [year, district, kind], view.cells, 'all');
  table(book.addWorksheet('按年度'), [year], view.byYear, 'all');
  table(book.addWorksheet('按区县'), [district], view.byDistrict, 'all');
  table(book.addWorksheet('按项目类别'), [kind], view.byKind, 'all');
  table(book.addWorksheet('资金'), [year, district, kind], view.cells, 'money');
  const bytes = new Uint8Array(await book.xlsx.writeBuffer());
  const span = query.year ? (query.toYear && query.toYear !== query.year ? `${query.year}-${query.toYear}` : `${query.year}`) : 'all';
  return { fileName: `statistics-${span}.xlsx`, bytes };
}

function table(sheet: Worksheet, leads: Lead[], rows: (Row & Record<string, unknown>)[], which: 'all' | 'money') {
  const money = moneyColumns.map((c) => ({ header: c.zh, key: c.key, width: 16, style: { numFmt: YUAN_FORMAT } }));
  sheet.columns = [
    ...leads,
    ...(which === 'all'
      ? [
          ...countColumns.map((c) => ({ header: c.zh, key: c.key, width: 12 })),
          ...rateColumns.map((c) => ({ header: c.zh, key: c.key, width: 18, style: { numFmt: '0.0' } })),
        ]
      : []),
    ...money,
  ];
  for (const row of rows)
    sheet.addRow({
      ...row,
      grantedFen: row.grantedFen / 100,
      paidFen: row.paidFen / 100,
    });
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1, xSplit: leads.length }];
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: rows.length + 1, column: sheet.columns.length } };
}
