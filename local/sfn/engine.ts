import { randomUUID } from 'node:crypto';
import { ExecutionAbortedError, ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import type { Clock } from '../../core/clock';
import { faultPoint } from '../../functions/adapters/faults';
import type { TaskFunctionName } from '../../functions/steps/registry';
import { discoverStateMachines } from '../../workflows/definitions';
import {
  loadDefinition,
  resumeDefinition,
  rewriteForInterpreter,
  stateMachineArnOf,
  type MachineDefinition,
  type OwnedState,
} from './definitions';
import { SfnApiError } from './errors';
import { asTaskFailure, resourceOf, scheduledDetails, seconds, TOKEN_SENTINEL, wakeTime } from './events';
import type { LiveExecution, Machine } from './execution';
import { type InjectedFault, type InjectedResult, TaskHandlers } from './handlers';
import { describeExecution, getExecutionHistory, listExecutions, requireExecution } from './queries';
import type { Checkpoint, ExecutionRecord, ExecutionStore, HistoryEvent } from './store';
import { Timers } from './timers';
import { TokenWaits } from './tokens';

export type { InjectedFault, InjectedResult } from './handlers';

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

/**
 * A local Step Functions: the ASL files run on aws-local-stepfunctions, with what that
 * interpreter lacks supplied here — task tokens (tokens.ts), persistence and resumption, and time
 * taken from the movable clock instead of real timers (timers.ts). The task functions run in this
 * process (handlers.ts); the read-only operations answer from the store (queries.ts).
 */
export class LocalStepFunctions {
  private readonly machines = new Map<string, Machine>();
  private readonly live = new Map<string, LiveExecution>();
  private readonly timers: Timers;
  private readonly tokens: TokenWaits;
  private readonly handlers: TaskHandlers;
  private readonly apiFaults = new Map<string, Required<InjectedFault>>();
  private closed = false;

  constructor(private readonly options: EngineOptions) {
    this.timers = new Timers(options.clock);
    this.handlers = new TaskHandlers(options.root);
    this.tokens = new TokenWaits(options.store, options.clock, this.timers, this.handlers, (live, type, details) =>
      this.record(live, type, details),
    );
  }

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
    this.handlers.injectFault(functionName, fault);
  }

  /**
   * Makes the next invocations of a task function return `output` without running: how tests
   * reach a Choice's Default that no real step result routes to (the `Return` of Step Functions
   * Local's mock config, as injectFault is its `Throw`).
   */
  injectResult(functionName: TaskFunctionName, result: InjectedResult): void {
    this.handlers.injectResult(functionName, result);
  }

  /**
   * Makes the next calls of an API operation (SendTaskSuccess, …) fail with a non-retryable error
   * before they touch anything: a callback lost between the application's commit and Step Functions.
   */
  injectApiFault(operation: string, fault: InjectedFault): void {
    this.apiFaults.set(operation, { cause: `injected ${fault.error}`, times: 1, declarationId: '', step: '', ...fault });
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
    this.tokens.clear();
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

  sendTaskSuccess(request: { taskToken?: string; output?: string }) {
    return this.tokens.sendTaskSuccess(request);
  }

  sendTaskFailure(request: { taskToken?: string; error?: string; cause?: string }) {
    return this.tokens.sendTaskFailure(request);
  }

  sendTaskHeartbeat(request: { taskToken?: string }) {
    return this.tokens.sendTaskHeartbeat(request);
  }

  describeExecution(request: { executionArn?: string }) {
    return describeExecution(this.options.store, request);
  }

  async stopExecution(request: { executionArn?: string; error?: string; cause?: string }) {
    const record = await requireExecution(this.options.store, request.executionArn);
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
      this.tokens.forgetExecution(live);
      this.timers.deleteOf(record.executionArn);
      live.abort();
    }
    return { stopDate: seconds(stopDate) };
  }

  listExecutions(request: { stateMachineArn?: string; statusFilter?: string; maxResults?: number; nextToken?: string }) {
    return listExecutions(this.options.store, (arn) => this.machines.has(arn), request);
  }

  getExecutionHistory(request: { executionArn?: string; reverseOrder?: boolean; maxResults?: number; nextToken?: string }) {
    return getExecutionHistory(this.options.store, request);
  }

  /**
   * Fires every Wait and task timeout whose time the clock has passed. The runtime calls it on a
   * one-second tick and whenever the clock is moved; it resolves once they have fired.
   */
  checkTimers(): Promise<number> {
    return this.timers.check();
  }

  // ---- running ----

  private now(): Date {
    return this.options.clock.now();
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
    if (owned.waitForTaskToken) return this.tokens.run(live, state, owned, raw, params, resuming);
    if (!resuming) await this.options.store.saveCheckpoint(live.arn, { state, input: JSON.stringify(raw) });
    this.record(live, 'TaskScheduled', scheduledDetails(owned, params));
    this.record(live, 'TaskStarted', { taskStartedEventDetails: resourceOf(owned.resource) });
    try {
      const output = await this.handlers.invoke(owned.resource, params);
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

  private async runWait(live: LiveExecution, state: string, owned: OwnedState, raw: unknown, resuming: Checkpoint | undefined) {
    const at = resuming?.at ?? wakeTime(state, owned, raw, this.now().getTime());
    if (!resuming) await this.options.store.saveCheckpoint(live.arn, { state, input: JSON.stringify(raw), at });
    if (Date.parse(at) <= this.now().getTime()) return raw;
    const { promise, resolve } = Promise.withResolvers<unknown>();
    this.timers.set(`wait:${live.arn}:${state}`, Date.parse(at), async () => resolve(raw));
    return promise;
  }
}
