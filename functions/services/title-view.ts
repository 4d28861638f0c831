import { ConflictError } from '../../core/errors';
import { titleStatusLabels } from '../../core/labels';
import { type TitleStatus, titleStatusOf } from '../../core/titles';
import type { ProjectItem } from '../adapters/entities';

/**
 * A named title as the project keeps it and as every reader sees it (issue 21.5); apart from
 * services/titles.ts, which moves it, so the project view reads it without depending on the moves.
 */
export interface Naming {
  title: string;
  namedAt: string;
  grade: string;
  /** 文号, e.g. 沪终身办〔2029〕3号. */
  number: string;
  year: number;
  seq: number;
  validUntil: string;
}

/** What the project keeps of its 复核 besides the stage: the current period, the next opening, each round's record. */
export interface TitleReview {
  round: number;
  /** The start of the period the next 复核 judges. */
  from: string;
  /** When the next 复核 opens; absent: the kind reviews nothing and the title expires at its validity. */
  opensAt?: string | undefined;
  /** Whether this round's rectification was used (a round rectifies once). */
  rectified?: boolean;
  rectificationDueAt?: string;
  selfAssessment?: { report: string; submittedAt: string; by: string };
  rectification?: { report: string; submittedAt: string; by: string };
  /** Every office decision, oldest first. */
  decisions: { round: number; outcome: string; comment?: string | undefined; decidedAt: string; by: string; rectificationDueAt?: string }[];
}

export const reviewOf = (project: Pick<ProjectItem, 'titleReview'>) => (project.titleReview ?? { round: 0, decisions: [] }) as TitleReview;

/** A 复核 decision or a revocation on a title already revoked is a conflict (409), whatever raced it. */
export function refuseIfRevoked(project: Pick<ProjectItem, 'titleStatus'>) {
  if (project.titleStatus === 'revoked')
    throw new ConflictError('this title has already been revoked (命名已撤销)', { titleStatus: 'revoked' });
}

/** The title as every reader sees it: its number and validity, its status (expired shown as soon as it is), the 复核. */
export function titleView(project: ProjectItem, now: Date) {
  const naming = project.naming as Naming | undefined;
  if (!naming) return null;
  const review = reviewOf(project);
  const stage = project.titleReviewStage ?? 'scheduled';
  const status: TitleStatus = titleStatusOf(
    project.titleStatus as TitleStatus | undefined,
    naming.validUntil,
    now,
    stage !== 'scheduled' && stage !== 'closed',
  );
  return {
    ...naming,
    status,
    statusLabel: titleStatusLabels[status],
    reviewStage: stage,
    nextReviewAt: stage === 'scheduled' ? (review.opensAt ?? null) : null,
    review,
  };
}
