import { createRoute, z } from '@hono/zod-openapi';
import { invitationStatuses } from '../../../core/invitations';
import { invitationsOf } from '../../services/invitations';
import { requireActor, requireRole } from '../auth';
import { router } from '../router';
import { bearer, idParam, json, problemResponses } from '../schemas';

const Invitation = z
  .object({
    taskId: z.string(),
    expert: z.string(),
    /** The expert's name in the directory. */
    expertName: z.string(),
    status: z.enum(invitationStatuses),
    invitedAt: z.string(),
    dueAt: z.string(),
    answeredAt: z.string().optional(),
    reason: z.string().optional(),
  })
  .openapi('Invitation');

/** 专家邀请: who was asked to review a declaration and how each answered (accepted, declined with a reason, timed out). */
export const invitations = router().openapi(
  createRoute({
    method: 'get',
    path: '/declarations/{id}/invitations',
    summary: 'The experts invited to review a declaration and their answers (city office)',
    security: bearer,
    middleware: [requireActor, requireRole('city-admin')] as const,
    request: { params: z.object({ id: idParam('id') }) },
    responses: {
      200: json(
        z.object({ wanted: z.number().nullable(), accepted: z.array(z.string()), items: z.array(Invitation) }),
        'the invitations, oldest first',
      ),
      ...problemResponses(401, 403, 404, 422),
    },
  }),
  async (c) => c.json(await invitationsOf(c.get('actor'), c.req.valid('param').id), 200),
);
