import type { Stack } from 'aws-cdk-lib';
import { NagSuppressions, type NagPackSuppression } from 'cdk-nag';

/**
 * The cdk-nag findings (AwsSolutions and Serverless packs, run by tests/stacks/nag.test.ts) that
 * are deliberate, each with the reason a reviewer would need. They are recorded on the stacks
 * themselves (as template metadata), so `sst deploy` and the tests see the same justifications.
 * A finding not listed here fails the stack test: fix it or add it here with its reason.
 */
const reasons = {
  sstHandlerRuntime: {
    id: 'AwsSolutions-L1',
    reason: 'SST’s own idle CustomResourceHandler, whose runtime SST chooses; our functions run the latest (nodejs24.x).',
  },
  sstHandlerLatestVersion: {
    id: 'Serverless-LambdaLatestVersion',
    reason: 'SST’s own idle CustomResourceHandler, whose runtime SST chooses; our functions run the latest (nodejs24.x).',
  },
  lambdaDlq: {
    id: 'Serverless-LambdaDLQ',
    reason:
      'Invoked synchronously (API Gateway, Step Functions): a dead-letter queue applies only to asynchronous invocations. Failures surface to the caller, the workflow Catch/Retry and the alarms; the sweep, the one async function, has its DLQ.',
  },
  sstHandlerTracing: {
    id: 'Serverless-LambdaTracing',
    reason: 'SST’s own idle CustomResourceHandler, which SST configures; our functions have X-Ray active tracing (stacks/lambda.ts).',
  },
  sstCustomResource: {
    id: 'AwsSolutions-IAM4',
    reason:
      'SST adds an idle CustomResourceHandler to every stack with AWSLambdaBasicExecutionRole; none of our constructs invokes it (tests/stacks/iam.ts allows only this managed policy).',
    appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
  },
  scopedWildcards: {
    id: 'AwsSolutions-IAM5',
    reason:
      'Wildcards only at the end of named resources: the executions of one named state machine (execution names are the declaration or project id, chosen at run time) and the objects of the materials bucket (uploads/* for delete). tests/stacks/iam.ts fails any other wildcard.',
    appliesTo: [
      { regex: '/^Resource::arn:<AWS::Partition>:states:[a-z0-9-]+:\\d+:execution:[a-z0-9-]+-shenbao-[a-z]+:\\*$/' },
      { regex: '/^Resource::.*Materials.*\\/(uploads\\/)?\\*$/' },
    ],
  },
  serviceWideActions: {
    id: 'AwsSolutions-IAM5',
    reason:
      'Resource * only for actions AWS authorises on no resource: X-Ray PutTraceSegments/PutTelemetryRecords (and, for traced state machines, GetSamplingRules/GetSamplingTargets), the CloudWatch Logs delivery actions Step Functions logging requires, and the sweep’s sns:Publish of an SMS straight to a phone number, which has no ARN (the same policy denies publishing to any topic) (tests/stacks/iam.ts lists them).',
    appliesTo: ['Resource::*'],
  },
  mfaPerRole: {
    id: 'AwsSolutions-COG2',
    reason:
      'MFA is required per role, which a pool setting cannot say: the pool offers TOTP (MFA optional, so street centres and experts are not made to enrol) and the API refuses city-admin and district-reviewer tokens whose amr lacks mfa (MFA_ROLES, functions/api/auth.ts; tests/integration/identity.test.ts).',
  },
  publicRoutes: {
    id: 'AwsSolutions-APIG4',
    reason:
      'Only the public reads (stacks/Api.ts publicRoutes), the public objection and receipt routes (publicActionRoutes, rate-limited per address and contact and confirmed by a code) and the web pages (pageRoutes, whose session cookie the app verifies itself) skip the JWT authorizer; $default has it. The stack test checks the open routes are exactly these.',
  },
  bucketAccessLogs: {
    id: 'AwsSolutions-S1',
    reason:
      'Every access to a material goes through the API (presigned by it, recorded in the audit trail); S3 server access logs would need a second bucket for a record the audit already keeps.',
  },
  deadLetterQueue: {
    id: 'Serverless-SQSRedrivePolicy',
    reason:
      'This queue is itself the dead-letter queue of the sweep; its messages are looked at by an operator (alarm SweepDeadLetters), not redriven automatically.',
  },
  deadLetterQueueAwsSolutions: {
    id: 'AwsSolutions-SQS3',
    reason: 'This queue is itself the dead-letter queue of the sweep.',
  },
  alarmTopicKey: {
    id: 'AwsSolutions-SNS2',
    reason:
      'Alarm messages carry metric names and thresholds, no personal data; CloudWatch cannot publish to a topic under the AWS-managed key, and a customer key adds cost for no secrecy. Publishing is TLS-only (SNS3).',
  },
  alarmEmailRedrive: {
    id: 'Serverless-SNSRedrivePolicy',
    reason:
      'The operator’s alarm email subscription: SNS retries email delivery itself, and a dead-letter queue of undelivered alarm emails would need an alarm of its own that could only be mailed the same way.',
  },
} satisfies Record<string, NagPackSuppression>;

export type Justification = keyof typeof reasons;

/** What every SST stack has: its idle CustomResourceHandler Lambda, and our Lambdas' synchronous invocation. */
const everyStack: Justification[] = ['sstCustomResource', 'lambdaDlq'];

/** Records, on a stack, why the named findings (and those every stack shares) are acceptable there. */
export function justify(stack: Stack, which: readonly Justification[] = []): void {
  NagSuppressions.addStackSuppressions(
    stack,
    [...new Set([...everyStack, ...which])].map((name) => reasons[name]),
  );
  NagSuppressions.addResourceSuppressionsByPath(stack, `/${stack.stackName}/CustomResourceHandler/Resource`, [
    reasons.sstHandlerRuntime,
    reasons.sstHandlerLatestVersion,
    reasons.sstHandlerTracing,
  ]);
}
