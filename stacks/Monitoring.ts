import { CfnOutput, Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  type IMetric,
  TextWidget,
  TreatMissingData,
  AlarmStatusWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { use, type StackContext } from 'sst/constructs';
import type { MetricName } from '../functions/adapters/metrics';
import type { StateMachineName } from '../functions/adapters/state-machines';
import { Api } from './Api';
import { businessMetrics } from './business-metrics';
import { metricsNamespace } from './lambda';
import { justify } from './nag';
import { Notifications } from './Notifications';
import { requireServices } from './regions';
import { Schedules } from './Schedules';
import { stageSettings } from './stages';
import { Storage } from './Storage';
import { Workflows } from './Workflows';

const fiveMinutes = Duration.minutes(5);

/**
 * What an operator must hear about, each alarm with the threshold docs/operations.md explains:
 * a workflow that failed, timed out or was aborted (a declaration or project no longer moves),
 * the sweep not running or its runs dead-lettered (reminders and reconciliation stop), the API
 * answering 5xx or slowly, a Lambda erroring or throttled, DynamoDB throttling, SES's
 * reputation figures (past them AWS pauses sending) and SMS not delivered or refused. Every alarm notifies one SNS topic, whose
 * subscriber is the operator's address from the deploying shell.
 */
export function Monitoring({ stack, app }: StackContext) {
  requireServices(stack.region, 'Monitoring', ['cloudwatch', 'sns']);
  const settings = stageSettings(app.stage);
  const { tableName } = use(Storage);
  const { functions, stateMachines } = use(Workflows);
  const { api, fn: apiFn, pagesFn } = use(Api);
  const { fn: sweepFn, deadLetters } = use(Schedules);
  const mail = use(Notifications);

  // Alarm messages carry no personal data (metric names and thresholds only), so the AWS-managed
  // SSE would add nothing a CloudWatch-publishable key could: TLS-only publishing is enforced.
  const topic = new Topic(stack, 'Alarms', { displayName: `shenbao ${app.stage} alarms`, enforceSSL: true });
  if (settings.operatorEmail) topic.addSubscription(new EmailSubscription(settings.operatorEmail));
  const notify = new SnsAction(topic);

  const alarms: Alarm[] = [];
  function alarm(
    id: string,
    metric: IMetric,
    props: { threshold: number; description: string; comparison?: ComparisonOperator; missing?: TreatMissingData; periods?: number },
  ) {
    const created = new Alarm(stack, id, {
      alarmName: `${app.stage}-shenbao-${id}`,
      alarmDescription: `${props.description} (docs/operations.md#${id.toLowerCase()})`,
      metric,
      threshold: props.threshold,
      evaluationPeriods: props.periods ?? 1,
      comparisonOperator: props.comparison ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: props.missing ?? TreatMissingData.NOT_BREACHING,
    });
    created.addAlarmAction(notify);
    created.addOkAction(notify);
    alarms.push(created);
    return created;
  }

  // Step Functions: any failed, timed-out or aborted execution of any machine.
  const executionMetrics = (name: StateMachineName) =>
    (['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted'] as const).map(
      (metricName) =>
        new Metric({
          namespace: 'AWS/States',
          metricName,
          dimensionsMap: { StateMachineArn: stateMachines[name].arn },
          statistic: 'Sum',
          period: fiveMinutes,
        }),
    );
  for (const name of Object.keys(stateMachines) as StateMachineName[]) {
    const [failed, timedOut, aborted] = executionMetrics(name);
    const id = name.charAt(0).toUpperCase() + name.slice(1);
    alarm(
      `${id}ExecutionsFailed`,
      new MathExpression({
        expression: 'f + t + a',
        usingMetrics: { f: failed!, t: timedOut!, a: aborted! },
        label: `${name} executions failed, timed out or aborted`,
        period: fiveMinutes,
      }),
      {
        threshold: 1,
        description: `A ${name} execution failed, timed out or was aborted: the item it carried no longer moves`,
      },
    );
  }

  // The sweep: it runs every minute, so ten minutes without an invocation means reminders,
  // escalation and reconciliation have stopped; a dead-lettered run is one that failed for good.
  alarm('SweepNotRunning', sweepFn.metricInvocations({ period: fiveMinutes, statistic: 'Sum' }), {
    threshold: 1,
    comparison: ComparisonOperator.LESS_THAN_THRESHOLD,
    missing: TreatMissingData.BREACHING,
    periods: 2,
    description: 'The reminder sweep has not run for 10 minutes',
  });
  alarm('SweepDeadLetters', deadLetters.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' }), {
    threshold: 1,
    description: 'A sweep run failed after its retries and was dead-lettered',
  });
  alarm('SweepDeadLetterAge', deadLetters.metricApproximateAgeOfOldestMessage({ period: fiveMinutes, statistic: 'Maximum' }), {
    threshold: Duration.days(3).toSeconds(),
    description: 'A dead-lettered sweep run has waited three days: it expires after 14',
  });

  // The API: more than 1% of requests answered 5xx over 5 minutes (with at least some traffic),
  // or the p99 latency above 3 s for 15 minutes.
  const requests = api.metricCount({ period: fiveMinutes, statistic: 'Sum' });
  const serverErrors = api.metricServerError({ period: fiveMinutes, statistic: 'Sum' });
  alarm(
    'Api5xxRate',
    new MathExpression({
      expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
      usingMetrics: { requests, errors: serverErrors },
      label: 'API 5xx %',
      period: fiveMinutes,
    }),
    {
      threshold: 1,
      description: 'More than 1% of API requests answered 5xx',
    },
  );
  alarm('ApiLatencyP99', api.metricLatency({ period: fiveMinutes, statistic: 'p99' }), {
    threshold: 3000,
    periods: 3,
    description: 'API p99 latency above 3 s for 15 minutes',
  });

  // Every Lambda: an error or a throttle.
  const lambdas = { Api: apiFn, Pages: pagesFn, Sweep: sweepFn, ...functions };
  for (const [name, fn] of Object.entries(lambdas)) {
    alarm(`${name}LambdaErrors`, fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }), {
      threshold: 1,
      description: `The ${name} Lambda threw`,
    });
    alarm(`${name}LambdaThrottles`, fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }), {
      threshold: 1,
      description: `The ${name} Lambda was throttled (account concurrency)`,
    });
  }

  // DynamoDB (on demand): throttling means a partition or the account limit was hit.
  const throttles = (metricName: string) =>
    new Metric({ namespace: 'AWS/DynamoDB', metricName, dimensionsMap: { TableName: tableName }, statistic: 'Sum', period: fiveMinutes });
  alarm(
    'TableThrottles',
    new MathExpression({
      expression: 'r + w',
      usingMetrics: { r: throttles('ReadThrottleEvents'), w: throttles('WriteThrottleEvents') },
      label: 'DynamoDB throttle events',
      period: fiveMinutes,
    }),
    {
      threshold: 1,
      description: 'DynamoDB throttled reads or writes on the table',
    },
  );

  // SES: past these rates AWS reviews the account and may pause sending (its published limits
  // are 5% bounces and 0.1% complaints; alarm before them).
  // With SMTP the office's mail server keeps its own figures; a failed send fails the sweep run.
  const reputation = (metricName: string) =>
    new Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.hours(1) });
  if (mail.transport === 'ses') {
    alarm('MailBounceRate', reputation('Reputation.BounceRate'), {
      threshold: 0.04,
      description: 'SES bounce rate at 4% (AWS reviews at 5%)',
    });
    alarm('MailComplaintRate', reputation('Reputation.ComplaintRate'), {
      threshold: 0.0008,
      description: 'SES complaint rate at 0.08% (AWS reviews at 0.1%)',
    });
  }

  // SMS (where SNS sends them): delivery to Chinese mobiles, as SNS reports it per destination
  // country and type, below 90% over an hour; and any Publish SNS refused (opted out, spending
  // limit, throttled), as the sweep counts them (functions/services/notifications.ts textMessage).
  const smsSuccess = new Metric({
    namespace: 'AWS/SNS',
    metricName: 'SMSSuccessRate',
    dimensionsMap: { Country: 'CN', SMSType: 'Transactional' },
    statistic: 'Average',
    period: Duration.hours(1),
  });
  const smsRefused = new Metric({
    namespace: metricsNamespace(app.stage),
    metricName: 'TextMessagesFailed' satisfies MetricName,
    dimensionsMap: { service: 'shenbao-sweep' },
    statistic: 'Sum',
    period: fiveMinutes,
  });
  if (mail.sms.transport === 'sns') {
    alarm('SmsDeliveryRate', smsSuccess, {
      threshold: 0.9,
      comparison: ComparisonOperator.LESS_THAN_THRESHOLD,
      description: 'Fewer than 90% of the SMS to Chinese mobiles were delivered in an hour',
    });
    alarm('SmsRefused', smsRefused, {
      threshold: 1,
      description: 'SNS refused to send a reminder SMS (the email and in-app notice went)',
    });
  }

  const machines = Object.keys(stateMachines) as StateMachineName[];
  const dashboard = new Dashboard(stack, 'Dashboard', { dashboardName: `${app.stage}-shenbao`, defaultInterval: Duration.days(1) });
  dashboard.addWidgets(
    new TextWidget({
      width: 24,
      height: 2,
      markdown: `# shenbao ${app.stage}\nAlarms go to the SNS topic below; what each means and what to do: docs/operations.md.`,
    }),
  );
  dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms, width: 24, height: 6 }));
  dashboard.addWidgets(
    new GraphWidget({ title: 'API requests and 5xx', left: [requests], right: [serverErrors], width: 8 }),
    new GraphWidget({
      title: 'API latency p50 / p99 (ms)',
      left: [api.metricLatency({ period: fiveMinutes, statistic: 'p50' }), api.metricLatency({ period: fiveMinutes, statistic: 'p99' })],
      width: 8,
    }),
    new GraphWidget({
      title: 'Lambda errors',
      left: Object.values(lambdas).map((fn) => fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' })),
      width: 8,
    }),
  );
  dashboard.addWidgets(
    new GraphWidget({
      title: 'Executions started',
      left: machines.map(
        (m) =>
          new Metric({
            namespace: 'AWS/States',
            metricName: 'ExecutionsStarted',
            dimensionsMap: { StateMachineArn: stateMachines[m].arn },
            statistic: 'Sum',
            period: Duration.hours(1),
            label: m,
          }),
      ),
      width: 8,
    }),
    new GraphWidget({ title: 'Executions failed / timed out / aborted', left: machines.flatMap((m) => executionMetrics(m)), width: 8 }),
    new GraphWidget({
      title: 'Sweep: runs, duration (ms), dead letters',
      left: [
        sweepFn.metricInvocations({ period: fiveMinutes, statistic: 'Sum' }),
        deadLetters.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' }),
      ],
      right: [sweepFn.metricDuration({ period: fiveMinutes, statistic: 'p99' })],
      width: 8,
    }),
  );
  dashboard.addWidgets(
    new GraphWidget({
      title: 'DynamoDB consumed capacity',
      left: ['ConsumedReadCapacityUnits', 'ConsumedWriteCapacityUnits'].map(
        (metricName) =>
          new Metric({
            namespace: 'AWS/DynamoDB',
            metricName,
            dimensionsMap: { TableName: tableName },
            statistic: 'Sum',
            period: fiveMinutes,
          }),
      ),
      right: [throttles('ReadThrottleEvents'), throttles('WriteThrottleEvents')],
      width: 12,
    }),
    ...(mail.transport === 'ses'
      ? [
          new GraphWidget({
            title: 'SES reputation',
            left: [reputation('Reputation.BounceRate'), reputation('Reputation.ComplaintRate')],
            width: 12,
          }),
        ]
      : []),
    ...(mail.sms.transport === 'sns'
      ? [new GraphWidget({ title: 'SMS delivered (rate) and refused', left: [smsSuccess], right: [smsRefused], width: 12 })]
      : []),
  );

  dashboard.addWidgets(...businessMetrics(stack, app.stage, apiFn.logGroup));

  justify(stack, ['alarmTopicKey', 'alarmEmailRedrive']);
  new CfnOutput(stack, 'AlarmTopic', { value: topic.topicArn });
  return { topic, alarms, dashboard };
}
