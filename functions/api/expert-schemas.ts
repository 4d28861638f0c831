import { z } from '@hono/zod-openapi';

/** The expert pool's and the draw's response shapes (functions/api/routes/experts.ts). */
export const Expert = z
  .object({
    username: z.string(),
    displayName: z.string().optional(),
    districtId: z.string(),
    organisationId: z.string(),
    specialties: z.array(z.string()).optional(),
    title: z.string().optional(),
    declaredConflicts: z.array(z.string()).optional(),
    unavailable: z.array(z.object({ from: z.string(), to: z.string() })).optional(),
    active: z.boolean().optional(),
    /** Open tasks now, in the pool's list. */
    openTasks: z.number().int().optional(),
    createdAt: z.string().optional(),
    updatedAt: z.string().optional(),
  })
  .openapi('Expert');

export const Specialty = z
  .object({ code: z.string(), nameZh: z.string(), nameEn: z.string().optional(), createdAt: z.string() })
  .openapi('Specialty');

/** A recorded draw (audit experts.drawn) and its replay from the seed and eligible list alone. */
export const ExpertDraw = z
  .object({
    at: z.string(),
    actor: z.string(),
    seed: z.number().int(),
    count: z.number().int(),
    on: z.string(),
    specialties: z.array(z.string()),
    eligible: z.array(z.string()),
    load: z.record(z.string(), z.number()),
    drawn: z.array(z.string()),
    replayed: z.array(z.string()),
    agrees: z.boolean(),
  })
  .openapi('ExpertDraw');

export const CallDraw = z
  .object({
    callId: z.string(),
    items: z.array(
      z.union([
        z.object({ declarationId: z.string(), experts: z.array(z.string()), seed: z.number().int(), eligible: z.array(z.string()) }),
        z.object({ declarationId: z.string(), problem: z.string() }),
      ]),
    ),
  })
  .openapi('CallDraw');
