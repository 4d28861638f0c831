import { z } from 'zod';
import { isCreditCode, organisationLevels, organisationTypes } from './organisations';
import { phone } from './phone';
import { issueCode } from './problem-codes';
import { personText } from './text';

/**
 * The organisation inputs, validated at the API edge like core/schemas.ts's: strict, bounded, clean
 * text. Kept apart from that file so the directory's shapes are read in one place.
 */
const organisationRef = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'an organisation id of letters, digits, or . _ -');
const creditCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCreditCode, {
    message: 'not a unified social credit code (18 characters, check character last)',
    ...issueCode('not-a-credit-code'),
  });
const contact = z.strictObject({
  name: personText(50).optional(),
  phone: phone.optional(),
  email: z.email().max(200).optional(),
});

const editable = {
  name: personText(100),
  shortName: personText(30).optional(),
  type: z.enum(organisationTypes),
  parentId: organisationRef.optional(),
  contact: contact.optional(),
  creditCode: creditCode.optional(),
};

/** The id is made by the service (a seed that must keep the ids tokens carry passes its own there, not here). */
export const createOrganisationInput = z.strictObject({
  level: z.enum(organisationLevels),
  ...editable,
});
export type CreateOrganisationInput = z.infer<typeof createOrganisationInput>;

export const updateOrganisationInput = z
  .strictObject({ ...editable, name: editable.name.optional(), type: editable.type.optional() })
  .refine((o) => Object.keys(o).length > 0, { message: 'nothing to change: name at least one field', ...issueCode('nothing-to-change') })
  .meta({ minProperties: 1 });
export type UpdateOrganisationInput = z.infer<typeof updateOrganisationInput>;

export const organisationQuery = z.strictObject({
  parent: organisationRef.optional(),
  district: organisationRef.optional(),
  q: personText(50).optional(),
  retired: z.enum(['include', 'exclude']).optional(),
});
export type OrganisationQuery = z.infer<typeof organisationQuery>;

export const organisationIdParam = organisationRef;
