import { createRoute, z } from '@hono/zod-openapi';
import { expenditureInput, expenditureReports, finalAccountsInput } from '../../../core/expenditure';
import { grantInput, paymentInput, trancheMilestones } from '../../../core/funding';
import { receiptFile, receiptUploadForm, reportExpenditure, submitFinalAccounts } from '../../services/expenditure';
import { fundingView, grantFunding, recordPayment } from '../../services/funding';
import { requireActor, requireRole } from '../auth';
import { keptFileResponse } from '../material-download';
import { jsonBody, router } from '../router';
import { fileResponses, UploadForm } from './materials';
import { bearer, idParam, json, problemResponses } from '../schemas';

const projectPath = { params: z.object({ id: idParam('id') }) };
const fen = z.number().int().describe('分 (元 × 100)');
const label = z.object({ zh: z.string(), en: z.string() });
const Payment = z.object({
  tranche: z.number().int(),
  paidOn: z.string(),
  amountFen: fen,
  voucher: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string(),
});
const Expenditure = z.object({
  expenditureId: z.string(),
  report: z.enum(expenditureReports),
  category: z.string(),
  amountFen: fen,
  spentOn: z.string(),
  description: z.string(),
  receipt: z.object({ fileName: z.string(), contentType: z.string(), sizeBytes: z.number().int() }).nullable().optional(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
const FinalAccounts = z.object({
  lines: z.array(z.object({ category: z.string(), amountFen: fen })),
  sources: z.array(z.object({ source: z.string(), receivedFen: fen })),
  note: z.string().optional(),
  submittedAt: z.string(),
  submittedBy: z.string(),
});
const rate = z.number().int().nullable().describe('预算执行率 in basis points (1/100 %), null without a budget');
const Mismatch = z.object({
  kind: z.enum(['line', 'fiscal']),
  category: z.string().optional(),
  declaredFen: fen,
  reportedFen: fen.optional(),
  paidFen: fen.optional(),
  differenceFen: z.number().int().describe('declared − reported (or paid), 分'),
  text: z.string(),
});
const FundingView = z
  .object({
    budget: z
      .object({
        lines: z.array(
          z.object({
            category: z.string(),
            categoryLabel: z.string(),
            amount: fen,
            source: z.string(),
            sourceLabel: z.string(),
            note: z.string().optional(),
          }),
        ),
        totalFen: fen,
        requestedFen: fen.describe('the grant asked: the 财政 lines'),
        bySource: z.array(z.object({ source: z.string(), label: z.string(), amountFen: fen })),
        byCategory: z.array(z.object({ category: z.string(), label: z.string(), amountFen: fen })),
        maxGrantFen: fen,
      })
      .nullable()
      .describe('the declaration’s budget table, when its kind has one'),
    tranchePlan: z
      .array(z.object({ milestone: z.enum(trancheMilestones), percent: z.number().int() }))
      .describe('the tranche plan a grant takes when the office gives none: the kind’s `funding.tranchePlan`, else the defaults'),
    grant: z
      .object({
        approvedFen: fen,
        requestedFen: fen.nullable(),
        reason: z.string().nullable(),
        grantedAt: z.string(),
        grantedBy: z.string(),
        tranches: z.array(
          z.object({
            index: z.number().int(),
            milestone: z.enum(trancheMilestones),
            milestoneLabel: label,
            percent: z.number().int(),
            amountFen: fen,
            status: z.enum(['pending', 'payable', 'paid', 'stopped']),
            statusLabel: label,
            payableFen: fen,
            payment: Payment.nullable(),
          }),
        ),
        payments: z.array(Payment),
        totals: z.object({ approvedFen: fen, paidFen: fen, payableFen: fen, pendingFen: fen, stoppedFen: fen }),
      })
      .nullable(),
    execution: z
      .object({
        lines: z.array(
          z.object({
            category: z.string(),
            label: z.string(),
            budgetFen: fen,
            spentFen: fen,
            rateBp: rate,
            rate: z.string(),
            overspent: z.boolean().describe('spent beyond the budget by more than the kind’s tolerance'),
          }),
        ),
        budgetFen: fen,
        paidFen: fen,
        spentFen: fen,
        rateBp: rate,
        rate: z.string(),
        tolerancePercent: z.number().int(),
      })
      .optional()
      .describe('budget, paid, spent and 预算执行率 per line and in total (issue 23.3)'),
    expenditures: z.array(Expenditure.extend({ label: z.string(), reportLabel: label })).optional(),
    finalAccounts: FinalAccounts.extend({ reconciles: z.boolean(), mismatches: z.array(Mismatch) })
      .nullable()
      .optional()
      .describe('the 决算 and exactly which lines differ from the reported expenditure or the payments, to the 分'),
    acceptanceBlocked: z
      .string()
      .nullable()
      .optional()
      .describe('why the office cannot decide acceptance now (no 决算, or one that does not reconcile)'),
    reportOpen: z.enum(expenditureReports).nullable().optional().describe('the report expenditure is now reported with'),
  })
  .openapi('FundingView');

/**
 * A project's funding (issue 23): its budget, the grant and tranche plan set at 立项, and the
 * payments recorded. Tranches are released by the project's milestones, never by a request.
 */
export const funding = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/projects/{id}/funding',
      summary: 'A project’s funding: budget lines and totals, the grant, each tranche (pending, payable, paid, stopped), payments',
      security: bearer,
      middleware: [requireActor] as const,
      request: projectPath,
      responses: { 200: json(FundingView, 'the funding'), ...problemResponses(401, 404, 422) },
    }),
    async (c) => c.json((await fundingView(c.get('actor'), c.req.valid('param').id)) as z.infer<typeof FundingView>, 200),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/projects/{id}/funding/grant',
      summary:
        'Set the grant at 立项 (city office): the approved amount in 分 (a reason when it differs from the request) and, by exception, its own tranche plan (percentages summing to 100, in milestone order); without one the grant takes the kind’s plan, else the defaults; the same grant again is the one recorded',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: { ...projectPath, body: jsonBody(grantInput) },
      responses: { 200: json(FundingView, 'the funding with its grant'), ...problemResponses(401, 403, 404, 409, 422) },
    }),
    async (c) =>
      c.json((await grantFunding(c.get('actor'), c.req.valid('param').id, c.req.valid('json'))) as z.infer<typeof FundingView>, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/projects/{id}/funding/payments',
      summary:
        'Record a payment of a tranche (city office): at most what is payable (422), once per tranche (409), the same voucher again is the payment recorded (200)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: { ...projectPath, body: jsonBody(paymentInput) },
      responses: {
        201: json(Payment, 'the payment recorded'),
        200: json(Payment, 'the same payment, recorded before'),
        ...problemResponses(401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const { created, payment } = await recordPayment(c.get('actor'), c.req.valid('param').id, c.req.valid('json'));
      return created ? c.json(payment, 201) : c.json(payment, 200);
    },
  );

/** Expenditure per budget line with the reports, its receipt, and the 决算 with the acceptance application (issue 23.3–4). */
funding
  .openapi(
    createRoute({
      method: 'post',
      path: '/projects/{id}/funding/expenditures',
      summary:
        'Report an expenditure on a budget line (its applicant, with the mid-term report or the acceptance application): amount in 分, date, what, an optional receipt uploaded first',
      description:
        'A category that is not one of the project’s budget lines is 422 at `body.category`; outside the reports’ stages 409. A line taken beyond the kind’s `overspendTolerancePercent` is flagged to the city office.',
      security: bearer,
      middleware: [requireActor] as const,
      request: { ...projectPath, body: jsonBody(expenditureInput) },
      responses: { 201: json(Expenditure, 'the expenditure recorded'), ...problemResponses(401, 403, 404, 409, 422) },
    }),
    async (c) =>
      c.json((await reportExpenditure(c.get('actor'), c.req.valid('param').id, c.req.valid('json'))) as z.infer<typeof Expenditure>, 201),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/projects/{id}/funding/expenditures/receipt-upload-form',
      summary: 'A presigned POST form for an expenditure’s receipt (its applicant); its key goes in the expenditure’s `receiptUploadKey`',
      security: bearer,
      middleware: [requireActor] as const,
      request: projectPath,
      responses: { 201: json(UploadForm, 'the form'), ...problemResponses(401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await receiptUploadForm(c.get('actor'), c.req.valid('param').id), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/projects/{id}/funding/expenditures/{expenditureId}/receipt',
      summary: 'An expenditure’s receipt, to whoever may see the project',
      security: bearer,
      middleware: [requireActor] as const,
      request: { params: z.object({ id: idParam('id'), expenditureId: idParam('expenditureId') }) },
      responses: { ...fileResponses, ...problemResponses(401, 404, 422) },
    }),
    async (c) => {
      const { id, expenditureId } = c.req.valid('param');
      return keptFileResponse(c, await receiptFile(c.get('actor'), id, expenditureId));
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/projects/{id}/funding/final-accounts',
      summary:
        'Submit or correct the 决算 (its applicant, with the acceptance application until acceptance is decided): spending by budget line and funds received by source',
      description:
        'It reconciles when each line equals the expenditure reported on it and the 财政 received equals what the office paid; until then the office’s acceptance decision (excellent or pass) is refused with 409 naming the lines that differ.',
      security: bearer,
      middleware: [requireActor] as const,
      request: { ...projectPath, body: jsonBody(finalAccountsInput) },
      responses: { 200: json(FinalAccounts, 'the 决算 recorded'), ...problemResponses(401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await submitFinalAccounts(c.get('actor'), c.req.valid('param').id, c.req.valid('json')), 200),
  );
