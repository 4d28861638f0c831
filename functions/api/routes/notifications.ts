import { createRoute, z } from '@hono/zod-openapi';
import { notificationQuery } from '../../../core/schemas';
import { listNotifications, markRead, publicNotification } from '../../services/notifications';
import { requireActor } from '../auth';
import { router } from '../router';
import { bearer, idParam, Notification, page, problemResponses } from '../schemas';

export const notifications = router();
notifications.use('/notifications', requireActor);
notifications.use('/notifications/*', requireActor);

notifications
  .openapi(
    createRoute({
      method: 'get',
      path: '/notifications',
      summary: 'My notifications (reminders, escalations, deadlines), newest first; `status=unread` for the unread only',
      security: bearer,
      request: { query: notificationQuery },
      responses: {
        200: { description: 'a page of notifications', content: { 'application/json': { schema: page(Notification) } } },
        ...problemResponses(401, 422),
      },
    }),
    async (c) => {
      const { items, cursor } = await listNotifications(c.get('actor').username, c.req.valid('query'));
      return c.json({ items: items.map(publicNotification), cursor }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/notifications/{notificationId}/read',
      summary: 'Mark one of my notifications read (again is harmless)',
      security: bearer,
      request: { params: z.object({ notificationId: idParam('notificationId') }) },
      responses: {
        200: { description: 'the notification', content: { 'application/json': { schema: Notification } } },
        ...problemResponses(401, 404),
      },
    }),
    async (c) => c.json(publicNotification(await markRead(c.get('actor').username, c.req.valid('param').notificationId)), 200),
  );
