import { openTaskFromEvent } from '../services/open-task-event';

/** Invoked with `.waitForTaskToken`: records the open task; the execution waits for its decision. */
export async function handler(raw: unknown) {
  const task = await openTaskFromEvent(raw);
  return { taskId: task.taskId, dueAt: task.dueAt };
}
