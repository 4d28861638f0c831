import { z } from 'zod';
import { taskKinds } from '../../core/stages';
import { openTask } from '../services/tasks';

const event = z.object({
  taskToken: z.string().min(1),
  executionArn: z.string().min(1),
  applicationId: z.string().min(1),
  kind: z.enum(taskKinds),
  dueAt: z.string().optional(),
});

/** Invoked with `.waitForTaskToken`: records the open human task; the execution waits for its decision. */
export async function handler(raw: unknown) {
  const task = await openTask(event.parse(raw));
  return { taskId: task.taskId, dueAt: task.dueAt };
}
