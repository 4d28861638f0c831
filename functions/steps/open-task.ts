import { z } from 'zod';
import { workflowTaskKinds } from '../../core/stages';
import { openTask } from '../services/tasks';
import { stepHandler } from './step';

const event = z
  .object({
    taskToken: z.string().min(1),
    executionArn: z.string().min(1),
    kind: z.enum(workflowTaskKinds as [string, ...string[]]),
    declarationId: z.string().min(1).optional(),
    callId: z.string().min(1).optional(),
    dueAt: z.string().optional(),
    experts: z.array(z.string().min(1)).optional(),
  })
  .refine((e) => e.declarationId || e.callId, 'a task is about a declaration or a call');

/** Invoked with `.waitForTaskToken`: records the open task; the execution waits for its decision. */
export const handler = stepHandler('OpenTask', async (raw: unknown) => {
  const task = await openTask(event.parse(raw) as Parameters<typeof openTask>[0]);
  return { taskId: task.taskId, dueAt: task.dueAt };
});
