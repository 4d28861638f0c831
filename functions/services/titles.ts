import { chinaDate, chinaDateTime } from '../../core/china-time';
import { ConflictError, ForbiddenError } from '../../core/errors';
import { WORKFLOW_ACTOR } from '../../core/identity';
import { ADMIN_GRACE_DAYS, type Due, dueIn, dueUntil } from '../../core/projects';
import { reviewOpensAt, type TitleReviewStage, titleTaskKinds, titleTermsOf, titleValidUntil } from '../../core/titles';
import { clock } from '../adapters/clock';
import { isConditionFailure, store, type ProjectItem } from '../adapters/entities';
import { startExecutionOf } from '../adapters/workflows';
import { counterWrite, type TitleNumber, withNextTitleNumber } from './title-numbers';
import { appendAudit, auditItem } from './audit';
import { getProject, getVisibleProject, settingsOfProject } from './projects';
import { type Naming, refuseIfRevoked, reviewOf, type TitleReview, titleView } from './title-view';
import { carryOutNow, stopIntent } from './outbox';
import { scheduleStart } from './milestone-starts';
import type { Actor } from '../../core/identity';
import { closeTasks, openTasksOf } from './tasks';
import type { KindOutcome } from '../../core/kind-definition';

/**
 * A named title's life (issue 21.5): its number at naming, and the steps the 复核 workflow
 * (workflows/review) takes on its own. Each step reads where the title stands (`titleReviewStage`
 * on the project) and is idempotent, as Step Functions may run a step twice.
 */
type TitleOutcome = Extract<KindOutcome, { type: 'title' }>;

/**
 * Names the project (命名授牌) with the next 文号 of its year: the counter's next value, the
 * naming and its 复核 schedule, and the title item eligibility reads, in one transaction on the
 * condition that the counter still stands where it was read and the project is not named yet.
 * A racing naming takes the number first; this one reads again.
 */
export async function nameProject(project: ProjectItem, outcome: TitleOutcome, grade: string, now: Date): Promise<Naming | undefined> {
  const terms = titleTermsOf(outcome);
  const validUntil = titleValidUntil(now, terms.validityYears);
  const namingOf = (taken: TitleNumber): Naming => ({
    title: outcome.titleZh,
    namedAt: now.toISOString(),
    grade,
    number: taken.number,
    year: taken.year,
    seq: taken.seq,
    validUntil,
  });
  const review: TitleReview = { round: 0, from: now.toISOString(), opensAt: reviewOpensAt(now, validUntil, terms), decisions: [] };
  const taken = await withNextTitleNumber(
    terms.numberPattern,
    now,
    (taken) => {
      const naming = namingOf(taken);
      return store()
        .transaction.write((entities) => [
          counterWrite(entities, taken),
          entities.project
            .patch({ declarationId: project.declarationId })
            .set({ naming, titleStatus: 'valid', titleReviewStage: 'scheduled', titleReview: review, updatedAt: naming.namedAt })
            .add({ version: 1 })
            .where(({ naming: named }, { notExists }) => notExists(named))
            .commit(),
          entities.title
            .put({
              kind: project.kind,
              organisationId: project.organisationId,
              declarationId: project.declarationId,
              titleZh: naming.title,
              namedAt: naming.namedAt,
              validUntil,
              number: naming.number,
              status: 'valid',
            })
            .commit(),
        ])
        .go();
    },
    // Cancelled because a retry of this step named the project already: nothing more to do.
    async () => Boolean((await getProject(project.declarationId, true)).naming),
  );
  return taken ? namingOf(taken) : undefined;
}

/** The 复核 chain's first execution, started once the title is numbered. */
export async function startTitleReview(declarationId: string, leg = 1) {
  return startExecutionOf('review', `${declarationId}-r${leg}`, { declarationId, leg, startedAt: clock().now().toISOString() });
}

/** The due date of a step of the 复核: the applicant's in the kind's working days, the office's with its grace. */
async function dueOf(
  project: ProjectItem,
  who: 'applicant' | 'office',
  workingDays?: (d: Awaited<ReturnType<typeof settingsOfProject>>) => number,
) {
  const settings = await settingsOfProject(project);
  const d = settings.projectDeadlines;
  const days = workingDays ? workingDays(settings) : who === 'office' ? d.acceptanceDecision : d.midtermReport;
  return dueIn(clock().now(), days, settings.calendarOverrides, who === 'office' ? ADMIN_GRACE_DAYS : 0);
}

async function moveReview(project: ProjectItem, from: TitleReviewStage, to: TitleReviewStage, set: Partial<ProjectItem> = {}) {
  await store()
    .entities.project.patch({ declarationId: project.declarationId })
    .set({ titleReviewStage: to, updatedAt: clock().now().toISOString(), ...set })
    .add({ version: 1 })
    .where(({ titleReviewStage }, { eq }) => eq(titleReviewStage, from))
    .go();
}

export type ReviewRoute =
  | { route: 'scheduled'; scheduled: string; at: string }
  | ({ route: 'self_assessment' | 'review' | 'rectification' } & Due)
  | { route: 'expire' | 'closed' };

/**
 * Where a 复核 execution goes next: schedule the next leg for the next opening (or, for a title
 * its kind does not review, for the end of its validity) and end, open the self-assessment, reopen
 * the step a predecessor left, let an unreviewed title expire, or stop at a revoked or expired one.
 */
export async function planReviewStep(declarationId: string, leg: number): Promise<ReviewRoute> {
  const project = await getProject(declarationId, true);
  const naming = project.naming as Naming | undefined;
  if (!naming || project.titleStatus === 'revoked' || project.titleStatus === 'expired') return { route: 'closed' };
  const review = reviewOf(project);
  const now = clock().now();
  switch (project.titleReviewStage ?? 'scheduled') {
    case 'self_assessment':
      return { route: 'self_assessment', ...(await dueOf(project, 'applicant')) };
    case 'office_review':
    case 'recheck':
      return { route: 'review', ...(await dueOf(project, 'office')) };
    case 'rectification':
      return {
        route: 'rectification',
        ...dueUntil(now, new Date(Math.max(Date.parse(review.rectificationDueAt!), now.getTime() + 86400_000))),
      };
    case 'closed':
      return { route: 'closed' };
    case 'scheduled':
      break;
  }
  const target = Date.parse(review.opensAt ?? naming.validUntil);
  if (target <= now.getTime()) {
    if (!review.opensAt) return { route: 'expire' };
    await moveReview(project, 'scheduled', 'self_assessment', {
      titleReview: { ...review, round: review.round + 1, rectified: false },
    }).catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error; // a retry of this step moved it already
    });
    await appendAudit({
      declarationId,
      actor: WORKFLOW_ACTOR,
      action: 'title.review_opened',
      reason: `第 ${review.round + 1} 次复核：${naming.title}（${naming.number}，有效期至 ${chinaDate(new Date(naming.validUntil))}）`,
    });
    return { route: 'self_assessment', ...(await dueOf(project, 'applicant')) };
  }
  return { route: 'scheduled', ...(await scheduleStart(declarationId, 'review', leg + 1, new Date(target).toISOString())) };
}

/** A successor execution of the 复核 chain, when the office let its review run past the grace. */
export async function reviewHandover(declarationId: string, leg: number) {
  if (leg >= 60) throw new Error(`review of ${declarationId} has handed over ${leg} times; stopping the chain`);
  const stale = (await openTasksOf(declarationId)).filter((t) => t.kind === 'title_review');
  await closeTasks(stale);
  const executionArn = await startTitleReview(declarationId, leg + 1);
  await appendAudit({
    declarationId,
    actor: WORKFLOW_ACTOR,
    action: 'title.handover',
    reason: `命名复核逾期未办，由第 ${leg + 1} 段执行重新开启`,
  });
  return { executionArn };
}

/** The self-assessment or the rectification report not in by its deadline: the office decides without it, and knows. */
export async function reviewStepMissed(declarationId: string, which: 'title_self_assessment' | 'title_rectification'): Promise<Due> {
  const project = await getProject(declarationId, true);
  const [from, to] =
    which === 'title_self_assessment' ? (['self_assessment', 'office_review'] as const) : (['rectification', 'recheck'] as const);
  if (project.titleReviewStage === from) {
    await moveReview(project, from, to);
    await appendAudit({
      declarationId,
      actor: WORKFLOW_ACTOR,
      action: `${which}.missed`,
      reason: which === 'title_self_assessment' ? '复核自评报告逾期未提交' : '复核整改报告逾期未提交',
    });
  }
  await closeTasks((await openTasksOf(declarationId)).filter((t) => t.kind === which));
  return dueOf(project, 'office');
}

/** The validity passed with no 复核 to renew it (the kind reviews nothing): the title expires. */
export async function expireTitle(declarationId: string) {
  const project = await getProject(declarationId, true);
  const naming = project.naming as Naming;
  if (project.titleStatus === 'expired') return { expired: true };
  await store()
    .entities.project.patch({ declarationId })
    .set({ titleStatus: 'expired', titleReviewStage: 'closed', updatedAt: clock().now().toISOString() })
    .add({ version: 1 })
    .where(({ titleStatus }, { eq }) => eq(titleStatus, 'valid'))
    .go();
  await store().entities.title.patch({ kind: project.kind, organisationId: project.organisationId }).set({ status: 'expired' }).go();
  await appendAudit({
    declarationId,
    actor: WORKFLOW_ACTOR,
    action: 'title.expired',
    reason: `${naming.title}（${naming.number}）有效期至 ${chinaDateTime(new Date(naming.validUntil))} 届满`,
  });
  return { expired: true };
}

/**
 * 撤销命名 by the city office outside a 复核 (a violation found meanwhile): the title revoked with
 * its reason, its item's validity ended, in one transaction conditional on it not being revoked
 * already (409); the 复核's open tasks closed and their execution stopped through the outbox.
 */
export async function revokeTitle(actor: Actor, declarationId: string, reason: string) {
  if (actor.role !== 'city-admin') throw new ForbiddenError('only the city office may revoke a title');
  const project = await getVisibleProject(actor, declarationId);
  const naming = project.naming as Naming | undefined;
  if (!naming) throw new ConflictError('this project holds no title (未命名)', { titleStatus: null });
  refuseIfRevoked(project);
  const now = clock().now().toISOString();
  const open = (await openTasksOf(declarationId)).filter((t) => (titleTaskKinds as readonly string[]).includes(t.kind));
  const intents = [...new Set(open.map((t) => t.executionArn))].map((arn) => stopIntent(arn, declarationId, 'TitleRevoked', reason));
  const result = await store()
    .transaction.write(({ project: projects, title, auditEvent, intent }) => [
      projects
        .patch({ declarationId })
        .set({ titleStatus: 'revoked', titleReviewStage: 'closed', lastReason: reason, updatedAt: now })
        .add({ version: 1 })
        .where(({ titleStatus }, { ne }) => ne(titleStatus, 'revoked'))
        .commit(),
      title.patch({ kind: project.kind, organisationId: project.organisationId }).set({ status: 'revoked', validUntil: now }).commit(),
      auditEvent
        .create(auditItem({ declarationId, actor: actor.username, action: 'title.revoked', reason: `${naming.number}：${reason}` }))
        .commit(),
      ...intents.map((i) => intent.put(i).commit()),
    ])
    .go();
  if (result.canceled) {
    // Revoked meanwhile by another request (409), or changed by a 复核 step: try again.
    refuseIfRevoked(await getProject(declarationId, true));
    throw new ConflictError('the title changed meanwhile; try again', { titleStatus: project.titleStatus ?? null });
  }
  await closeTasks(open);
  for (const i of intents) await carryOutNow(i);
  return titleView(await getProject(declarationId, true), clock().now());
}
