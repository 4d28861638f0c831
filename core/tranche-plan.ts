import { z } from 'zod';
import type { KindLifecycle } from './kind-definition';
import { count } from './numbers';
import { issueCode } from './problem-codes';

/**
 * The tranche plan (issue 23): which share of a grant each milestone of the workflow releases, e.g.
 * 50% at 立项, 30% once the mid-term passes, 20% once accepted. A kind (programme) sets it with its
 * funding rules; a grant takes the kind's plan unless the office gives its own by exception. The same
 * rules hold for both: percentages summing to 100, one tranche per milestone, in milestone order.
 */
export const trancheMilestones = ['establishment', 'midterm', 'acceptance'] as const;
export type TrancheMilestone = (typeof trancheMilestones)[number];
export const trancheMilestoneLabels: Record<TrancheMilestone, { zh: string; en: string }> = {
  establishment: { zh: '立项', en: 'Establishment' },
  midterm: { zh: '中期检查通过', en: 'Mid-term check passed' },
  acceptance: { zh: '验收通过', en: 'Acceptance passed' },
};

/** A plan as given: each milestone's percent, in milestone order, summing to 100. */
export const tranchePlan = z
  .array(z.strictObject({ milestone: z.enum(trancheMilestones), percent: count(1, 100) }))
  .min(1, 'a plan has at least one tranche')
  .max(trancheMilestones.length)
  .superRefine((plan, ctx) => {
    const sum = plan.reduce((s, t) => s + t.percent, 0);
    // An empty plan is refused by its length alone.
    if (plan.length && sum !== 100)
      ctx.addIssue({ code: 'custom', path: [], message: `the tranches' percentages sum to ${sum}, not 100`, ...issueCode('tranches-sum') });
    plan.forEach((t, i) => {
      const before = plan[i - 1];
      if (before && trancheMilestones.indexOf(before.milestone) >= trancheMilestones.indexOf(t.milestone))
        ctx.addIssue({
          code: 'custom',
          path: [i, 'milestone'],
          message: 'one tranche per milestone, in milestone order',
          ...issueCode('tranche-order'),
        });
    });
  });
export type TranchePlan = z.infer<typeof tranchePlan>;

/** The milestones a lifecycle reaches: a selection ends at 立项; acceptance-only has no mid-term; construction has both. Absent: construction. */
export function lifecycleMilestones(lifecycle: KindLifecycle | undefined): readonly TrancheMilestone[] {
  if (lifecycle === 'selection-only') return ['establishment'];
  if (lifecycle === 'acceptance-only') return ['establishment', 'acceptance'];
  return trancheMilestones;
}

/** Each tranche of a plan at a milestone its lifecycle never reaches, by its index in the plan. */
export function unreachedTranches(plan: TranchePlan, lifecycle: KindLifecycle | undefined) {
  const reached = lifecycleMilestones(lifecycle);
  return plan.flatMap((t, index) =>
    reached.includes(t.milestone)
      ? []
      : [
          {
            index,
            milestone: t.milestone,
            message:
              t.milestone === 'midterm'
                ? `this kind's lifecycle (${lifecycle}) has no mid-term check`
                : `this kind's lifecycle (${lifecycle}) has no acceptance`,
          },
        ],
  );
}

/**
 * The plan a grant takes when the office gives none: its kind's, else the defaults — 50/30/20 at
 * 立项, the mid-term and acceptance; 70/30 without a mid-term; all at 立项 for a selection.
 */
export function defaultTranchePlan(
  lifecycle: KindLifecycle | undefined,
  funding: { tranchePlan?: TranchePlan | undefined } | undefined,
): TranchePlan {
  if (funding?.tranchePlan) return funding.tranchePlan;
  if (lifecycle === 'selection-only') return [{ milestone: 'establishment', percent: 100 }];
  if (lifecycle === 'acceptance-only')
    return [
      { milestone: 'establishment', percent: 70 },
      { milestone: 'acceptance', percent: 30 },
    ];
  return [
    { milestone: 'establishment', percent: 50 },
    { milestone: 'midterm', percent: 30 },
    { milestone: 'acceptance', percent: 20 },
  ];
}
