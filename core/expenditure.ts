import { z } from 'zod';
import { type BudgetLine, calendarDate, FISCAL, type Funding } from './funding';
import { type Fen, fen, formatYuan } from './money';
import { issueCode } from './problem-codes';
import type { ProjectStage } from './projects';
import { personText } from './text';

/**
 * Expenditure (经费支出, issue 23.3) and final accounts (决算, issue 23.4). The applicant reports
 * what it spent per budget line (category) with each mid-term and acceptance report; the page
 * compares spending with the budget (预算执行率), a line spent beyond the kind's tolerance is
 * flagged to the office, and at acceptance the 决算 must reconcile, to the 分, with the reported
 * lines and the office's payments before the office may accept the project. All amounts in 分.
 */
const KEY = /^[a-z][a-zA-Z0-9]{0,39}$/;

/** The report an expenditure goes with: the mid-term report or the acceptance application. */
export const expenditureReports = ['midterm', 'acceptance'] as const;
export type ExpenditureReport = (typeof expenditureReports)[number];
export const expenditureReportLabels: Record<ExpenditureReport, { zh: string; en: string }> = {
  midterm: { zh: '中期报告', en: 'Mid-term report' },
  acceptance: { zh: '验收申请', en: 'Acceptance application' },
};

/** The report open for expenditure in a stage: the mid-term's while it is reported or rectified, the acceptance's until it is decided. */
export function expenditureReportAt(stage: ProjectStage): ExpenditureReport | undefined {
  if (stage === 'midterm_report' || stage === 'midterm_rectification') return 'midterm';
  if (
    ['acceptance_application', 'acceptance_assignment', 'acceptance_review', 'acceptance_decision', 'acceptance_rectification'].includes(
      stage,
    )
  )
    return 'acceptance';
  return undefined;
}

/** One spending the applicant reports: its budget line, amount, date, what it bought, and optionally a receipt already uploaded. */
export const expenditureInput = z.strictObject({
  category: z.string().regex(KEY, 'a budget category of the project'),
  amountFen: fen.min(1, 'an expenditure is at least 1 分'),
  spentOn: calendarDate,
  description: personText(200),
  receiptUploadKey: z.string().min(1).max(500).optional(),
});
export type ExpenditureInput = z.infer<typeof expenditureInput>;

export interface Expenditure {
  category: string;
  amountFen: Fen;
}

function sumByCategory(items: { category: string; amountFen: Fen }[]) {
  const sums: Record<string, Fen> = {};
  for (const i of items) sums[i.category] = (sums[i.category] ?? 0) + i.amountFen;
  return sums;
}

/** The budget of each line (category), all sources together. */
export function budgetByCategory(lines: BudgetLine[]): Record<string, Fen> {
  return sumByCategory(lines.map((l) => ({ category: l.category, amountFen: l.amount })));
}

/** The spending reported per line. */
export const spentByCategory = (items: Expenditure[]): Record<string, Fen> => sumByCategory(items);

/** 预算执行率 in basis points (1/100 of a percent), rounded down, with integers only; null without a budget. */
export const executionRateBp = (spentFen: Fen, budgetFen: Fen): number | null =>
  budgetFen > 0 ? Math.floor((spentFen * 10_000) / budgetFen) : null;

/** "87.50%" from basis points; "—" without a budget. */
export const formatRate = (bp: number | null) => (bp === null ? '—' : `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`);

/** A line spent beyond its budget by more than the kind's tolerance (a line with no budget: any spending). Integers only. */
export const overspent = (spentFen: Fen, budgetFen: Fen, tolerancePercent: number): boolean =>
  spentFen * 100 > budgetFen * (100 + tolerancePercent);

/** The lines a new expenditure takes over the tolerance: over after it, not over before. */
export function newlyOverspent(before: Expenditure[], added: Expenditure, lines: BudgetLine[], tolerancePercent: number): string[] {
  const budget = budgetByCategory(lines);
  const was = spentByCategory(before)[added.category] ?? 0;
  const now = was + added.amountFen;
  const limit = budget[added.category] ?? 0;
  return !overspent(was, limit, tolerancePercent) && overspent(now, limit, tolerancePercent) ? [added.category] : [];
}

/** Budget, spent and execution rate per line and in total; each line says whether it is over the tolerance. */
export function executionOf(lines: BudgetLine[], items: Expenditure[], tolerancePercent: number) {
  const budget = budgetByCategory(lines);
  const spent = spentByCategory(items);
  const categories = [...new Set([...Object.keys(budget), ...Object.keys(spent)])];
  const perLine = categories.map((category) => {
    const budgetFen = budget[category] ?? 0;
    const spentFen = spent[category] ?? 0;
    return {
      category,
      budgetFen,
      spentFen,
      rateBp: executionRateBp(spentFen, budgetFen),
      overspent: overspent(spentFen, budgetFen, tolerancePercent),
    };
  });
  const budgetFen = perLine.reduce((s, l) => s + l.budgetFen, 0);
  const spentFen = perLine.reduce((s, l) => s + l.spentFen, 0);
  return { lines: perLine, budgetFen, spentFen, rateBp: executionRateBp(spentFen, budgetFen), tolerancePercent };
}

// ---- final accounts (决算) ----

/** The 决算: spending by line and funds received by source (财政 is what the office paid). */
export const finalAccountsInput = z
  .strictObject({
    lines: z.array(z.strictObject({ category: z.string().regex(KEY, 'a budget category of the project'), amountFen: fen })).max(50),
    sources: z.array(z.strictObject({ source: z.string().regex(KEY, 'a funding source of the budget'), receivedFen: fen })).max(10),
    note: personText(1000, { multiline: true }).optional(),
  })
  .superRefine((input, ctx) => {
    const twice = (list: string[], path: 'lines' | 'sources', key: 'category' | 'source') =>
      list.forEach((value, i) => {
        if (list.indexOf(value) !== i)
          ctx.addIssue({ code: 'custom', path: [path, i, key], message: `${value} is listed twice`, ...issueCode('chosen-twice') });
      });
    twice(
      input.lines.map((l) => l.category),
      'lines',
      'category',
    );
    twice(
      input.sources.map((s) => s.source),
      'sources',
      'source',
    );
  });
export type FinalAccountsInput = z.infer<typeof finalAccountsInput>;
export interface FinalAccounts extends FinalAccountsInput {
  submittedAt: string;
  submittedBy: string;
}

/**
 * The 财政 funds a 决算 accounts for: what the office paid before acceptance. The acceptance tranche
 * is payable only once the project is accepted, so it is never in the 决算 that acceptance waits
 * for; leaving it out keeps the reconciliation the same after it is paid.
 */
export function paidBeforeAcceptance(funding: Funding | undefined): Fen {
  if (!funding) return 0;
  const acceptanceTranches = funding.tranches.filter((t) => t.milestone === 'acceptance').map((t) => t.index);
  return funding.payments.filter((p) => !acceptanceTranches.includes(p.tranche)).reduce((s, p) => s + p.amountFen, 0);
}

export type Mismatch =
  | { kind: 'line'; category: string; declaredFen: Fen; reportedFen: Fen; differenceFen: Fen }
  | { kind: 'fiscal'; declaredFen: Fen; paidFen: Fen; differenceFen: Fen };

/**
 * Whether a 决算 reconciles, to the 分: each line equals the expenditure reported on it (a line
 * absent on either side counts 0), and the 财政 funds it declares received equal what the office
 * paid. The mismatches name exactly the lines that differ and by how much (declared − reported).
 */
export function reconcileFinalAccounts(accounts: FinalAccountsInput, items: Expenditure[], paidFen: Fen): Mismatch[] {
  const reported = spentByCategory(items);
  const declared = sumByCategory(accounts.lines);
  const categories = [...new Set([...Object.keys(declared), ...Object.keys(reported)])].sort();
  const mismatches: Mismatch[] = [];
  for (const category of categories) {
    const declaredFen = declared[category] ?? 0;
    const reportedFen = reported[category] ?? 0;
    if (declaredFen !== reportedFen)
      mismatches.push({ kind: 'line', category, declaredFen, reportedFen, differenceFen: declaredFen - reportedFen });
  }
  const fiscal = accounts.sources.find((s) => s.source === FISCAL)?.receivedFen ?? 0;
  if (fiscal !== paidFen) mismatches.push({ kind: 'fiscal', declaredFen: fiscal, paidFen, differenceFen: fiscal - paidFen });
  return mismatches;
}

/** A mismatch in the office's words. */
export function mismatchText(m: Mismatch, labelOf: (category: string) => string): string {
  const diff = `相差 ${formatYuan(Math.abs(m.differenceFen))}`;
  return m.kind === 'line'
    ? `${labelOf(m.category)}：决算 ${formatYuan(m.declaredFen)}，报告支出 ${formatYuan(m.reportedFen)}，${diff}`
    : `财政资金：决算到位 ${formatYuan(m.declaredFen)}，已拨付 ${formatYuan(m.paidFen)}，${diff}`;
}

/** Why acceptance cannot be decided now (undefined: it can): no 决算 yet, or one that does not reconcile. */
export function acceptanceBlock(
  accounts: FinalAccountsInput | undefined,
  items: Expenditure[],
  paidFen: Fen,
  labelOf: (category: string) => string,
): { code: 'final-accounts-missing' | 'final-accounts-mismatch'; reason: string; mismatches: Mismatch[] } | undefined {
  if (!accounts) return { code: 'final-accounts-missing', reason: '项目已核定资助经费，尚未提交决算，不能作出验收结论', mismatches: [] };
  const mismatches = reconcileFinalAccounts(accounts, items, paidFen);
  if (!mismatches.length) return undefined;
  return {
    code: 'final-accounts-mismatch',
    reason: `决算与报告支出、拨付不一致，不能作出验收结论：${mismatches.map((m) => mismatchText(m, labelOf)).join('；')}`,
    mismatches,
  };
}
