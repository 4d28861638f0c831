import type { Workbook } from 'exceljs';
import { budgetLinesOf, budgetTotals, type Funding, type FundingDefinition, fundingTotals } from '../../core/funding';
import { projectStageLabels } from '../../core/labels';
import { store, type DeclarationItem } from '../adapters/entities';

/**
 * The funding sheet of a call's workbook (issue 23): one row per declaration with its budget and,
 * once established, its grant — approved, paid, payable, awaiting a milestone, stopped. Amounts are
 * numbers in 元 (分 / 100, exact to the 分) with a currency format, so they sum in the sheet.
 */
const YUAN_FORMAT = '"¥"#,##0.00';
const yuan = (fen: number | undefined) => (fen === undefined ? null : fen / 100);

export async function addFundingSheet(
  book: Workbook,
  funding: FundingDefinition | undefined,
  declarations: Pick<DeclarationItem, 'declarationId' | 'title' | 'fields'>[],
  orgName: (declarationId: string) => string,
) {
  const ids = declarations.map((d) => ({ declarationId: d.declarationId }));
  // Keyed reads of the projects these declarations became, never a scan.
  const { data: projects } = ids.length ? await store().entities.project.get(ids).go() : { data: [] };
  const sheet = book.addWorksheet('经费');
  const money = [
    ['budgetTotal', '预算合计（元）'],
    ['requested', '申请财政资助（元）'],
    ['approved', '核定资助（元）'],
    ['paid', '已拨付（元）'],
    ['payable', '可拨付（元）'],
    ['pending', '待达到节点（元）'],
    ['stopped', '已停止拨付（元）'],
  ] as const;
  sheet.columns = [
    { header: '申报编号', key: 'declarationId', width: 30 },
    { header: '项目名称', key: 'title', width: 30 },
    { header: '申报单位', key: 'organisation', width: 28 },
    { header: '项目阶段', key: 'stage', width: 14 },
    ...money.map(([key, header]) => ({ header, key, width: 16, style: { numFmt: YUAN_FORMAT } })),
    { header: '核定理由', key: 'reason', width: 30 },
  ];
  for (const d of declarations) {
    const project = projects.find((p) => p.declarationId === d.declarationId);
    const lines = budgetLinesOf(funding, d.fields as Record<string, unknown> | undefined);
    const budget = funding && lines.length ? budgetTotals(lines) : undefined;
    const grant = project?.funding as Funding | undefined;
    const totals = grant && project ? fundingTotals(grant, project) : undefined;
    sheet.addRow({
      declarationId: d.declarationId,
      title: d.title,
      organisation: orgName(d.declarationId),
      stage: project ? projectStageLabels[project.stage].zh : '',
      budgetTotal: yuan(budget?.totalFen),
      requested: yuan(budget?.requestedFen),
      approved: yuan(totals?.approvedFen),
      paid: yuan(totals?.paidFen),
      payable: yuan(totals?.payableFen),
      pending: yuan(totals?.pendingFen),
      stopped: yuan(totals?.stoppedFen),
      reason: grant?.reason ?? '',
    });
  }
  sheet.getRow(1).font = { bold: true };
}
