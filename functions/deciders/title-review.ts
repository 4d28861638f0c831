import { addWorkingDays } from '../../core/calendar';
import {
  titleReportMembers,
  titleReportRule,
  titleReviewMembers,
  titleReviewRule,
  type TitleReviewDecision,
} from '../../core/decisions/title-review';
import { chinaDate } from '../../core/china-time';
import type { HistoryAction } from '../../core/labels';
import {
  reviewOpensAt,
  renewedValidity,
  statusAfterReview,
  type TitleReviewStage,
  type TitleStatus,
  titleTermsOf,
} from '../../core/titles';
import type { TaskItem } from '../adapters/entities';
import type { Completion } from '../services/tasks';
import { type Naming, refuseIfRevoked, reviewOf, type TitleReview } from '../services/title-view';
import { poolEntries } from '../services/expert-pool';
import { loadProject, type ProjectContext, officeDue, rectificationDue } from './project';
import { decider, inputOf } from './runner';

/**
 * 命名复核 (workflows/review): the centre's self-assessment, the office's review (keep, rectify
 * once a round, revoke) and the rectification report. Each moves `titleReviewStage` on the
 * condition that it still stands where the task belongs and the title is not revoked, so a
 * revocation racing a decision wins or loses cleanly (409).
 */
async function loadTitle(task: TaskItem) {
  const ctx = await loadProject(task);
  refuseIfRevoked(ctx.project);
  return ctx;
}

interface TitleMove {
  from: readonly TitleReviewStage[];
  to: TitleReviewStage;
  set: Record<string, unknown>;
  output: Record<string, unknown>;
  action: HistoryAction;
  reason?: string | undefined;
  /** The title item eligibility reads, when the decision changes its validity or standing. */
  titleItem?: { validUntil?: string; status: TitleStatus };
}

function titleMove(task: TaskItem, m: TitleMove, ctx: ProjectContext): Completion {
  const { project } = ctx;
  return {
    audit: { action: m.action, ...(m.reason ? { reason: m.reason } : {}) },
    output: m.output,
    extra: ({ project: projects, title }) => [
      projects
        .patch({ declarationId: task.declarationId })
        .set({ titleReviewStage: m.to, updatedAt: ctx.now.toISOString(), ...m.set })
        .add({ version: 1 })
        .where(
          ({ titleReviewStage, titleStatus }, { eq, ne }) =>
            `(${m.from.map((f) => eq(titleReviewStage, f)).join(' OR ')}) AND ${ne(titleStatus, 'revoked')}`,
        )
        .commit(),
      ...(m.titleItem ? [title.patch({ kind: project.kind, organisationId: project.organisationId }).set(m.titleItem).commit()] : []),
    ],
  };
}

function reportDecider(kind: 'title_self_assessment' | 'title_rectification') {
  return decider({
    kind,
    input: inputOf(titleReportMembers),
    load: loadTitle,
    rule: (input) => titleReportRule(kind, input),
    effects(checked, ctx, task, actor) {
      const review = reviewOf(ctx.project);
      const report = { report: checked.report, submittedAt: ctx.now.toISOString(), by: actor.username };
      const self = kind === 'title_self_assessment';
      return titleMove(
        task,
        {
          from: [self ? 'self_assessment' : 'rectification'],
          to: self ? 'office_review' : 'recheck',
          set: { titleReview: { ...review, ...(self ? { selfAssessment: report } : { rectification: report }) } },
          output: { outcome: 'reported', ...officeDue(ctx, ctx.settings.projectDeadlines.acceptanceDecision) },
          action: self ? 'title.self_assessed' : 'title.rectified',
        },
        ctx,
      );
    },
  });
}

export const titleSelfAssessment = reportDecider('title_self_assessment');
export const titleRectification = reportDecider('title_rectification');

export const titleReview = decider({
  kind: 'title_review',
  input: inputOf(titleReviewMembers),
  // The pool, for the panel the office may name (a rare decision: one keyed Query of the pool's partition).
  load: async (task) => ({ ...(await loadTitle(task)), pool: await poolEntries() }),
  rule: (input, { now, settings, project, pool }) =>
    titleReviewRule(input, {
      now,
      latestRectificationDue: addWorkingDays(now, settings.projectDeadlines.rectification, settings.calendarOverrides).dueAt,
      rectified: reviewOf(project).rectified ?? false,
      pool,
      centre: project,
    }),
  effects: (decision, ctx, task, actor) => titleMove(task, withPanel(reviewStep(decision, ctx, actor.username), decision), ctx),
});

/** The history names the panel that re-assessed the centre, by name. */
const withPanel = (move: TitleMove, c: TitleReviewDecision): TitleMove =>
  c.reviewPanel ? { ...move, reason: `${move.reason ?? ''}（复核专家组：${c.reviewPanel.map((e) => e.name).join('、')}）` } : move;

function reviewStep(c: TitleReviewDecision, ctx: ProjectContext, by: string): TitleMove {
  const review = reviewOf(ctx.project);
  const naming = ctx.project.naming as Naming;
  const decided = {
    round: review.round,
    outcome: c.outcome,
    comment: c.comment,
    decidedAt: ctx.now.toISOString(),
    by,
    ...(c.reviewPanel ? { reviewPanel: c.reviewPanel } : {}),
  };
  const from = ['office_review', 'recheck'] as const;
  const status = statusAfterReview(c.outcome);
  const base = { from, action: `title.review.${c.outcome}` as HistoryAction };
  switch (c.outcome) {
    case 'keep': {
      const terms = titleTermsOf(ctx.settings.outcome.type === 'title' ? ctx.settings.outcome : undefined);
      const next = renewedValidity(naming.validUntil, ctx.now, terms);
      const kept: TitleReview = {
        round: review.round,
        from: next.from,
        opensAt: reviewOpensAt(new Date(next.from), next.validUntil, terms),
        decisions: [...review.decisions, decided],
      };
      return {
        ...base,
        to: 'scheduled',
        set: { titleStatus: status, titleReview: kept, naming: { ...naming, validUntil: next.validUntil } },
        output: { outcome: 'keep' },
        reason: `${c.comment ?? '复核通过'}（保留命名，有效期延至 ${chinaDate(new Date(next.validUntil))}）`,
        titleItem: { validUntil: next.validUntil, status },
      };
    }
    case 'rectify': {
      const due = rectificationDue(ctx, c.rectificationDueAt);
      return {
        ...base,
        to: 'rectification',
        set: {
          titleStatus: status,
          titleReview: {
            ...review,
            rectified: true,
            rectificationDueAt: due.dueAt,
            decisions: [...review.decisions, { ...decided, rectificationDueAt: due.dueAt }],
          },
          lastReason: c.comment,
        },
        output: { outcome: 'rectify', ...due },
        reason: `${c.comment}（整改期限 ${due.dueAt}）`,
        titleItem: { status },
      };
    }
    case 'revoke':
      return {
        ...base,
        to: 'closed',
        set: { titleStatus: status, titleReview: { ...review, decisions: [...review.decisions, decided] }, lastReason: c.comment },
        output: { outcome: 'revoke' },
        reason: c.comment,
        // A revoked title no longer bars the centre from declaring again: its validity ends now.
        titleItem: { validUntil: ctx.now.toISOString(), status },
      };
  }
}
