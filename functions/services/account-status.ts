import { UnauthorizedError } from '../../core/errors';
import { isDisabled } from '../../core/accounts';
import { store } from '../adapters/entities';

/**
 * How long a process trusts what it read of a person's status. A token stays valid for hours
 * (8 h, stacks/Auth.ts), so a disabled person's token is refused by the API itself: within this
 * long in every other Lambda container, at once in the process that disabled them.
 */
export const STATUS_CACHE_MS = 60_000;
const MAX_ENTRIES = 5_000;
const seen = new Map<string, { disabled: boolean; until: number }>();

/** Refuses a signed-in person whose account is disabled, however valid their token. */
export async function refuseDisabled(username: string): Promise<void> {
  const now = performance.now();
  let entry = seen.get(username);
  if (!entry || entry.until <= now) {
    const { data } = await store().entities.person.get({ username }).go();
    entry = { disabled: !!data && isDisabled(data), until: now + STATUS_CACHE_MS };
    // Oldest first: a Map iterates in insertion order, and a refreshed entry is re-inserted.
    seen.delete(username);
    if (seen.size >= MAX_ENTRIES) seen.delete(seen.keys().next().value!);
    seen.set(username, entry);
  }
  if (entry.disabled) throw new UnauthorizedError('this account has been disabled; ask the city office or your district to re-enable it');
}

/** After this process changed a person's status: the next request reads it afresh. */
export function forgetStatus(username: string): void {
  seen.delete(username);
}
