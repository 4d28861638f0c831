import { readFileSync } from 'node:fs';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { use, type Function, type StackContext } from 'sst/constructs';
import { useProject } from 'sst/project.js';
import { stateMachineEnvOf, type StateMachineName } from '../functions/adapters/state-machines';
import { taskFunctions, type TaskFunctionName } from '../functions/steps/registry';
import { aslPath, discoverStateMachines, partitionPlaceholder, placeholderOf, placeholdersIn } from '../workflows/definitions';
import { executionsArn, stateMachineArn, tableActions, tableStatement, taskSuccessStatement } from './access';
import { taskEntry } from './bundling';
import { lambda } from './lambda';
import { justify } from './nag';
import { requireServices } from './regions';
import { stageSettings } from './stages';
import { Notifications } from './Notifications';
import { Storage } from './Storage';

/** The task functions each one's code reaches on Step Functions (read from functions/services). */
const workflowAccess: Record<
  TaskFunctionName,
  { reportsTo: StateMachineName[]; stops: StateMachineName[]; starts?: StateMachineName[]; mails?: boolean; timeoutSeconds?: number }
> = {
  // Opening an invitation round may find nobody left to ask: the office is told by e-mail.
  OpenTask: { reportsTo: [], stops: [], mails: true },
  // Scoring's deadline completes the stage task the declaration waits on; an invitation's
  // deadline draws a replacement and tells the office by e-mail.
  FinishDeclaration: { reportsTo: ['declaration'], stops: [], mails: true },
  // Establishment settles each declaration of the call, starts each approved one's project (whose
  // first milestone may already be due), stops those still short of scoring, reports the outcome
  // to a declaration execution from before the change that still waits for it, and mails each
  // applicant its 立项 notice. Measured locally, the step took 356 ms for one declaration and 520 ms
  // for three (about 80 ms each after the first): Lambda's 15-minute most leaves room for any call.
  CallStep: {
    reportsTo: ['declaration'],
    stops: ['declaration'],
    starts: ['construction', 'acceptance', 'review'],
    mails: true,
    timeoutSeconds: 900,
  },
  // Establishment starts construction; a construction leg starts its successor or acceptance; an
  // acceptance execution its successor; naming starts the title's 复核 chain, each of whose
  // executions starts its successor. Each reads the ARN from the environment (stateMachineEnvOf).
  ProjectStep: { reportsTo: [], stops: [], starts: ['construction', 'acceptance', 'review'] },
};

/**
 * One Lambda per entry of `taskFunctions`, one Standard state machine per workflows/<name>/,
 * loaded from the same ASL file the local endpoint runs. The definition goes inline
 * (`DefinitionBody.fromString` of the file's text) rather than through `fromFile`, which would
 * upload it as an S3 asset: inline, `sst diff` shows a workflow change and the stack test can
 * compare the deployed definition with the file. CloudFormation fills the placeholders from
 * `definitionSubstitutions` (a placeholder no function fills fails the synthesis, placeholdersIn),
 * exactly as local/sfn/definitions.ts does with local ARNs.
 */
export function Workflows({ stack, app }: StackContext) {
  requireServices(stack.region, 'Workflows', ['states', 'lambda']);
  const { tableName, tableArn } = use(Storage);
  const mail = use(Notifications);
  const settings = stageSettings(app.stage);
  const root = useProject().paths.root;
  const names = discoverStateMachines(root);
  const machineName = (name: StateMachineName) => app.logicalPrefixedName(name);

  const functions = {} as Record<TaskFunctionName, Function>;
  for (const name of Object.keys(taskFunctions) as TaskFunctionName[]) {
    const entry = taskEntry(name);
    const { reportsTo, stops, starts = [], mails = false, timeoutSeconds } = workflowAccess[name];
    const startsArns = starts.map((m) => [stateMachineEnvOf(m), stateMachineArn(stack, machineName(m))] as const);
    const { fn, role } = lambda(stack, {
      entry,
      environment: { TABLE_NAME: tableName, ...Object.fromEntries(startsArns), ...(mails ? mail.senderEnvironment : {}) },
      ...(timeoutSeconds ? { timeoutSeconds } : {}),
    });
    role.addToPolicy(tableStatement(tableArn, tableActions.readWrite));
    if (mails) mail.grantSend(role);
    if (startsArns.length)
      role.addToPolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: startsArns.map(([, arn]) => arn) }));
    if (reportsTo.length) role.addToPolicy(taskSuccessStatement(reportsTo.map((m) => stateMachineArn(stack, machineName(m)))));
    if (stops.length)
      role.addToPolicy(
        new PolicyStatement({ actions: ['states:StopExecution'], resources: stops.map((m) => executionsArn(stack, machineName(m))) }),
      );
    functions[name] = fn;
  }

  const stateMachines = {} as Record<StateMachineName, { name: string; arn: string }>;
  for (const name of names) {
    const id = name.charAt(0).toUpperCase() + name.slice(1);
    const text = readFileSync(aslPath(root, name), 'utf8');
    const used = placeholdersIn(text);
    const role = new Role(stack, `${id}StateMachineRole`, { assumedBy: new ServicePrincipal('states.amazonaws.com') });
    role.addToPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: used.map((f) => functions[f].functionArn) }));
    const logs = new LogGroup(stack, `${id}StateMachineLogs`, {
      // The vendedlogs prefix keeps CloudWatch's resource policy for Step Functions small.
      logGroupName: `/aws/vendedlogs/states/${machineName(name)}`,
      retention: settings.logRetention,
      removalPolicy: settings.removalPolicy,
    });
    const machine = new StateMachine(stack, `${id}StateMachine`, {
      stateMachineName: machineName(name),
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(text),
      definitionSubstitutions: {
        [partitionPlaceholder]: stack.partition,
        ...Object.fromEntries(used.map((f) => [placeholderOf(f), functions[f].functionArn])),
      },
      role,
      // Task tokens and declaration ids stay out of the logs; states, errors and timings go in.
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
      // X-Ray: each execution's trace with the Lambda invocations it made.
      tracingEnabled: true,
    });
    machine.applyRemovalPolicy(settings.removalPolicy);
    stateMachines[name] = { name: machineName(name), arn: stateMachineArn(stack, machineName(name)) };
  }
  justify(stack, ['scopedWildcards', 'serviceWideActions']);
  return { functions, stateMachines };
}
