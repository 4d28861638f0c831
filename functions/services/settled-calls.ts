import type { LRUCache } from 'lru-cache';
import { haveCallSettingsSettled } from '../../core/calls';
import type { CallItem } from '../adapters/entities';

/** What of a call only updateCall writes: its settings, its window, its quota and names. */
export type CallSettings = Pick<
  CallItem,
  'callId' | 'kind' | 'year' | 'batch' | 'title' | 'opensAt' | 'closesAt' | 'quota' | 'config' | 'version'
>;

/** A city runs a few calls a year: 200 covers every call still deciding anything, with room. */
export const SETTLED_CALLS_KEPT = 200;

/**
 * Calls whose settings have settled, kept per process so a decision does not read its call again.
 * Safe because updateCall refuses an opened call and writes only on condition it has not opened
 * (haveCallSettingsSettled waits a minute more, for a Lambda whose clock is behind); what moves
 * after the opening (status, shortlist, notice, sweep fields) is not kept. Bounded: past `max`,
 * the call least recently used goes first. Keyed by call id alone: a lookup has nothing else, and
 * the version a settled call has is its last.
 */
export function settledCalls(read: (callId: string) => Promise<CallItem>, now: () => Date, max = SETTLED_CALLS_KEPT) {
  // lru-cache (~20 KB) loads with the first call kept, not on a cold start: a Lambda that never
  // decides (the sweep, most steps) never loads it, and the bundles' cold-start bytes stay as they were.
  let kept: LRUCache<string, Readonly<CallSettings>> | undefined;
  let loading: Promise<LRUCache<string, Readonly<CallSettings>>> | undefined;
  const keep = () => (loading ??= import('lru-cache').then(({ LRUCache }) => (kept = new LRUCache({ max }))));
  return {
    /** The call's settings, kept once they have settled (never before the call opens). */
    async get(callId: string): Promise<Readonly<CallSettings>> {
      const hit = kept?.get(callId);
      if (hit) return hit;
      const call = await read(callId);
      const { kind, year, batch, title, opensAt, closesAt, quota, config, version } = call;
      const settings = deepFreeze({ callId: call.callId, kind, year, batch, title, opensAt, closesAt, quota, config, version });
      if (haveCallSettingsSettled(call, now())) (await keep()).set(callId, settings);
      return settings;
    },
    /** A call edited after all (only a clock moved back, as the local runtime's can be, allows it). */
    forget: (callId: string) => void kept?.delete(callId),
    has: (callId: string) => kept?.has(callId) ?? false,
    get size() {
      return kept?.size ?? 0;
    },
  };
}

/** Shared between requests, so nobody may change it in place. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}
