/**
 * What the statistics (issue 22.2) cost, measured inside bench/portfolio.ts on its projects at 100
 * and 100,000: a page view (GET /statistics) reads the rollup's cells by one Query, so its items
 * read follow the number of year × district × kind cells, not of projects; the rollup the sweep
 * runs hourly (called here as the sweep calls it) reads every call, declaration and
 * project by keyed Queries and writes each cell once. The bench writes projects without their
 * declarations, so a real rollup reads about one more item per project than this one.
 */
import { performance } from 'node:perf_hooks';
import type { Runtime } from '../local/runtime';
import type { CapacityMeter } from './capacity';
import { figure, progress } from './report';

const VIEWS = [
  { name: 'office, all years', as: 'admin', query: '' },
  { name: 'office, 2025', as: 'admin', query: '?year=2025' },
  { name: 'district-a, 2024-2026', as: 'district-a', query: '?year=2024&toYear=2026' },
] as const;

export interface StatisticsFigures {
  size: number;
  rollup: { itemsRead: number; readUnits: number; writeUnits: number; cellsWritten: number; ms: number };
  views: { name: string; itemsRead: number; p50: number }[];
}

export async function measureStatistics(
  runtime: Runtime,
  meter: CapacityMeter,
  token: (username: string) => Promise<string>,
  size: number,
  requests: number,
): Promise<StatisticsFigures> {
  const call = async (method: string, path: string, as: string) => {
    const response = await fetch(`${runtime.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${await token(as)}`, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
      ...(method === 'POST' ? { body: '{}' } : {}),
    });
    const body = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${method} ${path} as ${as} answered ${response.status}: ${JSON.stringify(body)}`);
    return body;
  };
  // The rollup as the sweep runs it, in this process: at 100,000 projects DynamoDB Local takes longer than an HTTP client waits.
  const { rollupStatistics } = await import('../functions/services/statistics');
  const stopRollup = meter.start();
  const t0 = performance.now();
  const report = await rollupStatistics(runtime.clock.now());
  const ms = performance.now() - t0;
  const used = await stopRollup();
  progress(`  statistics rollup @${size}: ${used.itemsRead} items read, ${report.cellsWritten} cells, ${(ms / 1000).toFixed(1)} s`);
  const views: StatisticsFigures['views'] = [];
  for (const view of VIEWS) {
    const stop = meter.start((port) => port === runtime.port);
    await call('GET', `/statistics${view.query}`, view.as);
    const { itemsRead } = await stop();
    const times: number[] = [];
    for (let r = 0; r < requests; r++) {
      const t = performance.now();
      await call('GET', `/statistics${view.query}`, view.as);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    views.push({ name: view.name, itemsRead, p50: times[Math.floor(times.length / 2)]! });
  }
  return {
    size,
    rollup: {
      itemsRead: used.itemsRead,
      readUnits: used.readUnits,
      writeUnits: used.writeUnits,
      cellsWritten: Number(report.cellsWritten),
      ms,
    },
    views,
  };
}

export function reportStatistics(figures: StatisticsFigures[]): void {
  const first = figures[0]!;
  const label = `@${first.size}`;
  for (const f of figures) {
    const r = f.rollup;
    progress(
      `  statistics rollup @${f.size}: ${r.itemsRead} items read (${r.readUnits.toFixed(0)} read units), ${r.cellsWritten} cells written (${r.writeUnits.toFixed(0)} write units) in ${(r.ms / 1000).toFixed(1)} s`,
    );
    figure(`statistics rollup items read @${f.size}`, r.itemsRead, 'items', { value: f.size, label: 'projects', unit: 'items' });
    figure(`statistics rollup write units @${f.size}`, r.writeUnits, 'units', { value: first.rollup.writeUnits, label });
    for (const v of f.views) {
      const base = first.views.find((b) => b.name === v.name)!;
      progress(`  statistics ${v.name} @${f.size}: ${v.itemsRead} items read, p50 ${v.p50.toFixed(1)} ms`);
      figure(`statistics ${v.name} items read @${f.size}`, v.itemsRead, 'items', { value: base.itemsRead, label });
      figure(`statistics ${v.name} p50 @${f.size}`, v.p50, 'ms', { value: base.p50, label });
    }
  }
}
