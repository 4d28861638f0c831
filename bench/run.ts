/**
 * How fast, how cheap, how it scales: `npm run bench` (under 10 minutes on 2 cores) or
 * `npm run bench -- --quick` (under a minute, run by tests/integration/bench-quick.test.ts).
 * Prints each figure as `name: value unit (ratio to its floor)`; exits non-zero if any request
 * failed. Load comes from a separate process (bench/worker.ts), so it never shares the API's
 * event loop; the floors are the DynamoDB operations the real requests were recorded sending,
 * replayed from that process against the same DynamoDB Local. The machine is shared and noisy:
 * ratios, medians over rounds, rounds alternating which side goes first.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kindSeeds } from '../local/kind-seeds';
import { projectRoot, startRuntime } from '../local/runtime';
import { BenchApi, openCall, openTasksFor, submitMany, type BenchTask } from './api';
import { CapacityMeter } from './capacity';
import { trackServerContexts } from './contexts';
import type { CostInput, CostResult } from './cost';
import { LoadGenerator } from './load';
import { deadlineDay, deadlineDayFigures } from './deadline';
import { drawFigureLines, formatDraw, measureDraw } from './draw';
import { decisionToNextTask } from './next-task';
import { PeerServer } from './peer-process';
import { Overhead, type MeasuredRoute } from './overhead';
import { measurePortfolio, reportPortfolio } from './portfolio';
import { costOf, declarationsPerCall, pricedRegion, unpricedReason } from './prices';
import { recordOperations } from './recorder';
import { sendTaskSuccess, type Variation } from './replay';
import { exponential, figure, fixed, progress } from './report';
import { scale, type ScaleRead } from './scale';
import { rawTaskAndDeclaration, writeShadows } from './shadows';
import { throughput } from './throughput';

const quick = process.argv.includes('--quick');
const plan = quick
  ? // A smoke run: every figure once, no warm-up, and the cost lifecycles alongside everything.
    {
      rounds: 1,
      seconds: 0.5,
      warmupSeconds: 0,
      decisions: { 1: 3, 20: 20, 50: 50 },
      scaleSizes: [100, 300, 1000],
      scaleSeconds: 0.5,
      nextTaskRounds: 3,
      throughputSeconds: 3,
      costKinds: ['elder-empowerment'],
      costAlongside: true,
      deadlineApplicants: 20,
      scaleWarmupSeconds: 0,
    }
  : {
      rounds: 3,
      seconds: 3,
      warmupSeconds: 5,
      decisions: { 1: 25, 20: 75, 50: 125 },
      scaleSizes: [100, 10_000, 100_000],
      scaleSeconds: 2,
      scaleWarmupSeconds: 2,
      nextTaskRounds: 20,
      throughputSeconds: 30,
      costKinds: kindSeeds()
        .filter((seed) => seed.demoCall)
        .map((seed) => seed.key),
      costAlongside: false,
      // 500 applicants (1,000 requests, enough for a p99) at the 2,000-in-10-minutes rate: 150 s.
      // `--deadline-full` sends all 2,000 over the whole 600 s.
      deadlineApplicants: process.argv.includes('--deadline-full') ? deadlineDay.applicants : 500,
    };
const concurrencies = [1, 20, 50] as const;
const throughputClients = 10;

trackServerContexts();
const started = Date.now();
const [runtime, generator] = await Promise.all([
  startRuntime({ seed: false, logLevel: 'ERROR', sweepIntervalMs: 0 }),
  LoadGenerator.start(process.env),
]);
// The generator's floor uses the app's own client code, pointed at the same DynamoDB Local and table.
await generator.configure({ DYNAMODB_ENDPOINT: runtime.dynamoEndpoint, TABLE_NAME: runtime.tableName });
const meter = new CapacityMeter();
meter.install(runtime);
const api = new BenchApi(runtime.url);
const costInput: CostInput = { dynamoEndpoint: runtime.dynamoEndpoint, kinds: plan.costKinds };
let costs: Promise<CostResult[]> | undefined;
/** Counts, not timings, so it may run beside setup; never beside a latency measurement in a full run. */
const startCost = () => {
  costs ??= costPerDeclaration(costInput);
  costs.catch(() => {});
};
let errors = 0;
let failed = false;
let peer: PeerServer | undefined;
const phase = (name: string) => progress(`\n[${((Date.now() - started) / 1000).toFixed(0)} s] ${name}`);

try {
  progress(`${quick ? 'quick' : 'full'} run: ${plan.rounds} round(s) of ${plan.seconds} s per load measurement, medians over rounds`);
  if (plan.costAlongside) startCost();
  const call = await openCall(api, runtime.clock.now(), 'elder-empowerment', { districtCaps: { 'district-a': 1000, 'district-b': 1000 } });

  // District A's reviewer has a handful of declarations to recommend; the first one is the one read.
  phase('declarations to read');
  const inboxOfA = await submitMany(api, 'applicant-a1', call, 5, 5);
  await openTasksFor(api, 'district-a', 'district_recommendation', inboxOfA);
  const reads: ScaleRead[] = [
    { name: 'GET /declarations/{id}', token: await api.token('applicant-a1'), path: `/declarations/${inboxOfA[0]}` },
    { name: 'GET /tasks', token: await api.token('district-a'), path: '/tasks' },
  ];

  phase('scale');
  errors += await scale(runtime, generator, meter, reads, plan.scaleSizes, inboxOfA.length, plan.scaleSeconds, plan.scaleWarmupSeconds);

  // District B's reviewer gets a task per decision the bench will make: each request decides its own.
  phase('declarations to decide');
  startCost();
  const decisionsNeeded =
    (plan.warmupSeconds > 0 ? plan.decisions[1] : 0) + plan.rounds * Object.values(plan.decisions).reduce((a, b) => a + b, 0);
  const poolStarted = Date.now();
  const pool = await submitMany(api, 'applicant-b1', call, decisionsNeeded + plan.nextTaskRounds + 2);
  const tasks: BenchTask[] = [...(await openTasksFor(api, 'district-b', 'district_recommendation', pool, 300_000)).values()];
  progress(`  ${pool.length} declarations submitted with their tasks open in ${((Date.now() - poolStarted) / 1000).toFixed(1)} s`);

  if (!plan.costAlongside) {
    phase('cost per declaration (finishing before any latency is measured)');
    await costs;
  }

  phase('API overhead');
  const routes: MeasuredRoute[] = [];
  for (const read of reads) {
    const operations = await recordOperations(
      async () => {
        const response = await fetch(`${runtime.url}${read.path}`, { headers: { authorization: `Bearer ${read.token}` } });
        await response.text();
        if (!response.ok) throw new Error(`${read.name} answered ${response.status} before the load`);
      },
      (port) => port === runtime.port,
    );
    routes.push({
      name: read.name,
      token: read.token,
      operations,
      peerPath: `/route/${routes.length}`,
      load: { kind: 'duration', shape: { kind: 'get', path: read.path } },
    });
  }
  // A decline, not a recommendation: recommendations in one district and call all add to the
  // district's cap counter, so 50 at once would measure conflicts on that one item.
  const decline = { outcome: 'decline', comment: '本批次名额已满，建议下批次申报。' };
  const recorded = tasks.shift()!;
  const originals = await rawTaskAndDeclaration(recorded.taskId, recorded.declarationId);
  // The decision's floor: its storage work, then the workflow's resume sent to a bare endpoint
  // (bench/peer.ts), which answers at once — the round trip counts, the workflow's work does not.
  const decisionOps = [
    ...(await recordOperations(
      async () => void (await api.post('district-b', `/tasks/${recorded.taskId}/decision`, decline)),
      (port) => port === runtime.port,
    )),
    sendTaskSuccess(decline),
  ];
  let shadowsWritten = 0;
  routes.push({
    name: 'POST /tasks/{id}/decision',
    token: await api.token('district-b'),
    operations: decisionOps,
    load: {
      kind: 'amount',
      amounts: plan.decisions,
      api: async (amount) => ({ kind: 'decide', paths: tasks.splice(0, amount).map((t) => `/tasks/${t.taskId}/decision`), body: decline }),
      floor: async (amount) => {
        const variation: Variation = { ids: [recorded.taskId, recorded.declarationId], from: shadowsWritten, count: amount };
        shadowsWritten += amount;
        await writeShadows(runtime.tableName, originals, variation);
        return variation;
      },
    },
  });
  for (const route of routes)
    progress(`  ${route.name} issues ${route.operations.map((o) => o.command.replace(/Command$/, '')).join(', ')}`);
  // The bare-Hono peer serves the reads' recorded operations, and is the floor's bare SFN endpoint.
  peer = await PeerServer.start({
    dynamoEndpoint: runtime.dynamoEndpoint,
    routes: routes.filter((r) => r.peerPath).map((r) => r.operations),
  });
  await generator.configure({ BARE_SFN_ENDPOINT: peer.url });
  const overhead = new Overhead(generator, runtime.url, peer.url);
  await overhead.run(routes, { ...plan, concurrencies });
  errors += overhead.errors;
  overhead.report(routes, concurrencies);

  phase('decision to next task');
  errors += await decisionToNextTask(runtime, api, generator, tasks, plan.nextTaskRounds);

  phase('throughput');
  errors += await throughput(api, generator, call, throughputClients, plan.throughputSeconds);

  phase(`deadline day (bench/deadline.ts): ${plan.deadlineApplicants} applicants`);
  errors += await deadlineDayFigures(runtime, api, generator, meter, { applicants: plan.deadlineApplicants });

  phase('cost per declaration');
  startCost();
  for (const result of await costs!) reportCost(result);

  // HOOK for issues 7 and 5: the cold-start proxy (bench/bundles.ts: bundle sizes, import times in
  // a fresh process) and the sweep's items read (bench/sweep.ts) report here once their files exist.
  const bundles = await optionalModule('bundles');
  if (bundles?.measureBundles && bundles.formatBundles) {
    phase('cold start proxy (bench/bundles.ts)');
    const lines = (bundles.formatBundles as unknown as (f: unknown) => string[])(await bundles.measureBundles({ rounds: quick ? 1 : 5 }));
    for (const line of lines) console.log(line);
  }
  const sweep = await optionalModule('sweep');
  if (sweep?.measureSweep) {
    phase('sweep (bench/sweep.ts)');
    const f = (await sweep.measureSweep(runtime, quick ? { tasks: 1000 } : {})) as { itemsRead: number; due: number; tasks: number };
    progress(`  ${f.tasks} open tasks, ${f.due} due`);
    figure('sweep items read', f.itemsRead, 'items', { value: f.due, label: 'due', unit: 'items' });
  }
  phase('expert draw (bench/draw.ts)');
  const draws = await measureDraw(runtime, meter, quick ? { unrelated: 2000, singles: 5 } : {});
  for (const line of formatDraw(draws)) progress(line);
  for (const [name, value] of drawFigureLines(draws))
    figure(name, value, 'items', { value: draws.pool, label: 'the pool of', unit: 'experts' });

  phase('portfolio (bench/portfolio.ts)');
  reportPortfolio(await measurePortfolio(runtime, meter, quick ? { sizes: [100, 1000], requests: 3 } : {}));

  figure('errors during load', errors, 'errors');
  failed = errors > 0;
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  generator.stop();
  peer?.stop();
  await runtime.stop();
}
progress(`\nbench took ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(failed ? 1 : 0);

/** A bench module another issue adds; absent until it lands. */
async function optionalModule(name: string): Promise<Record<string, ((...args: any[]) => Promise<unknown>) | undefined> | undefined> {
  if (!existsSync(fileURLToPath(new URL(`${name}.ts`, import.meta.url)))) return undefined;
  return (await import(`./${name}`)) as Record<string, ((...args: any[]) => Promise<unknown>) | undefined>;
}

function costPerDeclaration(input: CostInput): Promise<CostResult[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('cost.ts', import.meta.url)), JSON.stringify(input)], {
    cwd: projectRoot,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors = (errors + chunk).slice(-4000)));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = output.trim().split('\n').pop();
      if (code !== 0 || !line)
        reject(
          new Error(`bench/cost.ts exited with ${code}: ${errors.split('\n').find((l) => l.startsWith('bench/cost.ts failed')) ?? errors}`),
        );
      else resolve(JSON.parse(line) as CostResult[]);
    });
  });
}

function reportCost(result: CostResult): void {
  // The call's own execution (open, window, ranking, notice) runs once per call whatever the
  // count, so each declaration carries 1/declarationsPerCall of it; the rest is the declaration's.
  const share = (e: CostResult['executions'][number]) => (e.name === 'call' ? 1 / declarationsPerCall : 1);
  const sum = (pick: (e: CostResult['executions'][number]) => number) =>
    result.executions.reduce((total, e) => total + pick(e) * share(e), 0);
  const handlerInvocations = sum((e) => e.handlerInvocations);
  const usage = {
    transitions: sum((e) => e.transitions),
    lambdaInvocations: result.apiRequests + handlerInvocations,
    apiMs: result.apiMs,
    handlerMs: sum((e) => e.handlerMs),
    apiRequests: result.apiRequests,
    readUnits: result.consumed.readUnits,
    writeUnits: result.consumed.writeUnits,
  };
  const name = `cost ${result.kind}`;
  progress(`  ${result.kind}: ${result.consumed.calls} DynamoDB calls, units by command ${JSON.stringify(result.consumed.byCommand)}`);
  for (const e of result.executions)
    progress(
      `  ${result.kind}: ${e.name} execution ${e.transitions} transitions, ${e.events} events, ${e.handlerInvocations} handler invocations${e.name === 'call' ? ` (shared by a call of ${declarationsPerCall})` : ''}`,
    );
  progress(`  ${result.kind}: ${result.executions.length} executions in one declaration's life`);
  const whole = result.executions.reduce((total, e) => total + e.transitions, 0);
  figure(`${name} state transitions`, Math.round(usage.transitions * 10) / 10, 'transitions', {
    value: whole,
    label: `the call's execution shared by ${declarationsPerCall}; unshared`,
    unit: 'transitions',
  });
  figure(
    `${name} history events`,
    sum((e) => e.events),
    'events',
  );
  figure(`${name} read units`, usage.readUnits, 'RRU');
  figure(`${name} write units`, usage.writeUnits, 'WRU');
  // Where they go: every index an item is in is written with it, the item whole (projection ALL).
  const byIndex = Object.entries(result.consumed.writesByIndex).sort(([a], [b]) => a.localeCompare(b));
  progress(`  ${result.kind}: write units by index ${byIndex.map(([index, units]) => `${index} ${fixed(units, 0)}`).join(', ')}`);
  const inIndexes = byIndex.reduce((total, [index, units]) => total + (index === 'table' ? 0 : units), 0);
  figure(`${name} write units in indexes`, inIndexes, 'WRU', { value: usage.writeUnits, label: 'of all write units', unit: 'WRU' });
  figure(`${name} Lambda invocations`, usage.lambdaInvocations, 'invocations');
  const cost = costOf(usage);
  progress(
    `  ${result.kind} per declaration (${pricedRegion} list prices, call of ${declarationsPerCall}): Step Functions ${exponential(cost.stepFunctions, 2, unpricedReason)}, Lambda ${exponential(cost.lambda, 2, unpricedReason)}, DynamoDB ${exponential(cost.dynamo, 2, unpricedReason)}, HTTP API ${exponential(cost.api, 2, unpricedReason)} USD; ${result.apiRequests} API requests, ${fixed(handlerInvocations, 1)} handler invocations, ${fixed(usage.apiMs + usage.handlerMs, 0)} ms`,
  );
  figure(
    `${name} per 1000 declarations`,
    cost.total * 1000,
    'USD',
    { value: 0.75, label: `${pricedRegion} list prices, call of ${declarationsPerCall}; aim`, unit: 'USD' },
    unpricedReason,
  );
}
