import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who the work in hand is done by, as their verified token named them: the audit writes that name
 * beside the username, so the record says who someone was when they acted even after a rename.
 * Async-local for the same reason as the correlation id: one local process serves concurrent
 * requests.
 */
export interface Acting {
  username: string;
  displayName?: string | undefined;
}

const current = new AsyncLocalStorage<Acting>();

export function acting(): Acting | undefined {
  return current.getStore();
}

/** Runs `work` on behalf of `who`. */
export function actingAs<T>(who: Acting, work: () => T): T {
  return current.run(who, work);
}
