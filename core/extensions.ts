import type { TaskKind } from './stages';

/**
 * Steps whose deadline the workflow itself enforces: their state's TimeoutSecondsPath was fixed
 * when Step Functions entered it and no API changes a running task's timeout. A later due date
 * would be a promise the workflow breaks at the old time, so these are never extended.
 */
const enforcedByWorkflow: Partial<Record<TaskKind, string>> = {
  revision: 'the correction deadline lapses the declaration in its workflow (Correction state timeout)',
  expert_score: 'the scoring deadline closes expert review in its workflow (ExpertReview state timeout)',
  expert_review: 'the scoring deadline closes expert review in its workflow (ExpertReview state timeout)',
  expert_confirmation: 'the round waits for its experts; extend an expert’s invitation instead (InviteExperts waits for the earliest one)',
  call_outcome: 'this step waits for its call, which sets the pace',
  midterm_report: 'a missed mid-term report sends the project to review without it (MidtermReport state timeout)',
  midterm_rectification: 'a missed rectification sends the project to its re-check (MidtermRectification state timeout)',
  acceptance_application: 'a missed acceptance application fails the acceptance (AcceptanceApplication state timeout)',
  acceptance_rectification: 'a missed rectification sends the project to re-inspection (AcceptanceRectification state timeout)',
  acceptance_score: 'the scoring deadline closes the acceptance scoring in its workflow (ExpertReview state timeout)',
  acceptance_review: 'the scoring deadline closes the acceptance scoring in its workflow (ExpertReview state timeout)',
  title_self_assessment: 'a missed self-assessment sends the 复核 to the office without it (SelfAssessment state timeout)',
  title_rectification: 'a missed rectification sends the 复核 to its re-check (Rectification state timeout)',
};

/** Why a task of this kind can never be extended (the API's refusal and the page's explanation), or undefined when it can. */
export function whyNotExtendable(kind: TaskKind): string | undefined {
  return enforcedByWorkflow[kind];
}
