import { z } from 'zod';
import type { ProjectStage } from './projects';

/**
 * The published rosters (issue 22.4): established projects (立项名单), accepted projects with their
 * grade (验收名单), named centres with their 文号 (命名名单).
 */
export const rosterNames = ['established', 'accepted', 'named'] as const;
export type RosterName = (typeof rosterNames)[number];

/**
 * A project ended by the office (终止) or given up by its applicant (撤回) after 立项 is no longer an
 * established project: the roster of established projects leaves it out.
 */
export const endedAfterEstablishment: readonly ProjectStage[] = ['terminated', 'withdrawn'];

/** Which projects of a year a roster lists: the stages it leaves out or keeps to, and whether it needs a naming. */
export function rosterRule(roster: RosterName): {
  excludeStages: readonly ProjectStage[];
  onlyStage?: ProjectStage;
  named: boolean;
  /** Every project it lists has ended, so it sorts at the end of the portfolio's index (core/portfolio.ts NOTHING_DUE). */
  closedOnly: boolean;
} {
  switch (roster) {
    case 'established':
      return { excludeStages: endedAfterEstablishment, named: false, closedOnly: false };
    case 'accepted':
      return { excludeStages: [], onlyStage: 'accepted', named: false, closedOnly: true };
    // A title is conferred on an accepted project (workflows/acceptance), which has ended.
    case 'named':
      return { excludeStages: [], named: true, closedOnly: true };
  }
}

/** A roster's filters and page; an unknown parameter or a malformed value is refused at its parameter. */
export const rosterQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  kind: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, 'an id of letters, digits, _ and -')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});
export type RosterQuery = z.infer<typeof rosterQuery>;
