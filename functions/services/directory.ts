import { homeOrganisationOf } from '../../core/accounts';
import { clock } from '../adapters/clock';
import { assigneeKeysOf, type Actor, isWorkflowTask, WORKFLOW_ACTOR } from '../../core/identity';
import { systemActorLabels, type Label, type LabelLang } from '../../core/labels';
import type { Locale } from '../../core/messages';
import { isChineseMobile } from '../../core/phone';
import { isConditionFailure, store } from '../adapters/entities';

/** Usernames this process has already put in the directory (or found there). */
const enrolled = new Set<string>();

/**
 * The notifier addresses people through the directory. Locally `npm start` seeds it; in the
 * cloud nobody provisions it, so a user enters it the first time this process sees their verified
 * token, with the email, language and verified Chinese mobile the token carries. One conditional write per user per
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
        ...(verifiedMobile(claims) ? { mobile: verifiedMobile(claims) } : {}),
        ...(actor.displayName ? { displayName: actor.displayName } : {}),
        ...(homeOrganisationOf(actor) ? { organisationId: homeOrganisationOf(actor) } : {}),
        ...(actor.districtId ? { districtId: actor.districtId } : {}),
        createdAt: clock().now().toISOString(),
      })
      .go();
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  enrolled.add(actor.username);
}

/** The token's phone number, if the provider verified it and it is a Chinese mobile: reminders go to it by SMS. */
function verifiedMobile(claims: Record<string, unknown>): string | undefined {
  const phone = claims.phone_number;
  const verified = claims.phone_number_verified === true || claims.phone_number_verified === 'true';
  return verified && typeof phone === 'string' && isChineseMobile(phone) ? phone : undefined;
}

/** A person, organisation or district by the key it is recorded under, in the reader's language. */
export type Names = (key: string | undefined, lang: LabelLang) => string;

const officeName: Label = { zh: '市终身教育办公室', en: 'City office' };

/**
 * The names the directory holds for these keys: a username (or `user:…`), `org:…` and
 * `district:…` (the name of the directory entry of that group), `role:city-admin`; the workflow
 * and other unnamed actors by their labels. A key the directory does not know shows as recorded.
 */
export async function namesOf(keys: (string | undefined)[]): Promise<Names> {
  const db = store();
  const found = new Map<string, Label>();
  await Promise.all(
    [...new Set(keys.filter((k): k is string => !!k))].map(async (key) => {
      if (systemActorLabels[key] || isWorkflowTask(key)) return;
      if (key === 'role:city-admin') return void found.set(key, officeName);
      let displayName: string | undefined;
      if (key.startsWith('org:') || key.startsWith('district:')) {
        const { data } = await db.entities.person.query.byGroup({ group: key }).go({ limit: 1 });
        displayName = data[0]?.displayName;
      } else {
        const { data } = await db.entities.person.get({ username: key.replace(/^user:/, '') }).go();
        displayName = data?.displayName;
      }
      if (displayName) found.set(key, { zh: displayName, en: displayName });
    }),
  );
  return (key, lang) => {
    if (key === undefined) return '—';
    const label = systemActorLabels[key] ?? (isWorkflowTask(key) ? systemActorLabels[WORKFLOW_ACTOR] : found.get(key));
    return label ? label[lang] : key.replace(/^(user|org|district):/, '');
  };
}
