import { createRoute, z } from '@hono/zod-openapi';
import { createCallInput } from '../../../core/schemas';
import { createCall, getCall, listCalls } from '../../services/calls';
import { requireActor, requireRole } from '../auth';
import { jsonBody, router } from '../router';
import { bearer, Call, idParam, page, pageQuery, problemResponses } from '../schemas';

export const calls = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/calls',
      summary: 'Calls for applications (申报通知), newest first; public',
      request: { query: pageQuery },
      responses: { 200: { description: 'a page of calls', content: { 'application/json': { schema: page(Call) } } }, ...problemResponses(422) },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      return c.json(await listCalls({ limit, ...(cursor ? { cursor } : {}) }), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/calls/{callId}',
      summary: 'One call; public',
      request: { params: z.object({ callId: idParam('callId') }) },
      responses: { 200: { description: 'the call', content: { 'application/json': { schema: Call } } }, ...problemResponses(404, 422) },
    }),
    async (c) => c.json(await getCall(c.req.valid('param').callId), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/calls',
      summary: 'Open a call from its kind’s preset (city office)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: { body: jsonBody(createCallInput) },
      responses: { 201: { description: 'the call', content: { 'application/json': { schema: Call } } }, ...problemResponses(401, 403, 422) },
    }),
    async (c) => c.json(await createCall(c.get('actor'), c.req.valid('json')), 201),
  );
