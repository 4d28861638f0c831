/**
 * How much the API costs over the storage it reads: GET /applications/{id} under load, against
 * the same DynamoDB operations issued directly ("the floor"), on one local runtime.
 *
 *   npm run bench            3 rounds of 10 s per measurement (about 2.5 minutes on 2 cores)
 *   npm run bench -- --quick 1 round of 3 s (about 40 s)
 *
 * Load comes from separate processes (bench/api-load.ts, bench/floor-load.ts) so the generator
 * never shares the API's event loop. Rounds alternate which side goes first, and each figure is
 * the median over rounds, so a slow moment on this machine does not decide the result.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { projectRoot, startRuntime } from '../local/runtime';
import type { ApiLoadOptions } from './api-load';
import { submittedDeclaration } from './declaration';
import type { FloorLoadOptions } from './floor-load';
import { recordOperations } from './recorder';
import { median, type LoadSummary } from './stats';

const quick = process.argv.includes('--quick');
const plan = { ...(quick ? { rounds: 1, seconds: 3 } : { rounds: 3, seconds: 10 }), warmupSeconds: 8 };
const concurrencies = [1, 20] as const;
const aimConcurrency = 20;
const aimRatio = 2;
const route = 'GET /applications/{id}';

type Side = 'api' | 'floor';

// A run with no successful request has no percentiles (NaN, null once through JSON).
const isFigure = (value: number | null): value is number => typeof value === 'number' && Number.isFinite(value);
const ms = (value: number | null) => (isFigure(value) ? `${value.toFixed(2)} ms` : 'n/a');
const perSecond = (value: number) => `${value.toFixed(0)} req/s`;

/** Runs a load worker in its own Node process (through tsx) and reads the one JSON line it prints. */
function runWorker(script: string, options: ApiLoadOptions | FloorLoadOptions, env: NodeJS.ProcessEnv): Promise<LoadSummary> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url)), JSON.stringify(options)], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = output.trim().split('\n').pop();
      if (code !== 0 || !line) reject(new Error(`${script} exited with ${code}: ${output}`));
      else resolve(JSON.parse(line) as LoadSummary);
    });
  });
}

const runtime = await startRuntime({ seed: true, logLevel: 'ERROR' });
let failed = false;
try {
  const declaration = await submittedDeclaration(runtime.url);
  const target = `${runtime.url}/applications/${declaration.applicationId}`;

  // One real request, recorded: these operations, in this order, are the floor.
  const operations = await recordOperations(async () => {
    const response = await fetch(target, { headers: { authorization: `Bearer ${declaration.token}` } });
    await response.text();
    if (!response.ok) throw new Error(`${route} answered ${response.status} before the load`);
  });
  const floorName = `floor ${operations.map(({ command }) => command.replace(/Command$/, '')).join('+')}`;
  console.log(`${route} issues ${operations.length} DynamoDB operations:`);
  for (const { command, input } of operations) console.log(`  ${command} ${JSON.stringify(input)}`);
  console.log(`(${declaration.openTasks} open task(s); ${plan.rounds} round(s) of ${plan.seconds} s per measurement, medians over rounds)\n`);

  // The SDK's Node 20 deprecation notice already showed once for the API; not again per worker.
  const workerEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  const floorEnv = { ...workerEnv, DYNAMODB_ENDPOINT: runtime.dynamoEndpoint };
  const measure = (side: Side, connections: number, durationSeconds: number) =>
    side === 'api'
      ? runWorker('api-load.ts', { url: target, token: declaration.token, connections, durationSeconds }, workerEnv)
      : runWorker('floor-load.ts', { operations, connections, durationSeconds }, floorEnv);

  const results = new Map<string, LoadSummary[]>();
  let errors = 0;
  const record = (side: Side, connections: number, summary: LoadSummary, keep: boolean) => {
    errors += summary.errors;
    if (summary.errors > 0) console.error(`${side} @${connections}: ${summary.errors} error(s), first: ${summary.firstError}`);
    // Progress on stderr, so the figures on stdout stay the whole report; the spread shows the noise.
    console.error(`  ${keep ? 'measured' : 'warm-up '} ${side.padEnd(5)} @${connections}: p50 ${ms(summary.p50)}, p99 ${ms(summary.p99)}, ${perSecond(summary.requestsPerSecond)}`);
    if (keep) results.set(`${side}@${connections}`, [...(results.get(`${side}@${connections}`) ?? []), summary]);
  };

  // Warm both paths before anything counts: DynamoDB Local's JVM is still compiling for several
  // seconds after start (with 1 s of warm-up every later figure came out about twice as slow),
  // and the API fetches its JWKS and fills its socket pool on first use.
  for (const side of ['api', 'floor'] as const) record(side, aimConcurrency, await measure(side, aimConcurrency, plan.warmupSeconds), false);

  for (let round = 0; round < plan.rounds; round += 1) {
    const order: Side[] = round % 2 === 0 ? ['api', 'floor'] : ['floor', 'api'];
    for (const connections of concurrencies) {
      for (const side of order) record(side, connections, await measure(side, connections, plan.seconds), true);
    }
  }

  const figure = (side: Side, connections: number, pick: (s: LoadSummary) => number) => median((results.get(`${side}@${connections}`) ?? []).map(pick));
  const ratio = (value: number, floor: number) => (isFigure(value) && isFigure(floor) ? `${(value / floor).toFixed(2)}x floor` : 'no ratio');
  const metrics = [
    { label: 'p50', pick: (s: LoadSummary) => s.p50, format: ms },
    { label: 'p99', pick: (s: LoadSummary) => s.p99, format: ms },
    { label: 'throughput', pick: (s: LoadSummary) => s.requestsPerSecond, format: perSecond },
  ];
  for (const connections of concurrencies) {
    for (const { label, pick, format } of metrics) {
      const api = figure('api', connections, pick);
      const floor = figure('floor', connections, pick);
      console.log(`${route} ${label} @${connections}: ${format(api)} (${ratio(api, floor)})`);
      console.log(`${floorName} ${label} @${connections}: ${format(floor)}`);
    }
  }

  const aim = figure('api', aimConcurrency, (s) => s.p50) / figure('floor', aimConcurrency, (s) => s.p50);
  // Failed requests would flatter the figures, so with any error the aim is not judged.
  const verdict = errors > 0 || !isFigure(aim) ? 'not judged (requests failed)' : `${aim <= aimRatio ? 'met' : 'NOT met'} (${aim.toFixed(2)}x)`;
  console.log(`\naim "API p50 within ${aimRatio}x of floor at ${aimConcurrency} concurrent": ${verdict}`);
  console.log(`errors during load: ${errors}`);
  failed = errors > 0;
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  await runtime.stop();
}
process.exit(failed ? 1 : 0);
