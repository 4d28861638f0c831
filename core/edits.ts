import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';

/**
 * Edits against a version (optimistic concurrency for people, not only for racing requests): a
 * resource's version is its ETag, a client sends it back in If-Match, and an edit made from a
 * stale copy is refused instead of silently overwriting what someone else saved meanwhile.
 */
export const etagOf = (version: number) => `"${version}"`;

/**
 * The version an If-Match header names: undefined when absent or `*` (any version will do),
 * null when it is not one of our ETags. A weak tag (W/"3") names the same version: ours are
 * whole-resource versions, never byte-level.
 */
export function versionOfIfMatch(header: string | undefined): number | undefined | null {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"([1-9][0-9]{0,14})"\s*$/.exec(header);
  return match ? Number(match[1]) : null;
}

/** The members of a patch that would change what is stored (a PATCH of identical values changes nothing). */
export function changedMembers<T extends object>(patch: T, current: object): (keyof T & string)[] {
  return (Object.keys(patch) as (keyof T & string)[]).filter(
    (key) => patch[key] !== undefined && !isDeepStrictEqual(patch[key], (current as Record<string, unknown>)[key]),
  );
}

/**
 * A short digest per field of what a person was shown, carried in the form, so that a refused
 * stale edit can say which fields someone else changed meanwhile without the form carrying every
 * value twice.
 */
export function fingerprints(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, digest(value)]));
}

/** The fields whose stored value is no longer the one the person saw. */
export function changedSince(seen: Record<string, string>, now: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(seen), ...Object.keys(now)]);
  return [...keys].filter((key) => seen[key] !== digest(now[key]));
}

function digest(value: unknown): string {
  const text = value === undefined || value === '' ? '' : canonical(value);
  return createHash('sha256').update(text).digest('base64url').slice(0, 10);
}

/** JSON with object keys sorted: a map read back from DynamoDB need not keep its members' order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
