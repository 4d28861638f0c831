import { ConflictError, problemAt, ValidationError } from '../../core/errors';
import { formOf } from '../../core/form-definition';
import {
  budgetCategories,
  budgetLinesOf,
  budgetSources,
  budgetTotals,
  type Funding,
  type FundingState,
  type GrantInput,
  grantNeedsReason,
  judgePayment,
  type PaymentInput,
  payableOn,
  planTranches,
  trancheEvents,
  trancheMilestoneLabels,
  trancheStatus,
  trancheStatusLabels,
  fundingTotals,
} from '../../core/funding';
import { type Actor, WORKFLOW_ACTOR } from '../../core/identity';
import { defaultTranchePlan, type TranchePlan, unreachedTranches } from '../../core/tranche-plan';
import { formatYuan } from '../../core/money';
import { coded } from '../../core/problem-codes';
import { finalProjectStages } from '../../core/projects';
import { clock } from '../adapters/clock';
import { store, type ProjectItem } from '../adapters/entities';
import { auditItem } from './audit';
import { expenditureView } from './expenditure';
import { configOf, requireCityAdmin, settledCall } from './calls';
import { getProject, getVisibleProject, settingsOfProject } from './projects';
import type { Commit, Writes } from './tasks';
import { openingWrites } from './tasks';
import { openPaymentTask, paymentTaskDone, tranchePaymentOpenings } from './tranche-payments';

/**
 * A project's funding (issue 23): the budget its declaration asked for, the grant the city office
 * sets at 立项 with its tranche plan, and the payments it records. A tranche is released by the
 * workflow's own milestones (core/funding.ts `milestoneReached`), never by hand.
 */
const stateOf = (project: Pick<ProjectItem, 'stage' | 'midtermDone'>): FundingState => ({
  stage: project.stage,
  midtermDone: project.midtermDone,
});

async function budgetOf(project: ProjectItem) {
  const call = await settledCall(project.callId);
  const form = formOf(configOf(call));
  const { funding } = await settingsOfProject(project);
  const { data: declaration } = await store().entities.declaration.get({ declarationId: project.declarationId }).go();
  const lines = budgetLinesOf(funding, declaration?.fields as Record<string, unknown> | undefined);
  return { funding, form, lines, requestedFen: funding && lines.length ? budgetTotals(lines).requestedFen : undefined };
}

/** What the project page shows: the budget by line and in total, the grant, each tranche's standing, the payments. */
export async function fundingView(actor: Actor, declarationId: string) {
  const project = await getVisibleProject(actor, declarationId);
  const { funding: rules, form, lines } = await budgetOf(project);
  const label = (options: { value: string; labelZh: string }[], value: string) => options.find((o) => o.value === value)?.labelZh ?? value;
  const categories = rules ? budgetCategories(form, rules) : [];
  const sources = rules ? budgetSources(form, rules) : [];
  const totals = budgetTotals(lines);
  const grant = project.funding as Funding | undefined;
  const state = stateOf(project);
  return {
    budget: rules
      ? {
          lines: lines.map((l) => ({
            ...l,
            categoryLabel: label(categories, l.category),
            sourceLabel: label(sources, l.source),
          })),
          totalFen: totals.totalFen,
          requestedFen: totals.requestedFen,
          bySource: sources.map((s) => ({ source: s.value, label: s.labelZh, amountFen: totals.bySource[s.value] ?? 0 })),
          byCategory: categories.map((c) => ({ category: c.value, label: c.labelZh, amountFen: totals.byCategory[c.value] ?? 0 })),
          maxGrantFen: rules.maxGrantFen,
        }
      : null,
    /** The plan a grant takes when the office gives none: the kind's, else the defaults. */
    tranchePlan: defaultTranchePlan(project.lifecycle, rules),
    grant: grant
      ? {
          approvedFen: grant.approvedFen,
          requestedFen: grant.requestedFen ?? null,
          reason: grant.reason ?? null,
          grantedAt: grant.grantedAt,
          grantedBy: grant.grantedBy,
          tranches: grant.tranches.map((t) => {
            const status = trancheStatus(grant, t, state);
            return {
              ...t,
              milestoneLabel: trancheMilestoneLabels[t.milestone],
              status,
              statusLabel: trancheStatusLabels[status],
              payableFen: payableOn(grant, t, state),
              payment: grant.payments.find((p) => p.tranche === t.index) ?? null,
            };
          }),
          payments: grant.payments,
          totals: fundingTotals(grant, state),
        }
      : null,
    ...(rules ? await expenditureView(project) : {}),
  };
}
export type FundingView = Awaited<ReturnType<typeof fundingView>>;

/** Writes the funding on the project as it was read, with its audit events, in one transaction; a project changed meanwhile is a conflict. */
async function writeFunding(
  project: ProjectItem,
  funding: Funding,
  events: { actor: string; action: string; reason: string; taskId?: string }[],
  tasks: (entities: Writes) => Commit[] = () => [],
) {
  const { declarationId } = project;
  const result = await store()
    .transaction.write((entities) => [
      ...tasks(entities),
      entities.project
        .patch({ declarationId })
        .set({ funding, updatedAt: clock().now().toISOString() })
        .add({ version: 1 })
        .where(({ version }, { eq }) => eq(version, project.version))
        .commit(),
      ...events.map((e) => entities.auditEvent.create(auditItem({ declarationId, ...e } as Parameters<typeof auditItem>[0])).commit()),
    ])
    .go();
  if (result.canceled)
    throw new ConflictError('the project changed meanwhile; try again', { stage: project.stage }, { coded: coded('changed-meanwhile') });
}

const sameGrant = (a: Funding, b: GrantInput, plan: TranchePlan) =>
  a.approvedFen === b.approvedFen &&
  a.tranches.length === plan.length &&
  a.tranches.every((t, i) => t.milestone === plan[i]!.milestone && t.percent === plan[i]!.percent);

/**
 * The city office's grant at 立项: the approved amount (a reason when it differs from the 财政 lines
 * the budget asked for), at most the kind's maximum, and the tranche plan: the office's own when it
 * gives one, else the kind's (as its call copied it), else the defaults; the grant stores the plan
 * it used. Set once; the same grant sent again is the one recorded. Tranches whose milestone is
 * already reached are released with it.
 */
export async function grantFunding(actor: Actor, declarationId: string, input: GrantInput) {
  requireCityAdmin(actor);
  const project = await getVisibleProject(actor, declarationId);
  const { funding: rules, requestedFen } = await budgetOf(project);
  const plan = input.tranches ?? defaultTranchePlan(project.lifecycle, rules);
  const existing = project.funding as Funding | undefined;
  if (existing) {
    if (sameGrant(existing, input, plan)) return fundingView(actor, declarationId);
    throw new ConflictError('the grant is already set', { approvedFen: existing.approvedFen }, { coded: coded('grant-exists') });
  }
  if (finalProjectStages.includes(project.stage))
    throw new ConflictError(
      `the project has ended (${project.stage})`,
      { stage: project.stage },
      { coded: coded('project-ended', { stage: project.stage }) },
    );
  const problems = [];
  if (rules && input.approvedFen > rules.maxGrantFen)
    problems.push(
      problemAt(
        'body.approvedFen',
        `at most the kind's maximum grant, ${rules.maxGrantFen} 分`,
        coded('grant-above-maximum', { maxFen: rules.maxGrantFen }),
      ),
    );
  if (grantNeedsReason(input, requestedFen) && !input.reason)
    problems.push(
      problemAt(
        'body.reason',
        `the grant differs from the ${requestedFen} 分 asked: say why`,
        coded('grant-reason-required', { requestedFen: requestedFen! }),
      ),
    );
  // The office's own plan is judged at its tranches; the kind's was judged when the kind was saved.
  if (input.tranches)
    for (const t of unreachedTranches(input.tranches, project.lifecycle))
      problems.push(problemAt(`body.tranches.${t.index}.milestone`, 'this kind has no mid-term check', coded('tranche-no-midterm')));
  if (problems.length) throw new ValidationError(problems);
  const funding: Funding = {
    ...(requestedFen !== undefined ? { requestedFen } : {}),
    approvedFen: input.approvedFen,
    ...(input.reason ? { reason: input.reason } : {}),
    grantedAt: clock().now().toISOString(),
    grantedBy: actor.username,
    tranches: planTranches({ approvedFen: input.approvedFen, tranches: plan }),
    payments: [],
  };
  const planned = funding.tranches.map((t) => `${t.percent}% ${trancheMilestoneLabels[t.milestone].zh}`).join('，');
  const whose = input.tranches ? '' : rules?.tranchePlan ? '（本类项目的拨付计划）' : '（默认拨付计划）';
  const asked = requestedFen !== undefined ? `（申请 ${formatYuan(requestedFen)}）` : '';
  const granted = `核定资助 ${formatYuan(funding.approvedFen)}${asked}；拨付计划：${planned}${whose}${input.reason ? `；理由：${input.reason}` : ''}`;
  const released = trancheEvents(funding, null, stateOf(project));
  // The tranches the grant releases (立项's) open the office's payment tasks in the same write.
  const openings = await tranchePaymentOpenings(project, funding, null, stateOf(project));
  await writeFunding(
    project,
    funding,
    [
      { actor: actor.username, action: 'funding.granted', reason: granted.slice(0, 1000) },
      ...released.map((e) => ({ actor: WORKFLOW_ACTOR, ...e })),
    ],
    (entities) => openings.flatMap((o) => openingWrites(entities, o)),
  );
  return fundingView(actor, declarationId);
}

/**
 * A payment the city office records against a tranche. The same voucher for the same tranche again
 * is the payment already recorded; another payment of a paid tranche, or a voucher already used, is
 * a conflict; more than the tranche's payable amount (nothing before its milestone) is refused.
 */
export async function recordPayment(actor: Actor, declarationId: string, input: PaymentInput) {
  requireCityAdmin(actor);
  for (let attempt = 0; ; attempt++) {
    const project = attempt ? await getProject(declarationId, true) : await getVisibleProject(actor, declarationId);
    const funding = project.funding as Funding | undefined;
    if (!funding) throw new ConflictError('no grant is set for this project', { stage: project.stage }, { coded: coded('grant-not-yet') });
    const judged = judgePayment(funding, stateOf(project), input);
    switch (judged.kind) {
      case 'repeat':
        return { created: false, payment: judged.payment };
      case 'no-tranche':
        throw new ValidationError([problemAt('body.tranche', 'not a tranche of the grant', coded('not-a-tranche'))]);
      case 'already-paid':
        throw new ConflictError(
          `tranche ${input.tranche} is paid (voucher ${judged.payment.voucher})`,
          { payment: judged.payment },
          { coded: coded('tranche-already-paid', { voucher: judged.payment.voucher }) },
        );
      case 'voucher-used':
        throw new ConflictError(
          `voucher ${input.voucher} was used for tranche ${judged.payment.tranche}`,
          { payment: judged.payment },
          { coded: coded('voucher-used', { tranche: judged.payment.tranche }) },
        );
      case 'above-payable':
        throw new ValidationError([
          problemAt(
            'body.amountFen',
            `above what is payable on tranche ${input.tranche}: ${judged.payableFen} 分`,
            coded('payment-above-payable', { payableFen: judged.payableFen }),
          ),
        ]);
      case 'new': {
        const payment = { ...input, recordedAt: clock().now().toISOString(), recordedBy: actor.username };
        // The payment closes the tranche's task (登记拨付) in its own write.
        const task = await openPaymentTask(declarationId, input.tranche);
        try {
          await writeFunding(
            project,
            { ...funding, payments: [...funding.payments, payment] },
            [
              {
                actor: actor.username,
                action: 'funding.paid',
                reason: `第 ${input.tranche} 笔拨付 ${formatYuan(input.amountFen)}，${input.paidOn}，凭证号 ${input.voucher}`,
                ...(task ? { taskId: task.taskId } : {}),
              },
            ],
            (entities) => (task ? paymentTaskDone(entities, task, actor.username, { tranche: input.tranche, voucher: input.voucher }) : []),
          );
          return { created: true, payment };
        } catch (error) {
          // A racing write (the same payment sent twice at once): judged again on what is stored.
          if (!(error instanceof ConflictError) || attempt >= 2) throw error;
        }
      }
    }
  }
}
