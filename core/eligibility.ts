import { z } from 'zod';
import { count, quantity } from './numbers';
import { organisationLevels, organisationTypes } from './organisations';

/**
 * Who may declare under a kind (申报条件), as rules the office sets on the kind and submission
 * checks (issue 20). What rules cannot judge (authenticity, feasibility) stays with formal review.
 */
const FIELD_KEY = /^[a-z][a-zA-Z0-9]{0,39}$/;

export const eligibilityRules = z.strictObject({
  /** Organisation levels that may declare; a street centre, say, but not a district bureau. */
  levels: z.array(z.enum(organisationLevels)).min(1, 'name at least one level').max(organisationLevels.length),
  /** Organisation types that may declare. */
  types: z.array(z.enum(organisationTypes)).min(1, 'name at least one type').max(organisationTypes.length),
  /** At most this many submitted declarations per organisation in one call. */
  maxPerOrganisation: count(1, 100).optional(),
  /** At most this many per street (a street centre and the teaching points under it) in one call. */
  maxPerStreet: count(1, 100).optional(),
  /** An organisation holding this kind's title, within its validity, may not declare again. */
  notIfAlreadyNamed: z.boolean(),
  /** Figures the form must reach, each naming an integer or decimal field of the kind's form. */
  minimums: z.array(z.strictObject({ field: z.string().regex(FIELD_KEY, 'a form field key'), min: quantity(0, 1e9) })).max(20),
});
export type EligibilityRules = z.infer<typeof eligibilityRules>;

/** Rules that let any street-level or lower organisation declare as often as the district cap allows. */
export const OPEN_ELIGIBILITY: EligibilityRules = {
  levels: ['street', 'point'],
  types: [...organisationTypes],
  notIfAlreadyNamed: false,
  minimums: [],
};
