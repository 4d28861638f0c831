import { Logger } from '@aws-lambda-powertools/logger';
import { sweep } from '../services/sweep';

const logger = new Logger({ serviceName: 'shenbao-sweep' });

/**
 * The scheduled sweep (EventBridge, every minute): reminders, escalations, drafts' closing
 * reminders and lost callbacks. A failed run is retried by the next one; nothing it does twice
 * is done twice.
 */
export async function handler() {
  const report = await sweep();
  logger.info('sweep', { ...report });
  return report;
}
