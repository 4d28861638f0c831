/**
 * The bench's output: one figure per line, `name: value unit (ratio to its floor)`, or
 * `name: n/a (why)` for a figure that could not be measured (a run in which no request completed,
 * say). Progress and detail go to stderr, so stdout is the report.
 *
 * Every formatter here is total: figures cross a process boundary as JSON, where NaN arrives as
 * null, so a value may be null, undefined, NaN or infinite — printed as `n/a (why)`, never a crash.
 */
import { MIN_P99_SAMPLES } from './stats';

export interface Against {
  value: Measured;
  /** What the ratio is to, as printed: "floor", "@100". */
  label: string;
  unit?: string;
}

/** A figure as it arrives: a number, or what JSON and empty runs make of one. */
export type Measured = number | null | undefined;

export const isFigure = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

export const notMeasured = (why = 'not measured') => `n/a (${why})`;

/** `value.toFixed(digits)`, or `n/a (why)`. */
export function fixed(value: Measured, digits: number, why?: string): string {
  return isFigure(value) ? value.toFixed(digits) : notMeasured(why);
}

/** `value.toExponential(digits)`, or `n/a (why)`. */
export function exponential(value: Measured, digits: number, why?: string): string {
  return isFigure(value) ? value.toExponential(digits) : notMeasured(why);
}

/** `a / b` as `1.23x`, or `n/a (why)` when either is missing or the divisor is not positive. */
export function times(value: Measured, base: Measured, why = 'nothing to compare with'): string {
  const ratio = isFigure(value) && isFigure(base) && base > 0 ? value / base : Number.NaN;
  return isFigure(ratio) ? `${ratio.toFixed(2)}x` : notMeasured(why);
}

export function formatValue(value: Measured, unit: string, why?: string): string {
  if (!isFigure(value)) return notMeasured(why);
  if (unit === 'USD') return value.toFixed(4);
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(value >= 100 ? 0 : 2);
}

/** Prints one figure's line; `why` says what kept an unmeasured one from being measured. */
export function figure(name: string, value: Measured, unit: string, against?: Against, why?: string): string {
  if (!isFigure(value)) {
    const line = `${name}: ${notMeasured(why)}`;
    console.log(line);
    return line;
  }
  let ratio = 'n/a';
  if (against && isFigure(against.value) && against.value > 0 && isFigure(value / against.value)) {
    ratio = `${times(value, against.value)} ${against.label} ${formatValue(against.value, against.unit ?? unit)} ${against.unit ?? unit}`;
  } else if (against) ratio = `n/a: ${against.label} not measured`;
  const line = `${name}: ${formatValue(value, unit)} ${unit} (${ratio})`;
  console.log(line);
  return line;
}

/** What one load run's summary says, for progress lines: latencies, rate and count, each total. */
export function loadLine(summary: {
  count?: Measured;
  errors?: Measured;
  p50?: Measured;
  p99?: Measured;
  requestsPerSecond?: Measured;
}): string {
  const why = whyUnmeasured(summary);
  return `p50 ${fixed(summary.p50, 2, why)} ms, p99 ${fixed(summary.p99, 2, whyNoP99(summary))} ms, ${fixed(summary.requestsPerSecond, 0, why)} req/s, n=${isFigure(summary.count) ? summary.count : 0}`;
}

/** Why a run has no p99: too few samples to mean anything (stats.ts MIN_P99_SAMPLES), or none at all. */
export function whyNoP99(summary: { count?: Measured; errors?: Measured }): string {
  const count = isFigure(summary.count) ? summary.count : 0;
  return count > 0 && count < MIN_P99_SAMPLES ? `p99 needs ${MIN_P99_SAMPLES} samples, had ${count}` : whyUnmeasured(summary);
}

/** Why a load run has no latencies: none completed (all failed, or the run ended first). */
export function whyUnmeasured(summary: { count?: Measured; errors?: Measured }): string {
  if (isFigure(summary.count) && summary.count > 0) return 'not measured';
  return isFigure(summary.errors) && summary.errors > 0
    ? `no request succeeded; ${summary.errors} failed`
    : 'no request completed in the run';
}

export const progress = (message: string) => console.error(message);
