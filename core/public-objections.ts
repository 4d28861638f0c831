import { z } from 'zod';
import { isChineseMobile } from './phone';
import { issueCode } from './problem-codes';
import { objectionInput } from './schemas';

/**
 * An objection (异议) to a call's public notice (公示) from anyone, without an account: under a real
 * name, with a mobile or an email that a code sent to it confirms. Until confirmed it is only a
 * request; confirmed, it is an objection the office handles like any other, and the receipt number
 * (回执号) is how the objector reads the result.
 */
export const CONTACT_FORMAT = 'a mainland mobile number (11 digits) or an email address';

export type ContactKind = 'mobile' | 'email';

/** A contact is a mainland mobile (a code by text message) or an email address (a code by email). */
export function contactKindOf(contact: string): ContactKind | undefined {
  if (isChineseMobile(contact)) return 'mobile';
  return z.email().max(254).safeParse(contact).success ? 'email' : undefined;
}

/** The signed-in objection's fields, and the contact the code goes to. */
export const publicObjectionInput = objectionInput.extend({
  contact: z
    .string()
    .trim()
    .min(1)
    .max(254)
    .refine((value) => contactKindOf(value) !== undefined, { message: CONTACT_FORMAT, ...issueCode('not-a-contact') }),
});
export type PublicObjectionInput = z.infer<typeof publicObjectionInput>;

export const confirmationInput = z.strictObject({ code: z.string().regex(/^\d{6}$/, 'the six digits sent to your contact') });

/** How long a code stands, and how many wrong tries void it. */
export const CODE_VALID_MS = 15 * 60_000;
export const CODE_TRIES = 5;

export type CodeCheck = 'ok' | 'wrong' | 'expired' | 'used' | 'void';

/** Judges a code against the request it was sent for: used once, within its time, a few tries. */
export function checkCode(
  request: { status: 'unconfirmed' | 'filed'; codeHash: string; codeExpiresAt: string; attempts: number },
  codeHash: string,
  now: Date,
): CodeCheck {
  if (request.status === 'filed') return 'used';
  if (request.attempts >= CODE_TRIES) return 'void';
  if (now.getTime() > Date.parse(request.codeExpiresAt)) return 'expired';
  return codeHash === request.codeHash ? 'ok' : 'wrong';
}

/** What a page shows of a contact: enough to recognise it, not enough to harvest it. */
export function maskContact(contact: string): string {
  if (isChineseMobile(contact)) {
    const digits = contact.replace(/\D/g, '').slice(-11);
    return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  }
  const [local = '', domain = ''] = contact.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}
