import type { KindDefinition } from './kind-definition';

/**
 * What changed between two versions of a kind (issue 20), for the office to read before it
 * opens a call of the newer one: the keyed lists (fields, materials, criteria, KPIs) member by
 * member, matched by key so a relabelled field reads as one change rather than a removal and an
 * addition, and every other setting by its path (`deadlines.formalReview`, `outcome.titleZh`).
 */
export interface MemberChange {
  /** The member's path within the item or the definition: `maxLength`, `options`, `deadlines.formalReview`. */
  member: string;
  from: unknown;
  to: unknown;
}
export interface ChangedItem<T> {
  key: string;
  from: T;
  to: T;
  /** The members that differ; `position` when the item moved relative to the items both versions keep. */
  members: MemberChange[];
}
export interface ListDiff<T> {
  added: T[];
  removed: T[];
  changed: ChangedItem<T>[];
}
type Keyed = { key: string };
export const keyedLists = ['form', 'materials', 'rubric', 'acceptanceRubric', 'kpiTargets'] as const;
export type KeyedList = (typeof keyedLists)[number];
export type KindDiff = { [L in KeyedList]: ListDiff<KindDefinition[L][number]> } & { settings: MemberChange[] };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Equality of JSON values regardless of the order an object's members were written in. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameValue(a[k], b[k]));
  }
  return a === b;
}

/**
 * The members of two values that differ, by path. Objects are compared member by member
 * (recursively); arrays and scalars as a whole, since an array's items have no name to report.
 */
export function memberChanges(from: unknown, to: unknown, path = ''): MemberChange[] {
  if (isPlainObject(from) && isPlainObject(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])];
    return keys.flatMap((k) => memberChanges(from[k], to[k], path ? `${path}.${k}` : k));
  }
  return sameValue(from, to) ? [] : [{ member: path, from, to }];
}

/** Items matched by key: those only in `to` are added, only in `from` removed, in both and different changed. */
export function listDiff<T extends Keyed>(from: readonly T[], to: readonly T[]): ListDiff<T> {
  const fromKeys = new Set(from.map((item) => item.key));
  const toKeys = new Set(to.map((item) => item.key));
  // An item's place among the items both versions keep: adding or removing others does not move it.
  const keptOrder = (list: readonly T[], other: Set<string>) => list.map((item) => item.key).filter((k) => other.has(k));
  const fromOrder = keptOrder(from, toKeys);
  const toOrder = keptOrder(to, fromKeys);
  const changed: ChangedItem<T>[] = [];
  for (const after of to) {
    const before = from.find((item) => item.key === after.key);
    if (!before) continue;
    const members = memberChanges(before, after);
    const [was, is] = [fromOrder.indexOf(after.key), toOrder.indexOf(after.key)];
    if (was !== is) members.push({ member: 'position', from: was + 1, to: is + 1 });
    if (members.length) changed.push({ key: after.key, from: before, to: after, members });
  }
  return { added: to.filter((item) => !fromKeys.has(item.key)), removed: from.filter((item) => !toKeys.has(item.key)), changed };
}

/** The structured difference of two kind definitions (the older first). */
export function kindDiff(from: KindDefinition, to: KindDefinition): KindDiff {
  const settingsOf = (definition: KindDefinition) =>
    Object.fromEntries(Object.entries(definition).filter(([k]) => !(keyedLists as readonly string[]).includes(k)));
  return {
    form: listDiff(from.form, to.form),
    materials: listDiff(from.materials, to.materials),
    rubric: listDiff(from.rubric, to.rubric),
    acceptanceRubric: listDiff(from.acceptanceRubric, to.acceptanceRubric),
    kpiTargets: listDiff(from.kpiTargets, to.kpiTargets),
    settings: memberChanges(settingsOf(from), settingsOf(to)),
  };
}

/** Whether the two versions define the same kind. */
export const isSameKind = (diff: KindDiff) =>
  diff.settings.length === 0 && keyedLists.every((l) => !diff[l].added.length && !diff[l].removed.length && !diff[l].changed.length);
