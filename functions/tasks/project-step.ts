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
  startMidterm,
} from '../services/project-steps';
import { establishProject } from '../services/projects';
import { stepHandler } from './step';

const id = { applicationId: z.string().min(1) };
const stepError = z.object({ Error: z.string().optional(), Cause: z.unknown().optional() }).optional();
const event = z.discriminatedUnion('step', [
  z.object({ step: z.literal('establish'), ...id }),
  z.object({ step: z.literal('plan-construction'), ...id, executionArn: z.string().min(1), startedAt: z.string().min(1) }),
  z.object({ step: z.literal('start-midterm'), ...id }),
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
    why: z.enum(['horizon', 'office-overdue']),
  }),
  z.object({ step: z.literal('start-acceptance'), ...id }),
  z.object({ step: z.literal('plan-acceptance'), ...id, executionArn: z.string().min(1), startedAt: z.string().min(1) }),
  z.object({ step: z.literal('application-missed'), ...id }),
  z.object({ step: z.literal('close-scoring'), ...id }),
  z.object({ step: z.literal('conclude'), ...id }),
  z.object({ step: z.literal('failed'), ...id, error: stepError }),
  z.object({ step: z.literal('not-started'), ...id, error: stepError }),
]);

/** One Lambda for the steps construction and acceptance executions take on their own. */
export const handler = stepHandler('ProjectStep', async (raw: unknown) => {
  const e = event.parse(raw);
  switch (e.step) {
    case 'establish':
      return establishProject(e.applicationId);
    case 'plan-construction':
      return planConstructionStep(e.applicationId, e.executionArn, e.startedAt);
    case 'start-midterm':
      return startMidterm(e.applicationId);
    case 'deadline-missed':
      return deadlineMissed(e.applicationId, e.task);
    case 'handover':
      return handOver(e.applicationId, e.machine, e.leg, e.why);
    case 'start-acceptance':
      return startAcceptance(e.applicationId);
    case 'plan-acceptance':
      return planAcceptanceStep(e.applicationId, e.executionArn, e.startedAt);
    case 'application-missed':
      return applicationMissed(e.applicationId);
    case 'close-scoring':
      return closeAcceptanceScoring(e.applicationId);
    case 'conclude':
      return conclude(e.applicationId);
    case 'failed':
      return recordProjectFailure(e.applicationId, e.error);
    case 'not-started':
      return recordConstructionNotStarted(e.applicationId, e.error);
  }
});
