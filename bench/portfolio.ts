/**
 * What a portfolio page (GET /projects, issue 22.1) and the statistics (bench/statistics.ts) read with 100 and with 100,000 projects in the
 * table: each list is a Query of the partitions its caller may see (by year, district × year, or
 * organisation), each reading at most a page, so items read should stay the same as the table
 * grows 1,000-fold, and so, near enough, should latency.
 *
 *   npx tsx bench/portfolio.ts [--quick]   starts its own runtime, prints `portfolio … items read @N: … (ratio to @100)`
 *
 * The projects are written straight into the table with batch writes, shaped as 立项 writes them
 * (functions/services/projects.ts `establishProject`), over six years, five kinds, three districts.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { configFromDefinition } from '../core/kinds';
import { NOTHING_DUE } from '../core/portfolio';
import { projectStages } from '../core/projects';
import { seededKind } from '../local/kind-seeds';
import type { Runtime } from '../local/runtime';
import { BenchApi } from './api';
import { kindSeeds } from '../local/kind-seeds';
import { batchWrite } from './bulk';
import { CapacityMeter } from './capacity';
import { trackServerContexts } from './contexts';
import { figure, progress } from './report';
import { measureStatistics, reportStatistics, type StatisticsFigures } from './statistics';

const DAY = 86_400_000;
const YEARS = [2021, 2022, 2023, 2024, 2025, 2026];
// Every seeded kind (config/kinds), by the keys the files give: no code names a kind built from configuration.
const KINDS = kindSeeds().map((k) => k.key);
const PLACES = [
  ['centre-a1', 'district-a'],
  ['centre-a2', 'district-a'],
  ['centre-b1', 'district-b'],
  ['expert-org-3', 'district-c'],
  ['expert-org-6', 'district-c'],
] as const;

/** The lists measured: who asks, and with which filters. */
const READS = [
  { name: 'office, all', as: 'admin', query: '' },
  { name: 'office, 2025 elder-empowerment overdue', as: 'admin', query: '?year=2025&kind=elder-empowerment&overdue=true' },
  { name: 'office, closed (filtered)', as: 'admin', query: '?phase=closed' },
  { name: 'district-a', as: 'district-a', query: '' },
  { name: 'applicant-a1', as: 'applicant-a1', query: '?sort=-due' },
] as const;

export interface PortfolioFigures {
  size: number;
  reads: { name: string; itemsRead: number; calls: number; rows: number; p50: number }[];
  /** The statistics on the same projects (bench/statistics.ts). */
  statistics: StatisticsFigures;
}

export async function measurePortfolio(
  runtime: Runtime,
  meter: CapacityMeter,
  options: { sizes?: number[]; requests?: number } = {},
): Promise<PortfolioFigures[]> {
  const sizes = options.sizes ?? [100, 100_000];
  const requests = options.requests ?? 15;
  const { store } = await import('../functions/adapters/entities');
  const db = store();
  const now = runtime.clock.now();
  const stamp = now.getTime();
  const api = new BenchApi(runtime.url);
  await batchWrite(
    runtime.tableName,
    YEARS.flatMap((year) =>
      KINDS.map(
        (kind, k) =>
          db.entities.call
            .put({
              callId: `call_portfoliobench_${stamp}_${year}_${k}`,
              kind,
              year,
              batch: 1,
              title: `${year}年${kind}`,
              opensAt: new Date(Date.UTC(year, 2, 1)).toISOString(),
              closesAt: new Date(Date.UTC(year, 3, 1)).toISOString(),
              quota: 100,
              config: configFromDefinition(seededKind(kind)),
              status: 'established',
              createdBy: 'admin',
              createdAt: new Date(Date.UTC(year, 1, 1)).toISOString(),
            })
            .params<{ Item: Record<string, unknown> }>().Item,
      ),
    ),
  );
  const project = (i: number) => {
    const [organisationId, districtId] = PLACES[i % PLACES.length]!;
    const year = YEARS[i % YEARS.length]!;
    const kindIndex = Math.floor(i / YEARS.length) % KINDS.length;
    const stage = projectStages[(i * 7 + Math.floor(i / 30)) % projectStages.length]!;
    const closed = ['accepted', 'acceptance_failed', 'terminated', 'withdrawn', 'failed'].includes(stage);
    const at = new Date(Date.UTC(year, 5, 1)).toISOString();
    return db.entities.project
      .put({
        declarationId: `app_portfoliobench_${stamp}_${String(i).padStart(6, '0')}`,
        callId: `call_portfoliobench_${stamp}_${year}_${kindIndex}`,
        kind: KINDS[kindIndex]!,
        organisationId,
        districtId,
        title: `基准项目${i}`,
        stage,
        milestones: {},
        kpiTargets: [],
        version: 1,
        createdAt: at,
        updatedAt: at,
        year,
        batch: 1,
        // Spread over two years around now by a hash of i, so no year, kind and due date line up.
        nextDueAt: closed ? NOTHING_DUE : new Date(now.getTime() + (((Math.imul(i, 2654435761) >>> 0) % 730) - 365) * DAY).toISOString(),
        kpiAttainment: (['met', 'unmet', 'none'] as const)[i % 3]!,
      })
      .params<{ Item: Record<string, unknown> }>().Item;
  };
  const figures: PortfolioFigures[] = [];
  let loaded = 0;
  for (const size of sizes) {
    const started = performance.now();
    for (let from = loaded; from < size; from += 5000)
      await batchWrite(
        runtime.tableName,
        Array.from({ length: Math.min(5000, size - from) }, (_, k) => project(from + k)),
      );
    if (size > loaded) progress(`  ${size - loaded} projects written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    loaded = size;
    const reads: PortfolioFigures['reads'] = [];
    for (const read of READS) {
      const token = await api.token(read.as);
      const get = async () => {
        const response = await fetch(`${runtime.url}/projects${read.query}`, { headers: { authorization: `Bearer ${token}` } });
        const body = (await response.json()) as { items?: unknown[] };
        if (!response.ok) throw new Error(`GET /projects${read.query} as ${read.as} answered ${response.status}: ${JSON.stringify(body)}`);
        return body.items?.length ?? 0;
      };
      const stop = meter.start((port) => port === runtime.port);
      const rows = await get();
      const used = await stop();
      const times: number[] = [];
      for (let r = 0; r < requests; r++) {
        const t0 = performance.now();
        await get();
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      reads.push({ name: read.name, itemsRead: used.itemsRead, calls: used.calls, rows, p50: times[Math.floor(times.length / 2)]! });
    }
    figures.push({ size, reads, statistics: await measureStatistics(runtime, meter, (u) => api.token(u), size, requests) });
  }
  return figures;
}

/** The figures as the bench prints them: items read and p50 at each size, against the first size. */
export function reportPortfolio(figures: PortfolioFigures[]): void {
  const first = figures[0]!;
  for (const f of figures)
    for (const r of f.reads) {
      const base = first.reads.find((b) => b.name === r.name)!;
      progress(
        `  ${r.name} @${f.size}: ${r.rows} rows answered, ${r.itemsRead} items read in ${r.calls} calls, p50 ${r.p50.toFixed(1)} ms`,
      );
      const label = `@${first.size}`;
      figure(`portfolio ${r.name} items read @${f.size}`, r.itemsRead, 'items', { value: base.itemsRead, label });
      figure(`portfolio ${r.name} p50 @${f.size}`, r.p50, 'ms', { value: base.p50, label });
    }
  reportStatistics(figures.map((f) => f.statistics));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { startRuntime } = await import('../local/runtime');
  trackServerContexts();
  const runtime = await startRuntime({ seed: false, logLevel: 'ERROR', sweepIntervalMs: 0 });
  const meter = new CapacityMeter();
  meter.install(runtime);
  try {
    const quick = process.argv.includes('--quick');
    reportPortfolio(await measurePortfolio(runtime, meter, quick ? { sizes: [100, 1000], requests: 3 } : {}));
  } finally {
    await runtime.stop();
  }
}
