import { createRoute, z } from '@hono/zod-openapi';
import { assignExpertsInput, expertInput } from '../../../core/schemas';
import { assignExperts, expertPool, proposal, registerExpert } from '../../services/experts';
import { scoresOf } from '../../services/scoring';
import { requireActor, requireRole } from '../auth';
import { jsonBody, router } from '../router';
import { bearer, Expert, idParam, json, problemResponses, Task } from '../schemas';

const declarationPath = { params: z.object({ id: idParam('id') }) };

/** The expert pool (专家资源库), assignment with 回避, and score sheets. */
export const experts = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/experts',
      summary: 'The expert pool (city office)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      responses: { 200: json(z.object({ items: z.array(Expert) }), 'the pool'), ...problemResponses(401, 403) },
    }),
    async (c) => c.json({ items: await expertPool() }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/experts',
      summary: 'Add or update an expert in the pool (city office)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: { body: jsonBody(expertInput) },
      responses: { 201: json(Expert, 'the expert'), ...problemResponses(401, 403, 422) },
    }),
    async (c) => c.json(await registerExpert(c.get('actor'), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/declarations/{id}/experts/proposal',
      summary: 'Who may review this declaration (回避 conflicts named) and a proposed assignment (city office)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: declarationPath,
      responses: {
        200: json(z.object({ wanted: z.number(), proposed: z.array(z.string()), pool: z.array(z.unknown()) }), 'the proposal'),
        ...problemResponses(401, 403, 404, 422),
      },
    }),
    async (c) => c.json(await proposal(c.get('actor'), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/declarations/{id}/experts',
      summary: 'Assign experts (or, with none named, the proposal); each is invited to accept (city office)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: { ...declarationPath, body: jsonBody(assignExpertsInput) },
      responses: {
        200: json(z.object({ task: Task, experts: z.array(z.string()), invitationDueAt: z.string() }), 'the assignment'),
        ...problemResponses(401, 403, 404, 409, 422, 503),
      },
    }),
    async (c) => c.json(await assignExperts(c.get('actor'), c.req.valid('param').id, c.req.valid('json').experts), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/declarations/{id}/scores',
      summary: 'Score sheets: all for the city office; for an expert, others’ only after their own',
      security: bearer,
      middleware: [requireActor] as const,
      request: declarationPath,
      responses: {
        200: json(z.object({ items: z.array(z.unknown()), score: z.unknown() }).passthrough(), 'score sheets'),
        ...problemResponses(401, 404, 422),
      },
    }),
    async (c) => c.json(await scoresOf(c.get('actor'), c.req.valid('param').id), 200),
  );
