import { openTaskFromEvent } from '../services/open-task-event';
import { stepHandler } from './step';

/** Invoked with `.waitForTaskToken`: records the open task; the execution waits for its decision. */
export const handler = stepHandler('OpenTask', async (raw: unknown) => {
  const task = await openTaskFromEvent(raw);
  return { taskId: task.taskId, dueAt: task.dueAt };
});
