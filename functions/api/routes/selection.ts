import { createRoute, z } from '@hono/zod-openapi';
import { objectionHandlingInput, objectionInput, shortlistInput } from '../../../core/schemas';
import { confirmShortlist, fileObjection, handleObjection, notice, objectionsOf, ranking } from '../../services/selection';
import { requireActor, requireRole } from '../auth';
import { jsonBody, router } from '../router';
import { bearer, idParam, json, Objection, problemResponses, Task } from '../schemas';

const callPath = { params: z.object({ callId: idParam('callId') }) };

/** Per-call selection: ranking, shortlist (择优), public notice (公示) and objections (异议). */
export const selection = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/calls/{callId}/ranking',
      summary: 'Scored declarations ranked by combined score, ties explained (city office)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: callPath,
      responses: {
        200: json(z.object({ callId: z.string(), quota: z.number(), items: z.array(z.unknown()) }).passthrough(), 'the ranking'),
        ...problemResponses(401, 403, 404, 422),
      },
    }),
    async (c) => c.json(await ranking(c.get('actor'), c.req.valid('param').callId), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/calls/{callId}/shortlist',
      summary: 'Confirm the shortlist within the quota (city office); the notice is published',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: { ...callPath, body: jsonBody(shortlistInput) },
      responses: {
        200: json(z.object({ task: Task, shortlist: z.array(z.string()) }), 'the confirmed shortlist'),
        ...problemResponses(401, 403, 404, 409, 422, 503),
      },
    }),
    async (c) => c.json(await confirmShortlist(c.get('actor'), c.req.valid('param').callId, c.req.valid('json').declarationIds), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/calls/{callId}/notice',
      summary: 'The public notice (公示): shortlisted declarations and when the notice ends (signed in)',
      security: bearer,
      middleware: [requireActor] as const,
      request: callPath,
      responses: {
        200: json(z.object({ callId: z.string(), items: z.array(z.unknown()) }).passthrough(), 'the notice'),
        ...problemResponses(401, 404, 422),
      },
    }),
    async (c) => c.json(await notice(c.req.valid('param').callId), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/calls/{callId}/objections',
      summary: 'File an objection (异议) under your real name while the notice runs (signed in)',
      security: bearer,
      middleware: [requireActor] as const,
      request: { ...callPath, body: jsonBody(objectionInput) },
      responses: { 201: json(Objection, 'the objection'), ...problemResponses(401, 404, 409, 422, 429) },
    }),
    async (c) => c.json(await fileObjection(c.get('actor'), c.req.valid('param').callId, c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/calls/{callId}/objections',
      summary: 'Objections filed against a call’s notice (city office)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: callPath,
      responses: { 200: json(z.object({ items: z.array(Objection) }), 'objections'), ...problemResponses(401, 403, 404, 422) },
    }),
    async (c) => c.json(await objectionsOf(c.get('actor'), c.req.valid('param').callId), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/objections/{objectionId}/handling',
      summary: 'Handle an objection: upheld removes the declaration, dismissed keeps it (city office)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: { params: z.object({ objectionId: idParam('objectionId') }), body: jsonBody(objectionHandlingInput) },
      responses: { 200: json(Objection, 'the handled objection'), ...problemResponses(401, 403, 404, 409, 422, 503) },
    }),
    async (c) => c.json(await handleObjection(c.get('actor'), c.req.valid('param').objectionId, c.req.valid('json')), 200),
  );
