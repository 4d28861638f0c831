import { z } from 'zod';
import { finishDeclaration } from '../services/workflow-outcomes';
import { stepHandler } from './step';

const event = z.object({
  declarationId: z.string().min(1),
  outcome: z.enum(['approved', 'not_selected', 'declined', 'rejected', 'lapsed', 'scoring_deadline', 'failed']),
  error: z.object({ Error: z.string(), Cause: z.unknown().optional() }).optional(),
});

/** The declaration workflow's own steps: settles a final stage, or closes scoring at its deadline. */
export const handler = stepHandler('FinishDeclaration', async (raw: unknown) => {
  await finishDeclaration(event.parse(raw));
  return { ok: true };
});
