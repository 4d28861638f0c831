import { performance } from 'node:perf_hooks';
import type { Runtime } from '../local/runtime';
import type { CapacityMeter, Consumed } from './capacity';
import { loadPastDeclarations } from './bulk';
import type { LoadGenerator } from './load';
import { recordOperations, type RecordedOperation } from './recorder';
import { figure, fixed, loadLine, progress, whyUnmeasured } from './report';
import type { ApiShape } from './worker';

export interface ScaleRead {
  name: string;
  token: string;
  path: string;
}

/**
 * The same reads with more declarations in the table: past ones bulk-loaded beside the bench's
 * own. Keyed reads stay flat in items read; a scan or a filter over a growing partition would
 * not. Latency is shown beside the floor's at each size (the same recorded operations replayed),
 * so growth that is DynamoDB Local's own shows as the floor growing alike. Each size is measured
 * after the last, so the table only grows.
 */
export async function scale(
  runtime: Runtime,
  generator: LoadGenerator,
  meter: CapacityMeter,
  reads: ScaleRead[],
  sizes: readonly number[],
  already: number,
  seconds: number,
  warmupSeconds = 0,
): Promise<number> {
  let errors = 0;
  let loaded = already;
  const base = new Map<string, { p50: number; floor: number; items: number }>();
  const floors = new Map<string, RecordedOperation[]>();
  const at = runtime.clock.now();
  /** One client on the route, then one replaying its floor, for `duration` seconds each. */
  const both = async (read: ScaleRead, operations: RecordedOperation[], duration: number) => {
    const shape: ApiShape = { kind: 'get', path: read.path };
    const summary = await generator.run({
      side: 'api',
      url: runtime.url,
      token: read.token,
      connections: 1,
      durationSeconds: duration,
      shape,
    });
    // autocannon stops at its deadline with requests in flight; let the API finish them first.
    await new Promise((resolve) => setTimeout(resolve, 250));
    const floor = await generator.run({ side: 'floor', operations, connections: 1, durationSeconds: duration });
    return { summary, floor };
  };
  for (const size of sizes) {
    const adding = size - loaded;
    if (adding > 0) {
      const started = performance.now();
      const items = await loadPastDeclarations(runtime.tableName, adding, at, loaded);
      const tookSeconds = (performance.now() - started) / 1000;
      figure(`scale load to ${size} declarations`, tookSeconds, 's');
      progress(`  loaded ${adding} declarations (${items} items) in ${tookSeconds.toFixed(1)} s, ${fixed(items / tookSeconds, 0)} items/s`);
      loaded = size;
    }
    // Each read metered on its own first, before any load: a request a load left in flight
    // (the generator stops at its deadline, the API finishes what it was doing) would add to it.
    const consumed = new Map<string, Consumed>();
    for (const read of reads) {
      const stop = meter.start((port) => port === runtime.port);
      let body: { items?: unknown[] } = {};
      const operations = await recordOperations(
        async () => {
          const response = await fetch(`${runtime.url}${read.path}`, { headers: { authorization: `Bearer ${read.token}` } });
          body = (await response.json()) as typeof body;
          if (!response.ok) throw new Error(`${read.name} answered ${response.status}`);
        },
        (port) => port === runtime.port,
      );
      const used = await stop();
      consumed.set(read.name, used);
      // The floor is the first size's operations, so every size replays the same ones.
      if (!floors.has(read.name)) floors.set(read.name, operations);
      progress(
        `  ${read.name} @${size}: ${used.itemsRead} items read in ${used.calls} calls, ${used.readUnits} RRU${body.items ? `, ${body.items.length} items answered` : ''}`,
      );
    }
    // Each level warmed before it is measured: a bulk load leaves DynamoDB Local's pages cold and
    // the first size's figures are the baseline every later size is compared with.
    if (warmupSeconds > 0)
      for (const read of reads) {
        const warm = await both(read, floors.get(read.name)!, warmupSeconds);
        errors += warm.summary.errors + warm.floor.errors;
        progress(`  warm-up ${read.name} @${size}: ${loadLine(warm.summary)}; floor ${loadLine(warm.floor)}`);
      }
    for (const read of reads) {
      const { summary, floor } = await both(read, floors.get(read.name)!, seconds);
      errors += summary.errors + floor.errors;
      const itemsRead = consumed.get(read.name)!.itemsRead;
      progress(`  ${read.name} @${size}: ${loadLine(summary)}; floor ${loadLine(floor)}`);
      const first = base.get(read.name) ?? { p50: summary.p50, floor: floor.p50, items: itemsRead };
      base.set(read.name, first);
      const label = `@${sizes[0]}`;
      figure(`scale ${read.name} p50 @${size}`, summary.p50, 'ms', { value: first.p50, label }, whyUnmeasured(summary));
      figure(`scale ${read.name} floor p50 @${size}`, floor.p50, 'ms', { value: first.floor, label }, whyUnmeasured(floor));
      figure(`scale ${read.name} items read @${size}`, itemsRead, 'items', { value: first.items, label });
    }
  }
  return errors;
}
