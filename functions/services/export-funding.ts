import type { Workbook } from 'exceljs';
import { budgetLinesOf, budgetTotals, type Funding, type FundingDefinition, fundingTotals } from '../../core/funding';
import { executionRateBp, type FinalAccounts, paidBeforeAcceptance, reconcileFinalAccounts } from '../../core/expenditure';
import { projectStageLabels } from '../../core/labels';
import { store, type DeclarationItem } from '../adapters/entities';
import { expendituresOf } from './expenditure';

/**
 * The funding sheet of a call's workbook (issue 23): one row per declaration with its budget and,
 * once established, its grant — approved, paid, payable, awaiting a milestone, stopped — its spending,
 * 预算执行率 (a number with a percent format) and whether its 决算 reconciles. Amounts are
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
    ['spent', '已支出（元）'],
  ] as const;
  sheet.columns = [
    { header: '申报编号', key: 'declarationId', width: 30 },
    { header: '项目名称', key: 'title', width: 30 },
    { header: '申报单位', key: 'organisation', width: 28 },
    { header: '项目阶段', key: 'stage', width: 14 },
    ...money.map(([key, header]) => ({ header, key, width: 16, style: { numFmt: YUAN_FORMAT } })),
    { header: '预算执行率', key: 'rate', width: 12, style: { numFmt: '0.00%' } },
    { header: '决算', key: 'accounts', width: 12 },
    { header: '核定理由', key: 'reason', width: 30 },
  ];
  for (const d of declarations) {
    const project = projects.find((p) => p.declarationId === d.declarationId);
    const lines = budgetLinesOf(funding, d.fields as Record<string, unknown> | undefined);
    const budget = funding && lines.length ? budgetTotals(lines) : undefined;
    const grant = project?.funding as Funding | undefined;
    const totals = grant && project ? fundingTotals(grant, project) : undefined;
    // The project's spending: one keyed Query on its partition (issue 23.3).
    const spending = project && budget ? await expendituresOf(project.declarationId) : [];
    const spentFen = spending.reduce((sum, e) => sum + e.amountFen, 0);
    const rate = budget ? executionRateBp(spentFen, budget.totalFen) : null;
    const accounts = project?.finalAccounts as FinalAccounts | undefined;
    const reconciles = accounts && reconcileFinalAccounts(accounts, spending, paidBeforeAcceptance(grant)).length === 0;
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
      spent: project && budget ? yuan(spentFen) : null,
      rate: project && rate !== null ? rate / 10_000 : null,
      accounts: accounts ? (reconciles ? '已提交，一致' : '已提交，不一致') : '',
      reason: grant?.reason ?? '',
    });
  }
  sheet.getRow(1).font = { bold: true };
}
