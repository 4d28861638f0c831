import {
  ExecutionAlreadyExists,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { ConflictError, UnavailableError } from '../../core/errors';
import { sfnClient } from './aws';
import { requireEnv } from './env';

/** Step Functions, as the application uses it: start a declaration's workflow, report a decision. */
export async function startDeclarationWorkflow(applicationId: string): Promise<string> {
  const stateMachineArn = requireEnv('DECLARATION_STATE_MACHINE_ARN');
  try {
    const out = await sfnClient().send(
      new StartExecutionCommand({ stateMachineArn, name: applicationId, input: JSON.stringify({ applicationId }) }),
    );
    return out.executionArn!;
  } catch (error) {
    // One execution per declaration: a retried start finds the first one and carries on.
    if (error instanceof ExecutionAlreadyExists) return executionArnOf(stateMachineArn, applicationId);
    throw new UnavailableError('could not start the workflow; try again', { cause: error });
  }
}

export function executionArnOf(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

/** Hands a committed decision to the waiting execution. */
export async function reportTaskSuccess(taskToken: string, output: unknown): Promise<void> {
  try {
    await sfnClient().send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
  } catch (error) {
    if (error instanceof TaskTimedOut) throw new ConflictError('the deadline of this task has passed', undefined, { cause: error });
    if (error instanceof TaskDoesNotExist) throw new ConflictError('the workflow is no longer waiting for this task', undefined, { cause: error });
    throw new UnavailableError('the decision is recorded but the workflow could not be told yet; it will be retried', { cause: error });
  }
}
