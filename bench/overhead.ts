import type { LoadGenerator } from './load';
import type { RecordedOperation } from './recorder';
import type { Variation } from './replay';
import { figure, loadLine, progress, whyNoP99, type Against } from './report';
import { median, type LoadSummary } from './stats';
import type { ApiShape } from './worker';

/**
 * One route under load beside its floor. A route whose requests each need a fresh item (a
 * decision needs an open task) hands out a measurement's worth of them at a time: `api` and
 * `floor` prepare `amount` requests for their side.
 */
export interface MeasuredRoute {
  name: string;
  token: string;
  operations: RecordedOperation[];
  /** The bare-Hono peer's path doing the same operations (bench/peer.ts), for reads. */
  peerPath?: string;
  /** Fixed requests for a duration, or per-measurement fresh ones by count. */
  load:
    | { kind: 'duration'; shape: ApiShape }
    | {
        kind: 'amount';
        amounts: Record<number, number>;
        api: (amount: number) => Promise<ApiShape>;
        floor: (amount: number) => Promise<Variation>;
      };
}

export interface OverheadPlan {
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  concurrencies: readonly number[];
}

type Side = 'api' | 'floor' | 'peer';

export class Overhead {
  private readonly results = new Map<string, LoadSummary[]>();
  errors = 0;

  constructor(
    private readonly generator: LoadGenerator,
    private readonly url: string,
    private readonly peerUrl?: string,
  ) {}

  private sidesOf(route: MeasuredRoute, order: Side[]): Side[] {
    return route.peerPath && this.peerUrl ? [...order, 'peer'] : order;
  }

  private async measure(route: MeasuredRoute, side: Side, connections: number, seconds: number, keep: boolean): Promise<void> {
    // A warm-up by count is as long as the single-client measurement: enough to compile the path.
    let summary: LoadSummary;
    if (side === 'peer') {
      summary = await this.generator.run({
        side: 'api',
        url: this.peerUrl!,
        token: route.token,
        connections,
        durationSeconds: seconds,
        shape: { kind: 'get', path: route.peerPath! },
      });
    } else if (route.load.kind === 'duration') {
      summary =
        side === 'api'
          ? await this.generator.run({
              side,
              url: this.url,
              token: route.token,
              connections,
              durationSeconds: seconds,
              shape: route.load.shape,
            })
          : await this.generator.run({ side, operations: route.operations, connections, durationSeconds: seconds });
    } else {
      const amount = (keep ? route.load.amounts[connections] : route.load.amounts[1]) ?? connections * 5;
      summary =
        side === 'api'
          ? await this.generator.run({ side, url: this.url, token: route.token, connections, shape: await route.load.api(amount) })
          : await this.generator.run({ side, operations: route.operations, connections, variation: await route.load.floor(amount) });
    }
    // autocannon stops at its deadline with requests in flight; let the API finish them before the next side runs.
    if (side === 'api') await new Promise((resolve) => setTimeout(resolve, 250));
    this.errors += summary.errors;
    const key = `${route.name}|${side}|${connections}`;
    if (summary.errors > 0) progress(`  ${key}: ${summary.errors} error(s), first: ${summary.firstError}`);
    progress(`  ${keep ? 'measured' : 'warm-up '} ${route.name} ${side} @${connections}: ${loadLine(summary)}`);
    if (keep) this.results.set(key, [...(this.results.get(key) ?? []), summary]);
  }

  /** Warms both sides (unless told not to), then rounds that alternate which side goes first; figures are medians over rounds. */
  async run(routes: MeasuredRoute[], plan: OverheadPlan): Promise<void> {
    const warm = plan.concurrencies[Math.floor(plan.concurrencies.length / 2)]!;
    if (plan.warmupSeconds > 0)
      for (const route of routes)
        for (const side of this.sidesOf(route, ['api', 'floor'])) await this.measure(route, side, warm, plan.warmupSeconds, false);
    for (let round = 0; round < plan.rounds; round += 1) {
      const order: Side[] = round % 2 === 0 ? ['api', 'floor'] : ['floor', 'api'];
      for (const route of routes) {
        for (const connections of plan.concurrencies)
          for (const side of this.sidesOf(route, order)) await this.measure(route, side, connections, plan.seconds, true);
      }
    }
  }

  private figureOf(route: string, side: Side, connections: number, pick: (s: LoadSummary) => number): number {
    return median((this.results.get(`${route}|${side}|${connections}`) ?? []).map(pick));
  }

  /** Why a figure has no value: no request completed, or (a p99) too few samples in every round. */
  private whyNot(route: string, side: Side, connections: number, label: string): string {
    const rounds = this.results.get(`${route}|${side}|${connections}`) ?? [];
    const most = Math.max(0, ...rounds.map((s) => s.count ?? 0));
    if (most === 0) return 'no request completed in any round';
    return label === 'p99' ? whyNoP99({ count: most }) : 'not measured';
  }

  report(routes: MeasuredRoute[], concurrencies: readonly number[]): void {
    for (const route of routes) {
      const floorName = route.operations.map(({ command }) => command.replace(/Command$/, '')).join('+');
      for (const connections of concurrencies) {
        for (const [label, pick] of [
          ['p50', (s: LoadSummary) => s.p50],
          ['p99', (s: LoadSummary) => s.p99],
        ] as const) {
          const floor: Against = { value: this.figureOf(route.name, 'floor', connections, pick), label: `floor ${floorName}` };
          figure(
            `${route.name} ${label} @${connections}`,
            this.figureOf(route.name, 'api', connections, pick),
            'ms',
            floor,
            this.whyNot(route.name, 'api', connections, label),
          );
        }
        // The framework ratio: the app beside a bare Hono server doing the same storage work.
        if (route.peerPath && this.peerUrl)
          figure(
            `${route.name} p50 @${connections} vs bare Hono`,
            this.figureOf(route.name, 'api', connections, (s) => s.p50),
            'ms',
            { value: this.figureOf(route.name, 'peer', connections, (s) => s.p50), label: 'bare Hono' },
            this.whyNot(route.name, 'api', connections, 'p50'),
          );
      }
    }
  }
}
