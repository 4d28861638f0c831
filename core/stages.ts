import { ConflictError } from './errors';

/**
 * Where a declaration stands. The workflow moves it; these rules say which moves are legal so the
 * API and the task handlers agree without asking each other.
 */
export const stages = ['draft', 'formal_review', 'revision', 'approved', 'rejected', 'lapsed'] as const;
export type Stage = (typeof stages)[number];

export const stageLabels: Record<Stage, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  formal_review: { zh: '形式审查', en: 'Formal review' },
  revision: { zh: '退回修改', en: 'Returned for correction' },
  approved: { zh: '审查通过', en: 'Approved' },
  rejected: { zh: '不予受理', en: 'Ineligible' },
  lapsed: { zh: '逾期未修改', en: 'Correction deadline missed' },
};

/** Human tasks the workflow opens, and who they belong to. */
export const taskKinds = ['formal_review', 'revision'] as const;
export type TaskKind = (typeof taskKinds)[number];

export const formalReviewOutcomes = ['approve', 'return', 'reject'] as const;
export type FormalReviewOutcome = (typeof formalReviewOutcomes)[number];

export function isEditable(stage: Stage): boolean {
  return stage === 'draft' || stage === 'revision';
}

export function assertEditable(stage: Stage): void {
  if (!isEditable(stage)) {
    throw new ConflictError(`a declaration in stage ${stage} cannot be edited`, { stage });
  }
}

/** The stage a formal-review outcome moves the declaration to. */
export function stageAfterFormalReview(outcome: FormalReviewOutcome): Stage {
  switch (outcome) {
    case 'approve':
      return 'approved';
    case 'return':
      return 'revision';
    case 'reject':
      return 'rejected';
  }
}

/** The stage a task keeps its declaration in while it is open. */
export function stageOfTask(kind: TaskKind): Stage {
  return kind;
}
