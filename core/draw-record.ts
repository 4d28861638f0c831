import { z } from 'zod';
import type { DrawRequest, DrawResult } from './draw';

/**
 * What the audit keeps of a draw (event `experts.drawn`, as JSON in its reason): enough to replay
 * it without the pool as it was — the seed, how many were wanted, the eligible list and their
 * open work at the time — and what it drew, to compare.
 */
export const drawRecord = z.object({
  seed: z.number().int(),
  count: z.number().int().min(0),
  on: z.string(),
  specialties: z.array(z.string()),
  eligible: z.array(z.string()),
  load: z.record(z.string(), z.number()),
  drawn: z.array(z.string()),
});
export type DrawRecord = z.infer<typeof drawRecord>;

export function recordOf(result: DrawResult, request: Pick<DrawRequest, 'count' | 'on' | 'specialties' | 'load'>): DrawRecord {
  const load = Object.fromEntries(result.eligible.filter((u) => (request.load[u] ?? 0) > 0).map((u) => [u, request.load[u]!]));
  return {
    seed: result.seed,
    count: request.count,
    on: request.on,
    specialties: [...request.specialties],
    eligible: result.eligible,
    load,
    drawn: result.drawn,
  };
}

/** The recorded draw read back from an audit reason; undefined when the text is not one. */
export function readDrawRecord(text: string | undefined): DrawRecord | undefined {
  if (!text) return undefined;
  try {
    const parsed = drawRecord.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
