import type { Actor } from '../../core/identity';
import type { DecisionInput } from '../../core/schemas';
import type { TaskKind } from '../../core/stages';
import { acceptanceApplication } from './acceptance-application';
import { acceptanceDecision } from './acceptance-decision';
import { acceptanceRectification } from './acceptance-rectification';
import { acceptanceScore } from './acceptance-score';
import { districtRecommendation } from './district-recommendation';
import { expertInvitation } from './expert-invitation';
import { expertScore } from './expert-score';
import { formalReview } from './formal-review';
import { midtermRecheck } from './midterm-recheck';
import { midtermRectification } from './midterm-rectification';
import { midtermReport } from './midterm-report';
import { midtermReview } from './midterm-review';
import { decideWith, type RegistryEntry } from './runner';
import { titleRectification, titleReview, titleSelfAssessment } from './title-review';
import { taskBookConfirmation } from './task-book-confirmation';

/**
 * Every task kind and who decides it. A kind a person decides through POST /tasks/{id}/decision
 * has a decider, in the file of its name here: its body's members, its rule (core/decisions/),
 * its effects. Kinds decided by a request of their own point there; kinds the workflow holds are
 * decided by nobody. A new kind: a file here and a line below (the type refuses a kind left out).
 */
export const deciders: Record<TaskKind, RegistryEntry> = {
  district_recommendation: districtRecommendation,
  formal_review: formalReview,
  revision: { decidedElsewhere: 'a correction is completed by resubmitting the declaration (POST /declarations/{id}/submit)' },
  expert_assignment: { decidedElsewhere: 'experts are assigned with POST /declarations/{id}/experts' },
  expert_confirmation: { heldByWorkflow: true },
  expert_invitation: expertInvitation,
  expert_review: { heldByWorkflow: true },
  expert_score: expertScore,
  call_outcome: { heldByWorkflow: true },
  shortlist: { decidedElsewhere: 'the shortlist is confirmed with POST /calls/{callId}/shortlist' },
  objections: { decidedElsewhere: 'objections are handled one by one with POST /objections/{objectionId}/handling' },
  midterm_report: midtermReport,
  midterm_review: midtermReview,
  midterm_rectification: midtermRectification,
  midterm_recheck: midtermRecheck,
  acceptance_application: acceptanceApplication,
  acceptance_assignment: { decidedElsewhere: 'acceptance experts are assigned with POST /projects/{id}/experts' },
  acceptance_review: { heldByWorkflow: true },
  acceptance_score: acceptanceScore,
  acceptance_decision: acceptanceDecision,
  acceptance_rectification: acceptanceRectification,
  title_self_assessment: titleSelfAssessment,
  title_review: titleReview,
  title_rectification: titleRectification,
  task_book_confirmation: taskBookConfirmation,
  tranche_payment: { decidedElsewhere: 'a tranche is paid with POST /projects/{id}/funding/payments, which closes its task' },
};

/** POST /tasks/{id}/decision: the task's kind names its decider. */
export const decide = (actor: Actor, taskId: string, body: DecisionInput) => decideWith(deciders, actor, taskId, body);
