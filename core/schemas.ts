import { z } from 'zod';
import { projectKinds } from './kinds';
import { formalReviewOutcomes } from './stages';

/**
 * Input shapes, validated at the API edge. Objects are strict (unknown fields are refused, so no
 * mass assignment) and every string and array is bounded.
 */
const text = (max: number) => z.string().trim().min(1).max(max);
const isoInstant = z.iso.datetime({ offset: true });

export const workingDays = z.number().int().min(1).max(60);

export const createCallInput = z.strictObject({
  kind: z.enum(projectKinds),
  year: z.number().int().min(2000).max(2100),
  batch: z.number().int().min(1).max(20).default(1),
  title: text(200),
  opensAt: isoInstant,
  closesAt: isoInstant,
  quota: z.number().int().min(1).max(1000).optional(),
  deadlines: z
    .strictObject({ formalReview: workingDays, correction: workingDays })
    .partial()
    .optional(),
});
export type CreateCallInput = z.infer<typeof createCallInput>;

export const declarationFields = {
  title: text(200),
  summary: text(5000),
  contactName: text(50),
  contactPhone: z.string().trim().regex(/^[0-9+\- ]{5,20}$/, 'a phone number of 5–20 digits'),
};

export const createApplicationInput = z.strictObject({
  title: declarationFields.title,
  summary: declarationFields.summary.optional(),
  contactName: declarationFields.contactName.optional(),
  contactPhone: declarationFields.contactPhone.optional(),
});
export type CreateApplicationInput = z.infer<typeof createApplicationInput>;

export const updateApplicationInput = createApplicationInput.partial();
export type UpdateApplicationInput = z.infer<typeof updateApplicationInput>;

/** What a declaration must hold before it can be submitted. */
export const submittableDeclaration = z.object({
  title: declarationFields.title,
  summary: declarationFields.summary,
  contactName: declarationFields.contactName,
  contactPhone: declarationFields.contactPhone,
});

export const decisionInput = z.strictObject({
  outcome: z.enum(formalReviewOutcomes),
  comment: z.string().trim().max(2000).optional(),
});
export type DecisionInput = z.infer<typeof decisionInput>;
