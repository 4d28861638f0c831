import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  acceptanceBlock,
  executionOf,
  executionRateBp,
  expenditureInput,
  expenditureReportAt,
  finalAccountsInput,
  formatRate,
  mismatchText,
  newlyOverspent,
  overspent,
  paidBeforeAcceptance,
  reconcileFinalAccounts,
} from '../../core/expenditure';
import { type BudgetLine, type Funding, type FundingState, fundingTotals, judgePayment, planTranches } from '../../core/funding';
import { MAX_FEN } from '../../core/money';

const categories = ['courseDevelopment', 'teachers', 'equipment', 'venue'] as const;
const label = (c: string) => ({ courseDevelopment: '课程开发', teachers: '师资', equipment: '设备', venue: '场地' })[c] ?? c;
const lineArb = fc.record({
  category: fc.constantFrom(...categories),
  amount: fc.integer({ min: 0, max: 10_000_000_000 }),
  source: fc.constantFrom('fiscal', 'own', 'donation'),
});
const spendArb = fc.record({ category: fc.constantFrom(...categories), amountFen: fc.integer({ min: 1, max: 10_000_000_000 }) });
const outlay = { category: 'teachers', amountFen: 100, spentOn: '2027-03-01', description: '讲课费' };

describe('an expenditure and a 决算 at the edge', () => {
  it('refuses a negative, fractional or too large amount, a bad date, and a line or source listed twice, each at its field', () => {
    for (const [body, path] of [
      [{ ...outlay, amountFen: -1 }, ['amountFen']],
      [{ ...outlay, amountFen: 0 }, ['amountFen']],
      [{ ...outlay, amountFen: 1.5 }, ['amountFen']],
      [{ ...outlay, amountFen: MAX_FEN + 1 }, ['amountFen']],
      [{ ...outlay, spentOn: '2027-13-01' }, ['spentOn']],
      [{ ...outlay, category: 'Bad key' }, ['category']],
      [{ ...outlay, extra: 1 }, []],
    ] as const) {
      const judged = expenditureInput.safeParse(body);
      expect(judged.success, JSON.stringify(body)).toBe(false);
      expect(judged.error?.issues[0]?.path).toEqual(path);
    }
    expect(expenditureInput.safeParse(outlay).success).toBe(true);
    const twice = finalAccountsInput.safeParse({
      lines: [
        { category: 'teachers', amountFen: 1 },
        { category: 'teachers', amountFen: 2 },
      ],
      sources: [],
    });
    expect(twice.error?.issues[0]?.path).toEqual(['lines', 1, 'category']);
    expect(finalAccountsInput.safeParse({ lines: [{ category: 'teachers', amountFen: 0.5 }], sources: [] }).error?.issues[0]?.path).toEqual(
      ['lines', 0, 'amountFen'],
    );
  });

  it('is open with the mid-term report and the acceptance application, not in between', () => {
    expect(expenditureReportAt('construction')).toBeUndefined();
    expect(expenditureReportAt('midterm_report')).toBe('midterm');
    expect(expenditureReportAt('midterm_review')).toBeUndefined();
    expect(expenditureReportAt('acceptance_decision')).toBe('acceptance');
    expect(expenditureReportAt('accepted')).toBeUndefined();
  });
});

describe('预算执行率 and over-spend', () => {
  it('states the rate in basis points, rounded down, with integers only', () => {
    expect(executionRateBp(500_000, 1_200_000)).toBe(4166);
    expect(formatRate(executionRateBp(1_350_000, 1_200_000))).toBe('112.50%');
    expect(executionRateBp(1, 0)).toBeNull();
    expect(formatRate(null)).toBe('—');
  });

  it('flags a line only beyond its tolerance, and only when it crosses it', () => {
    expect(overspent(1_100_000, 1_000_000, 10)).toBe(false);
    expect(overspent(1_100_001, 1_000_000, 10)).toBe(true);
    expect(overspent(1, 0, 10)).toBe(true);
    const lines: BudgetLine[] = [{ category: 'teachers', amount: 1000, source: 'fiscal' }];
    expect(newlyOverspent([], { category: 'teachers', amountFen: 1101 }, lines, 10)).toEqual(['teachers']);
    expect(newlyOverspent([{ category: 'teachers', amountFen: 1101 }], { category: 'teachers', amountFen: 1 }, lines, 10)).toEqual([]);
  });

  it('any budget and spending: the lines sum to the totals to the 分, and each line is flagged at most once', () => {
    fc.assert(
      fc.property(
        fc.array(lineArb, { maxLength: 10 }),
        fc.array(spendArb, { maxLength: 30 }),
        fc.integer({ min: 0, max: 100 }),
        (lines, spends, tol) => {
          const flagged: string[] = [];
          const done: typeof spends = [];
          for (const s of spends) {
            flagged.push(...newlyOverspent(done, s, lines, tol));
            done.push(s);
          }
          expect(new Set(flagged).size).toBe(flagged.length);
          const view = executionOf(lines, spends, tol);
          expect(view.budgetFen).toBe(lines.reduce((sum, l) => sum + l.amount, 0));
          expect(view.spentFen).toBe(spends.reduce((sum, s) => sum + s.amountFen, 0));
          expect(view.lines.reduce((sum, l) => sum + l.spentFen, 0)).toBe(view.spentFen);
          for (const l of view.lines) {
            expect(l.overspent).toBe(flagged.includes(l.category));
            if (l.spentFen <= l.budgetFen && l.budgetFen > 0) expect(l.rateBp!).toBeLessThanOrEqual(10_000);
          }
        },
      ),
    );
  });
});

describe('the 决算 reconciles with the reported lines and the payments', () => {
  const plan = planTranches({
    approvedFen: 1_000_001,
    tranches: [
      { milestone: 'establishment', percent: 50 },
      { milestone: 'midterm', percent: 30 },
      { milestone: 'acceptance', percent: 20 },
    ],
  });

  it('any sequence of payments and spending: the 决算 that copies them reconciles; any line off by d is named with d, to the 分', () => {
    const payArb = fc.record({ kind: fc.constant('pay' as const), tranche: fc.integer({ min: 1, max: 3 }) });
    const moveArb = fc.record({ kind: fc.constant('move' as const), midterm: fc.boolean(), accepted: fc.boolean() });
    const spendStep = spendArb.map((s) => ({ kind: 'spend' as const, ...s }));
    fc.assert(
      fc.property(
        fc.array(fc.oneof(payArb, moveArb, spendStep), { maxLength: 30 }),
        fc.integer({ min: -MAX_FEN, max: MAX_FEN }).filter((d) => d !== 0),
        (steps, d) => {
          const f: Funding = { approvedFen: 1_000_001, grantedAt: '', grantedBy: 'admin', tranches: plan, payments: [] };
          let state: FundingState = { stage: 'construction', midtermDone: false };
          const spends: { category: string; amountFen: number }[] = [];
          for (const step of steps) {
            if (step.kind === 'move')
              state = { stage: step.accepted ? 'accepted' : state.stage, midtermDone: state.midtermDone || step.midterm };
            else if (step.kind === 'spend') spends.push(step);
            else {
              const t = plan[step.tranche - 1]!;
              const input = { tranche: t.index, paidOn: '2027-01-01', amountFen: t.amountFen, voucher: `V${t.index}` };
              if (judgePayment(f, state, input).kind === 'new') f.payments.push({ ...input, recordedAt: '', recordedBy: 'admin' });
            }
          }
          const paidInAll = fundingTotals(f, state).paidFen;
          expect(paidInAll).toBeLessThanOrEqual(f.approvedFen);
          // The 决算 accounts for what was paid before acceptance: all of it until the project is accepted.
          const paid = paidBeforeAcceptance(f);
          expect(paid).toBeLessThanOrEqual(paidInAll);
          if (state.stage !== 'accepted') expect(paid).toBe(paidInAll);
          const byLine = new Map<string, number>();
          for (const s of spends) byLine.set(s.category, (byLine.get(s.category) ?? 0) + s.amountFen);
          const accounts = {
            lines: [...byLine].map(([category, amountFen]) => ({ category, amountFen })),
            sources: [{ source: 'fiscal', receivedFen: paid }],
          };
          expect(reconcileFinalAccounts(accounts, spends, paid)).toEqual([]);
          expect(acceptanceBlock(accounts, spends, paid, label)).toBeUndefined();
          // One line off by d: exactly that line, by d.
          const off = categories[Math.abs(d) % categories.length]!;
          const was = byLine.get(off) ?? 0;
          if (was + d < 0) return;
          const wrong = {
            ...accounts,
            lines: [...accounts.lines.filter((l) => l.category !== off), { category: off, amountFen: was + d }],
          };
          expect(reconcileFinalAccounts(wrong, spends, paid)).toEqual([
            { kind: 'line', category: off, declaredFen: was + d, reportedFen: was, differenceFen: d },
          ]);
          // The 财政 received off by d: the fiscal mismatch alone.
          if (paid + d >= 0)
            expect(reconcileFinalAccounts({ ...accounts, sources: [{ source: 'fiscal', receivedFen: paid + d }] }, spends, paid)).toEqual([
              { kind: 'fiscal', declaredFen: paid + d, paidFen: paid, differenceFen: d },
            ]);
        },
      ),
    );
  });

  it('says the mismatch in the office’s words, and that a missing 决算 holds acceptance', () => {
    const m = reconcileFinalAccounts(
      { lines: [{ category: 'courseDevelopment', amountFen: 1_300_000 }], sources: [{ source: 'fiscal', receivedFen: 800_000 }] },
      [{ category: 'courseDevelopment', amountFen: 1_350_000 }],
      800_000,
    );
    expect(m.map((x) => mismatchText(x, label))).toEqual(['课程开发：决算 13,000.00 元，报告支出 13,500.00 元，相差 500.00 元']);
    expect(acceptanceBlock(undefined, [], 0, label)?.code).toBe('final-accounts-missing');
  });
});
