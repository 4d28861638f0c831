import { documentClient } from '../functions/adapters/aws';
import type { Runtime } from '../local/runtime';
import { servingPort } from './contexts';
import { documentCommandName } from './recorder';

/** What the app's DynamoDB calls consumed, as DynamoDB reports it (ReturnConsumedCapacity). */
export interface Consumed {
  calls: number;
  readUnits: number;
  writeUnits: number;
  /** Items DynamoDB read to answer: a Query's ScannedCount (what is paid for, filtered or not), a Get's item. */
  itemsRead: number;
  /** Units by command, to see where they go. */
  byCommand: Record<string, number>;
  /** Write units by where DynamoDB spent them: the table, and each index an item written is in. */
  writesByIndex: Record<string, number>;
}

const reads = new Set(['GetCommand', 'QueryCommand', 'ScanCommand', 'BatchGetCommand', 'TransactGetCommand']);
const empty = (): Consumed => ({ calls: 0, readUnits: 0, writeUnits: 0, itemsRead: 0, byCommand: {}, writesByIndex: {} });

type Units = { CapacityUnits?: number };
type Capacity = (Units & { Table?: Units; GlobalSecondaryIndexes?: Record<string, Units> }) | undefined;
interface Output {
  ConsumedCapacity?: Capacity | Capacity[];
  ScannedCount?: number;
  Item?: unknown;
  Responses?: unknown[] | Record<string, unknown[]>;
}

function itemsReadBy(command: string, output: Output): number {
  if (typeof output.ScannedCount === 'number') return output.ScannedCount;
  if (command === 'GetCommand') return output.Item ? 1 : 0;
  if (Array.isArray(output.Responses)) return output.Responses.length;
  if (output.Responses) return Object.values(output.Responses).reduce((sum, items) => sum + items.length, 0);
  return 0;
}

type Meter = { totals: Consumed; counts: (port: number | undefined) => boolean };

/**
 * Sums ConsumedCapacity over every call the app's document client makes, asking DynamoDB for it
 * on each call: the API's in this thread, and (given the runtime) the task handlers' in the Step
 * Functions engine's thread, which tells them over (EngineThread.onOperation) as served on the
 * SFN port. Meters count while they are open; `counts` decides per call, by the server whose
 * request it serves.
 */
export class CapacityMeter {
  private readonly open = new Set<Meter>();
  private runtime: Pick<Runtime, 'engine' | 'sfnPort'> | undefined;

  install(runtime?: Pick<Runtime, 'engine' | 'sfnPort'>): void {
    this.runtime = runtime;
    documentClient().middlewareStack.add(
      (next, context) => async (args) => {
        if (this.open.size === 0) return next(args);
        const port = servingPort();
        const input = args.input as { ReturnConsumedCapacity?: string };
        // INDEXES: the total, and what of it each index took.
        input.ReturnConsumedCapacity ??= 'INDEXES';
        const result = await next(args);
        for (const meter of this.open)
          if (meter.counts(port)) count(meter.totals, documentCommandName(context.commandName), result.output as Output);
        return result;
      },
      { step: 'initialize', name: 'benchCapacityMeter' },
    );
  }

  /** Counts until the returned function is called; it resolves to the totals. */
  start(counts: (port: number | undefined) => boolean = () => true): () => Promise<Consumed> {
    const meter = { totals: empty(), counts };
    this.open.add(meter);
    const engine = this.runtime && counts(this.runtime.sfnPort) ? this.runtime.engine : undefined;
    const stopHearing = engine?.onOperation((operation) => count(meter.totals, operation.command, operation.output as Output));
    return async () => {
      // What the engine's thread did before now is in messages still on their way.
      await engine?.flush();
      stopHearing?.();
      this.open.delete(meter);
      return meter.totals;
    };
  }
}

function count(totals: Consumed, command: string, output: Output): void {
  const capacities = ([] as Capacity[]).concat(output.ConsumedCapacity ?? []);
  // As AWS bills: DynamoDB Local counts each index write and doubles transactional items.
  const units = capacities.reduce((sum, c) => sum + (c?.CapacityUnits ?? 0), 0);
  totals.calls += 1;
  if (reads.has(command)) totals.readUnits += units;
  else {
    totals.writeUnits += units;
    const by = totals.writesByIndex;
    for (const c of capacities) {
      by.table = (by.table ?? 0) + (c?.Table?.CapacityUnits ?? 0);
      for (const [index, used] of Object.entries(c?.GlobalSecondaryIndexes ?? {})) by[index] = (by[index] ?? 0) + (used.CapacityUnits ?? 0);
    }
  }
  totals.itemsRead += itemsReadBy(command, output);
  totals.byCommand[command] = (totals.byCommand[command] ?? 0) + units;
}
