import { createRoute, z } from '@hono/zod-openapi';
import { assignExpertsInput, expertInput, expertPatchInput, expertQuery, specialtyInput } from '../../../core/schemas';
import { getExpert, listExperts, registerExpert, updateExpert } from '../../services/expert-pool';
import { assignExperts, drawForCall, drawsOf, proposal } from '../../services/experts';
import { scoresOf } from '../../services/scoring';
import { addSpecialty, listSpecialties } from '../../services/specialties';
import { requireActor, requireRole } from '../auth';
import { jsonBody, router } from '../router';
import { CallDraw, Expert, ExpertDraw, Specialty } from '../expert-schemas';
import { bearer, idParam, json, problemResponses, Task } from '../schemas';

const declarationPath = { params: z.object({ id: idParam('id') }) };
const expertPath = { params: z.object({ username: idParam('username') }) };

/** The expert pool (专家资源库), its specialty list, assignment by draw or by hand with 回避, and score sheets. */
export const experts = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/experts',
      summary: 'The expert pool with each expert’s open work, filtered by specialty, district and load (city office)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: { query: expertQuery },
      responses: { 200: json(z.object({ items: z.array(Expert) }), 'the pool'), ...problemResponses(401, 403, 422) },
    }),
    async (c) => c.json({ items: await listExperts(c.get('actor'), c.req.valid('query')) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/experts',
      summary: 'Add an expert to the pool, or replace their entry (city office)',
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
      path: '/experts/{username}',
      summary: 'One expert’s entry in the pool (city office)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: expertPath,
      responses: { 200: json(Expert, 'the expert'), ...problemResponses(401, 403, 404, 422) },
    }),
    async (c) => c.json(await getExpert(c.get('actor'), c.req.valid('param').username), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/experts/{username}',
      summary: 'Change an expert’s entry: specialties, title, conflicts, availability, active (city office)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: { ...expertPath, body: jsonBody(expertPatchInput) },
      responses: { 200: json(Expert, 'the expert'), ...problemResponses(401, 403, 404, 422) },
    }),
    async (c) => c.json(await updateExpert(c.get('actor'), c.req.valid('param').username, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/specialties',
      summary: 'The office’s list of specialties (专业领域) experts are drawn by (city office)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      responses: { 200: json(z.object({ items: z.array(Specialty) }), 'the list'), ...problemResponses(401, 403) },
    }),
    async (c) => c.json({ items: await listSpecialties() }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/specialties',
      summary: 'Add a specialty to the list; an existing code is a conflict (city office)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: { body: jsonBody(specialtyInput) },
      responses: { 201: json(Specialty, 'the specialty'), ...problemResponses(401, 403, 409, 422) },
    }),
    async (c) => c.json(await addSpecialty(c.get('actor'), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/declarations/{id}/experts/proposal',
      summary: 'Who may review this declaration (each exclusion named) and a load-sorted suggestion (city office)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: declarationPath,
      responses: {
        200: json(
          z.object({ wanted: z.number(), specialties: z.array(z.string()), proposed: z.array(z.string()), pool: z.array(z.unknown()) }),
          'the proposal',
        ),
        ...problemResponses(401, 403, 404, 422),
      },
    }),
    async (c) => c.json(await proposal(c.get('actor'), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/declarations/{id}/experts',
      summary:
        'Assign experts: named, a pick by hand with the draw’s refusals; none named, a random draw (随机抽取) recorded for replay; each is invited to accept (city office)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: { ...declarationPath, body: jsonBody(assignExpertsInput) },
      responses: {
        200: json(
          z.object({
            task: Task,
            experts: z.array(z.string()),
            invitationDueAt: z.string(),
            draw: z.object({ seed: z.number(), eligible: z.array(z.string()) }).optional(),
          }),
          'the assignment',
        ),
        ...problemResponses(401, 403, 404, 409, 422, 503),
      },
    }),
    async (c) => c.json(await assignExperts(c.get('actor'), c.req.valid('param').id, c.req.valid('json').experts), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/declarations/{id}/expert-draws',
      summary: 'The declaration’s recorded draws, each with its seed and eligible list, replayed (city office)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: declarationPath,
      responses: { 200: json(z.object({ items: z.array(ExpertDraw) }), 'the draws'), ...problemResponses(401, 403, 404, 422) },
    }),
    async (c) => c.json({ items: await drawsOf(c.get('actor'), c.req.valid('param').id) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/calls/{callId}/expert-draw',
      summary: 'Draw experts for every declaration of the call waiting for them, one result each (city office)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: { params: z.object({ callId: idParam('callId') }) },
      responses: { 200: json(CallDraw, 'one result per declaration'), ...problemResponses(401, 403, 404, 422) },
    }),
    async (c) => c.json(await drawForCall(c.get('actor'), c.req.valid('param').callId), 200),
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
