import { CfnOutput, Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { use, type StackContext } from 'sst/constructs';
import { Api } from './Api';
import { executionsArn, tableActions, tableStatement, taskSuccessStatement } from './access';
import { sweepEntry } from './bundling';
import { lambda } from './lambda';
import { Notifications } from './Notifications';
import { Storage } from './Storage';
import { Workflows } from './Workflows';
import { justify } from './nag';
import { requireServices } from './regions';
import { stateMachineEnvOf, type StateMachineName } from '../functions/adapters/state-machines';

/** Every minute, like `npm start`'s local sweep; a sweep reads only what fell due, so a quiet minute costs one Query. */
export const sweepSchedule = Schedule.rate(Duration.minutes(1));

/**
 * The reminder sweep (functions/sweep/handler.ts) on an EventBridge rule. A run that cannot be
 * delivered, or that fails after Lambda's two async retries, lands in the dead-letter queue
 * (kept 14 days) instead of vanishing; the next minute's sweep picks up what it missed anyway.
 */
export function Schedules({ stack }: StackContext) {
  requireServices(stack.region, 'Schedules', ['events', 'sqs', 'lambda']);
  const { tableName, tableArn } = use(Storage);
  const { stateMachines } = use(Workflows);
  const mail = use(Notifications);
  const { api } = use(Api);

  const deadLetters = new Queue(stack, 'SweepDeadLetters', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  const { fn, role } = lambda(stack, {
    entry: sweepEntry,
    timeoutSeconds: 50,
    deadLetterQueue: deadLetters,
    environment: {
      TABLE_NAME: tableName,
      // The orphan repair pages through every machine's running executions.
      ...Object.fromEntries(
        Object.entries(stateMachines).map(([name, machine]) => [stateMachineEnvOf(name as StateMachineName), machine.arn]),
      ),
      ...mail.senderEnvironment,
      ...mail.sms.environment,
      // Links in reminders point at the deployment.
      APP_URL: api.apiEndpoint,
    },
  });
  role.addToPolicy(tableStatement(tableArn, tableActions.readWrite));
  const machines = Object.values(stateMachines);
  // The reconciler re-sends decisions whose SendTaskSuccess was lost; the orphan repair lists
  // running executions, reads what each waits on, and fails a task whose record is gone.
  role.addToPolicy(taskSuccessStatement(machines.map((m) => m.arn)));
  role.addToPolicy(
    new PolicyStatement({ actions: ['states:ListExecutions', 'states:SendTaskFailure'], resources: machines.map((m) => m.arn) }),
  );
  role.addToPolicy(
    new PolicyStatement({ actions: ['states:GetExecutionHistory'], resources: machines.map((m) => executionsArn(stack, m.name)) }),
  );
  // The outbox: a declaration's or call's start, and a stop (a declaration ended by its call, a
  // project withdrawn or terminated), left pending by a crash, are carried out by the sweep; so is
  // a project's next milestone (a construction leg, acceptance, a 复核 leg) when it falls due.
  role.addToPolicy(
    new PolicyStatement({
      actions: ['states:StartExecution'],
      resources: [
        stateMachines.declaration,
        stateMachines.call,
        stateMachines.construction,
        stateMachines.acceptance,
        stateMachines.review,
      ].map((m) => m.arn),
    }),
  );
  role.addToPolicy(
    new PolicyStatement({
      actions: ['states:StopExecution'],
      resources: [stateMachines.declaration, stateMachines.construction, stateMachines.acceptance, stateMachines.review].map((m) =>
        executionsArn(stack, m.name),
      ),
    }),
  );
  mail.grantSend(role);
  mail.sms.grantSend(role);

  new Rule(stack, 'SweepSchedule', {
    schedule: sweepSchedule,
    targets: [new LambdaFunction(fn, { deadLetterQueue: deadLetters, retryAttempts: 2, maxEventAge: Duration.minutes(5) })],
  });
  justify(stack, ['deadLetterQueue', 'deadLetterQueueAwsSolutions', 'scopedWildcards', 'serviceWideActions']);
  new CfnOutput(stack, 'SweepDeadLetterQueue', { value: deadLetters.queueUrl });
  return { fn, deadLetters };
}
