import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  budgetFieldProblems,
  type Funding,
  type FundingState,
  type GrantInput,
  fundingDefinitionProblems,
  fundingTotals,
  grantInput,
  judgePayment,
  milestoneReached,
  newlyPayable,
  paymentInput,
  planTranches,
  trancheAmounts,
  trancheEvents,
  trancheMilestones,
  trancheStatus,
} from '../../core/funding';
import { kindDefinition } from '../../core/kind-definition';
import { formValuesSchema } from '../../core/form-definition';
import { MAX_FEN } from '../../core/money';
import { projectStages, type ProjectStage } from '../../core/projects';
import { seededKind } from '../../local/kind-seeds';
import { defaultTranchePlan, lifecycleMilestones, tranchePlan, unreachedTranches } from '../../core/tranche-plan';

const elder = seededKind('elder-empowerment');
const funding = elder.funding!;
const line = (category: string, amount: number, source = 'fiscal') => ({ category, amount, source });
const threeTranches: NonNullable<GrantInput['tranches']> = [
  { milestone: 'establishment', percent: 50 },
  { milestone: 'midterm', percent: 30 },
  { milestone: 'acceptance', percent: 20 },
];

describe('the budget table of a kind', () => {
  it('is coherent with the form, and a limit on a category the table lacks is refused at the limit', () => {
    expect(fundingDefinitionProblems(funding, elder.form)).toEqual([]);
    const broken = { ...funding, categoryLimits: [{ category: 'yachts', maxPercent: 5 }] };
    expect(fundingDefinitionProblems(broken, elder.form)).toEqual([
      { path: ['funding', 'categoryLimits', 0, 'category'], message: 'yachts is not a budget category' },
    ]);
    const parsed = kindDefinition.safeParse({ ...elder, funding: { ...funding, budgetField: 'serviceArea' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['funding', 'budgetField']);
  });

  it('refuses at the cell a negative, fractional or too large amount and an unknown category', () => {
    const schema = formValuesSchema(elder.form, { complete: true });
    for (const [row, path] of [
      [line('teachers', -1), 'amount'],
      [line('teachers', 10.5), 'amount'],
      [line('teachers', MAX_FEN + 1), 'amount'],
      [line('yachts', 100), 'category'],
      [line('teachers', 100, 'lottery'), 'source'],
    ] as const) {
      const judged = schema.safeParse({ budgetLines: [row] });
      expect(judged.success).toBe(false);
      expect(judged.error?.issues.map((i) => i.path)).toContainEqual(['budgetLines', 0, path]);
    }
  });

  it('names the rule a budget breaks at submission: the maximum grant, a category’s share of the 财政 lines', () => {
    const at = (lines: unknown[]) => budgetFieldProblems(funding, elder.form, { budgetLines: lines }, 'declaration.fields');
    expect(at([line('teachers', 30_000_000), line('equipment', 12_000_000), line('venue', 5_000_000, 'own')])).toEqual([]);
    const over = at([line('teachers', 50_000_000), line('venue', 1, 'fiscal')]);
    expect(over).toEqual([
      expect.objectContaining({
        field: 'declaration.fields.budgetLines',
        code: 'budget-over-maximum',
        params: { requestedFen: 50_000_001, maxFen: 50_000_000 },
      }),
    ]);
    // 设备 30% of 100,000.00: 30,000.01 元 is over, and only 财政 lines count.
    const equipment = at([line('teachers', 6_999_999), line('equipment', 3_000_001), line('equipment', 9_000_000, 'own')]);
    expect(equipment).toEqual([expect.objectContaining({ code: 'budget-category-over', params: { label: '设备', maxPercent: 30 } })]);
    expect(at([line('teachers', 7_000_000), line('equipment', 3_000_000)])).toEqual([]);
  });
});

describe('a grant and its tranches', () => {
  it('refuses a plan not summing to 100, out of milestone order, or with fractional 分', () => {
    const grant = (body: unknown) => grantInput.safeParse(body);
    expect(grant({ approvedFen: 100, tranches: [{ milestone: 'establishment', percent: 50 }] }).error?.issues[0]?.path).toEqual([
      'tranches',
    ]);
    expect(
      grant({
        approvedFen: 100,
        tranches: [
          { milestone: 'midterm', percent: 50 },
          { milestone: 'establishment', percent: 50 },
        ],
      }).error?.issues[0]?.path,
    ).toEqual(['tranches', 1, 'milestone']);
    expect(grant({ approvedFen: 100.5, tranches: [{ milestone: 'establishment', percent: 100 }] }).error?.issues[0]?.path).toEqual([
      'approvedFen',
    ]);
    expect(paymentInput.safeParse({ tranche: 1, paidOn: '2026-02-30', amountFen: 1, voucher: 'V1' }).error?.issues[0]?.path).toEqual([
      'paidOn',
    ]);
  });

  it('puts the remainder on the last tranche: 50/30/20 of 1,000.01 元', () => {
    expect(trancheAmounts(100_001, [50, 30, 20])).toEqual([50_000, 30_000, 20_001]);
  });

  it('any grant: the tranches sum to it to the 分, none negative', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_FEN }), percentsArb, (approved, percents) => {
        const amounts = trancheAmounts(approved, percents);
        expect(amounts.reduce((s, a) => s + a, 0)).toBe(approved);
        for (const a of amounts) expect(Number.isSafeInteger(a) && a >= 0).toBe(true);
      }),
    );
  });

  it('any sequence of milestones and payments keeps paid ≤ granted, payable following milestones, sums reconciling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_FEN }), percentsArb, fc.array(stepArb, { maxLength: 25 }), (approved, percents, steps) => {
        const tranches = planTranches({
          approvedFen: approved,
          tranches: percents.map((percent, i) => ({ milestone: trancheMilestones[i]!, percent })),
        });
        const f: Funding = { approvedFen: approved, grantedAt: '', grantedBy: 'admin', tranches, payments: [] };
        let state: FundingState = { stage: 'construction', midtermDone: false };
        for (const step of steps) {
          if (step.kind === 'move') {
            const before = state;
            state = { stage: step.stage, midtermDone: state.midtermDone || step.midtermPassed };
            for (const e of trancheEvents(f, before, state)) expect(e.reason).toMatch(/第 \d 笔/);
          } else {
            const input = { tranche: step.tranche, paidOn: '2027-01-01', amountFen: step.amount, voucher: step.voucher };
            const judged = judgePayment(f, state, input);
            if (judged.kind === 'new') f.payments.push({ ...input, recordedAt: '', recordedBy: 'admin' });
          }
          const totals = fundingTotals(f, state);
          expect(totals.paidFen).toBeLessThanOrEqual(approved);
          // Every tranche is in one standing: the unpaid ones and the payments reconcile with the grant.
          const paidTranches = tranches.filter((t) => trancheStatus(f, t, state) === 'paid').reduce((s, t) => s + t.amountFen, 0);
          expect(paidTranches + totals.payableFen + totals.pendingFen + totals.stoppedFen).toBe(approved);
          expect(totals.paidFen).toBeLessThanOrEqual(paidTranches);
          for (const t of tranches) {
            const status = trancheStatus(f, t, state);
            if (status === 'payable') expect(milestoneReached(t.milestone, state)).toBe(true);
            const payment = f.payments.find((p) => p.tranche === t.index);
            if (payment) {
              expect(payment.amountFen).toBeLessThanOrEqual(t.amountFen);
              expect(f.payments.filter((p) => p.tranche === t.index)).toHaveLength(1);
            }
          }
          expect(new Set(f.payments.map((p) => p.voucher)).size).toBe(f.payments.length);
        }
      }),
    );
  });

  it('a tranche is paid once: the same voucher again is the payment recorded, another is a conflict', () => {
    const f: Funding = {
      approvedFen: 1000,
      grantedAt: '',
      grantedBy: 'admin',
      tranches: planTranches({ approvedFen: 1000, tranches: [{ milestone: 'establishment', percent: 100 }] }),
      payments: [],
    };
    const state: FundingState = { stage: 'construction', midtermDone: false };
    const pay = { tranche: 1, paidOn: '2027-01-01', amountFen: 1000, voucher: 'V-1' };
    expect(judgePayment(f, state, { ...pay, amountFen: 1001 })).toEqual({ kind: 'above-payable', payableFen: 1000 });
    expect(judgePayment(f, state, pay)).toEqual({ kind: 'new' });
    f.payments.push({ ...pay, recordedAt: '', recordedBy: 'admin' });
    expect(judgePayment(f, state, pay).kind).toBe('repeat');
    expect(judgePayment(f, state, { ...pay, voucher: 'V-2' }).kind).toBe('already-paid');
    expect(judgePayment(f, state, { ...pay, tranche: 2 }).kind).toBe('no-tranche');
  });

  it('a termination stops what is not yet released, and says which', () => {
    const f: Funding = {
      approvedFen: 100_000,
      grantedAt: '',
      grantedBy: 'admin',
      tranches: planTranches({
        approvedFen: 100_000,
        tranches: threeTranches,
      }),
      payments: [],
    };
    const events = trancheEvents(f, { stage: 'construction', midtermDone: true }, { stage: 'terminated', midtermDone: true });
    expect(events).toEqual([{ action: 'funding.tranches_stopped', reason: expect.stringContaining('第 3 笔（验收通过，200.00 元）') }]);
    expect(trancheEvents(f, null, { stage: 'construction', midtermDone: false })).toEqual([
      { action: 'funding.tranche_released', reason: expect.stringContaining('第 1 笔（立项，500.00 元）') },
    ]);
  });
});

/** One to three percentages summing to 100. */
const percentsArb = fc
  .integer({ min: 1, max: 3 })
  .chain((n) =>
    n === 1
      ? fc.constant<number[]>([100])
      : fc
          .uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: n - 1, maxLength: n - 1 })
          .map((cuts) => [0, ...cuts.sort((a, b) => a - b), 100].slice(1).map((c, i, all) => c - ([0, ...all][i] ?? 0))),
  );
const stepArb = fc.oneof(
  fc.record({ kind: fc.constant('move' as const), stage: fc.constantFrom<ProjectStage>(...projectStages), midtermPassed: fc.boolean() }),
  fc.record({
    kind: fc.constant('pay' as const),
    tranche: fc.integer({ min: 1, max: 3 }),
    amount: fc.integer({ min: 1, max: MAX_FEN }),
    voucher: fc.constantFrom('V1', 'V2', 'V3', 'V4'),
  }),
);

describe('the tranches a move makes payable (each opens the office’s payment task)', () => {
  const grant: Funding = {
    approvedFen: 1_000_001,
    grantedAt: '2026-12-01T00:00:00Z',
    grantedBy: 'admin',
    tranches: planTranches({
      approvedFen: 1_000_001,
      tranches: threeTranches,
    }),
    payments: [],
  };
  const building: FundingState = { stage: 'construction', midtermDone: false };
  it('the grant releases 立项’s; the mid-term passed its own; acceptance the last; a paid or ended project none', () => {
    const indices = (ts: { index: number }[]) => ts.map((t) => t.index);
    expect(indices(newlyPayable(grant, null, building))).toEqual([1]);
    expect(indices(newlyPayable(grant, building, { ...building, midtermDone: true }))).toEqual([2]);
    expect(indices(newlyPayable(grant, { ...building, midtermDone: true }, { stage: 'accepted', midtermDone: true }))).toEqual([3]);
    expect(newlyPayable(grant, building, { stage: 'terminated', midtermDone: false })).toEqual([]);
    expect(newlyPayable(grant, building, building)).toEqual([]);
    expect(newlyPayable(undefined, null, building)).toEqual([]);
    const paid = {
      ...grant,
      payments: [{ tranche: 1, paidOn: '2026-12-20', amountFen: 500_000, voucher: 'PZ-1', recordedAt: '', recordedBy: 'admin' }],
    };
    expect(newlyPayable(paid, null, building)).toEqual([]);
  });
});

describe('the tranche plan of a kind (issue 23)', () => {
  const plan = (...percents: [string, number][]) => percents.map(([milestone, percent]) => ({ milestone, percent }));

  it('holds a kind’s plan to a grant’s rules: 100 in all, one per milestone in order, at the same paths', () => {
    expect(tranchePlan.safeParse(threeTranches).success).toBe(true);
    expect(tranchePlan.safeParse(plan(['establishment', 60], ['acceptance', 30])).error?.issues[0]?.path).toEqual([]);
    expect(tranchePlan.safeParse(plan(['midterm', 50], ['establishment', 50])).error?.issues[0]?.path).toEqual([1, 'milestone']);
    const kind = (tranches: unknown) => kindDefinition.safeParse({ ...elder, funding: { ...funding, tranchePlan: tranches } });
    expect(kind(threeTranches).success).toBe(true);
    expect(kind(plan(['establishment', 60], ['acceptance', 30])).error?.issues.map((i) => i.path)).toEqual([['funding', 'tranchePlan']]);
    expect(kind([]).error?.issues.map((i) => i.path)).toEqual([['funding', 'tranchePlan']]);
    // A grant's plan is optional now, and judged by the same schema when given.
    expect(grantInput.safeParse({ approvedFen: 100 }).success).toBe(true);
    expect(grantInput.safeParse({ approvedFen: 100, tranches: plan(['establishment', 50]) }).error?.issues[0]?.path).toEqual(['tranches']);
  });

  it('refuses a tranche at a milestone the kind’s lifecycle never reaches, naming the tranche', () => {
    expect(lifecycleMilestones('construction')).toEqual(['establishment', 'midterm', 'acceptance']);
    expect(lifecycleMilestones(undefined)).toEqual(['establishment', 'midterm', 'acceptance']);
    expect(lifecycleMilestones('acceptance-only')).toEqual(['establishment', 'acceptance']);
    expect(lifecycleMilestones('selection-only')).toEqual(['establishment']);
    expect(unreachedTranches(threeTranches, 'construction')).toEqual([]);
    expect(unreachedTranches(threeTranches, 'acceptance-only')).toEqual([
      { index: 1, milestone: 'midterm', message: "this kind's lifecycle (acceptance-only) has no mid-term check" },
    ]);
    const noMidterm = kindDefinition.safeParse({
      ...elder,
      lifecycle: 'acceptance-only',
      funding: { ...funding, tranchePlan: threeTranches },
    });
    expect(noMidterm.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['funding', 'tranchePlan', 1, 'milestone'], "this kind's lifecycle (acceptance-only) has no mid-term check"],
    ]);
    expect(
      fundingDefinitionProblems(
        { ...funding, tranchePlan: plan(['establishment', 70], ['acceptance', 30]) as any },
        elder.form,
        'acceptance-only',
      ),
    ).toEqual([]);
    expect(fundingDefinitionProblems({ ...funding, tranchePlan: threeTranches }, elder.form, 'selection-only').map((p) => p.path)).toEqual([
      ['funding', 'tranchePlan', 1, 'milestone'],
      ['funding', 'tranchePlan', 2, 'milestone'],
    ]);
  });

  it('a grant given no plan takes the kind’s, else the defaults by lifecycle', () => {
    const kinds = plan(['establishment', 40], ['midterm', 40], ['acceptance', 20]) as typeof threeTranches;
    expect(defaultTranchePlan('construction', { tranchePlan: kinds })).toBe(kinds);
    expect(defaultTranchePlan('construction', funding)).toEqual(threeTranches);
    expect(defaultTranchePlan(undefined, undefined)).toEqual(threeTranches);
    expect(defaultTranchePlan('acceptance-only', undefined)).toEqual(plan(['establishment', 70], ['acceptance', 30]));
    expect(defaultTranchePlan('selection-only', undefined)).toEqual(plan(['establishment', 100]));
    // Every default passes the plan's own rules and its lifecycle's.
    for (const lifecycle of ['construction', 'acceptance-only', 'selection-only'] as const) {
      const defaults = defaultTranchePlan(lifecycle, undefined);
      expect(tranchePlan.safeParse(defaults).success).toBe(true);
      expect(unreachedTranches(defaults, lifecycle)).toEqual([]);
    }
  });
});
