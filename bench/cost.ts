/**
 * Cost per declaration, in its own process with its own runtime (and tables, on the bench's
 * DynamoDB Local): the lifecycle moves the clock months ahead, which would time out every task
 * the other measurements keep open. Runs one declaration's life per kind (selection, construction,
 * acceptance), each under a call of its own, and prints one JSON line of what they used.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime } from '../local/runtime';
import { BenchApi } from './api';
import { CapacityMeter, type Consumed } from './capacity';
import { trackServerContexts } from './contexts';
import { declarationLifecycle, type LifecycleCount } from './lifecycle';
import { workerInput } from './stats';

export interface CostInput {
  dynamoEndpoint: string;
  kinds: string[];
}

export type CostResult = { kind: string; consumed: Consumed } & LifecycleCount;

const { dynamoEndpoint, kinds } = workerInput<CostInput>();
trackServerContexts();
const runtime = await startRuntime({
  dynamoEndpoint,
  dataDir: mkdtempSync(join(tmpdir(), 'shenbao-bench-cost-')),
  tableName: `bench-cost-${process.pid}`,
  seed: false,
  logLevel: 'ERROR',
  timerIntervalMs: 100,
  // The sweep runs when the clock is moved (and so is counted, as the sweeps of the skipped days
  // would be), not on a real-time tick that would land at random in the lifecycle.
  sweepIntervalMs: 0,
});
const meter = new CapacityMeter();
meter.install(runtime);
let acting = false;
// A person's request counts while it is in flight; the workflow's work counts whenever it runs.
const act = async <T>(send: () => Promise<T>): Promise<T> => {
  acting = true;
  try {
    return await send();
  } finally {
    acting = false;
  }
};
let failed = false;
try {
  const results: CostResult[] = [];
  for (const kind of kinds) {
    const stop = meter.start((port) => port !== runtime.port || acting);
    const count = await declarationLifecycle(runtime, new BenchApi(runtime.url), kind, act);
    results.push({ kind, ...count, consumed: await stop() });
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
} catch (error) {
  console.error(`bench/cost.ts failed: ${(error as Error)?.message ?? String(error)}`);
  console.error(error);
  failed = true;
} finally {
  await runtime.stop();
}
process.exit(failed ? 1 : 0);
