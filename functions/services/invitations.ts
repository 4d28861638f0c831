import { namesOf } from './directory';
import { addWorkingDays } from '../../core/calendar';
import { NotFoundError } from '../../core/errors';
import { type Actor, WORKFLOW_ACTOR, workflowActor } from '../../core/identity';
import { invitationRound, invitationStatus, roundOutcome, secondsUntil } from '../../core/invitations';
import { clock } from '../adapters/clock';
import { type CallItem, type DeclarationItem, store, type TaskItem } from '../adapters/entities';
import { auditItem } from './audit';
import { configOf, getCall, requireCityAdmin, settledCall } from './calls';
import { getVisibleDeclaration } from './declarations';
import { drawReplacements, emailNotice, officeNotice, type OfficeNotice, replacementWrites } from './invitation-replacements';
import { invitationDueFrom, type RoundOutput } from './invitation-start';
import { closeTasks, type Completion, completeTask, openTasksOf, stageDays } from './tasks';
import { countingCalendar } from './working-calendar';

/**
 * 专家邀请: the experts the office assigned (or the draw chose) are invited, each with a task and
 * a deadline in working days. The workflow holds an `expert_confirmation` task for the round (its
 * InviteExperts state) whose token the experts' `expert_invitation` tasks share; the acceptance
 * that brings the accepted to the number wanted completes it, and scoring starts with those who
 * accepted. A decline is replaced at once (functions/deciders/expert-invitation.ts); the state's
 * timeout, at the earliest open invitation's due date, replaces the unanswered (expireInvitations).
 */
async function consistentDeclaration(declarationId: string): Promise<DeclarationItem> {
  const { data } = await store().entities.declaration.get({ declarationId }).go({ consistent: true });
  if (!data) throw new NotFoundError(`declaration ${declarationId} not found`);
  return data;
}

/** Scoring's input: those who accepted, with the review's deadline counted from now. */
async function reviewOf(call: Pick<CallItem, 'config' | 'kind'>, accepted: string[]): Promise<RoundOutput> {
  const now = clock().now();
  const overrides = await countingCalendar(configOf(call).calendarOverrides);
  const { dueAt } = addWorkingDays(now, stageDays(call, 'expertReview'), overrides);
  return { outcome: 'enough', experts: accepted, reviewDueAt: dueAt.toISOString(), reviewTimeoutSeconds: secondsUntil(dueAt, now) };
}

/**
 * After any answer: enough accepted → the held task is completed and the declaration moves to
 * expert review; nobody left to answer and too few accepted → back to assignment, the office told.
 * Of two racing callers the held task's condition lets one through. Without an open held task
 * (the state timed out meanwhile) the workflow's expiry step settles the round itself.
 */
export async function settleInvitations(declarationId: string): Promise<void> {
  const declaration = await consistentDeclaration(declarationId);
  if (declaration.stage !== 'expert_invitation') return;
  const round = invitationRound(declaration);
  const outcome = roundOutcome(round);
  if (outcome === 'waiting') return;
  const held = (await openTasksOf(declarationId)).find((t) => t.kind === 'expert_confirmation');
  if (!held) return;
  const call = await settledCall(declaration.callId);
  const notice = outcome === 'exhausted' ? await officeNotice('invitations-exhausted', declaration, { dueAt: clock().now() }) : undefined;
  try {
    await completeTask(
      held,
      workflowActor,
      roundEnd(outcome, round.accepted, notice, outcome === 'enough' ? await reviewOf(call, round.accepted) : exhausted),
    );
  } catch (error) {
    // Another answer settled the round first.
    if ((error as Error).name !== 'ConflictError') throw error;
    return;
  }
  await emailNotice(notice);
}

const exhausted: RoundOutput = { outcome: 'exhausted' };

function roundEnd(outcome: 'enough' | 'exhausted', accepted: string[], notice: OfficeNotice | undefined, output: RoundOutput): Completion {
  if (outcome === 'enough')
    return {
      move: { from: 'expert_invitation', to: 'expert_review', set: { experts: accepted, scoresIn: 0 } },
      audit: { action: 'invitations.completed', reason: accepted.join(', ') },
      output: { ...output },
    };
  return {
    move: { from: 'expert_invitation', to: 'expert_assignment' },
    audit: { action: 'invitations.exhausted', reason: accepted.join(', ') },
    output: { ...output },
    extra: ({ notification }) => (notice?.items ?? []).map((item) => notification.create(item).commit()),
  };
}

/** Closes an unanswered invitation, if it still is one; false when its expert answered first. */
async function expire(task: TaskItem): Promise<boolean> {
  const result = await store()
    .transaction.write(({ task: tasks, declaration, auditEvent }) => [
      tasks
        .patch({ taskId: task.taskId })
        .set({ status: 'closed', dueAt: task.dueAt, decision: { outcome: 'timeout' }, decidedAt: clock().now().toISOString() })
        .remove(['sweepQueue', 'sweepAt'])
        .where(({ status }, { eq }) => eq(status, 'open'))
        .commit(),
      declaration
        .patch({ declarationId: task.declarationId })
        .append({ closedInvitations: [task.expert!] })
        .where(({ stage }, { eq }) => eq(stage, 'expert_invitation'))
        .commit(),
      auditEvent
        .create(
          auditItem({
            declarationId: task.declarationId,
            actor: WORKFLOW_ACTOR,
            action: 'invitation.timed_out',
            taskId: task.taskId,
            reason: task.expert!,
          }),
        )
        .commit(),
    ])
    .go();
  return !result.canceled;
}

/**
 * InviteExperts timed out at the earliest open invitation's due date: the overdue invitations
 * are closed, replacements drawn for every place neither accepted nor still open (a timeout, or
 * a decline that came while the state was between tokens), and the office told. The workflow then
 * invites them and waits again — or, when enough accepted meanwhile or nobody is left, moves on.
 */
export async function expireInvitations(declarationId: string): Promise<RoundOutput> {
  const now = clock().now();
  const open = await openTasksOf(declarationId);
  // The held task's token is spent: its state timed out.
  await closeTasks(open.filter((t) => t.kind === 'expert_confirmation'));
  const overdue = open.filter((t) => t.kind === 'expert_invitation' && Date.parse(t.dueAt) <= now.getTime());
  const expired: TaskItem[] = [];
  for (const task of overdue) if (await expire(task)) expired.push(task);
  const declaration = await consistentDeclaration(declarationId);
  const call = await getCall(declaration.callId);
  if (declaration.stage !== 'expert_invitation') return roundAfterRace(declaration, call);
  const round = invitationRound(declaration);
  const wanted = round.wanted - round.accepted.length - round.open.length;
  const drawn = await drawReplacements(declaration, call, wanted);
  const dueAt = await invitationDueFrom(call, now);
  const notice = drawn.length
    ? await officeNotice('invitation-replaced', declaration, {
        ended: expired.map((t) => ({ expert: t.expert!, why: 'timed_out' as const })),
        drawn,
        dueAt,
      })
    : undefined;
  if (drawn.length) await recordReplacements(declaration, drawn, notice!);
  const after = await consistentDeclaration(declarationId);
  const outcome = roundOutcome(invitationRound(after));
  if (outcome !== 'waiting') return endRound(after, call, outcome, notice);
  await emailNotice(notice);
  const stillOpen = open
    .filter((t) => t.kind === 'expert_invitation' && Date.parse(t.dueAt) > now.getTime())
    .map((t) => Date.parse(t.dueAt));
  const earliest = new Date(Math.min(...stillOpen, ...(drawn.length ? [dueAt.getTime()] : [])));
  return {
    outcome: 'inviting',
    invite: drawn,
    dueAt: dueAt.toISOString(),
    timeoutSeconds: secondsUntil(Number.isFinite(earliest.getTime()) ? earliest : dueAt, now),
  };
}

async function recordReplacements(declaration: DeclarationItem, drawn: string[], notice: OfficeNotice): Promise<void> {
  await store()
    .transaction.write((entities) => replacementWrites(entities, { declarationId: declaration.declarationId, drawn, notice }))
    .go();
}

/** The round ends in the expiry step itself: no held task is open to complete. */
async function endRound(
  declaration: DeclarationItem,
  call: Pick<CallItem, 'config' | 'kind'>,
  outcome: 'enough' | 'exhausted',
  replaced: OfficeNotice | undefined,
): Promise<RoundOutput> {
  const round = invitationRound(declaration);
  const output = outcome === 'enough' ? await reviewOf(call, round.accepted) : exhausted;
  const notice = outcome === 'exhausted' ? await officeNotice('invitations-exhausted', declaration, { dueAt: clock().now() }) : undefined;
  const now = clock().now().toISOString();
  const end = roundEnd(outcome, round.accepted, notice, output);
  const move = end.move!;
  const result = await store()
    .transaction.write(({ declaration: declarations, auditEvent, notification }) => [
      declarations
        .patch({ declarationId: declaration.declarationId })
        .set({ stage: move.to, updatedAt: now, ...move.set })
        .add({ version: 1 })
        .where(({ stage }, { eq }) => eq(stage, 'expert_invitation'))
        .commit(),
      auditEvent
        .create(
          auditItem({
            declarationId: declaration.declarationId,
            actor: WORKFLOW_ACTOR,
            fromStage: 'expert_invitation',
            toStage: move.to,
            ...end.audit,
          }),
        )
        .commit(),
      ...(notice?.items ?? []).map((item) => notification.create(item).commit()),
    ])
    .go();
  if (result.canceled) return roundAfterRace(await consistentDeclaration(declaration.declarationId), call);
  await emailNotice(replaced);
  await emailNotice(notice);
  return output;
}

/** The round ended by an answer racing the timeout: the workflow follows what was committed. */
async function roundAfterRace(declaration: DeclarationItem, call: Pick<CallItem, 'config' | 'kind'>): Promise<RoundOutput> {
  if (declaration.stage === 'expert_review') return reviewOf(call, declaration.experts ?? []);
  if (declaration.stage === 'expert_assignment') return exhausted;
  throw new Error(`declaration ${declaration.declarationId} is in ${declaration.stage}; its invitations have ended`);
}

/** Who was asked and how each answered, for the office (names are resolved by the page). */
export async function invitationsOf(actor: Actor, declarationId: string) {
  requireCityAdmin(actor);
  const declaration = await getVisibleDeclaration(actor, declarationId);
  const { data } = await store().entities.task.query.byDeclaration({ declarationId }).go({ pages: 'all' });
  const asked = data.filter((t) => t.kind === 'expert_invitation').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  // The office reads people by name (the directory's, now): the username stays for clients to act on.
  const names = await namesOf(asked.map((t) => t.expert));
  const items = asked.map((t) => {
    const decision = (t.decision ?? {}) as { reason?: string };
    return {
      taskId: t.taskId,
      expert: t.expert!,
      expertName: names(t.expert, 'zh'),
      status: invitationStatus(t),
      invitedAt: t.createdAt,
      dueAt: t.dueAt,
      ...(t.decidedAt ? { answeredAt: t.decidedAt } : {}),
      ...(decision.reason ? { reason: decision.reason } : {}),
    };
  });
  return { wanted: declaration.expertsWanted ?? null, accepted: declaration.acceptedExperts ?? [], items };
}
