import { performance } from 'node:perf_hooks';
import type { Runtime } from '../local/runtime';
import type { CapacityMeter } from './capacity';
import { loadPastDeclarations } from './bulk';
import type { LoadGenerator } from './load';
import { figure, progress } from './report';
import type { ApiShape } from './worker';

export interface ScaleRead {
  name: string;
  token: string;
  path: string;
}

/**
 * The same reads with more declarations in the table: past ones bulk-loaded beside the bench's
 * own. Keyed reads stay flat in latency and in items read; a scan or a filter over a growing
 * partition would not. Each size is measured after the last, so the table only grows.
 */
export async function scale(runtime: Runtime, generator: LoadGenerator, meter: CapacityMeter, reads: ScaleRead[], sizes: readonly number[], already: number, seconds: number): Promise<number> {
  let errors = 0;
  let loaded = already;
  const base = new Map<string, { p50: number; items: number }>();
  const at = runtime.clock.now();
  for (const size of sizes) {
    const adding = size - loaded;
    if (adding > 0) {
      const started = performance.now();
      const items = await loadPastDeclarations(runtime.tableName, adding, at, loaded);
      const tookSeconds = (performance.now() - started) / 1000;
      figure(`scale load to ${size} declarations`, tookSeconds, 's');
      progress(`  loaded ${adding} declarations (${items} items) in ${tookSeconds.toFixed(1)} s, ${(items / tookSeconds).toFixed(0)} items/s`);
      loaded = size;
    }
    for (const read of reads) {
      const shape: ApiShape = { kind: 'get', path: read.path };
      // One request metered on its own: what DynamoDB read to answer it.
      const stop = meter.start((port) => port === runtime.port);
      const response = await fetch(`${runtime.url}${read.path}`, { headers: { authorization: `Bearer ${read.token}` } });
      const body = (await response.json()) as { items?: unknown[] };
      const consumed = stop();
      if (!response.ok) throw new Error(`${read.name} answered ${response.status}`);
      const summary = await generator.run({ side: 'api', url: runtime.url, token: read.token, connections: 1, durationSeconds: seconds, shape });
      errors += summary.errors;
      progress(`  ${read.name} @${size}: p50 ${summary.p50.toFixed(2)} ms, ${consumed.itemsRead} items read in ${consumed.calls} calls, ${consumed.readUnits} RRU${body.items ? `, ${body.items.length} items answered` : ''}`);
      const first = base.get(read.name) ?? { p50: summary.p50, items: consumed.itemsRead };
      base.set(read.name, first);
      const label = `@${sizes[0]}`;
      figure(`scale ${read.name} p50 @${size}`, summary.p50, 'ms', { value: first.p50, label });
      figure(`scale ${read.name} items read @${size}`, consumed.itemsRead, 'items', { value: first.items, label });
    }
  }
  return errors;
}
