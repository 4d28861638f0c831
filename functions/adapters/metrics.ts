import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/**
 * The business figures, as CloudWatch embedded-metric-format lines on stdout (Powertools
 * Metrics): CloudWatch Logs turns each into metrics in `POWERTOOLS_METRICS_NAMESPACE` (the stacks
 * set `shenbao/<stage>`), with the `service` dimension from `POWERTOOLS_SERVICE_NAME`. No call to
 * CloudWatch, so nothing to wait for or fail. `POWERTOOLS_METRICS_DISABLED=true` (what the local
 * runtime sets unless told otherwise) turns them off.
 */
export type MetricName =
  | 'Decisions'
  | 'RemindersSent'
  | 'Escalations'
  | 'NotificationsSent'
  | 'EmailsSent'
  | 'TextMessagesSent'
  | 'TextMessagesFailed'
  | 'CallbacksReplayed'
  | 'CallbacksRetryLater'
  | 'IntentsReconciled'
  | 'IntentsRetryLater'
  | 'OrphansRepaired'
  | 'OrphansFailed'
  | 'SweepLagSeconds';

let metrics: Metrics | undefined;

/** Made on first use, so the environment the local runtime sets before it counts. */
function instance(): Metrics {
  metrics ??= new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'shenbao' });
  return metrics;
}

/** One EMF line with these figures and dimensions; zeros are published too, so a quiet period reads 0, not missing. */
export function publishMetrics(values: Partial<Record<MetricName, number>>, dimensions: Record<string, string> = {}): void {
  const m = instance();
  m.addDimensions(dimensions);
  for (const [name, value] of Object.entries(values)) {
    m.addMetric(name, name.endsWith('Seconds') ? MetricUnit.Seconds : MetricUnit.Count, value);
  }
  m.publishStoredMetrics();
}
