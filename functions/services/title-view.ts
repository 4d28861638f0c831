import { ConflictError } from '../../core/errors';
import { titleStatusLabels } from '../../core/labels';
import { type TitleStatus, titleStatusOf } from '../../core/titles';
import type { Workbook } from 'exceljs';
import { chinaDate } from '../../core/china-time';
import { clock } from '../adapters/clock';
import { store, type ProjectItem } from '../adapters/entities';

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
  decisions: {
    round: number;
    outcome: string;
    comment?: string | undefined;
    decidedAt: string;
    by: string;
    rectificationDueAt?: string;
    /** The experts who re-assessed the centre with the office (复核专家组), named as they were then. */
    reviewPanel?: { username: string; name: string }[];
  }[];
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

/**
 * The call workbook's sheet of titles (命名): each named project of the call with its 文号,
 * validity and status as shown now — a revoked or expired title says so in the export too.
 */
export async function addTitleSheet(book: Workbook, declarationIds: string[]) {
  const projects = declarationIds.length
    ? (
        await store()
          .entities.project.get(declarationIds.map((declarationId) => ({ declarationId })))
          .go()
      ).data
    : [];
  const now = clock().now();
  const sheet = book.addWorksheet('命名');
  sheet.columns = [
    { header: '申报编号', key: 'declarationId', width: 30 },
    { header: '项目名称', key: 'title', width: 30 },
    { header: '称号', key: 'titleZh', width: 28 },
    { header: '文号', key: 'number', width: 24 },
    { header: '命名日期', key: 'namedAt', width: 14 },
    { header: '有效期至', key: 'validUntil', width: 14 },
    { header: '状态', key: 'status', width: 12 },
  ];
  for (const project of projects) {
    const named = titleView(project, now);
    if (!named) continue;
    sheet.addRow({
      declarationId: project.declarationId,
      title: project.title,
      titleZh: named.title,
      number: named.number,
      namedAt: chinaDate(new Date(named.namedAt)),
      validUntil: chinaDate(new Date(named.validUntil)),
      status: named.statusLabel.zh,
    });
  }
  sheet.getRow(1).font = { bold: true };
}
