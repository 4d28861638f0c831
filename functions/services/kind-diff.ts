import type { Actor } from '../../core/identity';
import { type KindDiff, kindDiff } from '../../core/kind-diff';
import { getKindVersion, type KindVersionRecord } from './kinds';

/** Two versions of a kind and what changed between them (the older named first), for the diff page and `GET /kinds/{key}/diff`. */
export async function diffKindVersions(
  actor: Actor,
  key: string,
  from: number,
  to: number,
): Promise<{ from: KindVersionRecord; to: KindVersionRecord; diff: KindDiff }> {
  const [before, after] = await Promise.all([getKindVersion(actor, key, from), getKindVersion(actor, key, to)]);
  return { from: before, to: after, diff: kindDiff(before.definition, after.definition) };
}
