import { createRoute, z } from '@hono/zod-openapi';
import { decisionInput } from '../../../core/schemas';
import { decide } from '../../services/decisions';
import { listMyTasks, publicTask } from '../../services/tasks';
import { requireActor } from '../auth';
import { jsonBody, router } from '../router';
import { bearer, idParam, problemResponses, Task } from '../schemas';

export const tasks = router();
tasks.use('/tasks', requireActor);
tasks.use('/tasks/*', requireActor);

tasks
  .openapi(
    createRoute({
      method: 'get',
      path: '/tasks',
      summary: 'My open tasks (my inbox), soonest due first',
      security: bearer,
      responses: { 200: { description: 'open tasks', content: { 'application/json': { schema: z.object({ items: z.array(Task) }) } } }, ...problemResponses(401) },
    }),
    async (c) => c.json({ items: (await listMyTasks(c.get('actor'))).map(publicTask) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/tasks/{taskId}/decision',
      summary: 'Decide an open task (its assignee): recommend/decline (district), approve/return/reject (formal review), or scores (expert)',
      security: bearer,
      request: { params: z.object({ taskId: idParam('taskId') }), body: jsonBody(decisionInput) },
      responses: {
        200: { description: 'the decided task', content: { 'application/json': { schema: Task } } },
        ...problemResponses(401, 404, 409, 422, 503),
      },
    }),
    async (c) => c.json(await decide(c.get('actor'), c.req.valid('param').taskId, c.req.valid('json')), 200),
  );
