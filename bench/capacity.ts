import { documentClient } from '../functions/adapters/aws';
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
}

const reads = new Set(['GetCommand', 'QueryCommand', 'ScanCommand', 'BatchGetCommand', 'TransactGetCommand']);
const empty = (): Consumed => ({ calls: 0, readUnits: 0, writeUnits: 0, itemsRead: 0, byCommand: {} });

type Capacity = { CapacityUnits?: number } | undefined;
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

/**
 * Sums ConsumedCapacity over every call the app's document client makes (the API's and the task
 * handlers', which share it in the local runtime), asking DynamoDB for it on each call. Meters
 * count while they are open; `counts` decides per call, by the server whose request it serves.
 */
export class CapacityMeter {
  private readonly open = new Set<{ totals: Consumed; counts: (port: number | undefined) => boolean }>();

  install(): void {
    documentClient().middlewareStack.add(
      (next, context) => async (args) => {
        const command = documentCommandName(context.commandName);
        if (this.open.size === 0) return next(args);
        const port = servingPort();
        const input = args.input as { ReturnConsumedCapacity?: string };
        input.ReturnConsumedCapacity ??= 'TOTAL';
        const result = await next(args);
        const output = result.output as Output;
        const capacities = ([] as Capacity[]).concat(output.ConsumedCapacity ?? []);
        // As AWS bills: DynamoDB Local counts each index write and doubles transactional items.
        const units = capacities.reduce((sum, c) => sum + (c?.CapacityUnits ?? 0), 0);
        for (const meter of this.open) {
          if (!meter.counts(port)) continue;
          meter.totals.calls += 1;
          if (reads.has(command)) meter.totals.readUnits += units;
          else meter.totals.writeUnits += units;
          meter.totals.itemsRead += itemsReadBy(command, output);
          meter.totals.byCommand[command] = (meter.totals.byCommand[command] ?? 0) + units;
        }
        return result;
      },
      { step: 'initialize', name: 'benchCapacityMeter' },
    );
  }

  /** Counts until the returned function is called; it returns the totals. */
  start(counts: (port: number | undefined) => boolean = () => true): () => Consumed {
    const meter = { totals: empty(), counts };
    this.open.add(meter);
    return () => {
      this.open.delete(meter);
      return meter.totals;
    };
  }
}
