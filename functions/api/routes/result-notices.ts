import { createRoute, z } from '@hono/zod-openapi';
import { resultNoticeKinds, resultNoticeOutcomes } from '../../../core/result-notices';
import { getVisibleDeclaration } from '../../services/declarations';
import { named, namedResultNotice, resultNoticesOfCall, resultNoticesOfDeclaration } from '../../services/result-notices';
import { requireActor } from '../auth';
import { router } from '../router';
import { bearer, idParam, json, problemResponses } from '../schemas';

const Named = { organisationName: z.string().optional(), districtName: z.string().optional() };
const ResultNotice = z
  .object({
    callId: z.string(),
    noticeId: z.string(),
    kind: z.enum(resultNoticeKinds),
    number: z.string().openapi({ description: 'the notice’s number (文号), e.g. 市终身教育办〔2026〕第1批立项第007号' }),
    outcome: z.enum(resultNoticeOutcomes),
    title: z.string(),
    declarationId: z.string().optional(),
    organisationId: z.string().optional(),
    districtId: z.string().optional(),
    ...Named,
    reason: z.string().optional(),
    established: z
      .array(z.object({ declarationId: z.string(), title: z.string(), organisationId: z.string(), districtId: z.string(), ...Named }))
      .optional(),
    office: z.string(),
    issuedAt: z.string(),
    issuedBy: z.string(),
  })
  .openapi('ResultNotice');
const list = json(z.object({ items: z.array(ResultNotice) }), 'the notices the caller may read');

/**
 * Result notices (立项通知, 验收结果通知, 立项结果公告): issued by the workflow and the acceptance
 * decision, read here; an applicant reads its own, a district bureau its district's, the office all,
 * everyone signed in a call's announcement. The printable page is /ui/result-notices/{callId}/{noticeId}.
 */
export const resultNotices = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/calls/{callId}/result-notices',
      summary: 'A call’s result notices: each applicant’s 立项 and 验收 notice, and the call’s announcement',
      security: bearer,
      middleware: [requireActor] as const,
      request: { params: z.object({ callId: idParam('callId') }) },
      responses: { 200: list, ...problemResponses(401, 404, 422) },
    }),
    async (c) => c.json({ items: await named(await resultNoticesOfCall(c.get('actor'), c.req.valid('param').callId)) }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/calls/{callId}/result-notices/{noticeId}',
      summary: 'One result notice, with its number, date and the office that issued it',
      security: bearer,
      middleware: [requireActor] as const,
      request: { params: z.object({ callId: idParam('callId'), noticeId: idParam('noticeId') }) },
      responses: { 200: json(ResultNotice, 'the notice'), ...problemResponses(401, 404, 422) },
    }),
    async (c) => {
      const { callId, noticeId } = c.req.valid('param');
      return c.json(await namedResultNotice(c.get('actor'), callId, noticeId), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/declarations/{id}/result-notices',
      summary: 'A declaration’s result notices: its 立项 notice and, once decided, its 验收 notice',
      security: bearer,
      middleware: [requireActor] as const,
      request: { params: z.object({ id: idParam('id') }) },
      responses: { 200: list, ...problemResponses(401, 404, 422) },
    }),
    async (c) => {
      const declaration = await getVisibleDeclaration(c.get('actor'), c.req.valid('param').id);
      return c.json({ items: await named(await resultNoticesOfDeclaration(c.get('actor'), declaration)) }, 200);
    },
  );
