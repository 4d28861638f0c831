import { createRoute, z } from '@hono/zod-openapi';
import { decisionInput, extensionInput } from '../../../core/schemas';
import { extendTask, taskView } from '../../services/extensions';
import { listMyTasks, publicTask } from '../../services/tasks';
import { requireActor, requireRole } from '../auth';
import { jsonBody, router } from '../router';
import { bearer, idParam, problemResponses, Task, TaskView } from '../schemas';

export const tasks = router();
tasks.use('/tasks', requireActor);
tasks.use('/tasks/*', requireActor);
tasks.use('/tasks/:taskId/extension', requireRole('city-admin'));

tasks
  .openapi(
    createRoute({
      method: 'get',
      path: '/tasks',
      summary: 'My open tasks (my inbox), soonest due first',
      security: bearer,
      responses: {
        200: { description: 'open tasks', content: { 'application/json': { schema: z.object({ items: z.array(Task) }) } } },
        ...problemResponses(401),
      },
    }),
    async (c) => c.json({ items: (await listMyTasks(c.get('actor'))).map(publicTask) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/tasks/{taskId}/decision',
      summary:
        'Decide an open task (its assignee): recommend/decline (district), approve/return/reject (formal review), or scores (expert)',
      security: bearer,
      request: { params: z.object({ taskId: idParam('taskId') }), body: jsonBody(decisionInput) },
      responses: {
        200: { description: 'the decided task', content: { 'application/json': { schema: Task } } },
        ...problemResponses(401, 404, 409, 422, 503),
      },
    }),
    async (c) => {
      // Every kind's decider and rules (about 23 KB) load with the first decision, not on every cold start.
      const { decide } = await import('../../deciders');
      return c.json(await decide(c.get('actor'), c.req.valid('param').taskId, c.req.valid('json')), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/tasks/{taskId}',
      summary: 'A task (its assignee, or the city office): its due date, extensions and the reminders sent',
      security: bearer,
      request: { params: z.object({ taskId: idParam('taskId') }) },
      responses: { 200: { description: 'the task', content: { 'application/json': { schema: TaskView } } }, ...problemResponses(401, 404) },
    }),
    async (c) => c.json(await taskView(c.get('actor'), c.req.valid('param').taskId), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/tasks/{taskId}/extension',
      summary: 'Extend an open task’s due date (city admin), with a reason; reminders follow the new date',
      security: bearer,
      request: { params: z.object({ taskId: idParam('taskId') }), body: jsonBody(extensionInput) },
      responses: {
        200: { description: 'the extended task', content: { 'application/json': { schema: Task } } },
        ...problemResponses(401, 403, 404, 409, 422),
      },
    }),
    async (c) => c.json(await extendTask(c.get('actor'), c.req.valid('param').taskId, c.req.valid('json')), 200),
  );
