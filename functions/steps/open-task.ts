import { settleInvitations } from '../services/invitations';
import { openTaskFromEvent } from '../services/open-task-event';
import { stepHandler } from './step';

/** Invoked with `.waitForTaskToken`: records the open task; the execution waits for its decision. */
export const handler = stepHandler('OpenTask', async (raw: unknown) => {
  const task = await openTaskFromEvent(raw);
  // A round with nobody new to ask (all chosen had accepted before) is settled at once.
  if (task.kind === 'expert_confirmation') await settleInvitations(task.declarationId);
  return { taskId: task.taskId, dueAt: task.dueAt };
});
