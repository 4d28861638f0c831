import { ArnFormat, type Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { tableIndexes } from '../functions/adapters/table';

/** What each kind of function may do with the table (functions/adapters/table.ts, which the local runtime enforces too). */
export { tableActions } from '../functions/adapters/table';

/** The table and each of its indexes by name: Query on a GSI is authorised on the index's ARN. */
export function tableStatement(tableArn: string, actions: readonly string[]): PolicyStatement {
  return new PolicyStatement({
    actions: [...actions],
    resources: [tableArn, ...tableIndexes.map((index) => `${tableArn}/index/${index}`)],
  });
}

/**
 * State machine ARNs are built from their names rather than referenced: the task functions'
 * roles name the state machines that in turn name the functions, and a reference both ways
 * would be a dependency cycle in CloudFormation.
 */
export function stateMachineArn(stack: Stack, stateMachineName: string): string {
  return stack.formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: stateMachineName,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** Every execution of one state machine: execution names are chosen at run time (the declaration's id). */
export function executionsArn(stack: Stack, stateMachineName: string): string {
  return stack.formatArn({
    service: 'states',
    resource: 'execution',
    resourceName: `${stateMachineName}:*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** Task tokens are authorised on the state machine that issued them (as CDK's grantTaskResponse does). */
export function taskSuccessStatement(stateMachineArns: string[]): PolicyStatement {
  return new PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: stateMachineArns });
}

/**
 * What the accounts service asks of the Cognito user pool (functions/adapters/accounts/cognito.ts):
 * make a person with Cognito's invitation, put them in their role's group, disable and re-enable
 * them. Nothing that reads, deletes or changes attributes, so the API cannot widen anyone's scope.
 */
export const userPoolAdminActions = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
] as const;
