import { SfnApiError } from './errors';
import { seconds } from './events';
import type { ExecutionRecord, ExecutionStore } from './store';

/** The read-only API operations, answered from the store alone. */

export async function requireExecution(store: ExecutionStore, executionArn: string | undefined): Promise<ExecutionRecord> {
  const record = executionArn ? await store.getExecution(executionArn) : undefined;
  if (!record) throw new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
  return record;
}

export async function describeExecution(store: ExecutionStore, request: { executionArn?: string }) {
  const record = await requireExecution(store, request.executionArn);
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: seconds(record.startDate),
    ...(record.stopDate ? { stopDate: seconds(record.stopDate) } : {}),
    input: record.input,
    ...(record.output !== undefined ? { output: record.output } : {}),
    ...(record.error !== undefined ? { error: record.error } : {}),
    ...(record.cause !== undefined ? { cause: record.cause } : {}),
  };
}

/** RUNNING executions of a state machine only (what the reconciler asks), ordered by ARN, paged. */
export async function listExecutions(
  store: ExecutionStore,
  known: (stateMachineArn: string) => boolean,
  request: { stateMachineArn?: string; statusFilter?: string; maxResults?: number; nextToken?: string },
) {
  if (!known(request.stateMachineArn ?? ''))
    throw new SfnApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${request.stateMachineArn}'`);
  if (request.statusFilter !== 'RUNNING')
    throw new SfnApiError('ValidationException', 'the local endpoint lists RUNNING executions only (statusFilter: RUNNING)');
  const limit = Math.min(Math.max(request.maxResults || 100, 1), 1000);
  const running = (await store.runningExecutions())
    .filter((e) => e.stateMachineArn === request.stateMachineArn && (!request.nextToken || e.executionArn > request.nextToken))
    .sort((a, b) => a.executionArn.localeCompare(b.executionArn));
  const page = running.slice(0, limit);
  return {
    executions: page.map((e) => ({
      executionArn: e.executionArn,
      stateMachineArn: e.stateMachineArn,
      name: e.name,
      status: e.status,
      startDate: seconds(e.startDate),
    })),
    ...(running.length > limit ? { nextToken: page.at(-1)!.executionArn } : {}),
  };
}

export async function getExecutionHistory(
  store: ExecutionStore,
  request: { executionArn?: string; reverseOrder?: boolean; maxResults?: number; nextToken?: string },
) {
  const record = await requireExecution(store, request.executionArn);
  const limit = Math.min(Math.max(request.maxResults || 1000, 1), 1000);
  const after = request.nextToken === undefined ? undefined : Number(request.nextToken);
  if (after !== undefined && !Number.isInteger(after)) throw new SfnApiError('InvalidToken', 'Invalid nextToken');
  const page = await store.history(record.executionArn, {
    reverse: request.reverseOrder ?? false,
    limit,
    ...(after !== undefined ? { after } : {}),
  });
  return {
    events: page.events.map((event) => ({ ...event, timestamp: seconds(event.timestamp) })),
    ...(page.next !== undefined ? { nextToken: String(page.next) } : {}),
  };
}
