import { withCorrelationId } from '../adapters/correlation';
import { logger, type LambdaContext } from '../adapters/log';
import { publishMetrics } from '../adapters/metrics';
import { sweep, type SweepReport } from '../services/sweep';

/** What EventBridge's schedule sends: its event id and the minute it was due. */
interface ScheduledEvent {
  id?: string;
  time?: string;
}

/**
 * The scheduled sweep (EventBridge, every minute): reminders, escalations, drafts' closing
 * reminders and lost callbacks. A failed run is retried by the next one; nothing it does twice
 * is done twice. Its correlation id is the schedule's event id, so the executions it starts
 * (an intent without one) and the audit events it writes point back at this run.
 */
export async function handler(event: ScheduledEvent = {}, context?: LambdaContext) {
  if (context) logger.addContext(context);
  return withCorrelationId(event.id ?? context?.awsRequestId, async () => {
    const startedAt = Date.now();
    const report = await sweep();
    logger.info('sweep', { ...report, durationMs: Date.now() - startedAt });
    publishMetrics(sweepFigures(report, event.time ? (startedAt - Date.parse(event.time)) / 1000 : undefined));
    return report;
  });
}

/** The report as metrics; the lag is how late the run started after the minute it was scheduled for. */
export function sweepFigures(report: SweepReport, lagSeconds?: number) {
  return {
    RemindersSent: report.reminders,
    Escalations: report.escalations,
    NotificationsSent: report.notifications,
    EmailsSent: report.emails,
    TextMessagesSent: report.textMessages.sent,
    TextMessagesFailed: report.textMessages.failed,
    CallbacksReplayed: report.callbacks.replayed,
    CallbacksRetryLater: report.callbacks.retryLater,
    IntentsReconciled: report.intents.completed,
    MilestonesStarted: report.intents.scheduled,
    IntentsRetryLater: report.intents.retryLater,
    OrphansRepaired: report.executions.repaired,
    OrphansFailed: report.executions.failed,
    ...(lagSeconds !== undefined && Number.isFinite(lagSeconds) ? { SweepLagSeconds: Math.max(0, lagSeconds) } : {}),
  };
}
