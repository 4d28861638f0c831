import { assigneeKeysOf, type Actor } from '../../core/identity';
import type { Locale } from '../../core/messages';
import { isConditionFailure, store } from '../adapters/entities';

/** Usernames this process has already put in the directory (or found there). */
const enrolled = new Set<string>();

/**
 * The notifier addresses people through the directory. Locally `npm start` seeds it; in the
 * cloud nobody provisions it, so a user enters it the first time this process sees their verified
 * token, with the email and language the token carries. One conditional write per user per
 * Lambda container; an entry that exists is never overwritten — once written, it is the office's.
 */
export async function enrolOnFirstSight(actor: Actor, claims: Record<string, unknown>): Promise<void> {
  if (enrolled.has(actor.username)) return;
  const locale: Locale = typeof claims.locale === 'string' && claims.locale.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
  try {
    await store()
      .entities.person.create({
        username: actor.username,
        role: actor.role,
        // The group a task for this person carries: role:city-admin, district:…, org:… or user:….
        group: assigneeKeysOf(actor).at(-1)!,
        locale,
        ...(typeof claims.email === 'string' ? { email: claims.email } : {}),
        ...(actor.displayName ? { displayName: actor.displayName } : {}),
      })
      .go();
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  enrolled.add(actor.username);
}
