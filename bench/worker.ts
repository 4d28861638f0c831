/**
 * The load generator, run as its own process (bench/load.ts starts it) so it never shares an
 * event loop with the API or the storage it measures. It takes jobs over IPC, one at a time, and
 * answers each with a LoadSummary: autocannon against the API, or the recorded DynamoDB
 * operations replayed directly (the floor), both as closed loops of `connections` clients.
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { documentClient } from '../functions/adapters/aws';
import type { RecordedOperation } from './recorder';
import { replayer, type Variation } from './replay';
import { summarize, type LoadSummary } from './stats';

/** What each API request is: one GET, a decision on its own task, or a declaration drafted then submitted. */
export type ApiShape =
  | { kind: 'get'; path: string }
  | { kind: 'decide'; paths: string[]; body: unknown }
  | { kind: 'declare'; callId: string; draft: unknown };

export interface ApiJob {
  side: 'api';
  url: string;
  token: string;
  connections: number;
  /** Either a duration or, when each request needs its own fresh item, a count. */
  durationSeconds?: number;
  shape: ApiShape;
}

export interface FloorJob {
  side: 'floor';
  operations: RecordedOperation[];
  connections: number;
  durationSeconds?: number;
  variation?: Variation;
}

export type Job = ApiJob | FloorJob;

/** The requests to send, and how many units of work have completed (a declaration completes with its submission). */
function requestsOf(shape: ApiShape): { requests: autocannon.Request[]; amount?: number; completed?: () => number } {
  const json = { 'content-type': 'application/json' };
  switch (shape.kind) {
    case 'get':
      return { requests: [{ method: 'GET', path: shape.path }] };
    case 'decide': {
      let next = 0;
      const body = JSON.stringify(shape.body);
      return {
        amount: shape.paths.length,
        requests: [
          {
            method: 'POST',
            headers: json,
            body,
            setupRequest: (request) => ({ ...request, path: shape.paths[next++ % shape.paths.length]! }),
          },
        ],
      };
    }
    case 'declare': {
      let submitted = 0;
      return {
        requests: [
          {
            method: 'POST',
            path: `/calls/${shape.callId}/declarations`,
            headers: json,
            body: JSON.stringify(shape.draft),
            onResponse: (status: number, body: string, context: object) => {
              if (status === 201)
                (context as { declarationId?: string }).declarationId = (JSON.parse(body) as { declarationId: string }).declarationId;
            },
          },
          {
            method: 'POST',
            setupRequest: (request, context) => ({
              ...request,
              path: `/declarations/${String((context as { declarationId?: string }).declarationId)}/submit`,
            }),
            onResponse: (status: number) => {
              if (status === 200) submitted += 1;
            },
          },
        ],
        completed: () => submitted,
      };
    }
  }
}

async function apiLoad(job: ApiJob): Promise<LoadSummary> {
  // autocannon's own histogram stores whole milliseconds; the API answers in a few, so keep raw samples.
  const latencies: number[] = [];
  let rejected = 0;
  let firstError: string | undefined;
  const { requests, amount, completed } = requestsOf(job.shape);
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: job.url,
        connections: job.connections,
        ...(amount === undefined ? { duration: job.durationSeconds ?? 1 } : { amount }),
        headers: { authorization: `Bearer ${job.token}` },
        requests,
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
      else {
        rejected += 1;
        firstError ??= `HTTP ${statusCode}`;
      }
    });
    instance.on('reqError', (error) => (firstError ??= String(error)));
  });
  const elapsed = performance.now() - started;
  // Socket errors and timeouts never reach 'response', so take them from autocannon's totals.
  const errors = rejected + result.errors + result.timeouts;
  const summary = summarize(latencies, elapsed, errors, firstError);
  return completed ? { ...summary, completedPerSecond: (completed() * 1000) / elapsed } : summary;
}

// The app's own client (from DYNAMODB_ENDPOINT), so the floor has the same SDK, marshalling and sockets.
async function floorLoad(job: FloorJob): Promise<LoadSummary> {
  const replay = replayer(documentClient(), job.operations, job.variation);
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = job.variation?.from ?? 0;
  const limit = job.variation ? job.variation.from + job.variation.count : undefined;
  const started = performance.now();
  const deadline = started + (job.durationSeconds ?? 0) * 1000;
  const more = () => (limit === undefined ? performance.now() < deadline : next < limit);
  async function loop(): Promise<void> {
    while (more()) {
      const i = next++;
      const sent = performance.now();
      try {
        await replay(i);
        latencies.push(performance.now() - sent);
      } catch (error) {
        errors += 1;
        firstError ??= String(error);
      }
    }
  }
  await Promise.all(Array.from({ length: job.connections }, loop));
  const elapsed = performance.now() - started;
  return summarize(latencies, elapsed, errors, firstError);
}

process.on('message', (job: Job | { env: Record<string, string> }) => {
  // Where the floor's DynamoDB is, sent once the runtime has started (the generator starts beside it).
  if ('env' in job) {
    Object.assign(process.env, job.env);
    process.send!({ ready: true });
    return;
  }
  const run = job.side === 'api' ? apiLoad(job) : floorLoad(job);
  run.then(
    (summary) => process.send!({ summary }),
    (error: unknown) => process.send!({ failure: String((error as Error)?.stack ?? error) }),
  );
});
// The bench gone (finished or crashed), the generator goes too.
process.on('disconnect', () => process.exit(0));
process.send!({ ready: true });
