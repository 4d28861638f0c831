/**
 * Load worker for the storage floor: the DynamoDB operations GET /applications/{id} was recorded
 * sending, replayed directly in the same order, with the same concurrency, from its own process.
 * Prints one LoadSummary as JSON.
 */
import { performance } from 'node:perf_hooks';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../functions/adapters/aws';
import type { RecordedOperation } from './recorder';
import { summarize, workerInput } from './stats';

export interface FloorLoadOptions {
  operations: RecordedOperation[];
  connections: number;
  durationSeconds: number;
}

const options = workerInput<FloorLoadOptions>();
// The app's own client (from DYNAMODB_ENDPOINT), so the floor has the same SDK, marshalling and sockets.
const client = documentClient();

/** Only the reads a GET can make; anything else means the route changed and the bench must be looked at. */
const commands = options.operations.map(({ command, input }) => {
  switch (command) {
    case 'GetItemCommand':
    case 'GetCommand':
      return () => client.send(new GetCommand(input as unknown as GetCommand['input']));
    case 'QueryCommand':
      return () => client.send(new QueryCommand(input as unknown as QueryCommand['input']));
    default:
      throw new Error(`the floor cannot replay ${command}`);
  }
});

/** One request's worth of storage work, sequential as in the route (the tasks query awaits the item). */
async function readDeclaration(): Promise<void> {
  for (const send of commands) await send();
}

// One unrecorded read per loop opens the sockets, as autocannon connects before its clock runs.
await Promise.all(Array.from({ length: options.connections }, readDeclaration));

const latencies: number[] = [];
let errors = 0;
let firstError: string | undefined;
const started = performance.now();
const deadline = started + options.durationSeconds * 1000;

// Closed loops, like autocannon's connections: each sends its next request when the last returns.
async function loop(): Promise<void> {
  while (performance.now() < deadline) {
    const sent = performance.now();
    try {
      await readDeclaration();
      latencies.push(performance.now() - sent);
    } catch (error) {
      errors += 1;
      firstError ??= String(error);
    }
  }
}

await Promise.all(Array.from({ length: options.connections }, loop));
const elapsed = performance.now() - started;
client.destroy();
process.stdout.write(`${JSON.stringify(summarize(latencies, elapsed, errors, firstError))}\n`);
