import { Duration, type Stack } from 'aws-cdk-lib';
import { GraphWidget, MathExpression, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import type { MetricName } from '../functions/adapters/metrics';
import { metricsNamespace } from './lambda';

const hour = Duration.hours(1);

/**
 * The business figures on the dashboard. The sweep publishes its own as embedded-metric-format
 * lines (functions/adapters/metrics.ts, Powertools Metrics, service `shenbao-sweep`). Decisions
 * are counted from the API's `decision` log lines by a metric filter, per task kind: the API's
 * bundle is held to a size ceiling (tests/stacks/bundles.test.ts) that Powertools Metrics'
 * 11 KB would break, and the log line is written anyway.
 */
export function businessMetrics(stack: Stack, stage: string, apiLogs: ILogGroup) {
  const namespace = metricsNamespace(stage);
  new MetricFilter(stack, 'DecisionsFilter', {
    logGroup: apiLogs,
    metricNamespace: namespace,
    metricName: 'Decisions',
    filterPattern: FilterPattern.stringValue('$.message', '=', 'decision'),
    metricValue: '1',
    dimensions: { kind: '$.kind' },
  });
  const sweep = (metricName: MetricName, statistic = 'Sum') =>
    new Metric({ namespace, metricName, dimensionsMap: { service: 'shenbao-sweep' }, statistic, period: hour });
  return [
    new GraphWidget({
      title: 'Decisions per task kind (per hour)',
      left: [
        new MathExpression({
          expression: `SEARCH('{${namespace},kind} MetricName="Decisions"', 'Sum', 3600)`,
          label: '',
          period: hour,
        }),
      ],
      width: 8,
    }),
    new GraphWidget({
      title: 'Reminders, escalations, emails, SMS (per hour)',
      left: [sweep('RemindersSent'), sweep('Escalations'), sweep('EmailsSent'), sweep('TextMessagesSent')],
      width: 8,
    }),
    new GraphWidget({
      title: 'Reconciler: intents and callbacks replayed or left; sweep lag (s)',
      left: [sweep('IntentsReconciled'), sweep('IntentsRetryLater'), sweep('CallbacksReplayed'), sweep('OrphansRepaired')],
      right: [sweep('SweepLagSeconds', 'Maximum')],
      width: 8,
    }),
  ];
}
