import type { Stage } from './stages';

export interface StageEvent {
  at: string;
  fromStage?: string | undefined;
  toStage?: string | undefined;
}

/**
 * How long a declaration spent in each stage it has left, from its audit trail: a stage begins
 * with the event that moved the declaration into it and ends with the one that moved it on.
 * The stage it stands in now has no duration yet.
 */
export function stageDurations(events: StageEvent[]): { stage: string; ms: number }[] {
  const moves = events.filter((e) => e.toStage && e.fromStage !== e.toStage).sort((a, b) => a.at.localeCompare(b.at));
  const durations: { stage: string; ms: number }[] = [];
  let entered: { stage: string; at: number } | undefined;
  for (const move of moves) {
    if (entered && move.fromStage === entered.stage) durations.push({ stage: entered.stage, ms: Date.parse(move.at) - entered.at });
    entered = { stage: move.toStage!, at: Date.parse(move.at) };
  }
  return durations;
}

export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The median time per stage over many declarations' trails. */
export function medianStageTimes(trails: StageEvent[][]): Partial<Record<Stage, { medianMs: number; count: number }>> {
  const byStage = new Map<string, number[]>();
  for (const trail of trails) for (const { stage, ms } of stageDurations(trail)) byStage.set(stage, [...(byStage.get(stage) ?? []), ms]);
  return Object.fromEntries([...byStage].map(([stage, values]) => [stage, { medianMs: median(values)!, count: values.length }]));
}
