import { z } from 'zod';
import {
  applicationMissed,
  closeAcceptanceScoring,
  conclude,
  deadlineMissed,
  handOver,
  planAcceptanceStep,
  planConstructionStep,
  recordConstructionNotStarted,
  recordProjectFailure,
  startAcceptance,
} from '../services/project-steps';
import { startConstruction } from '../services/establishment';
import { expireTitle, planReviewStep, reviewHandover, reviewStepMissed } from '../services/titles';
import { stepHandler } from './step';

const id = { declarationId: z.string().min(1) };
const stepError = z.object({ Error: z.string().optional(), Cause: z.unknown().optional() }).optional();
const event = z.discriminatedUnion('step', [
  z.object({ step: z.literal('establish'), ...id }),
  z.object({
    step: z.literal('plan-construction'),
    ...id,
    executionArn: z.string().min(1),
    startedAt: z.string().min(1),
    leg: z.number().int().min(1),
  }),
  z.object({
    step: z.literal('deadline-missed'),
    ...id,
    task: z.enum(['midterm_report', 'midterm_rectification', 'acceptance_rectification']),
  }),
  z.object({
    step: z.literal('handover'),
    ...id,
    machine: z.enum(['construction', 'acceptance']),
    leg: z.number().int().min(1),
    why: z.literal('office-overdue'),
  }),
  z.object({ step: z.literal('start-acceptance'), ...id }),
  z.object({ step: z.literal('plan-acceptance'), ...id, executionArn: z.string().min(1), startedAt: z.string().min(1) }),
  z.object({ step: z.literal('application-missed'), ...id }),
  z.object({ step: z.literal('close-scoring'), ...id }),
  z.object({ step: z.literal('conclude'), ...id }),
  z.object({ step: z.literal('failed'), ...id, error: stepError }),
  z.object({ step: z.literal('not-started'), ...id, error: stepError }),
  // The title's 复核 (workflows/review).
  z.object({ step: z.literal('plan-review'), ...id, leg: z.number().int().min(1) }),
  z.object({ step: z.literal('review-handover'), ...id, leg: z.number().int().min(1), why: z.literal('office-overdue') }),
  z.object({ step: z.literal('review-missed'), ...id, task: z.enum(['title_self_assessment', 'title_rectification']) }),
  z.object({ step: z.literal('expire-title'), ...id }),
]);

/** One Lambda for the steps construction, acceptance and 复核 executions take on their own. */
export const handler = stepHandler('ProjectStep', async (raw: unknown) => {
  const e = event.parse(raw);
  switch (e.step) {
    case 'establish':
      // Declaration executions started before 立项 moved into the call's own step still end here.
      return startConstruction(e.declarationId);
    case 'plan-construction':
      return planConstructionStep(e.declarationId, e.executionArn, e.startedAt, e.leg);
    case 'deadline-missed':
      return deadlineMissed(e.declarationId, e.task);
    case 'handover':
      return handOver(e.declarationId, e.machine, e.leg);
    case 'start-acceptance':
      return startAcceptance(e.declarationId);
    case 'plan-acceptance':
      return planAcceptanceStep(e.declarationId, e.executionArn, e.startedAt);
    case 'application-missed':
      return applicationMissed(e.declarationId);
    case 'close-scoring':
      return closeAcceptanceScoring(e.declarationId);
    case 'conclude':
      return conclude(e.declarationId);
    case 'failed':
      return recordProjectFailure(e.declarationId, e.error);
    case 'not-started':
      return recordConstructionNotStarted(e.declarationId, e.error);
    case 'plan-review':
      return planReviewStep(e.declarationId, e.leg);
    case 'review-handover':
      return reviewHandover(e.declarationId, e.leg);
    case 'review-missed':
      return reviewStepMissed(e.declarationId, e.task);
    case 'expire-title':
      return expireTitle(e.declarationId);
  }
});
