import type { KindOutcome } from '../kind-definition';
import type { Criterion, KpiTarget } from '../kinds';
import type { ProjectTaskKind } from '../projects';
import type { DecisionInput } from '../schemas';
import type { TaskKind } from '../stages';
import { type AcceptanceDecision, acceptanceDecisionMembers, acceptanceDecisionRule } from './acceptance-decision';
import { type Recommendation, recommendationMembers, recommendationRule } from './district-recommendation';
import { type FormalReview, formalReviewMembers, formalReviewRule } from './formal-review';
import { decisionOf, notDecidedHere } from './members';
import { type MidtermReview, midtermReviewMembers, midtermReviewRule } from './midterm-review';
import { type ProjectReport, projectReportMembers, projectReportRule } from './project-report';
import { type ScoreSheet, scoreSheetMembers, scoreSheetRule } from './score-sheet';

/**
 * What a decision must carry, by task kind: each kind's rule lives in its own file here and is
 * applied by its decider (functions/deciders/); these two functions apply them by kind name alone,
 * for a check without a task (the rules' unit tests).
 */
export type CheckedDecision = Recommendation | FormalReview | ({ kind: 'expert_score' } & ScoreSheet);

export function checkDecision(kind: TaskKind, input: DecisionInput, rubric: Criterion[]): CheckedDecision {
  switch (kind) {
    case 'district_recommendation':
      return decisionOf(kind, input, recommendationMembers, recommendationRule(input));
    case 'formal_review':
      return decisionOf(kind, input, formalReviewMembers, formalReviewRule(input));
    case 'expert_score':
      return { kind, ...decisionOf(kind, input, scoreSheetMembers, scoreSheetRule(input, rubric)) };
    default:
      throw notDecidedHere(kind);
  }
}

export type CheckedProjectDecision = ProjectReport | MidtermReview | AcceptanceDecision | ({ kind: 'score' } & ScoreSheet);

export interface ProjectDecisionContext {
  /** What the kind's outcome confers: only a recommendation upward may be recommended. */
  outcome: KindOutcome;
  kpiTargets: KpiTarget[];
  acceptanceRubric: Criterion[];
  /** Acceptance may be rectified once; a re-inspection decides without that option. */
  acceptanceRectified: boolean;
  /** The latest rectification deadline a reviewer may set. */
  latestRectificationDue: Date;
  now: Date;
}

export function checkProjectDecision(kind: ProjectTaskKind, input: DecisionInput, ctx: ProjectDecisionContext): CheckedProjectDecision {
  switch (kind) {
    case 'midterm_report':
    case 'midterm_rectification':
    case 'acceptance_application':
    case 'acceptance_rectification':
      return decisionOf(kind, input, projectReportMembers, projectReportRule(kind, input, ctx.kpiTargets));
    case 'midterm_review':
    case 'midterm_recheck':
      return decisionOf(kind, input, midtermReviewMembers, midtermReviewRule(kind, input, ctx));
    case 'acceptance_decision':
      return decisionOf(kind, input, acceptanceDecisionMembers, acceptanceDecisionRule(input, ctx));
    case 'acceptance_score':
      return {
        kind: 'score',
        ...decisionOf(kind, input, scoreSheetMembers, scoreSheetRule(input, ctx.acceptanceRubric, 'acceptance rubric')),
      };
    default:
      throw notDecidedHere(kind);
  }
}
