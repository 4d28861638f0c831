import { randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock';
import { faultPoint } from '../../functions/adapters/faults';
import { readPath, type OwnedState } from './definitions';
import type { TaskHandlers } from './handlers';
import type { Checkpoint } from './store';
import { SfnApiError, TaskFailure } from './errors';
import { asTaskFailure, type Outcome, outcomeOf, requireToken, resourceOf, scheduledDetails, tokenProblem, withToken } from './events';
import type { LiveExecution, Recorder } from './execution';
import type { ExecutionStore } from './store';
import type { Timers } from './timers';

interface Waiter {
  live: LiveExecution;
  state: string;
  settle: (outcome: Outcome) => void;
}

/**
 * The callbacks: states parked on a task token until SendTaskSuccess, SendTaskFailure or their
 * timeout settles the token. The store decides which of those wins; the waiter here ends the state.
 */
export class TokenWaits {
  private readonly waiters = new Map<string, Waiter>();

  constructor(
    private readonly store: ExecutionStore,
    private readonly clock: Clock,
    private readonly timers: Timers,
    private readonly handlers: TaskHandlers,
    private readonly record: Recorder,
  ) {}

  async sendTaskSuccess(request: { taskToken?: string; output?: string }) {
    const token = requireToken(request.taskToken);
    let output: unknown;
    try {
      output = JSON.parse(request.output ?? '');
    } catch {
      throw new SfnApiError('InvalidOutput', 'Invalid Output: not JSON');
    }
    await this.settleFromOutside(token, { status: 'succeeded', output: request.output! }, { ok: true, output });
    return {};
  }

  async sendTaskFailure(request: { taskToken?: string; error?: string; cause?: string }) {
    const token = requireToken(request.taskToken);
    const error = request.error ?? '';
    const cause = request.cause ?? '';
    await this.settleFromOutside(token, { status: 'failed', error, cause }, { ok: false, error, cause });
    return {};
  }

  async sendTaskHeartbeat(request: { taskToken?: string }) {
    const token = requireToken(request.taskToken);
    const current = await this.store.getToken(token);
    if (current?.status !== 'open') throw tokenProblem(current);
    return {};
  }

  /** Runs a waitForTaskToken state: its token saved, its handler run with it, the state parked until the token is settled. */
  async run(live: LiveExecution, state: string, owned: OwnedState, raw: unknown, params: unknown, resuming: Checkpoint | undefined) {
    if (resuming?.token) {
      // The checkpoint promised the handler ran; a crash may have come before it did (or before
      // its history was written). An open token means nobody decided yet: the handler runs again,
      // idempotent by the token (its record's id derives from it), so the task is there to decide.
      const stored = await this.store.getToken(resuming.token);
      if (stored?.status === 'open') {
        const parked = this.park(live, resuming.token, resuming.at, false, owned.resource, state);
        parked.catch(() => {});
        await this.invokeForToken(live, owned, params, resuming.token);
        return parked;
      }
      return this.park(live, resuming.token, resuming.at, true, owned.resource, state);
    }
    const token = `AQ${randomBytes(48).toString('base64url')}`;
    const timeoutSeconds = owned.timeoutSeconds ?? (owned.timeoutSecondsPath ? readPath(raw, owned.timeoutSecondsPath) : undefined);
    if (timeoutSeconds !== undefined && !(Number.isInteger(timeoutSeconds) && (timeoutSeconds as number) >= 1)) {
      throw new TaskFailure('States.Runtime', `${state}: TimeoutSecondsPath ${owned.timeoutSecondsPath} is not a positive integer`);
    }
    const timeoutAt =
      timeoutSeconds === undefined ? undefined : new Date(this.clock.now().getTime() + (timeoutSeconds as number) * 1000).toISOString();
    // Persist before the handler runs: whatever it records points at a token a restart can find.
    await this.store.putToken({ token, executionArn: live.arn, state, status: 'open', ...(timeoutAt ? { timeoutAt } : {}) });
    await this.store.saveCheckpoint(live.arn, {
      state,
      input: JSON.stringify(raw),
      token,
      ...(timeoutAt ? { at: timeoutAt } : {}),
    });
    await faultPoint('sfn.token-saved', state);
    // As on AWS, the scheduled parameters carry the token (how a reconciler finds what an execution waits on).
    this.record(live, 'TaskScheduled', scheduledDetails(owned, withToken(params, token)));
    this.record(live, 'TaskStarted', { taskStartedEventDetails: resourceOf(owned.resource) });
    // Written before the handler runs, so a task record never exists without the history that
    // lets the reconciler find its execution.
    await live.writes;
    const parked = this.park(live, token, timeoutAt, false, owned.resource, state);
    // park() is async, so its promise is not the one it guards: a timeout firing while the handler
    // below still runs (a clock moved at once past a short deadline) rejects this one unawaited.
    parked.catch(() => {});
    await this.invokeForToken(live, owned, params, token);
    await faultPoint('sfn.task-recorded', state);
    this.record(live, 'TaskSubmitted', { taskSubmittedEventDetails: resourceOf(owned.resource) });
    return parked;
  }

  /** Runs a waiting task's handler with its token; a failed handler closes the token and fails the state. */
  private async invokeForToken(live: LiveExecution, owned: OwnedState, params: unknown, token: string): Promise<void> {
    try {
      await this.handlers.invoke(owned.resource, withToken(params, token));
    } catch (error) {
      this.forget(token);
      await this.store.settleToken(token, { status: 'closed' });
      const failure = asTaskFailure(error);
      this.record(live, 'TaskFailed', {
        taskFailedEventDetails: { ...resourceOf(owned.resource), error: failure.name, cause: failure.message },
      });
      throw failure;
    }
  }

  /** Stops waiting on a token (its handler failed). */
  forget(token: string): void {
    this.waiters.delete(token);
    this.timers.delete(token);
  }

  /** Stops waiting on the tokens of a stopped execution. */
  forgetExecution(live: LiveExecution): void {
    for (const [token, waiter] of this.waiters) if (waiter.live === live) this.waiters.delete(token);
  }

  clear(): void {
    this.waiters.clear();
  }

  /**
   * The state's result once its token is settled. `checkStored` (on resuming) looks at the stored
   * token, which may have been settled while nothing waited on it.
   */
  async park(
    live: LiveExecution,
    token: string,
    timeoutAt: string | undefined,
    checkStored: boolean,
    resourceArn: string,
    state: string,
  ): Promise<unknown> {
    const { promise, resolve, reject } = Promise.withResolvers<unknown>();
    // The interpreter only receives this promise after the awaits below (and, for a new task, after
    // its handler ran); a timeout or a decision can settle it before then, which is not unhandled.
    promise.catch(() => {});
    let settled = false;
    const settle = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      this.waiters.delete(token);
      this.timers.delete(token);
      const resource = resourceOf(resourceArn);
      if (outcome.ok) {
        this.record(live, 'TaskSucceeded', { taskSucceededEventDetails: { ...resource, output: JSON.stringify(outcome.output) } });
        resolve(outcome.output);
      } else {
        const type = outcome.error === 'States.Timeout' ? 'TaskTimedOut' : 'TaskFailed';
        this.record(live, type, {
          [`${type === 'TaskTimedOut' ? 'taskTimedOut' : 'taskFailed'}EventDetails`]: { error: outcome.error, cause: outcome.cause },
        });
        reject(new TaskFailure(outcome.error, outcome.cause));
      }
    };
    // Register before looking at the stored token, so a decision arriving meanwhile is not missed.
    this.waiters.set(token, { live, state, settle });
    if (timeoutAt) this.timers.set(token, Date.parse(timeoutAt), () => this.timeOut(token));
    if (checkStored) {
      const stored = await this.store.getToken(token);
      if (!stored) settle({ ok: false, error: 'States.Runtime', cause: 'the waiting task token was lost' });
      else if (stored.status !== 'open') settle(outcomeOf(stored));
      else void this.timers.check();
    }
    return promise;
  }

  private async timeOut(token: string): Promise<void> {
    const result = await this.store.settleToken(token, { status: 'timed_out' });
    const waiter = this.waiters.get(token);
    if (!waiter) return;
    if (result.won) waiter.settle({ ok: false, error: 'States.Timeout', cause: 'The task did not report back before its TimeoutSeconds.' });
    else if (result.current) waiter.settle(outcomeOf(result.current));
  }

  private async settleFromOutside(token: string, stored: Parameters<ExecutionStore['settleToken']>[1], outcome: Outcome): Promise<void> {
    const result = await this.store.settleToken(token, stored);
    if (!result.won) throw tokenProblem(result.current);
    await faultPoint('sfn.token-settled', this.waiters.get(token)?.state);
    const waiter = this.waiters.get(token);
    waiter?.settle(outcome);
    // Answer once the history shows the task settled: a caller reading it next must not find the
    // execution still parked on the task it has just decided (and move the clock under it, which
    // would start the next task's timeout from the moved time).
    await waiter?.live.writes;
  }
}
