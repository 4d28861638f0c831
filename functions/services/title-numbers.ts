import { ConflictError } from '../../core/errors';
import { numberingYear, titleNumber } from '../../core/titles';
import { store } from '../adapters/entities';
import type { Commit, Writes } from './tasks';

/** A 文号 as read from its year's counter, to be taken by `counterWrite` in the naming's own transaction. */
export interface TitleNumber {
  pattern: string;
  year: number;
  seq: number;
  number: string;
  /** Where the counter stood when read; undefined for the year's first. */
  last: number | undefined;
}

/** The next 文号 of the naming's China year for a pattern, as the counter stands now. */
export async function nextTitleNumber(pattern: string, now: Date): Promise<TitleNumber> {
  const year = numberingYear(now);
  const { data: counter } = await store().entities.titleCounter.get({ year, pattern }).go({ consistent: true });
  const last = counter?.seq;
  const seq = (last ?? 0) + 1;
  return { pattern, year, seq, number: titleNumber(pattern, year, seq), last };
}

/**
 * Takes the number: the counter created at it, or moved on from where it was read. A racing naming
 * that took it first cancels the whole transaction, so no number is issued twice or skipped.
 */
export function counterWrite(entities: Writes, { pattern, year, seq, last }: TitleNumber): Commit {
  return last === undefined
    ? entities.titleCounter.create({ year, pattern, seq }).commit()
    : entities.titleCounter
        .patch({ year, pattern })
        .set({ seq })
        .where(({ seq: stored }, { eq }) => eq(stored, last))
        .commit();
}

const MAX_ATTEMPTS = 5;

/**
 * Writes a naming with the next 文号 of its year: `write` is one transaction including
 * `counterWrite(taken)`. ElectroDB resolves a cancelled transaction (it does not throw): a racing
 * naming moved the counter, so the number is read again — unless `done` finds that a retry of the
 * same step already wrote it (undefined then).
 */
export async function withNextTitleNumber(
  pattern: string,
  now: Date,
  write: (taken: TitleNumber) => Promise<{ canceled: boolean }>,
  done: () => Promise<boolean> = async () => false,
): Promise<TitleNumber | undefined> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const taken = await nextTitleNumber(pattern, now);
    if (!(await write(taken)).canceled) return taken;
    if (await done()) return undefined;
  }
  throw new ConflictError('the 文号 counter kept moving; the naming is retried');
}
