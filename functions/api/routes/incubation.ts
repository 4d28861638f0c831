import { createRoute, z } from '@hono/zod-openapi';
import { incubationRecordInput, incubationResponseInput } from '../../../core/incubation';
import { incubationOf, recordIncubation, respondToIncubation } from '../../services/incubation';
import { provinceRecommendations } from '../../services/province-dossier';
import { dossierDownload } from '../dossier-download';
import { requireActor, requireRole } from '../auth';
import { jsonBody, router } from '../router';
import { bearer, idParam, idQuery, json, problemResponses } from '../schemas';

const projectPath = { params: z.object({ id: idParam('id') }) };
const recordPath = { params: z.object({ id: idParam('id'), recordId: idParam('recordId') }) };
const IncubationRecord = z
  .object({
    recordId: z.string(),
    type: z.enum(['guidance', 'training']),
    date: z.string(),
    topic: z.string(),
    attendees: z.array(z.string()),
    notes: z.string().optional(),
    recordedBy: z.string(),
    recordedAt: z.string(),
    response: z.string().optional(),
    respondedBy: z.string().optional(),
    respondedAt: z.string().optional(),
  })
  .passthrough()
  .openapi('IncubationRecord');
/** A year, or a call (its year then): the list is read by key, never by scanning. */
const provinceQuery = z.strictObject({
  year: z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .optional()
    .openapi({ param: { name: 'year', in: 'query' } }),
  callId: idQuery('callId').optional(),
});

/**
 * 培育 (incubation) of a project whose kind recommends upward, and the province recommendation
 * list and dossier (择优申报省级) the office sends on after acceptance.
 */
export const incubation = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/projects/{id}/incubation',
      summary: 'The project’s guidance visits and training sessions (培育) with the applicant’s responses, attendees by name',
      security: bearer,
      middleware: [requireActor] as const,
      request: projectPath,
      responses: {
        200: json(z.object({ incubated: z.boolean(), open: z.boolean(), items: z.array(IncubationRecord) }), 'the records, oldest first'),
        ...problemResponses(401, 404, 422),
      },
    }),
    async (c) => c.json(await incubationOf(c.get('actor'), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/projects/{id}/incubation',
      summary: 'Record a guidance visit (指导) or training session (培训) between 立项 and acceptance (city office)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: { ...projectPath, body: jsonBody(incubationRecordInput) },
      responses: { 201: json(IncubationRecord, 'the record'), ...problemResponses(401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await recordIncubation(c.get('actor'), c.req.valid('param').id, c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/projects/{id}/incubation/{recordId}/response',
      summary: 'The applicant’s response to a record (整改/落实情况), once',
      security: bearer,
      middleware: [requireActor] as const,
      request: { ...recordPath, body: jsonBody(incubationResponseInput) },
      responses: { 200: json(IncubationRecord, 'the record with its response'), ...problemResponses(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { id, recordId } = c.req.valid('param');
      return c.json(await respondToIncubation(c.get('actor'), id, recordId, c.req.valid('json').response), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/province-recommendations',
      summary: 'Projects recommended to the province at acceptance, for a year or one call (city office)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: { query: provinceQuery },
      responses: {
        200: json(z.object({ year: z.number(), callId: z.string().optional(), items: z.array(z.unknown()) }), 'the list'),
        ...problemResponses(401, 403, 404, 422),
      },
    }),
    async (c) => c.json(await provinceRecommendations(c.get('actor'), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/province-recommendations/dossier',
      summary: 'The province dossier: a zip of the list as a workbook and each project’s declaration materials (city office)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: { query: provinceQuery },
      responses: {
        200: { description: 'the archive', content: { 'application/zip': { schema: z.string().openapi({ format: 'binary' }) } } },
        ...problemResponses(401, 403, 404, 422),
      },
    }),
    (c) => dossierDownload(c, c.get('actor'), c.req.valid('query')),
  );
