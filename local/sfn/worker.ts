import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parentPort, workerData } from 'node:worker_threads';
import { documentClient } from '../../functions/adapters/aws';
import { useBlobStore } from '../../functions/adapters/blobs';
import { useClock } from '../../functions/adapters/clock';
import { onFault } from '../../functions/adapters/faults';
import { logger as functionsLogger, ShenbaoLogger } from '../../functions/adapters/log';
import { FileBlobStore } from '../blobs/file';
import { guardTableGrants } from '../grants';
import { FollowingClock } from '../clock';
import { close, listen } from '../serve';
import { LocalStepFunctions } from './engine';
import { SfnApiError } from './errors';
import { sfnProtocolApp } from './server';
import { ExecutionStore } from './store';
import { asyncMethods, type EngineThreadData, type FromThread, type SyncRequest } from './thread';

/**
 * The local Step Functions endpoint's own thread (started by thread.ts): the engine, its protocol
 * server on the SFN port, its timer tick, and the step handlers its executions invoke, wired as
 * the runtime wires the API: the same clock (followed through shared memory), blob store and log level.
 */
const data = workerData as EngineThreadData;
const port = parentPort!;
const send = (message: FromThread) => port.postMessage(message);
const level = data.logLevel as 'INFO';
functionsLogger.setLogLevel(level);
const logger = new ShenbaoLogger({ serviceName: 'shenbao-local', logLevel: level });
const clock = new FollowingClock(data.clock);
useClock(clock);
useBlobStore(new FileBlobStore(data.blobDir));
// A fault point reached here kills (or, in a test, crashes) the whole runtime, decided by the API's thread.
onFault((point) => {
  send({ kind: 'fault', point });
  return new Promise<never>(() => {});
});

const raw = new DynamoDBClient({
  endpoint: data.dynamoEndpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const engine = new LocalStepFunctions({
  root: data.root,
  store: new ExecutionStore(DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }), data.storeTable),
  clock,
  log: (message, detail) => logger.warn(message, { detail: String(detail) }),
});

let tapping = false;
tapOperations();
// Every step handler's Lambda has the read-write role: held to it here as IAM would hold it.
guardTableGrants(documentClient(), 'readWrite');

try {
  const { resumed } = await engine.start();
  const server = await listen(sfnProtocolApp(engine).fetch, data.sfnPort);
  const timer = setInterval(
    () => void engine.checkTimers().catch((error) => logger.error('timer check failed', error as Error)),
    data.timerIntervalMs,
  );
  const done = new Int32Array(data.done);
  port.on('message', (message: ({ kind: 'sync' } & SyncRequest) | { kind: 'call'; id: number; method: string; request?: never }) => {
    if (message.kind === 'sync') {
      answerNow(message);
      Atomics.store(done, 0, 1);
      Atomics.notify(done, 0);
      return;
    }
    const answer = async (): Promise<unknown> => {
      if (!(asyncMethods as readonly string[]).includes(message.method)) throw new Error(`unknown request ${message.method}`);
      if (message.method === 'flush') return null;
      if (message.method === 'stop') {
        clearInterval(timer);
        await close(server);
        engine.close();
        raw.destroy();
        return null;
      }
      return (engine[message.method as 'checkTimers'] as (request?: never) => Promise<unknown>).call(engine, message.request);
    };
    answer().then(
      (value) => send({ kind: 'reply', id: message.id, value }),
      (error: Error) =>
        send({
          kind: 'reply',
          id: message.id,
          error: { name: error.name, message: error.message, ...(error instanceof SfnApiError ? { type: error.type } : {}) },
        }),
    );
  });
  send({ kind: 'ready', resumed });
} catch (error) {
  send({ kind: 'failed', message: (error as Error).message, stack: (error as Error).stack });
}

function answerNow(request: SyncRequest): void {
  if (request.method === 'injectFault') engine.injectFault(...request.args);
  else if (request.method === 'injectResult') engine.injectResult(...request.args);
  else if (request.method === 'injectApiFault') engine.injectApiFault(...request.args);
  else tapping = request.args[0];
}

/** While tapped (the bench), every DynamoDB operation of the step handlers is told to the API's thread with what it consumed. */
function tapOperations(): void {
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      if (!tapping) return next(args);
      const input = args.input as Record<string, unknown>;
      const sent = structuredClone(input);
      input.ReturnConsumedCapacity ??= 'INDEXES';
      const result = await next(args);
      const output = result.output as { ConsumedCapacity?: unknown; ScannedCount?: number; Item?: unknown; Responses?: unknown };
      const blank = (items: unknown[]) => items.map(() => ({}));
      const responses = output.Responses;
      send({
        kind: 'operation',
        command: (context.commandName ?? 'unknown').replace(/Items?Command$/, 'Command'),
        input: sent,
        // What the meter reads of the output (capacity and counts), not the items themselves.
        output: {
          ConsumedCapacity: output.ConsumedCapacity,
          ScannedCount: output.ScannedCount,
          Item: output.Item ? {} : undefined,
          Responses: Array.isArray(responses)
            ? blank(responses)
            : responses && typeof responses === 'object'
              ? Object.fromEntries(Object.entries(responses as Record<string, unknown[]>).map(([table, items]) => [table, blank(items)]))
              : undefined,
        },
      });
      return result;
    },
    { step: 'initialize', name: 'engineThreadTap' },
  );
}
