import { SHARE_ENV, Worker } from 'node:worker_threads';
import { dieFor } from '../../functions/adapters/faults';
import type { TaskFunctionName } from '../../functions/steps/registry';
import type { MovableClock } from '../clock';
import type { InjectedFault, InjectedResult, LocalStepFunctions } from './engine';
import { SfnApiError } from './errors';

/** What the engine's thread is started with (worker.ts reads it as its workerData). */
export interface EngineThreadData {
  root: string;
  /** The table the endpoint keeps executions, tokens and history in. */
  storeTable: string;
  dynamoEndpoint: string;
  sfnPort: number;
  /** The movable clock's offset (MovableClock.shared), which the thread follows. */
  clock: SharedArrayBuffer;
  /** Set to 1 by the thread once it has done what a synchronous request asked. */
  done: SharedArrayBuffer;
  blobDir: string;
  timerIntervalMs: number;
  logLevel: string;
}

/** A DynamoDB operation a step handler made in the engine's thread, as the bench meters and replays it. */
export interface ThreadOperation {
  command: string;
  input: Record<string, unknown>;
  /** The output's ConsumedCapacity and counts, its items replaced by empty objects. */
  output: Record<string, unknown>;
}

/** Requests answered at once, before the caller goes on (a fault armed before the request that meets it). */
export type SyncRequest =
  | { method: 'injectFault'; args: [TaskFunctionName, InjectedFault] }
  | { method: 'injectResult'; args: [TaskFunctionName, InjectedResult] }
  | { method: 'injectApiFault'; args: [string, InjectedFault] }
  | { method: 'tap'; args: [boolean] };

export const asyncMethods = ['describeExecution', 'getExecutionHistory', 'listExecutions', 'checkTimers', 'flush', 'stop'] as const;
type AsyncMethod = (typeof asyncMethods)[number];

export type FromThread =
  | { kind: 'ready'; resumed: number }
  | { kind: 'failed'; message: string; stack?: string }
  | { kind: 'reply'; id: number; value?: unknown; error?: { name: string; message: string; type?: string } }
  | { kind: 'fault'; point: string }
  | ({ kind: 'operation' } & ThreadOperation);

const SYNC_TIMEOUT_MS = 30_000;

/**
 * The local Step Functions endpoint in a thread of its own (worker.ts): its executions, timers and
 * the step handlers they invoke run on that thread's event loop, not the API's, as on AWS they
 * run outside the API's Lambda. This is the API side's handle: what the runtime and the tests ask
 * of the engine, carried over to that thread.
 */
export class EngineThread {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly listeners = new Set<(operation: ThreadOperation) => void>();
  private readonly done: Int32Array;
  private exited = false;
  private ready = false;

  private constructor(
    private readonly worker: Worker,
    done: SharedArrayBuffer,
    private readonly log: (message: string, error: Error) => void,
  ) {
    this.done = new Int32Array(done);
    worker.on('message', (message: FromThread) => this.receive(message));
    worker.on('error', (error: Error) => {
      this.rejectAll(error);
      if (!this.ready) return; // start() reports it
      this.log('the Step Functions engine thread failed', error);
      // As fatal as it was when the engine shared the API's thread: npm start stops, a test fails.
      setImmediate(() => {
        throw error;
      });
    });
    worker.on('exit', () => {
      this.exited = true;
      this.rejectAll(new Error('the Step Functions engine thread has stopped'));
    });
  }

  /** Starts the thread; resolves once the waiting executions are resumed and the endpoint listens. */
  static async start(
    options: Omit<EngineThreadData, 'clock' | 'done'> & { clock: MovableClock },
    log: (message: string, error: Error) => void,
  ): Promise<{ engine: EngineThread; resumed: number }> {
    const done = new SharedArrayBuffer(4);
    const data: EngineThreadData = { ...options, clock: options.clock.shared, done };
    // SHARE_ENV: the thread sees the environment the runtime set, and a fault point a test arms later.
    // No execArgv: worker.mjs registers the TypeScript loader itself, under whichever runner started us.
    const worker = new Worker(new URL('./worker.mjs', import.meta.url), { workerData: data, env: SHARE_ENV, execArgv: [] });
    const engine = new EngineThread(worker, done, log);
    const resumed = await new Promise<number>((resolve, reject) => {
      const onMessage = (message: FromThread) => {
        if (message.kind === 'ready') resolve(message.resumed);
        if (message.kind === 'failed') reject(Object.assign(new Error(message.message), { stack: message.stack }));
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the Step Functions engine thread exited (${code}) before it was ready`)));
    }).catch(async (error: Error) => {
      await worker.terminate();
      throw error;
    });
    engine.ready = true;
    return { engine, resumed };
  }

  /** See LocalStepFunctions.injectFault; in force when this returns. */
  injectFault(functionName: TaskFunctionName, fault: InjectedFault): void {
    this.sync({ method: 'injectFault', args: [functionName, fault] });
  }

  /** See LocalStepFunctions.injectResult; in force when this returns. */
  injectResult(functionName: TaskFunctionName, result: InjectedResult): void {
    this.sync({ method: 'injectResult', args: [functionName, result] });
  }

  /** See LocalStepFunctions.injectApiFault; in force when this returns. */
  injectApiFault(operation: string, fault: InjectedFault): void {
    this.sync({ method: 'injectApiFault', args: [operation, fault] });
  }

  describeExecution(request: Parameters<LocalStepFunctions['describeExecution']>[0]): ReturnType<LocalStepFunctions['describeExecution']> {
    return this.call('describeExecution', request) as never;
  }

  getExecutionHistory(
    request: Parameters<LocalStepFunctions['getExecutionHistory']>[0],
  ): ReturnType<LocalStepFunctions['getExecutionHistory']> {
    return this.call('getExecutionHistory', request) as never;
  }

  listExecutions(request: Parameters<LocalStepFunctions['listExecutions']>[0]): ReturnType<LocalStepFunctions['listExecutions']> {
    return this.call('listExecutions', request) as never;
  }

  /** Fires the Waits and timeouts the clock has passed; resolves once they have fired. */
  checkTimers(): Promise<number> {
    return this.call('checkTimers') as Promise<number>;
  }

  /**
   * Hears every DynamoDB operation the step handlers make while listened to (the bench's meters
   * and recorders). Call flush() before reading what was heard: operations arrive as messages.
   */
  onOperation(listener: (operation: ThreadOperation) => void): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.sync({ method: 'tap', args: [true] });
    return () => {
      if (!this.listeners.delete(listener) || this.listeners.size > 0 || this.exited) return;
      this.sync({ method: 'tap', args: [false] });
    };
  }

  /** Resolves once every message the thread sent before it is received. */
  async flush(): Promise<void> {
    await this.call('flush');
  }

  /** A clean stop: the endpoint closed, the engine stopped, the thread ended. */
  async stop(): Promise<void> {
    if (!this.exited) await this.call('stop').catch(() => undefined);
    await this.worker.terminate();
  }

  /** Ends the thread at once, recording nothing more, as kill -9 would. */
  async crash(): Promise<void> {
    await this.worker.terminate();
  }

  private call(method: AsyncMethod, request?: unknown): Promise<unknown> {
    if (this.exited) return Promise.reject(new Error('the Step Functions engine thread has stopped'));
    const id = ++this.nextId;
    const { promise, resolve, reject } = Promise.withResolvers<unknown>();
    this.pending.set(id, { resolve, reject });
    this.worker.postMessage({ kind: 'call', id, method, request });
    return promise;
  }

  /** Blocks until the thread has done it: callers arm a fault and at once send what meets it. */
  private sync(request: SyncRequest): void {
    if (this.exited) throw new Error('the Step Functions engine thread has stopped');
    Atomics.store(this.done, 0, 0);
    this.worker.postMessage({ kind: 'sync', ...request });
    if (Atomics.wait(this.done, 0, 0, SYNC_TIMEOUT_MS) === 'timed-out')
      throw new Error(`the Step Functions engine thread did not answer ${request.method} within ${SYNC_TIMEOUT_MS} ms`);
  }

  private receive(message: FromThread): void {
    if (message.kind === 'fault') void dieFor(message.point);
    else if (message.kind === 'operation') for (const listener of this.listeners) listener(message);
    else if (message.kind === 'reply') {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (!message.error) waiting?.resolve(message.value);
      else
        waiting?.reject(
          message.error.type
            ? new SfnApiError(message.error.type, message.error.message)
            : Object.assign(new Error(message.error.message), { name: message.error.name }),
        );
    }
  }

  private rejectAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
