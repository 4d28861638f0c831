import { isTransient } from '../adapters/retryable';
import { logger } from '../adapters/log';
import { recordConstructionNotStarted } from './project-steps';
import { establishProject } from './projects';
import { openConfirmation } from './task-book';

/**
 * 立项 starts the project: its item, milestones and first milestone scheduled (services/projects.ts),
 * and the applicant's confirmation of the task book (a task no execution waits on, issue 21.1).
 * Each part finds what a retry already did.
 */
export async function startConstruction(declarationId: string): Promise<{ scheduled?: boolean; concluded?: boolean }> {
  const established = await establishProject(declarationId);
  if (!established.concluded) await openConfirmation(declarationId);
  return established;
}

/**
 * The call's 立项 starts each approved declaration's project in its own step (the declaration's
 * execution ended at scoring). What retrying may mend goes up, so Step Functions retries the step
 * whole; what it cannot is recorded on the declaration, which stays approved with no project, and
 * the call goes on to the others.
 */
export async function startConstructionOrRecord(declarationId: string): Promise<'started' | 'not_started'> {
  try {
    await startConstruction(declarationId);
    return 'started';
  } catch (error) {
    if (isTransient(error)) throw error;
    logger.error('construction not started', { declarationId, error: error as Error });
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    await recordConstructionNotStarted(declarationId, { Error: name, Cause: message });
    return 'not_started';
  }
}
