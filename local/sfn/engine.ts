import { randomBytes, randomUUID } from 'node:crypto';
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExecutionAbortedError, ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import type { Clock } from '../../core/clock';
import { faultPoint } from '../../functions/adapters/faults';
import { taskFunctions, type TaskFunctionName } from '../../functions/steps/registry';
import {
  discoverStateMachines,
  loadDefinition,
  readPath,
  resumeDefinition,
  rewriteForInterpreter,
  stateMachineArnOf,
  type MachineDefinition,
  type OwnedState,
} from './definitions';
import { SfnApiError, TaskFailure } from './errors';
import type { Checkpoint, ExecutionRecord, ExecutionStore, HistoryEvent, TokenRecord } from './store';

/** The interpreter fills `$$.Task.Token` from a fixed run context; each parked task swaps in its own token. */
const TOKEN_SENTINEL = '__shenbao_task_token__';

interface Machine {
  name: string;
  arn: string;
  original: MachineDefinition;
  rewritten: MachineDefinition;
  owned: Record<string, OwnedState>;
}

interface LiveExecution {
  arn: string;
  machine: Machine;
  lastEventId: number;
  writes: Promise<void>;
  abort: () => void;
  /** Set while resuming: the first entry of this state picks up where the execution waited. */
  resume: Checkpoint | undefined;
  skipEnteredOf: string | undefined;
  stopped: boolean;
}

type Outcome = { ok: true; output: unknown } | { ok: false; error: string; cause: string };

interface Waiter {
  live: LiveExecution;
  state: string;
  settle: (outcome: Outcome) => void;
}

export interface EngineOptions {
  /** The project root: where `workflows/` and `functions/steps/` are. */
  root: string;
  store: ExecutionStore;
  clock: Clock;
  log?: (message: string, detail?: unknown) => void;
  /**
   * Definitions to run instead of `workflows/` (already substituted), for tests of engine
   * behaviour no shipped workflow exercises yet, such as a Wait state.
   */
  machines?: Record<string, MachineDefinition>;
}

/** A failure a test asks a task function to raise, as a Lambda error of that name would. */
export interface InjectedFault {
  error: string;
  cause?: string;
  /** How many of the next invocations fail (default 1). */
  times?: number;
}

/** A result a test has a task function return in place of running its handler. */
export interface InjectedResult {
  output: unknown;
  /** How many of the next invocations return it (default 1). */
  times?: number;
}

/**
 * A local Step Functions: the ASL files run on aws-local-stepfunctions, with what that
 * interpreter lacks supplied here — task tokens, persistence and resumption, and time taken
 * from the movable clock instead of real timers.
 */
export class LocalStepFunctions {
  private readonly machines = new Map<string, Machine>();
  private readonly live = new Map<string, LiveExecution>();
  private readonly waiters = new Map<string, Waiter>();
  private readonly timers = new Map<string, { at: number; fire: () => Promise<void> }>();
  private readonly modules = new Map<TaskFunctionName, Promise<{ handler: (event: unknown) => unknown }>>();
  private readonly faults = new Map<string, Required<InjectedFault>>();
  private readonly apiFaults = new Map<string, Required<InjectedFault>>();
  private readonly results = new Map<string, Required<InjectedResult>>();
  private closed = false;

  constructor(private readonly options: EngineOptions) {}

  get stateMachineArns(): Record<string, string> {
    return Object.fromEntries([...this.machines.values()].map((machine) => [machine.name, machine.arn]));
  }

  async start(): Promise<{ resumed: number }> {
    await this.options.store.ensureTable();
    const names = this.options.machines ? Object.keys(this.options.machines) : discoverStateMachines(this.options.root);
    for (const name of names) {
      const original = this.options.machines?.[name] ?? loadDefinition(this.options.root, name);
      // Validates the file as written, with the interpreter's own rules.
      new StateMachine(original as never);
      const { definition: rewritten, owned } = rewriteForInterpreter(original);
      const arn = stateMachineArnOf(name);
      this.machines.set(arn, { name, arn, original, rewritten, owned });
    }
    const running = await this.options.store.runningExecutions();
    for (const record of running) this.launch(record, record.checkpoint);
    return { resumed: running.length };
  }

  /**
   * Makes the next invocations of a task function fail, before its handler runs: how tests walk
   * a workflow's Retry and Catch paths (the role Step Functions Local's mock config plays on AWS).
   */
  injectFault(functionName: TaskFunctionName, fault: InjectedFault): void {
    this.faults.set(functionName, { cause: `injected ${fault.error}`, times: 1, ...fault });
  }

  /**
   * Makes the next invocations of a task function return `output` without running: how tests
   * reach a Choice's Default that no real step result routes to (the `Return` of Step Functions
   * Local's mock config, as injectFault is its `Throw`).
   */
  injectResult(functionName: TaskFunctionName, result: InjectedResult): void {
    this.results.set(functionName, { times: 1, ...result });
  }

  /**
   * Makes the next calls of an API operation (SendTaskSuccess, …) fail with a non-retryable error
   * before they touch anything: a callback lost between the application's commit and Step Functions.
   */
  injectApiFault(operation: string, fault: InjectedFault): void {
    this.apiFaults.set(operation, { cause: `injected ${fault.error}`, times: 1, ...fault });
  }

  /** The fault to answer an operation with, if one is injected (used by the protocol server). */
  takeApiFault(operation: string): SfnApiError | undefined {
    const fault = this.apiFaults.get(operation);
    if (!fault || fault.times <= 0) return undefined;
    fault.times--;
    return new SfnApiError(fault.error, fault.cause);
  }

  /** Stops running without recording anything, as a crash would: a later start resumes it all. */
  close(): void {
    this.closed = true;
    for (const live of this.live.values()) live.abort();
    this.live.clear();
    this.waiters.clear();
    this.timers.clear();
  }

  // ---- the API operations ----

  async startExecution(request: { stateMachineArn?: string; name?: string; input?: string }) {
    const machine = this.machines.get(request.stateMachineArn ?? '');
    if (!machine) throw new SfnApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${request.stateMachineArn}'`);
    const name = request.name ?? randomUUID();
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) throw new SfnApiError('InvalidName', `Invalid Name: '${name}'`);
    const input = request.input ?? '{}';
    try {
      JSON.parse(input);
    } catch {
      throw new SfnApiError('InvalidExecutionInput', 'Invalid State Machine Execution Input: not JSON');
    }
    const executionArn = `${machine.arn.replace(':stateMachine:', ':execution:')}:${name}`;
    const startDate = this.now().toISOString();
    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn: machine.arn,
      name,
      status: 'RUNNING',
      input,
      startDate,
      eventCount: 0,
    };
    const existing = await this.options.store.createExecution(record);
    if (existing) {
      // AWS treats a repeated start with the same name and input as the same request.
      if (existing.status === 'RUNNING' && existing.input === input) return { executionArn, startDate: seconds(existing.startDate) };
      throw new SfnApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    this.launch(record, undefined);
    return { executionArn, startDate: seconds(startDate) };
  }

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
    const current = await this.options.store.getToken(token);
    if (current?.status !== 'open') throw tokenProblem(current);
    return {};
  }

  async describeExecution(request: { executionArn?: string }) {
    const record = await this.requireExecution(request.executionArn);
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

  async stopExecution(request: { executionArn?: string; error?: string; cause?: string }) {
    const record = await this.requireExecution(request.executionArn);
    const stopDate = this.now().toISOString();
    const live = this.live.get(record.executionArn);
    if (live) {
      live.stopped = true;
      this.record(live, 'ExecutionAborted', {
        executionAbortedEventDetails: {
          ...(request.error ? { error: request.error } : {}),
          ...(request.cause ? { cause: request.cause } : {}),
        },
      });
      await live.writes;
    }
    const stopped = await this.options.store.finishExecution(record.executionArn, {
      status: 'ABORTED',
      stopDate,
      ...(request.error !== undefined ? { error: request.error } : {}),
      ...(request.cause !== undefined ? { cause: request.cause } : {}),
    });
    if (!stopped) return { stopDate: seconds(record.stopDate ?? stopDate) };
    if (record.checkpoint?.token) await this.options.store.settleToken(record.checkpoint.token, { status: 'closed' });
    if (live) {
      this.live.delete(record.executionArn);
      for (const [token, waiter] of this.waiters) if (waiter.live === live) this.waiters.delete(token);
      for (const key of this.timers.keys()) if (key.includes(record.executionArn)) this.timers.delete(key);
      live.abort();
    }
    return { stopDate: seconds(stopDate) };
  }

  /** RUNNING executions of a state machine only (what the reconciler asks), ordered by ARN, paged. */
  async listExecutions(request: { stateMachineArn?: string; statusFilter?: string; maxResults?: number; nextToken?: string }) {
    if (!this.machines.has(request.stateMachineArn ?? ''))
      throw new SfnApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${request.stateMachineArn}'`);
    if (request.statusFilter !== 'RUNNING')
      throw new SfnApiError('ValidationException', 'the local endpoint lists RUNNING executions only (statusFilter: RUNNING)');
    const limit = Math.min(Math.max(request.maxResults || 100, 1), 1000);
    const running = (await this.options.store.runningExecutions())
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

  async getExecutionHistory(request: { executionArn?: string; reverseOrder?: boolean; maxResults?: number; nextToken?: string }) {
    const record = await this.requireExecution(request.executionArn);
    const limit = Math.min(Math.max(request.maxResults || 1000, 1), 1000);
    const after = request.nextToken === undefined ? undefined : Number(request.nextToken);
    if (after !== undefined && !Number.isInteger(after)) throw new SfnApiError('InvalidToken', 'Invalid nextToken');
    const page = await this.options.store.history(record.executionArn, {
      reverse: request.reverseOrder ?? false,
      limit,
      ...(after !== undefined ? { after } : {}),
    });
    return {
      events: page.events.map((event) => ({ ...event, timestamp: seconds(event.timestamp) })),
      ...(page.next !== undefined ? { nextToken: String(page.next) } : {}),
    };
  }

  /**
   * Fires every Wait and task timeout whose time the clock has passed. The runtime calls it on a
   * one-second tick and whenever the clock is moved; it resolves once they have fired.
   */
  async checkTimers(): Promise<number> {
    const now = this.now().getTime();
    const due = [...this.timers.entries()].filter(([, timer]) => timer.at <= now);
    for (const [key] of due) this.timers.delete(key);
    await Promise.all(due.map(([, timer]) => timer.fire()));
    return due.length;
  }

  // ---- running ----

  private now(): Date {
    return this.options.clock.now();
  }

  private async requireExecution(executionArn: string | undefined): Promise<ExecutionRecord> {
    const record = executionArn ? await this.options.store.getExecution(executionArn) : undefined;
    if (!record) throw new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return record;
  }

  private launch(record: ExecutionRecord, resumeAt: Checkpoint | undefined): void {
    const machine = this.machines.get(record.stateMachineArn);
    if (!machine) {
      this.options.log?.('cannot resume an execution of an unknown state machine', record.executionArn);
      return;
    }
    const live: LiveExecution = {
      arn: record.executionArn,
      machine,
      lastEventId: record.eventCount ?? 0,
      writes: Promise.resolve(),
      abort: () => {},
      resume: resumeAt,
      skipEnteredOf: resumeAt?.state,
      stopped: false,
    };
    this.live.set(live.arn, live);
    if (!resumeAt) {
      this.record(live, 'ExecutionStarted', {
        executionStartedEventDetails: { input: record.input, roleArn: 'arn:aws:iam::000000000000:role/shenbao-local' },
      });
    }
    const definition = resumeAt ? resumeDefinition(machine.rewritten, resumeAt.state) : machine.rewritten;
    const handlers = Object.fromEntries(
      Object.entries(machine.owned).map(([state, owned]) => [
        state,
        (input: unknown) => this.runOwnedState(live, state, owned, input) as never,
      ]),
    );
    const stateMachine = new StateMachine(definition as never, { validationOptions: { noValidate: true } });
    const run = stateMachine.run((resumeAt ? JSON.parse(resumeAt.input) : JSON.parse(record.input)) as never, {
      overrides: { taskResourceLocalHandlers: handlers },
      context: {
        Execution: {
          Id: record.executionArn,
          Name: record.name,
          Input: JSON.parse(record.input),
          RoleArn: 'arn:aws:iam::000000000000:role/shenbao-local',
        },
        StateMachine: { Id: machine.arn, Name: `shenbao-${machine.name}` },
        Task: { Token: TOKEN_SENTINEL },
      } as never,
    });
    live.abort = run.abort;
    void this.forwardEvents(live, run.eventLogs);
    run.result.then(
      (output) => this.finish(live, { status: 'SUCCEEDED', output: JSON.stringify(output) }),
      (error: unknown) => {
        if (error instanceof ExecutionAbortedError) return;
        const cause = error instanceof ExecutionError ? (error.cause as Error) : (error as Error);
        return this.finish(live, { status: 'FAILED', error: cause?.name ?? 'States.Runtime', cause: cause?.message ?? String(error) });
      },
    );
  }

  private async finish(live: LiveExecution, outcome: { status: 'SUCCEEDED' | 'FAILED'; output?: string; error?: string; cause?: string }) {
    if (this.closed || live.stopped) return;
    this.live.delete(live.arn);
    if (outcome.status === 'SUCCEEDED')
      this.record(live, 'ExecutionSucceeded', { executionSucceededEventDetails: { output: outcome.output } });
    else this.record(live, 'ExecutionFailed', { executionFailedEventDetails: { error: outcome.error, cause: outcome.cause } });
    await live.writes;
    await this.options.store.finishExecution(live.arn, { ...outcome, stopDate: this.now().toISOString() });
  }

  /** The interpreter's state events, named as AWS names them in an execution's history. */
  private async forwardEvents(
    live: LiveExecution,
    events: AsyncGenerator<{ type: string; state?: { name: string; input: unknown; output?: unknown } }>,
  ) {
    for await (const event of events) {
      if (this.closed || !event.state) continue;
      const { name } = event.state;
      const type = live.machine.original.States[name]?.Type ?? 'Task';
      if (event.type === 'StateEntered') {
        if (live.skipEnteredOf === name) {
          live.skipEnteredOf = undefined; // recorded before the restart
          continue;
        }
        this.record(live, `${type}StateEntered`, { stateEnteredEventDetails: { name, input: JSON.stringify(event.state.input) } });
      } else if (event.type === 'StateExited') {
        this.record(live, `${type}StateExited`, { stateExitedEventDetails: { name, output: JSON.stringify(event.state.output ?? null) } });
      }
    }
  }

  private record(live: LiveExecution, type: string, details: Record<string, unknown>): void {
    if (this.closed) return;
    const id = ++live.lastEventId;
    const event: HistoryEvent = { id, previousEventId: id - 1, timestamp: this.now().toISOString(), type, ...details };
    live.writes = live.writes
      .then(() => this.options.store.putEvent(live.arn, event))
      .catch((error) => this.options.log?.('could not record a history event', error));
  }

  private async runOwnedState(live: LiveExecution, state: string, owned: OwnedState, wrapped: unknown): Promise<unknown> {
    if (this.closed || live.stopped) return new Promise(() => {});
    const { __raw: raw, __params } = wrapped as { __raw: unknown; __params?: unknown };
    const params = owned.hadParameters ? __params : raw;
    // Let the state's StateEntered event, already dispatched, be numbered before this state's own events.
    await new Promise((resolve) => setImmediate(resolve));
    const resuming = live.resume?.state === state ? live.resume : undefined;
    live.resume = undefined;
    if (owned.type === 'Wait') return this.runWait(live, state, owned, raw, resuming);
    if (owned.waitForTaskToken) return this.runWaitForToken(live, state, owned, raw, params, resuming);
    if (!resuming) await this.options.store.saveCheckpoint(live.arn, { state, input: JSON.stringify(raw) });
    this.record(live, 'TaskScheduled', scheduledDetails(owned, params));
    this.record(live, 'TaskStarted', { taskStartedEventDetails: resourceOf(owned.resource) });
    try {
      const output = await this.invoke(owned.resource, params);
      await faultPoint('sfn.task-done', state);
      this.record(live, 'TaskSucceeded', { taskSucceededEventDetails: { ...resourceOf(owned.resource), output: JSON.stringify(output) } });
      return output;
    } catch (error) {
      const failure = asTaskFailure(error);
      this.record(live, 'TaskFailed', {
        taskFailedEventDetails: { ...resourceOf(owned.resource), error: failure.name, cause: failure.message },
      });
      throw failure;
    }
  }

  private async runWaitForToken(
    live: LiveExecution,
    state: string,
    owned: OwnedState,
    raw: unknown,
    params: unknown,
    resuming: Checkpoint | undefined,
  ) {
    if (resuming?.token) {
      // The checkpoint promised the handler ran; a crash may have come before it did (or before
      // its history was written). An open token means nobody decided yet: the handler runs again,
      // idempotent by the token (its record's id derives from it), so the task is there to decide.
      const stored = await this.options.store.getToken(resuming.token);
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
      timeoutSeconds === undefined ? undefined : new Date(this.now().getTime() + (timeoutSeconds as number) * 1000).toISOString();
    // Persist before the handler runs: whatever it records points at a token a restart can find.
    await this.options.store.putToken({ token, executionArn: live.arn, state, status: 'open', ...(timeoutAt ? { timeoutAt } : {}) });
    await this.options.store.saveCheckpoint(live.arn, {
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
      await this.invoke(owned.resource, withToken(params, token));
    } catch (error) {
      this.waiters.delete(token);
      this.timers.delete(token);
      await this.options.store.settleToken(token, { status: 'closed' });
      const failure = asTaskFailure(error);
      this.record(live, 'TaskFailed', {
        taskFailedEventDetails: { ...resourceOf(owned.resource), error: failure.name, cause: failure.message },
      });
      throw failure;
    }
  }

  private async park(
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
    if (timeoutAt) this.timers.set(token, { at: Date.parse(timeoutAt), fire: () => this.timeOut(token) });
    if (checkStored) {
      const stored = await this.options.store.getToken(token);
      if (!stored) settle({ ok: false, error: 'States.Runtime', cause: 'the waiting task token was lost' });
      else if (stored.status !== 'open') settle(outcomeOf(stored));
      else void this.checkTimers();
    }
    return promise;
  }

  private async timeOut(token: string): Promise<void> {
    const result = await this.options.store.settleToken(token, { status: 'timed_out' });
    const waiter = this.waiters.get(token);
    if (!waiter) return;
    if (result.won) waiter.settle({ ok: false, error: 'States.Timeout', cause: 'The task did not report back before its TimeoutSeconds.' });
    else if (result.current) waiter.settle(outcomeOf(result.current));
  }

  private async settleFromOutside(token: string, stored: Parameters<ExecutionStore['settleToken']>[1], outcome: Outcome): Promise<void> {
    const result = await this.options.store.settleToken(token, stored);
    if (!result.won) throw tokenProblem(result.current);
    await faultPoint('sfn.token-settled', this.waiters.get(token)?.state);
    this.waiters.get(token)?.settle(outcome);
  }

  private async runWait(live: LiveExecution, state: string, owned: OwnedState, raw: unknown, resuming: Checkpoint | undefined) {
    const at = resuming?.at ?? this.wakeTime(state, owned, raw);
    if (!resuming) await this.options.store.saveCheckpoint(live.arn, { state, input: JSON.stringify(raw), at });
    if (Date.parse(at) <= this.now().getTime()) return raw;
    const { promise, resolve } = Promise.withResolvers<unknown>();
    this.timers.set(`wait:${live.arn}:${state}`, { at: Date.parse(at), fire: async () => resolve(raw) });
    return promise;
  }

  private wakeTime(state: string, owned: OwnedState, raw: unknown): string {
    const wait = owned.wait ?? {};
    const now = this.now().getTime();
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

  /** Calls a step handler in this process, for the Lambda ARN the definition was given. */
  private async invoke(resource: string, params: unknown): Promise<unknown> {
    if (resource.startsWith('arn:aws:lambda:')) return (await this.handlerOf(resource))(params);
    if (resource === 'arn:aws:states:::lambda:invoke' || resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') {
      const { FunctionName, Payload } = (params ?? {}) as { FunctionName?: string; Payload?: unknown };
      const payload = await (await this.handlerOf(FunctionName ?? ''))(Payload ?? {});
      return { ExecutedVersion: '$LATEST', Payload: payload ?? null, StatusCode: 200 };
    }
    throw new TaskFailure('States.Runtime', `resource ${resource} is not available in the local runtime`);
  }

  private async handlerOf(functionArn: string): Promise<(event: unknown) => unknown> {
    const name = /function:shenbao-([A-Za-z0-9]+)/.exec(functionArn)?.[1] as TaskFunctionName | undefined;
    if (!name || !(name in taskFunctions)) throw new TaskFailure('Lambda.ResourceNotFoundException', `Function not found: ${functionArn}`);
    let loaded = this.modules.get(name);
    if (!loaded) {
      loaded = import(pathToFileURL(resolvePath(this.options.root, taskFunctions[name])).href);
      this.modules.set(name, loaded);
    }
    const module = await loaded;
    return (event) => {
      const fault = this.faults.get(name);
      if (fault && fault.times > 0) {
        fault.times--;
        throw new TaskFailure(fault.error, fault.cause);
      }
      const result = this.results.get(name);
      if (result && result.times > 0) {
        result.times--;
        return result.output;
      }
      return module.handler(event);
    };
  }
}

function seconds(iso: string): number {
  return Date.parse(iso) / 1000;
}

function requireToken(token: string | undefined): string {
  if (!token || token.length > 1024) throw new SfnApiError('InvalidToken', 'Invalid Token');
  return token;
}

function tokenProblem(current: TokenRecord | undefined): SfnApiError {
  if (current?.status === 'timed_out') return new SfnApiError('TaskTimedOut', 'Task Timed Out');
  return new SfnApiError('TaskDoesNotExist', 'Task Does Not Exist');
}

function outcomeOf(token: TokenRecord): Outcome {
  if (token.status === 'succeeded') return { ok: true, output: JSON.parse(token.output ?? 'null') };
  if (token.status === 'timed_out')
    return { ok: false, error: 'States.Timeout', cause: 'The task did not report back before its TimeoutSeconds.' };
  return { ok: false, error: token.error ?? 'States.TaskFailed', cause: token.cause ?? `task ${token.status}` };
}

function asTaskFailure(error: unknown): TaskFailure {
  if (error instanceof TaskFailure) return error;
  if (error instanceof Error) return new TaskFailure(error.name || 'Error', error.message);
  return new TaskFailure('Error', String(error));
}

function withToken(value: unknown, token: string): unknown {
  if (value === TOKEN_SENTINEL) return token;
  if (Array.isArray(value)) return value.map((item) => withToken(item, token));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withToken(item, token)]));
  return value;
}

function resourceOf(resource: string): { resourceType: string; resource: string } {
  const match = /^arn:aws:states:::([a-z0-9-]+):(.+)$/.exec(resource);
  if (match) return { resourceType: match[1]!, resource: match[2]! };
  return { resourceType: 'lambda', resource };
}

function scheduledDetails(owned: OwnedState, params: unknown) {
  return { taskScheduledEventDetails: { ...resourceOf(owned.resource), region: 'us-east-1', parameters: JSON.stringify(params ?? {}) } };
}
