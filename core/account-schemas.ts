import { z } from 'zod';
import { personStatuses } from './accounts';
import { roles } from './identity';
import { locales } from './messages';
import { isChineseMobile } from './phone';
import { issueCode } from './problem-codes';
import { personText } from './text';

/**
 * The account inputs, validated at the API edge and by the pages' forms. Kept beside the account
 * rules rather than in core/schemas.ts so the directory's branches do not meet in one file.
 */
export const USERNAME_FORMAT = 'a username of 2–64 letters, digits, or . _ - starting with a letter or digit (not an email address)';
/** Cognito takes no email-shaped username where email is a sign-in alias, so none is taken here either. */
export const username = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/, USERNAME_FORMAT);
/** A person already in the directory, however their provider named them (an OIDC `preferred_username` may hold @). */
export const existingUsername = z.string().regex(/^[A-Za-z0-9._@+-]{1,128}$/, 'a username of letters, digits, or . _ @ + -');
const reference = z.string().regex(/^[A-Za-z0-9._@+-]{1,100}$/, 'an id of letters, digits, or . _ @ + -');
export const MOBILE_FORMAT = 'a mainland mobile number of 11 digits';
const mobile = z
  .string()
  .trim()
  .max(30)
  .refine(isChineseMobile, { message: MOBILE_FORMAT, ...issueCode('not-a-phone') });

export const createPersonInput = z.strictObject({
  username,
  role: z.enum(roles),
  organisationId: reference,
  /** Taken from the organisation; when given it must be the organisation's. */
  districtId: reference.optional(),
  displayName: personText(60),
  email: z.email().max(254),
  mobile: mobile.optional(),
  locale: z.enum(locales).optional(),
});
export type CreatePersonInput = z.infer<typeof createPersonInput>;

/**
 * A person's own profile. The scope fields are accepted so an attempt to change them is heard,
 * refused (403) and audited rather than lost as an unknown field; a value that names no role or
 * no organisation widens nothing and is refused as bad input (422) like any other.
 */
export const profileInput = z
  .strictObject({
    displayName: personText(60).optional(),
    mobile: mobile.optional(),
    locale: z.enum(locales).optional(),
    role: z.enum(roles).optional(),
    organisationId: reference.optional(),
    districtId: reference.optional(),
  })
  .refine((o) => Object.keys(o).length > 0, { message: 'nothing to change: name at least one field', ...issueCode('nothing-to-change') });
export type ProfileInput = z.infer<typeof profileInput>;

export const peopleQuery = z
  .strictObject({
    organisationId: reference.optional(),
    role: z.enum(roles).optional(),
    status: z.enum(personStatuses).optional(),
  })
  .refine((q) => q.organisationId !== undefined || q.role !== undefined, {
    message: 'name an organisationId or a role',
    path: ['organisationId'],
    ...issueCode('required'),
  });
