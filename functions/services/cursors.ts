import { z } from 'zod';
import { ValidationError } from '../../core/errors';

/**
 * Cursors are opaque to clients but not trusted: each names the list it pages (with the filter that
 * shapes it) and the caller it was given to, and carries only the key attributes of the index that
 * list reads. Anything else — garbage, another list's cursor, another caller's, a start key outside
 * the caller's partition — is the client's mistake (422 at `query.cursor`), never a 500.
 *
 * The envelope is not signed: a caller who forges one can only start their own list at a key of
 * their own partition, which shows nothing they could not page to; DynamoDB refuses any other.
 */
export interface Listing {
  /** The list and its filter, e.g. `declarations:organisation:org-a1`. */
  list: string;
  /** Who asked: a username, or `public` for lists that are the same for everyone. */
  caller: string;
  /** The index the list reads; its key attributes (and the table's) are all a start key holds. */
  index: 'gsi1' | 'gsi2' | 'gsi3';
}

const envelope = z.strictObject({
  v: z.literal(1),
  list: z.string().max(300),
  by: z.string().max(200),
  after: z.record(z.string(), z.string().min(1).max(1024)),
});

const FIELD = 'query.cursor';
const refused = (message: string, cause?: unknown) =>
  new ValidationError([{ field: FIELD, message }], cause === undefined ? undefined : { cause });

const decode = (text: string): unknown => JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The store's cursor (base64url JSON of DynamoDB's LastEvaluatedKey) sealed for this list and caller. */
export function sealCursor(listing: Listing, raw: string | null | undefined): string | null {
  if (!raw) return null;
  return encode({ v: 1, list: listing.list, by: listing.caller, after: decode(raw) });
}

/** A client's cursor opened for this list and caller, as the store's cursor; absent or empty, the first page. */
export function openCursor(listing: Listing, cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const parsed = opened(envelope, listing, cursor);
  const expected = ['pk', 'sk', `${listing.index}pk`, `${listing.index}sk`].sort();
  if (JSON.stringify(Object.keys(parsed.after).sort()) !== JSON.stringify(expected)) throw refused('not a cursor this listing gave out');
  return encode(parsed.after);
}

/** The store refusing a start key (one outside the partition the list reads) is the cursor's fault. */
export async function pageFrom<T>(cursor: string | undefined, query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    if (cursor && isRefusedStartKey(error)) throw refused('not a cursor this listing gave out', error);
    throw error;
  }
}

function isRefusedStartKey(error: unknown): boolean {
  for (let e = error as { name?: string; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (e.name === 'ValidationException') return true;
  }
  return false;
}

/**
 * A list merged from several partitions (the portfolio, core/portfolio.ts `mergePage`) resumes
 * every partition after the last place it showed, so its cursor carries that place (a due date and
 * an id) rather than one partition's start key; sealed to the list and caller the same way.
 */
const placeEnvelope = z.strictObject({
  v: z.literal(1),
  list: z.string().max(300),
  by: z.string().max(200),
  at: z.strictObject({ nextDueAt: z.iso.datetime(), declarationId: z.string().min(1).max(200) }),
});
export type Place = z.infer<typeof placeEnvelope>['at'];

export function sealPlace(listing: Omit<Listing, 'index'>, at: Place | undefined): string | null {
  return at ? encode({ v: 1, list: listing.list, by: listing.caller, at }) : null;
}

export function openPlace(listing: Omit<Listing, 'index'>, cursor: string | undefined): Place | undefined {
  return cursor ? opened(placeEnvelope, listing, cursor).at : undefined;
}

/** A cursor's envelope read and checked to be this list's and caller's. */
function opened<S extends z.ZodType<{ list: string; by: string }>>(schema: S, listing: Omit<Listing, 'index'>, cursor: string): z.infer<S> {
  let parsed: z.infer<S>;
  try {
    parsed = schema.parse(decode(cursor));
  } catch (error) {
    throw refused('not a cursor this listing gave out', error);
  }
  if (parsed.list !== listing.list || parsed.by !== listing.caller)
    throw refused('a cursor of another listing or caller; start again without one');
  return parsed;
}

/**
 * A list read partition after partition (a roster, year by year: functions/services/public-rosters.ts)
 * carries the partition it stopped in and, when it stopped inside it, that partition's start key
 * (checked like openCursor's); without one, the partition is read from its start.
 */
const partEnvelope = z.strictObject({
  v: z.literal(1),
  list: z.string().max(300),
  by: z.string().max(200),
  part: z.number().int(),
  after: z.record(z.string(), z.string().min(1).max(1024)).optional(),
});

export function sealInPartition(listing: Listing, part: number, raw: string | null | undefined): string {
  return encode({ v: 1, list: listing.list, by: listing.caller, part, ...(raw ? { after: decode(raw) } : {}) });
}

export function openInPartition(listing: Listing, cursor: string | undefined): { part: number; after?: string } | undefined {
  if (!cursor) return undefined;
  const parsed = opened(partEnvelope, listing, cursor);
  if (!parsed.after) return { part: parsed.part };
  const expected = ['pk', 'sk', `${listing.index}pk`, `${listing.index}sk`].sort();
  if (JSON.stringify(Object.keys(parsed.after).sort()) !== JSON.stringify(expected)) throw refused('not a cursor this listing gave out');
  return { part: parsed.part, after: encode(parsed.after) };
}
