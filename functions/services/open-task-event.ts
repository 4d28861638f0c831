import { z } from 'zod';
import { workflowTaskKinds } from '../../core/stages';
import { openTask, type OpenTaskRequest } from './tasks';

/** What a `.waitForTaskToken` state sends the OpenTask function (its Parameters, with the token). */
const openTaskEvent = z
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

/**
 * Opens the task a waiting state asks for, from the event as Step Functions sends it: the OpenTask
 * handler's whole work, and the sweep's repair of a record that handler lost (orphans.ts).
 */
export function openTaskFromEvent(raw: unknown) {
  return openTask(openTaskEvent.parse(raw) as OpenTaskRequest);
}
