import { ConflictError, UnavailableError } from '../../core/errors';
import { stepFunctions } from './aws';
import { carryingCorrelation } from './correlation';
import { requireEnv } from './env';
import { stateMachineEnvOf, type StateMachineName } from './state-machines';

/**
 * Step Functions, as the application uses it: executions started and stopped (through the outbox,
 * services/outbox.ts), decisions reported to waiting tasks.
 */
async function start(stateMachineEnv: string, name: string, input: object): Promise<string> {
  const stateMachineArn = requireEnv(stateMachineEnv);
  const { client, sdk } = await stepFunctions();
  try {
    const out = await client.send(
      new sdk.StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(carryingCorrelation(input)) }),
    );
    return out.executionArn!;
  } catch (error) {
    if (error instanceof sdk.ExecutionAlreadyExists) return executionArnOf(stateMachineArn, name);
    throw new UnavailableError('could not start the workflow; try again', { cause: error });
  }
}

/**
 * Starts an execution of a state machine by name: one per declaration and per call (named by
 * their id), and a project's chain of construction and acceptance executions (`<id>-c1`,
 * `<id>-c2`, `<id>-a1`), so a retried start finds the first.
 */
export function startExecutionOf(machine: StateMachineName, name: string, input: object): Promise<string> {
  return start(stateMachineEnvOf(machine), name, input);
}

export function startPhaseWorkflow(machine: 'construction' | 'acceptance', name: string, input: object): Promise<string> {
  return startExecutionOf(machine, name, input);
}

export function executionArnOf(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

/** Hands a committed decision to the waiting execution. */
export async function reportTaskSuccess(taskToken: string, output: unknown): Promise<void> {
  const { client, sdk } = await stepFunctions();
  try {
    await client.send(new sdk.SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
  } catch (error) {
    if (error instanceof sdk.TaskTimedOut) throw new ConflictError('the deadline of this task has passed', undefined, { cause: error });
    if (error instanceof sdk.TaskDoesNotExist)
      throw new ConflictError('the workflow is no longer waiting for this task', undefined, { cause: error });
    throw new UnavailableError('the decision is recorded but the workflow could not be told yet; it will be retried', { cause: error });
  }
}

/** Ends an execution whose outcome was decided outside it (by its call, a withdrawal, a termination). */
export async function stopExecution(executionArn: string, cause: string, error = 'CallEstablished'): Promise<void> {
  const { client, sdk } = await stepFunctions();
  try {
    await client.send(new sdk.StopExecutionCommand({ executionArn, error, cause: cause.slice(0, 32000) }));
  } catch (error) {
    if (error instanceof sdk.ExecutionDoesNotExist) return;
    throw new UnavailableError('could not stop the workflow', { cause: error });
  }
}

/** A page of an execution list: RUNNING ones of a state machine, from a cursor. */
export async function runningExecutions(
  stateMachineArn: string,
  nextToken: string | undefined,
  maxResults: number,
): Promise<{ arns: string[]; nextToken: string | undefined }> {
  const { client, sdk } = await stepFunctions();
  const out = await client.send(
    new sdk.ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING', maxResults, ...(nextToken ? { nextToken } : {}) }),
  );
  return { arns: (out.executions ?? []).map((e) => e.executionArn!), nextToken: out.nextToken };
}

export interface WaitingTask {
  token: string;
  /** The open-step handler's payload, as the state passed it (token included). */
  payload: Record<string, unknown>;
  since: Date;
}

const settled = new Set(['TaskSucceeded', 'TaskFailed', 'TaskTimedOut', 'TaskStartFailed', 'TaskSubmitFailed']);

/**
 * What a running execution waits on, if it is a task token: read from the newest events of its
 * history (the TaskScheduled event's parameters carry the token, as Step Functions records them).
 */
export async function waitingTaskOf(executionArn: string): Promise<WaitingTask | undefined> {
  const { client, sdk } = await stepFunctions();
  const out = await client.send(new sdk.GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 10 }));
  for (const event of out.events ?? []) {
    if (settled.has(event.type ?? '')) return undefined;
    if (event.type !== 'TaskScheduled') continue;
    const details = event.taskScheduledEventDetails;
    if (!details?.resource?.endsWith('.waitForTaskToken')) return undefined;
    const parameters = JSON.parse(details.parameters ?? '{}') as { Payload?: Record<string, unknown> };
    const token = parameters.Payload?.taskToken;
    return typeof token === 'string' ? { token, payload: parameters.Payload!, since: new Date(event.timestamp!) } : undefined;
  }
  return undefined;
}

/** Fails a waiting task so its state's Catch takes over; a token already settled is left alone. */
export async function reportTaskFailure(taskToken: string, error: string, cause: string): Promise<boolean> {
  const { client, sdk } = await stepFunctions();
  try {
    await client.send(new sdk.SendTaskFailureCommand({ taskToken, error, cause: cause.slice(0, 32_000) }));
    return true;
  } catch (failure) {
    if (failure instanceof sdk.TaskDoesNotExist || failure instanceof sdk.TaskTimedOut) return false;
    throw new UnavailableError('could not fail the waiting task', { cause: failure });
  }
}
