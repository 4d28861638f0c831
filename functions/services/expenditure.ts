import { randomUUID } from 'node:crypto';
import { ConflictError, ForbiddenError, NotFoundError, problemAt, ValidationError } from '../../core/errors';
import {
  acceptanceBlock,
  executionOf,
  type ExpenditureInput,
  expenditureReportAt,
  expenditureReportLabels,
  type FinalAccounts,
  type FinalAccountsInput,
  formatRate,
  mismatchText,
  newlyOverspent,
  paidBeforeAcceptance,
  reconcileFinalAccounts,
} from '../../core/expenditure';
import { formOf } from '../../core/form-definition';
import { budgetCategories, budgetLinesOf, budgetSources, type Funding, fundingTotals } from '../../core/funding';
import { newId } from '../../core/ids';
import type { Actor } from '../../core/identity';
import { projectStageLabels } from '../../core/labels';
import { MAX_MATERIAL_BYTES } from '../../core/materials';
import { formatYuan } from '../../core/money';
import { coded } from '../../core/problem-codes';
import { blobStore, materialKey, stagingPrefix, type UploadForm } from '../adapters/blobs';
import { clock } from '../adapters/clock';
import { optionalEnv } from '../adapters/env';
import { type ExpenditureItem, type ProjectItem, store } from '../adapters/entities';
import { auditItem } from './audit';
import { configOf, settledCall } from './calls';
import { judgeStaged, keptFile } from './materials';
import { email, membersOf, notificationsFor } from './notifications';
import { getProject, getVisibleProject, recordOnProject, settingsOfProject } from './projects';

/**
 * Expenditure and final accounts (经费支出, 决算; issue 23.3–4). The applicant reports spending per
 * budget line while its mid-term report or acceptance application is open; each report is one
 * expenditure item in the project's partition (one Query lists them) written with the project's
 * version, so the office's acceptance decision, conditional on that version, is taken on exactly
 * what it checked. The 决算 is kept on the project; acceptance waits until it reconciles.
 */
const RECEIPTS = 'receipts';
/** Where the store takes a receipt before it is judged: the staging prefix without its nonce. */
const receiptStaging = (declarationId: string) => stagingPrefix(declarationId, RECEIPTS, 'x').slice(0, -2);

/** The project's budget as its kind and declaration give it: the lines, the categories and sources, the tolerance. */
export async function budgetOfProject(project: ProjectItem) {
  const call = await settledCall(project.callId);
  const form = formOf(configOf(call));
  const { funding } = await settingsOfProject(project);
  const { data: declaration } = await store().entities.declaration.get({ declarationId: project.declarationId }).go();
  const lines = budgetLinesOf(funding, declaration?.fields as Record<string, unknown> | undefined);
  const categories = funding ? budgetCategories(form, funding) : [];
  const sources = funding ? budgetSources(form, funding) : [];
  const labelOf = (category: string) => categories.find((o) => o.value === category)?.labelZh ?? category;
  return { funding, lines, categories, sources, labelOf, tolerancePercent: funding?.overspendTolerancePercent ?? 10 };
}

/** Every expenditure reported on the project, oldest first: one Query on its partition. */
export async function expendituresOf(declarationId: string): Promise<ExpenditureItem[]> {
  const { data } = await store().entities.expenditure.query.byProject({ declarationId }).go({ pages: 'all' });
  return data;
}

function requireApplicant(actor: Actor) {
  if (actor.role !== 'applicant') throw new ForbiddenError("only the project's applicant reports its expenditure and final accounts");
}

/** The project, if its applicant may report expenditure now: a budget, and a report open for it. */
async function openForExpenditure(actor: Actor, declarationId: string, project?: ProjectItem) {
  requireApplicant(actor);
  const p = project ?? (await getVisibleProject(actor, declarationId));
  const report = expenditureReportAt(p.stage);
  if (!report)
    throw new ConflictError(
      `expenditure is reported with the mid-term report or the acceptance application; the project is ${p.stage}`,
      { stage: p.stage },
      { coded: coded('expenditure-not-now', { stage: p.stage }) },
    );
  const budget = await budgetOfProject(p);
  if (!budget.funding || !budget.lines.length)
    throw new ConflictError('this project has no budget table to report against', { stage: p.stage }, { coded: coded('no-budget') });
  return { project: p, report, budget };
}

/** A presigned form for an expenditure's receipt; the key it returns goes in the expenditure's `receiptUploadKey`. */
export async function receiptUploadForm(actor: Actor, declarationId: string, redirectTo?: string): Promise<UploadForm & { key: string }> {
  await openForExpenditure(actor, declarationId);
  const form = await blobStore().uploadForm({
    prefix: stagingPrefix(declarationId, RECEIPTS, randomUUID()),
    maxBytes: MAX_MATERIAL_BYTES,
    redirectTo,
  });
  return { ...form, key: form.fields.key! };
}

/** The file name of an upload the store took for this project's receipts (the key the upload form's redirect carries), or undefined when the key is none of them. */
export function stagedReceiptName(declarationId: string, key: string): string | undefined {
  const prefix = receiptStaging(declarationId);
  if (!key.startsWith(prefix)) return undefined;
  return /^[0-9a-f-]{36}\/([^/]+)$/.exec(key.slice(prefix.length))?.[1];
}

/**
 * One expenditure: its line must be one of the project's budget lines (422 at `body.category`).
 * Written with the project's version and the audit event in one transaction; a line it takes over
 * the kind's tolerance is flagged to the city office in the same transaction, emailed after.
 */
export async function reportExpenditure(actor: Actor, declarationId: string, input: ExpenditureInput) {
  const { project, report, budget } = await openForExpenditure(actor, declarationId);
  if (!budget.lines.some((l) => l.category === input.category))
    throw new ValidationError([
      problemAt('body.category', `${input.category} is not a budget line of this project`, coded('not-a-budget-line')),
    ]);
  const now = clock().now();
  const expenditureId = newId('exp', now.getTime());
  const receipt = input.receiptUploadKey
    ? await judgeStaged({
        field: 'body.receiptUploadKey',
        stagedKey: input.receiptUploadKey,
        staging: receiptStaging(declarationId),
        kept: materialKey(declarationId, `${RECEIPTS}/${expenditureId}`),
        stillAllowed: () => openForExpenditure(actor, declarationId).then(() => undefined),
      })
    : undefined;
  const before = await expendituresOf(declarationId);
  const item: ExpenditureItem = {
    declarationId,
    expenditureId,
    report,
    category: input.category,
    amountFen: input.amountFen,
    spentOn: input.spentOn,
    description: input.description,
    ...(receipt ? { receipt } : {}),
    recordedBy: actor.username,
    recordedAt: now.toISOString(),
  };
  const over = newlyOverspent(before, item, budget.lines, budget.tolerancePercent);
  const label = budget.labelOf(input.category);
  const office = over.length ? await membersOf('role:city-admin') : [];
  const spent = before.filter((e) => e.category === input.category).reduce((s, e) => s + e.amountFen, 0) + input.amountFen;
  const lineBudget = budget.lines.filter((l) => l.category === input.category).reduce((s, l) => s + l.amount, 0);
  const notes = notificationsFor(
    office,
    'funding-overspend',
    {
      projectTitle: project.title,
      stage: projectStageLabels[project.stage],
      dueAt: now,
      link: `${optionalEnv('APP_URL') ?? ''}/ui/projects/${declarationId}/funding`,
      note: {
        zh: `${label}已支出 ${formatYuan(spent)}，超出预算 ${formatYuan(lineBudget)} 的 ${budget.tolerancePercent}% 容差。`,
        en: `${input.category}: ${spent} 分 spent, above its budget of ${lineBudget} 分 by more than ${budget.tolerancePercent}%.`,
      },
    },
    { declarationId, callId: project.callId },
  );
  const result = await store()
    .transaction.write(({ expenditure, project: p, auditEvent, notification }) => [
      expenditure.create(item).commit(),
      p
        .patch({ declarationId })
        .set({ updatedAt: now.toISOString() })
        .add({ version: 1 })
        .where(({ version }, { eq }) => eq(version, project.version))
        .commit(),
      auditEvent
        .create(
          auditItem({
            declarationId,
            actor: actor.username,
            action: 'funding.expenditure_reported',
            reason:
              `${expenditureReportLabels[report].zh}：${label} ${formatYuan(input.amountFen)}（${input.spentOn}，${input.description}）`.slice(
                0,
                1000,
              ),
          }),
        )
        .commit(),
      ...(over.length
        ? [
            auditEvent
              .create(
                auditItem({
                  declarationId,
                  actor: actor.username,
                  action: 'funding.overspent',
                  reason: `${label}支出 ${formatYuan(spent)}，超出预算 ${formatYuan(lineBudget)} 的 ${budget.tolerancePercent}% 容差`,
                }),
              )
              .commit(),
          ]
        : []),
      ...notes.map((n) => notification.create(n).commit()),
    ])
    .go();
  if (result.canceled)
    throw new ConflictError(
      'the project changed meanwhile; try again',
      { stage: (await getProject(declarationId)).stage },
      { coded: coded('changed-meanwhile') },
    );
  await email(notes, office);
  return item;
}

/** An expenditure's receipt, to whoever may see the project. */
export async function receiptFile(actor: Actor, declarationId: string, expenditureId: string) {
  await getVisibleProject(actor, declarationId);
  const { data } = await store().entities.expenditure.get({ declarationId, expenditureId }).go();
  const receipt = data?.receipt as { fileName: string } | undefined;
  const file = receipt && (await keptFile(materialKey(declarationId, `${RECEIPTS}/${expenditureId}`), receipt.fileName));
  if (!file) throw new NotFoundError(`expenditure ${expenditureId} of project ${declarationId} has no receipt`);
  return file;
}

/**
 * The 决算, with the acceptance application (and corrected until acceptance is decided): each line
 * a budget category (422 at `body.lines.<i>.category`), each source a budget source. Replaces the
 * one before; the audit says whether it reconciles.
 */
export async function submitFinalAccounts(actor: Actor, declarationId: string, input: FinalAccountsInput) {
  requireApplicant(actor);
  const project = await getVisibleProject(actor, declarationId);
  if (expenditureReportAt(project.stage) !== 'acceptance')
    throw new ConflictError(
      `the final accounts go with the acceptance application; the project is ${project.stage}`,
      { stage: project.stage },
      { coded: coded('final-accounts-not-now', { stage: project.stage }) },
    );
  const budget = await budgetOfProject(project);
  if (!budget.funding) throw new ConflictError('this project has no budget table', { stage: project.stage }, { coded: coded('no-budget') });
  const problems = [
    ...input.lines.flatMap((l, i) =>
      budget.categories.some((c) => c.value === l.category)
        ? []
        : [problemAt(`body.lines.${i}.category`, `${l.category} is not a budget category`, coded('not-a-budget-line'))],
    ),
    ...input.sources.flatMap((s, i) =>
      budget.sources.some((o) => o.value === s.source)
        ? []
        : [problemAt(`body.sources.${i}.source`, `${s.source} is not a funding source of the budget`, coded('not-a-budget-source'))],
    ),
  ];
  if (problems.length) throw new ValidationError(problems);
  const accounts: FinalAccounts = { ...input, submittedAt: clock().now().toISOString(), submittedBy: actor.username };
  const mismatches = reconcileFinalAccounts(accounts, await expendituresOf(declarationId), paidOf(project));
  const total = input.lines.reduce((s, l) => s + l.amountFen, 0);
  await recordOnProject(
    project,
    { finalAccounts: accounts },
    {
      actor: actor.username,
      action: 'funding.final_accounts_submitted',
      reason: `决算支出合计 ${formatYuan(total)}；${mismatches.length ? `与报告支出、拨付不一致（${mismatches.length} 处）` : '与报告支出、拨付一致'}`,
    },
  );
  return accounts;
}

/** The 财政 paid that the 决算 accounts for (core/expenditure.ts `paidBeforeAcceptance`). */
const paidOf = (project: ProjectItem) => paidBeforeAcceptance(project.funding as Funding | undefined);
const paidInAll = (project: ProjectItem) => {
  const grant = project.funding as Funding | undefined;
  return grant ? fundingTotals(grant, { stage: project.stage, midtermDone: project.midtermDone }).paidFen : 0;
};

/**
 * Why the office may not accept the project now (undefined: it may): a project with a grant needs a
 * 决算 that reconciles with its reported lines and the payments. Projects without a grant are not held.
 */
export async function acceptanceBlockOf(project: ProjectItem) {
  if (!project.funding) return undefined;
  const { labelOf } = await budgetOfProject(project);
  return acceptanceBlock(
    project.finalAccounts as FinalAccounts | undefined,
    await expendituresOf(project.declarationId),
    paidOf(project),
    labelOf,
  );
}

/** What the funding page adds (issue 23.3–4): budget, paid, spent and 预算执行率 per line and in total, every expenditure, the 决算 and whether it reconciles. */
export async function expenditureView(project: ProjectItem) {
  const budget = await budgetOfProject(project);
  const items = await expendituresOf(project.declarationId);
  const execution = executionOf(budget.lines, items, budget.tolerancePercent);
  const accounts = project.finalAccounts as FinalAccounts | undefined;
  const paidFen = paidOf(project);
  const mismatches = accounts ? reconcileFinalAccounts(accounts, items, paidFen) : [];
  const block = project.funding ? acceptanceBlock(accounts, items, paidFen, budget.labelOf) : undefined;
  return {
    execution: {
      ...execution,
      paidFen: paidInAll(project),
      lines: execution.lines.map((l) => ({ ...l, label: budget.labelOf(l.category), rate: formatRate(l.rateBp) })),
      rate: formatRate(execution.rateBp),
    },
    expenditures: items.map(({ declarationId: _d, ...e }) => ({
      ...e,
      label: budget.labelOf(e.category),
      reportLabel: expenditureReportLabels[e.report],
      receipt: (e.receipt as { fileName: string; contentType: string; sizeBytes: number } | undefined) ?? null,
    })),
    finalAccounts: accounts
      ? {
          ...accounts,
          reconciles: mismatches.length === 0,
          mismatches: mismatches.map((m) => ({ ...m, text: mismatchText(m, budget.labelOf) })),
        }
      : null,
    acceptanceBlocked: block ? block.reason : null,
    reportOpen: expenditureReportAt(project.stage) ?? null,
  };
}
