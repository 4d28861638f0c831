import { z } from 'zod';
import { chinaDate } from './china-time';
import { type FieldProblem, problemAt } from './errors';
import type { KindOutcome } from './kind-definition';
import { coded } from './problem-codes';
import { finalProjectStages, type Milestones, type ProjectStage } from './projects';
import { personText } from './text';

/**
 * 培育 (incubation): between 立项 and acceptance the city office guides and trains the projects of a
 * kind that recommends upward (品牌), and each project answers with what it changed or carried out.
 */
export const incubationTypes = ['guidance', 'training'] as const;
export type IncubationType = (typeof incubationTypes)[number];
export const incubationTypeLabels: Record<IncubationType, { zh: string; en: string }> = {
  guidance: { zh: '指导', en: 'Guidance visit' },
  training: { zh: '培训', en: 'Training session' },
};

/** Only a kind whose outcome is a recommendation upward is incubated for it. */
export const isIncubated = (outcome: KindOutcome): boolean => outcome.type === 'recommendation';

/** Records are kept from 立项 until the project's acceptance is decided or it ends. */
export const incubationOpen = (stage: ProjectStage): boolean => !finalProjectStages.includes(stage);

/**
 * A record's date lies within the project's construction: from its start (立项) to its end, both
 * as China dates. Attendees must be people the directory knows.
 */
export function incubationRecordProblems(
  input: { date: string; attendees: string[] },
  ctx: { milestones: Pick<Milestones, 'constructionStartsAt' | 'constructionEndsAt'>; unknownAttendees: string[] },
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const from = chinaDate(new Date(ctx.milestones.constructionStartsAt));
  const to = chinaDate(new Date(ctx.milestones.constructionEndsAt));
  if (input.date < from || input.date > to)
    problems.push(problemAt('body.date', `a date within construction, ${from} to ${to}`, coded('incubation-date-outside', { from, to })));
  for (const username of ctx.unknownAttendees)
    problems.push(
      problemAt(
        `body.attendees.${input.attendees.indexOf(username)}`,
        `${username} is not in the directory`,
        coded('attendee-unknown', { attendee: username }),
      ),
    );
  return problems;
}

/** What one row of the province dossier's workbook says of a recommended project. */
export interface DossierRow {
  organisation: string;
  district: string;
  title: string;
  selectionScore: number | undefined;
  acceptanceScore: number | undefined;
  result: string;
  incubationCount: number;
}

/** A guidance visit or training session as the office records it: attendees by their directory username. */
export const incubationRecordInput = z.strictObject({
  type: z.enum(incubationTypes),
  date: z.iso.date(),
  topic: personText(200, { multiline: false }),
  attendees: z
    .array(z.string().regex(/^[A-Za-z0-9._@+-]{1,100}$/, 'a username of letters, digits, or . _ @ + -'))
    .min(1)
    .max(50),
  notes: personText(5000, { multiline: true, min: 0 }).optional(),
});
export type IncubationRecordInput = z.infer<typeof incubationRecordInput>;

/** The applicant's 整改/落实情况 for one record. */
export const incubationResponseInput = z.strictObject({ response: personText(5000, { multiline: true }) });
