import { createRoute, z } from '@hono/zod-openapi';
import { grantInput, paymentInput, trancheMilestones } from '../../../core/funding';
import { fundingView, grantFunding, recordPayment } from '../../services/funding';
import { requireActor, requireRole } from '../auth';
import { jsonBody, router } from '../router';
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
        'Set the grant at 立项 (city office): the approved amount in 分 (a reason when it differs from the request) and the tranche plan (percentages summing to 100, in milestone order); the same grant again is the one recorded',
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
