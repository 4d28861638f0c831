import { z } from 'zod';
import type { FormDefinition, FormValues } from './form-definition';
import { type Fen, fen, formatYuan } from './money';
import { count } from './numbers';
import type { ProjectStage } from './projects';
import { type FieldProblem, problemAt } from './errors';
import { coded } from './problem-codes';
import { personText } from './text';
import {
  type TrancheMilestone,
  type TranchePlan,
  trancheMilestoneLabels,
  trancheMilestones,
  tranchePlan,
  unreachedTranches,
} from './tranche-plan';
import type { KindLifecycle } from './kind-definition';

/**
 * Funding (专项资金, issue 23): the budget a declaration asks for, the grant the office approves at
 * 立项 and its tranches, each released by a milestone of the workflow, and the payments made. Every
 * amount is an integer of 分 (core/money.ts), so every sum reconciles to the 分.
 */
const KEY = /^[a-z][a-zA-Z0-9]{0,39}$/;

/** The budget table's columns: a category and a source (both the kind's options), and an amount in 分. */
export const BUDGET_COLUMNS = { category: 'category', amount: 'amount', source: 'source' } as const;
/** The source that is the grant itself (财政); 自筹 and 社会捐赠 are the applicant's own. */
export const FISCAL = 'fiscal';

/** What a kind says of funding: its budget table (a table field of its form), the most it grants, the share a category may take, and its tranche plan. */
export const fundingDefinition = z.strictObject({
  budgetField: z.string().regex(KEY, 'a key of the form'),
  maxGrantFen: fen.min(1, 'a maximum grant is at least 1 分'),
  categoryLimits: z
    .array(z.strictObject({ category: z.string().regex(KEY), maxPercent: count(1, 100) }))
    .max(20)
    .default([]),
  /** How far a line's reported spending may exceed its budget, in percent, before the office is told (issue 23.3). */
  overspendTolerancePercent: count(0, 100).default(10),
  /** The programme's tranche plan, a grant's unless the office gives its own (core/tranche-plan.ts); absent: the defaults. */
  tranchePlan: tranchePlan.optional(),
});
export type FundingDefinition = z.infer<typeof fundingDefinition>;

type Option = { value: string; labelZh: string };
type Column = { key: string; type: string; options?: Option[] };
const columnOf = (form: FormDefinition, funding: FundingDefinition, key: string): Column | undefined => {
  const field = form.find((f) => f.key === funding.budgetField);
  return field?.type === 'table' ? (field.columns as Column[]).find((c) => c.key === key) : undefined;
};

/** The kind's budget categories (课程开发, 师资, 设备 …): the options of its budget table's category column. */
export const budgetCategories = (form: FormDefinition, funding: FundingDefinition): Option[] =>
  columnOf(form, funding, BUDGET_COLUMNS.category)?.options ?? [];
export const budgetSources = (form: FormDefinition, funding: FundingDefinition): Option[] =>
  columnOf(form, funding, BUDGET_COLUMNS.source)?.options ?? [];

/**
 * A kind's funding is coherent with its form and lifecycle: the budget field is such a table, each
 * limit names a category of it, and each tranche of its plan is at a milestone the lifecycle reaches.
 */
export function fundingDefinitionProblems(funding: FundingDefinition | undefined, form: FormDefinition, lifecycle?: KindLifecycle) {
  if (!funding) return [];
  const problems: { path: (string | number)[]; message: string }[] = [];
  const field = form.find((f) => f.key === funding.budgetField);
  const column = (key: string) => columnOf(form, funding, key);
  if (field?.type !== 'table')
    problems.push({ path: ['funding', 'budgetField'], message: `${funding.budgetField} is not a table of the form` });
  else {
    if (column(BUDGET_COLUMNS.category)?.type !== 'select')
      problems.push({ path: ['funding', 'budgetField'], message: 'the budget table needs a select column "category"' });
    if (column(BUDGET_COLUMNS.amount)?.type !== 'money')
      problems.push({ path: ['funding', 'budgetField'], message: 'the budget table needs a money column "amount"' });
    if (!column(BUDGET_COLUMNS.source)?.options?.some((o) => o.value === FISCAL))
      problems.push({
        path: ['funding', 'budgetField'],
        message: `the budget table needs a select column "source" with the option ${FISCAL}`,
      });
  }
  const categories = budgetCategories(form, funding).map((o) => o.value);
  funding.categoryLimits.forEach((limit, index) => {
    if (!categories.includes(limit.category))
      problems.push({ path: ['funding', 'categoryLimits', index, 'category'], message: `${limit.category} is not a budget category` });
  });
  for (const t of unreachedTranches(funding.tranchePlan ?? [], lifecycle))
    problems.push({ path: ['funding', 'tranchePlan', t.index, 'milestone'], message: t.message });
  return problems;
}

export interface BudgetLine {
  category: string;
  amount: Fen;
  source: string;
  note?: string | undefined;
}

/** The complete lines of a declaration's budget table (a draft may hold unfinished rows). */
export function budgetLinesOf(funding: FundingDefinition | undefined, values: FormValues | undefined): BudgetLine[] {
  if (!funding) return [];
  const rows = values?.[funding.budgetField];
  if (!Array.isArray(rows)) return [];
  return rows.filter(
    (r): r is BudgetLine => typeof r?.category === 'string' && Number.isSafeInteger(r?.amount) && typeof r?.source === 'string',
  );
}

function sumBy(lines: BudgetLine[], key: 'category' | 'source') {
  const sums: Record<string, Fen> = {};
  for (const l of lines) sums[l[key]] = (sums[l[key]] ?? 0) + l.amount;
  return sums;
}

/** The budget's totals: in all, by source, by category, and the grant it asks for (its 财政 lines). */
export function budgetTotals(lines: BudgetLine[]) {
  return {
    totalFen: lines.reduce((sum, l) => sum + l.amount, 0),
    bySource: sumBy(lines, 'source'),
    byCategory: sumBy(lines, 'category'),
    requestedFen: requestedGrant(lines),
  };
}

/** The grant a budget asks for: the sum of its 财政 lines. */
export const requestedGrant = (lines: BudgetLine[]): Fen => lines.filter((l) => l.source === FISCAL).reduce((s, l) => s + l.amount, 0);

export type BudgetProblem =
  | { rule: 'max-grant'; requestedFen: Fen; maxFen: Fen; message: string; zh: string }
  | { rule: 'category-limit'; category: string; label: string; maxPercent: number; message: string; zh: string };

/** The kind's limits on a budget, each a named rule: the grant asked at most the kind's maximum; a category's 财政 lines within their share of it. */
export function budgetProblems(funding: FundingDefinition | undefined, form: FormDefinition, values: FormValues | undefined) {
  if (!funding) return [];
  const lines = budgetLinesOf(funding, values);
  const requested = requestedGrant(lines);
  const problems: BudgetProblem[] = [];
  if (requested > funding.maxGrantFen)
    problems.push({
      rule: 'max-grant',
      requestedFen: requested,
      maxFen: funding.maxGrantFen,
      message: `the grant asked (${requested} 分 of 财政 lines) is above the kind's maximum of ${funding.maxGrantFen} 分`,
      zh: `申请财政资助 ${formatYuan(requested)}，超过本类项目资助上限 ${formatYuan(funding.maxGrantFen)}`,
    });
  const labels = budgetCategories(form, funding);
  for (const limit of funding.categoryLimits) {
    const spent = lines.filter((l) => l.category === limit.category && l.source === FISCAL).reduce((s, l) => s + l.amount, 0);
    // Integer arithmetic: spent / requested > maxPercent / 100, with no float.
    if (spent * 100 > limit.maxPercent * requested) {
      const label = labels.find((o) => o.value === limit.category)?.labelZh ?? limit.category;
      problems.push({
        rule: 'category-limit',
        category: limit.category,
        label,
        maxPercent: limit.maxPercent,
        message: `${limit.category} takes ${spent} 分 of the ${requested} 分 asked, above its ${limit.maxPercent}%`,
        zh: `${label}经费（财政）${formatYuan(spent)}，超过申请资助额的 ${limit.maxPercent}%`,
      });
    }
  }
  return problems;
}

/** The budget's refusals at submission, at the budget field, each naming its rule. */
export function budgetFieldProblems(
  funding: FundingDefinition | undefined,
  form: FormDefinition,
  values: FormValues | undefined,
  at: string,
): FieldProblem[] {
  const field = `${at}.${funding?.budgetField}`;
  return budgetProblems(funding, form, values).map((p) =>
    p.rule === 'max-grant'
      ? problemAt(field, p.message, coded('budget-over-maximum', { requestedFen: p.requestedFen, maxFen: p.maxFen }))
      : problemAt(field, p.message, coded('budget-category-over', { label: p.label, maxPercent: p.maxPercent })),
  );
}

// ---- the grant and its tranches ----

export { type TrancheMilestone, type TranchePlan, trancheMilestoneLabels, trancheMilestones } from './tranche-plan';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar date as YYYY-MM-DD (2027-13-01 and 2027-02-30 refused, never thrown on). */
export const calendarDate = z.string().refine((v) => {
  const day = new Date(`${v}T00:00:00Z`);
  return DATE.test(v) && !Number.isNaN(day.getTime()) && day.toISOString().startsWith(v);
}, 'a date as YYYY-MM-DD');

/** The office's grant: the amount approved, why it differs from the request, and its own tranche plan, if not its kind's. */
export const grantInput = z.strictObject({
  approvedFen: fen.min(1, 'a grant is at least 1 分'),
  reason: personText(500).optional(),
  /** Absent: the kind's plan, else the defaults (core/tranche-plan.ts `defaultTranchePlan`). */
  tranches: tranchePlan.optional(),
});
export type GrantInput = z.infer<typeof grantInput>;

export const paymentInput = z.strictObject({
  tranche: count(1, trancheMilestones.length),
  paidOn: calendarDate,
  amountFen: fen.min(1, 'a payment is at least 1 分'),
  voucher: personText(50),
});
export type PaymentInput = z.infer<typeof paymentInput>;

export interface Tranche {
  /** 1, 2, 3 in milestone order. */
  index: number;
  milestone: TrancheMilestone;
  percent: number;
  amountFen: Fen;
}
export interface Payment extends PaymentInput {
  recordedAt: string;
  recordedBy: string;
}
export interface Funding {
  requestedFen?: Fen | undefined;
  approvedFen: Fen;
  reason?: string | undefined;
  grantedAt: string;
  grantedBy: string;
  tranches: Tranche[];
  payments: Payment[];
}

/** Each tranche's share of the grant, rounded down to the 分; the remainder goes on the last, so they sum to the grant exactly. */
export function trancheAmounts(approvedFen: Fen, percents: number[]): Fen[] {
  const amounts = percents.map((p) => Math.floor((approvedFen * p) / 100));
  const rest = approvedFen - amounts.reduce((s, a) => s + a, 0);
  if (amounts.length) amounts[amounts.length - 1]! += rest;
  return amounts;
}

export function planTranches(grant: { approvedFen: Fen; tranches: TranchePlan }): Tranche[] {
  const amounts = trancheAmounts(
    grant.approvedFen,
    grant.tranches.map((t) => t.percent),
  );
  return grant.tranches.map((t, i) => ({ index: i + 1, milestone: t.milestone, percent: t.percent, amountFen: amounts[i]! }));
}

/** Where the project stands, as far as its tranches care. */
export interface FundingState {
  stage: ProjectStage;
  midtermDone: boolean;
}
const STOPPING: readonly ProjectStage[] = ['acceptance_failed', 'terminated', 'withdrawn', 'failed'];

/** A milestone reached, by the workflow's own record: 立项 at once, the mid-term when it passed, acceptance when accepted. */
export function milestoneReached(milestone: TrancheMilestone, state: FundingState): boolean {
  if (milestone === 'establishment') return true;
  if (milestone === 'midterm') return state.midtermDone;
  return state.stage === 'accepted';
}

export type TrancheStatus = 'pending' | 'payable' | 'paid' | 'stopped';
export const trancheStatusLabels: Record<TrancheStatus, { zh: string; en: string }> = {
  pending: { zh: '待达到拨付节点', en: 'Awaiting its milestone' },
  payable: { zh: '可拨付', en: 'Payable' },
  paid: { zh: '已拨付', en: 'Paid' },
  stopped: { zh: '已停止拨付', en: 'Stopped' },
};

/** A tranche paid stays paid; one released is payable; one whose milestone a failed or ended project can no longer reach is stopped. */
export function trancheStatus(funding: Funding, tranche: Tranche, state: FundingState): TrancheStatus {
  if (funding.payments.some((p) => p.tranche === tranche.index)) return 'paid';
  if (milestoneReached(tranche.milestone, state)) return 'payable';
  return STOPPING.includes(state.stage) ? 'stopped' : 'pending';
}

/** What may be paid on a tranche now: all of it once released, nothing before or after its payment. */
export const payableOn = (funding: Funding, tranche: Tranche, state: FundingState): Fen =>
  trancheStatus(funding, tranche, state) === 'payable' ? tranche.amountFen : 0;

export function fundingTotals(funding: Funding, state: FundingState) {
  const of = (status: TrancheStatus) =>
    funding.tranches.filter((t) => trancheStatus(funding, t, state) === status).reduce((s, t) => s + t.amountFen, 0);
  return {
    approvedFen: funding.approvedFen,
    paidFen: funding.payments.reduce((s, p) => s + p.amountFen, 0),
    payableFen: of('payable'),
    pendingFen: of('pending'),
    stoppedFen: of('stopped'),
  };
}

/** Whether a grant needs its reason: it differs from the grant the budget asked for. */
export const grantNeedsReason = (grant: Pick<GrantInput, 'approvedFen'>, requestedFen: Fen | undefined) =>
  requestedFen !== undefined && grant.approvedFen !== requestedFen;

export type PaymentJudgement =
  | { kind: 'new' }
  | { kind: 'repeat'; payment: Payment }
  | { kind: 'no-tranche' }
  | { kind: 'already-paid'; payment: Payment }
  | { kind: 'voucher-used'; payment: Payment }
  | { kind: 'above-payable'; payableFen: Fen };

/**
 * A payment judged against the grant: the same voucher for the same tranche again is the payment
 * already recorded (idempotent); a tranche paid before, or a voucher used on another, is a conflict;
 * more than the tranche's payable amount is refused.
 */
export function judgePayment(funding: Funding, state: FundingState, input: PaymentInput): PaymentJudgement {
  const tranche = funding.tranches.find((t) => t.index === input.tranche);
  if (!tranche) return { kind: 'no-tranche' };
  const earlier = funding.payments.find((p) => p.tranche === input.tranche);
  if (earlier) return earlier.voucher === input.voucher ? { kind: 'repeat', payment: earlier } : { kind: 'already-paid', payment: earlier };
  const voucherUsed = funding.payments.find((p) => p.voucher === input.voucher);
  if (voucherUsed) return { kind: 'voucher-used', payment: voucherUsed };
  const payableFen = payableOn(funding, tranche, state);
  if (input.amountFen > payableFen) return { kind: 'above-payable', payableFen };
  return { kind: 'new' };
}

/** The tranches a move makes payable (`before` null: the grant was just made). Each opens the office's payment task. */
export function newlyPayable(funding: Funding | undefined, before: FundingState | null, after: FundingState): Tranche[] {
  if (!funding) return [];
  return funding.tranches.filter(
    (t) => (before ? trancheStatus(funding, t, before) : 'pending') !== 'payable' && trancheStatus(funding, t, after) === 'payable',
  );
}

/** The office records a released tranche's payment within this many working days (登记拨付, a task). */
export const TRANCHE_PAYMENT_DAYS = 10;
/** Past its escalation, a payment task still open waits this many working days more, then the history says it is overdue. */
export const TRANCHE_PAYMENT_GRACE_DAYS = 5;
/** The payment task of a tranche: one per project and tranche, so opening it again is the same task. */
export const tranchePaymentToken = (declarationId: string, index: number) => `tranche-payment:${declarationId}:${index}`;

/**
 * What a move of the project does to its tranches, for its history: tranches a milestone released,
 * and the ones a failed or ended project stopped. `before` null: the grant was just made, so the
 * tranches its milestones have already reached are released with it. Nothing when no grant was made.
 */
export function trancheEvents(funding: Funding | undefined, before: FundingState | null, after: FundingState) {
  if (!funding) return [];
  const was = (t: Tranche): TrancheStatus => (before ? trancheStatus(funding, t, before) : 'pending');
  const changed = (status: TrancheStatus) =>
    funding.tranches.filter((t) => was(t) !== status && trancheStatus(funding, t, after) === status);
  const named = (ts: Tranche[]) =>
    ts.map((t) => `第 ${t.index} 笔（${trancheMilestoneLabels[t.milestone].zh}，${formatYuan(t.amountFen)}）`).join('、');
  const events: { action: 'funding.tranche_released' | 'funding.tranches_stopped'; reason: string }[] = [];
  const released = newlyPayable(funding, before, after);
  if (released.length) events.push({ action: 'funding.tranche_released', reason: `${named(released)}达到拨付节点，可拨付` });
  const stopped = changed('stopped');
  if (stopped.length) events.push({ action: 'funding.tranches_stopped', reason: `项目未能继续，停止拨付剩余经费：${named(stopped)}` });
  return events;
}
