import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Function, type FunctionProps } from 'sst/constructs';
import type { Stack as SstStack } from 'sst/constructs';
import { nodejs, type LambdaEntry } from './bundling';
import { stageSettings } from './stages';

/**
 * The Lambda runtime, and the Node major the project runs everywhere: package.json's `node`
 * dev dependency puts the same major on every npm script's PATH (tests/unit/node.test.ts).
 */
export const lambdaRuntime = 'nodejs24.x';

/** Where the functions' embedded-metric-format figures land in CloudWatch (functions/adapters/metrics.ts). */
export function metricsNamespace(stage: string): string {
  return `shenbao/${stage}`;
}

export interface LambdaProps {
  entry: LambdaEntry;
  environment?: Record<string, string>;
  timeoutSeconds?: number;
  memorySize?: number;
  deadLetterQueue?: IQueue;
}

/**
 * One of our Lambdas: Node 24 on arm64 (the Node `npm ci` installs for the tests and `npm start`), bundled as stacks/bundling.ts says, with its own role
 * and its own log group. The role is ours rather than CDK's default because the default attaches
 * AWSLambdaBasicExecutionRole, which lets a function write to every log group in the account;
 * this one may write only to its own. Its retention comes from the stage, with no LogRetention
 * custom resource (whose Lambda would need logs permissions on `*`).
 */
export function lambda(stack: SstStack, props: LambdaProps): { fn: Function; role: Role } {
  const { id } = props.entry;
  const settings = stageSettings(stack.stage);
  const logGroup = new LogGroup(stack, `${id}Logs`, { retention: settings.logRetention, removalPolicy: settings.removalPolicy });
  const role = new Role(stack, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
  role.addToPolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
  const fn = new Function(stack, id, {
    handler: props.entry.handler,
    runtime: lambdaRuntime,
    architecture: 'arm_64',
    memorySize: props.memorySize ?? 512,
    timeout: props.timeoutSeconds ?? 30,
    // SST builds with its own esbuild (0.18); the options and the plugin API are the same.
    nodejs: nodejs as unknown as FunctionProps['nodejs'],
    role,
    logGroup,
    // X-Ray active tracing: Lambda records each invocation (and Step Functions, traced too, links
    // the executions to them) without an SDK in the bundle; functions/adapters/log.ts puts the
    // trace id on every log line.
    tracing: 'active',
    environment: {
      // Powertools: the service on every log line and metric, the metrics' namespace per stage.
      POWERTOOLS_SERVICE_NAME: `shenbao-${props.entry.name.toLowerCase()}`,
      POWERTOOLS_METRICS_NAMESPACE: metricsNamespace(stack.stage),
      POWERTOOLS_LOG_LEVEL: 'INFO',
      ...props.environment,
    },
    ...(props.entry.copyFiles ? { copyFiles: props.entry.copyFiles.map((from) => ({ from })) } : {}),
    ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
  });
  // SST writes the runtime into the template only after bundling, on deploy (until then its
  // placeholder's nodejs22.x); set it now too, so the synthesized template says what will run.
  (fn.node.defaultChild as CfnFunction).runtime = lambdaRuntime;
  return { fn, role };
}
