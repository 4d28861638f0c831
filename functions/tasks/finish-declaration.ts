import { z } from 'zod';
import { finishDeclaration } from '../services/workflow-outcomes';

const event = z.object({
  applicationId: z.string().min(1),
  outcome: z.enum(['approved', 'rejected', 'lapsed', 'failed']),
  error: z.object({ Error: z.string(), Cause: z.unknown().optional() }).optional(),
});

/** The workflow's last step: settles the declaration's final stage and records why. */
export async function handler(raw: unknown) {
  await finishDeclaration(event.parse(raw));
  return { ok: true };
}
