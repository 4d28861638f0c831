import { decisionOf } from '../../core/decisions/members';
import { type InvitationAnswer, invitationMembers, invitationRule } from '../../core/decisions/expert-invitation';
import { ConflictError } from '../../core/errors';
import type { Actor } from '../../core/identity';
import { invitationRound } from '../../core/invitations';
import type { DecisionInput } from '../../core/schemas';
import { clock } from '../adapters/clock';
import { type DeclarationItem, store, type TaskItem } from '../adapters/entities';
import { getCall } from '../services/calls';
import { drawReplacements, emailNotice, invitationTask, officeNotice, replacementWrites } from '../services/invitation-replacements';
import { invitationDueFrom } from '../services/invitation-start';
import { settleInvitations } from '../services/invitations';
import { type Completion, completeTask, openTasksOf } from '../services/tasks';
import { inputOf, type RegisteredDecider } from './runner';

/** Answers that lost a race on the declaration's record (another answer, a replacement drawn meanwhile) are taken again. */
const ATTEMPTS = 3;

/**
 * 专家邀请: an invited expert accepts, or declines with a reason. An acceptance adds the expert to
 * the accepted, on condition the round is still open and not yet full; the one that fills it
 * completes the round (services/invitations.ts). A decline closes the invitation and, in the same
 * transaction, invites the next eligible expert drawn, with the office's notice. Each answer is
 * conditional on its task being open, so an answer racing the state's timeout either commits
 * before the invitation expires or is refused as already decided — never both.
 */
export const expertInvitation: RegisteredDecider = {
  kind: 'expert_invitation',
  input: inputOf(invitationMembers),
  async decide(actor: Actor, task: TaskItem, body: DecisionInput) {
    const answer = decisionOf(task.kind, body, invitationMembers, invitationRule(body));
    for (let attempt = 1; ; attempt++) {
      try {
        return await answerOnce(actor, task, answer);
      } catch (error) {
        const changedMeanwhile = error instanceof ConflictError && error.coded?.code === 'changed-meanwhile';
        if (!changedMeanwhile || attempt >= ATTEMPTS) throw error;
      }
    }
  },
};

async function answerOnce(actor: Actor, task: TaskItem, answer: InvitationAnswer): Promise<TaskItem> {
  const { data: declaration } = await store().entities.declaration.get({ declarationId: task.declarationId }).go({ consistent: true });
  if (!declaration) throw new ConflictError('this declaration is gone', undefined);
  const expert = task.expert!;
  const completion = answer.outcome === 'accept' ? accepting(declaration, expert) : await declining(declaration, task, answer);
  const done = await completeTask(task, actor, completion.completion);
  await emailNotice(completion.notice);
  await settleInvitations(task.declarationId);
  return done;
}

function accepting(declaration: DeclarationItem, expert: string) {
  const wanted = declaration.expertsWanted ?? 0;
  const completion: Completion = {
    audit: { action: 'invitation.accepted' },
    output: { outcome: 'accept' },
    report: false,
    recheck: true,
    extra: ({ declaration: declarations }) => [
      declarations
        .patch({ declarationId: declaration.declarationId })
        .append({ acceptedExperts: [expert] })
        // Never more than wanted, whatever raced: the last place goes to one acceptance only.
        .where(
          ({ stage, acceptedExperts }, { eq, size, notExists, escape: literal }) =>
            `${eq(stage, 'expert_invitation')} AND (${notExists(acceptedExperts)} OR ${size(acceptedExperts)} < ${literal(wanted)})`,
        )
        .commit(),
    ],
  };
  return { completion, notice: undefined };
}

/**
 * The declined place is filled at once when the round's token is at hand; between two tokens
 * (the state timed out and is drawing) the expiry step fills it with the others.
 */
async function declining(declaration: DeclarationItem, task: TaskItem, answer: InvitationAnswer) {
  const now = clock().now();
  const expert = task.expert!;
  const call = await getCall(declaration.callId);
  const held = (await openTasksOf(declaration.declarationId)).find((t) => t.kind === 'expert_confirmation');
  const round = invitationRound(declaration);
  const places = held ? round.wanted - round.accepted.length - (round.open.length - 1) : 0;
  const drawn = await drawReplacements(declaration, call, places);
  const dueAt = await invitationDueFrom(call, now);
  const replacements = held ? await Promise.all(drawn.map((e) => invitationTask(held, call, e, dueAt, now))) : [];
  const notice = drawn.length
    ? await officeNotice('invitation-replaced', declaration, {
        ended: [{ expert, why: 'declined', reason: answer.reason }],
        drawn,
        dueAt,
      })
    : undefined;
  const completion: Completion = {
    audit: { action: 'invitation.declined', reason: answer.reason },
    output: { outcome: 'decline', reason: answer.reason },
    report: false,
    recheck: true,
    extra: (entities) => [
      ...replacementWrites(entities, { declarationId: declaration.declarationId, drawn, closed: expert, taskId: task.taskId, notice }),
      ...replacements.map((r) => entities.task.create(r).commit()),
    ],
  };
  return { completion, notice };
}
