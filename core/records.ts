import { z } from 'zod';
import { issueCode } from './problem-codes';

/**
 * Keys that name an object's machinery, not data. JSON.parse keeps `__proto__` as an own key, and
 * zod's record drops it silently, so `{"fields":{"__proto__":…}}` would empty a record without a
 * word; these are refused by name instead.
 */
export const RESERVED_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

export const reservedKeysOf = (value: unknown): string[] =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? RESERVED_KEYS.filter((key) => Object.hasOwn(value, key)) : [];

/** A record keyed by `key`, of at most `max` entries, refusing reserved keys at their own path. */
export function keyedRecord<K extends z.ZodType<string, string>, V extends z.ZodType>(key: K, value: V, max: number, what = 'entries') {
  return z.preprocess(
    (input, ctx) => {
      for (const reserved of reservedKeysOf(input)) {
        ctx.addIssue({
          code: 'custom',
          message: `${reserved} is a reserved name, not a key`,
          path: [reserved],
          ...issueCode('reserved-key'),
        });
      }
      return input;
    },
    z.record(key, value).refine((r) => Object.keys(r).length <= max, `at most ${max} ${what}`),
  );
}

/** `T` with its possibly-undefined members made optional and never undefined: what `definedOnly` returns. */
export type Defined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** The members that hold a value: an absent cell or an unsent field says "keep what is there", not "clear it". */
export function definedOnly<T extends object>(record: T): Defined<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Defined<T>;
}
