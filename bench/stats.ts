/** What one load run reports: latencies of successful requests only, so errors cannot flatter them. */
export interface LoadSummary {
  count: number;
  errors: number;
  /** The first error seen, to say why a run failed without flooding the output. */
  firstError?: string;
  p50: number;
  p99: number;
  requestsPerSecond: number;
  /** Units of work completed per second where one takes several requests (a declaration drafted and submitted). */
  completedPerSecond?: number;
  /** Units of work completed in all (applicants whose declaration was submitted). */
  completed?: number;
}

/** Nearest-rank percentile over raw samples: exact at sub-millisecond scale, unlike a bucketed histogram. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/**
 * Below this many samples a p99 is one or two requests' luck (at 100 samples it is the slowest
 * but one), so it is not computed: NaN, printed `n/a` with the count.
 */
export const MIN_P99_SAMPLES = 1000;

export function summarize(latenciesMs: number[], elapsedMs: number, errors: number, firstError?: string): LoadSummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    errors,
    ...(firstError === undefined ? {} : { firstError }),
    p50: percentile(sorted, 50),
    p99: sorted.length >= MIN_P99_SAMPLES ? percentile(sorted, 99) : Number.NaN,
    requestsPerSecond: elapsedMs > 0 ? (sorted.length * 1000) / elapsedMs : 0,
  };
}

/** The median of the values measured; NaN (printed `n/a`) when none was — runs that completed nothing arrive as null. */
export function median(values: readonly (number | null | undefined)[]): number {
  const sorted = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Workers take one JSON argument and print one JSON line, so the protocol needs no parsing library. */
export function workerInput<T>(): T {
  const raw = process.argv[2];
  if (!raw) throw new Error('usage: <worker> <json options>');
  return JSON.parse(raw) as T;
}
