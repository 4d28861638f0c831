import { TooManyRequestsError } from '../../core/errors';
import { coded } from '../../core/problem-codes';
import { clock } from '../adapters/clock';
import { isConditionFailure, store } from '../adapters/entities';

export interface RateRule {
  limit: number;
  windowSeconds: number;
  what: string;
}

/** Per user: token issuance (per username asked for) and objection filing (per signed-in user, or per address and contact for the public). */
export const rateRules = {
  token: { limit: 30, windowSeconds: 60, what: 'tokens' },
  objection: { limit: 10, windowSeconds: 3600, what: 'objections' },
  // Objections from the public (no account): per network address, and per contact a code goes to.
  publicObjectionAddress: { limit: 10, windowSeconds: 3600, what: 'objections from one address' },
  publicObjectionContact: { limit: 3, windowSeconds: 86_400, what: 'objections to one contact' },
} satisfies Record<string, RateRule>;

/**
 * Counts one attempt in a fixed window kept in DynamoDB, so every Lambda (and the local API)
 * shares the count. The increment is conditional on the count being under the limit: the
 * attempt over it writes nothing and gets 429 with the seconds until the window turns.
 */
export async function spend(bucket: keyof typeof rateRules, subject: string): Promise<void> {
  const rule: RateRule = rateRules[bucket];
  const now = Math.floor(clock().now().getTime() / 1000);
  const windowStart = now - (now % rule.windowSeconds);
  const windowEnd = windowStart + rule.windowSeconds;
  try {
    await store()
      .entities.rateWindow.update({ bucket, subject, windowStart })
      .add({ hits: 1 })
      .set({ expiresAt: windowEnd + 60 })
      .where(({ hits }, { notExists, lt }) => `${notExists(hits)} OR ${lt(hits, rule.limit)}`)
      .go();
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const retryAfterSeconds = Math.max(1, windowEnd - now);
    throw new TooManyRequestsError(`at most ${rule.limit} ${rule.what} per ${rule.windowSeconds} s; try again later`, retryAfterSeconds, {
      coded: coded('too-many-attempts', { retryAfterSeconds }),
    });
  }
}
