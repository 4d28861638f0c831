import { readPath, type OwnedState } from './definitions';
import { SfnApiError, TaskFailure } from './errors';
import type { TokenRecord } from './store';

/** The interpreter fills `$$.Task.Token` from a fixed run context; each parked task swaps in its own token. */
export const TOKEN_SENTINEL = '__shenbao_task_token__';

export type Outcome = { ok: true; output: unknown } | { ok: false; error: string; cause: string };

/** An instant as the Step Functions API gives it: seconds since the epoch. */
export function seconds(iso: string): number {
  return Date.parse(iso) / 1000;
}

export function requireToken(token: string | undefined): string {
  if (!token || token.length > 1024) throw new SfnApiError('InvalidToken', 'Invalid Token');
  return token;
}

export function tokenProblem(current: TokenRecord | undefined): SfnApiError {
  if (current?.status === 'timed_out') return new SfnApiError('TaskTimedOut', 'Task Timed Out');
  return new SfnApiError('TaskDoesNotExist', 'Task Does Not Exist');
}

export function outcomeOf(token: TokenRecord): Outcome {
  if (token.status === 'succeeded') return { ok: true, output: JSON.parse(token.output ?? 'null') };
  if (token.status === 'timed_out')
    return { ok: false, error: 'States.Timeout', cause: 'The task did not report back before its TimeoutSeconds.' };
  return { ok: false, error: token.error ?? 'States.TaskFailed', cause: token.cause ?? `task ${token.status}` };
}

export function asTaskFailure(error: unknown): TaskFailure {
  if (error instanceof TaskFailure) return error;
  if (error instanceof Error) return new TaskFailure(error.name || 'Error', error.message);
  return new TaskFailure('Error', String(error));
}

export function withToken(value: unknown, token: string): unknown {
  if (value === TOKEN_SENTINEL) return token;
  if (Array.isArray(value)) return value.map((item) => withToken(item, token));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withToken(item, token)]));
  return value;
}

export function resourceOf(resource: string): { resourceType: string; resource: string } {
  const match = /^arn:aws:states:::([a-z0-9-]+):(.+)$/.exec(resource);
  if (match) return { resourceType: match[1]!, resource: match[2]! };
  return { resourceType: 'lambda', resource };
}

export function scheduledDetails(owned: OwnedState, params: unknown) {
  return { taskScheduledEventDetails: { ...resourceOf(owned.resource), region: 'us-east-1', parameters: JSON.stringify(params ?? {}) } };
}

/** When a Wait state ends, from its Seconds, Timestamp or their paths into the state's input. */
export function wakeTime(state: string, owned: OwnedState, raw: unknown, now: number): string {
  const wait = owned.wait ?? {};
  const secondsValue = wait.Seconds ?? (wait.SecondsPath ? readPath(raw, wait.SecondsPath) : undefined);
  if (secondsValue !== undefined) {
    if (typeof secondsValue !== 'number' || secondsValue < 0)
      throw new TaskFailure('States.Runtime', `${state}: wait seconds must be a non-negative number`);
    return new Date(now + secondsValue * 1000).toISOString();
  }
  const timestamp = wait.Timestamp ?? (wait.TimestampPath ? readPath(raw, wait.TimestampPath) : undefined);
  if (typeof timestamp !== 'string' || Number.isNaN(Date.parse(timestamp))) {
    throw new TaskFailure('States.Runtime', `${state}: wait timestamp is not an ISO 8601 time`);
  }
  return new Date(Date.parse(timestamp)).toISOString();
}
