import { z } from 'zod';
import { expireInvitations } from '../services/invitations';
import { finishDeclaration } from '../services/workflow-outcomes';
import { stepHandler } from './step';

const event = z.object({
  declarationId: z.string().min(1),
  outcome: z.enum(['approved', 'not_selected', 'declined', 'rejected', 'lapsed', 'scoring_deadline', 'invitation_deadline', 'failed']),
  error: z.object({ Error: z.string(), Cause: z.unknown().optional() }).optional(),
});

/**
 * The declaration workflow's own steps: settles a final stage, closes scoring at its deadline, or
 * replaces the invited experts who did not answer in time (its result routes the workflow).
 */
export const handler = stepHandler('FinishDeclaration', async (raw: unknown) => {
  const finish = event.parse(raw);
  if (finish.outcome === 'invitation_deadline') return expireInvitations(finish.declarationId);
  await finishDeclaration({ ...finish, outcome: finish.outcome });
  return { ok: true };
});
