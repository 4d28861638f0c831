import { type Actor, WORKFLOW_ACTOR } from '../../core/identity';
import { stageLabels } from '../../core/labels';
import type { OfficeNoticeKind } from '../../core/messages';
import type { CallItem, DeclarationItem, NotificationItem, PersonItem, TaskItem } from '../adapters/entities';
import { optionalEnv } from '../adapters/env';
import { configOf } from './calls';
import { namesOf } from './directory';
import { drawForDeclaration } from './expert-draw';
import { email, membersOf, notificationsFor } from './notifications';
import { taskSweepFields } from './reminders';
import { type Completion, stageDays, taskIdForToken } from './tasks';
import { auditItem } from './audit';
import { countingCalendar } from './working-calendar';

/** Who draws a replacement: the workflow, on the office's behalf (the draw's record names it). */
const drawer: Actor = { username: WORKFLOW_ACTOR, role: 'city-admin' };

/**
 * The next eligible experts for a declaration, none of them asked before (accepted, declined or
 * timed out): the office's own draw (随机抽取 with 回避, specialties and load), recorded for replay.
 */
export async function drawReplacements(declaration: DeclarationItem, call: Pick<CallItem, 'config'>, count: number): Promise<string[]> {
  if (count <= 0) return [];
  const { drawn } = await drawForDeclaration(drawer, declaration, call, { count, alreadyAsked: declaration.invitedExperts ?? [] });
  return drawn;
}

/** An invitation task for an expert, sharing the token of the task the workflow holds for the round. */
export async function invitationTask(held: TaskItem, call: CallItem, expert: string, dueAt: Date, now: Date): Promise<TaskItem> {
  const overrides = await countingCalendar(configOf(call).calendarOverrides);
  const opened: TaskItem = {
    ...held,
    taskId: taskIdForToken(held.taskToken, expert),
    kind: 'expert_invitation',
    assignee: `user:${expert}`,
    expert,
    status: 'open',
    dueAt: dueAt.toISOString(),
    callback: 'none',
    createdAt: now.toISOString(),
    remindFrom: now.toISOString(),
    dueFrom: now.toISOString(),
    dueWorkingDays: stageDays(call, 'expertInvitation'),
  };
  const { sweepQueue: _q, sweepAt: _a, decision: _d, decidedBy: _b, decidedAt: _t, ...fresh } = opened;
  return { ...fresh, ...taskSweepFields(fresh, call, now, overrides) } as TaskItem;
}

/** What the office is told, to each member in their language; written with the change, emailed after it. */
export interface OfficeNotice {
  people: PersonItem[];
  items: NotificationItem[];
}

/**
 * The office's notice that an invitation ended unaccepted (declined or unanswered) and who was
 * drawn in its place, or that nobody was left to draw.
 */
export async function officeNotice(
  kind: OfficeNoticeKind,
  declaration: DeclarationItem,
  facts: { ended?: { expert: string; why: 'declined' | 'timed_out'; reason?: string | undefined }[]; drawn?: string[]; dueAt: Date },
): Promise<OfficeNotice> {
  const people = await membersOf('role:city-admin');
  const names = await namesOf([...(facts.ended ?? []).map((e) => e.expert), ...(facts.drawn ?? [])]);
  const ended = (lang: 'zh' | 'en') =>
    (facts.ended ?? []).map(({ expert, why, reason }) =>
      lang === 'zh'
        ? `${names(expert, 'zh')}${why === 'declined' ? `谢绝邀请${reason ? `（${reason}）` : ''}` : '逾期未答复邀请'}`
        : `${names(expert, 'en')} ${why === 'declined' ? `declined${reason ? ` (${reason})` : ''}` : 'did not answer in time'}`,
    );
  const drawn = (lang: 'zh' | 'en') => (facts.drawn ?? []).map((e) => names(e, lang));
  const note =
    kind === 'invitation-replaced'
      ? {
          zh: `${ended('zh').join('；')}。已自动抽取：${drawn('zh').join('、')}。`,
          en: `${ended('en').join('; ')}. Drawn in their place: ${drawn('en').join(', ')}.`,
        }
      : {
          zh: `${ended('zh').join('；')}${ended('zh').length ? '。' : ''}专家资源库中已无可邀请的专家，请重新分配。`,
          en: `${ended('en').join('; ')}${ended('en').length ? '. ' : ''}No eligible expert is left to invite; please assign again.`,
        };
  const items = notificationsFor(
    people,
    kind,
    {
      projectTitle: declaration.title,
      stage: stageLabels.expert_invitation,
      dueAt: facts.dueAt,
      link: `${optionalEnv('APP_URL') ?? ''}/ui/office/declarations/${declaration.declarationId}`,
      note,
    },
    { declarationId: declaration.declarationId, callId: declaration.callId },
  );
  return { people, items };
}

type Writes = Parameters<NonNullable<Completion['extra']>>[0];

/**
 * What a replacement writes with whatever ended the invitation it replaces: the experts drawn
 * (and the one whose invitation closed, on a decline) on the declaration's record — conditional on
 * the round still running and on nobody drawn having been asked, so two racing replacements never
 * ask one expert twice — the workflow's `invitation.replaced` event and the office's notice.
 */
export function replacementWrites(
  entities: Writes,
  change: { declarationId: string; drawn: string[]; closed?: string; taskId?: string; notice: OfficeNotice | undefined },
) {
  const { declarationId, drawn, closed, taskId, notice } = change;
  return [
    entities.declaration
      .patch({ declarationId })
      .append({ ...(closed ? { closedInvitations: [closed] } : {}), ...(drawn.length ? { invitedExperts: drawn } : {}) })
      .where(({ stage, invitedExperts }, { eq, notContains }) =>
        [eq(stage, 'expert_invitation'), ...drawn.map((e) => notContains(invitedExperts, e))].join(' AND '),
      )
      .commit(),
    ...(drawn.length
      ? [
          entities.auditEvent
            .create(
              auditItem({
                declarationId,
                actor: WORKFLOW_ACTOR,
                action: 'invitation.replaced',
                reason: drawn.join(', '),
                ...(taskId ? { taskId } : {}),
              }),
            )
            .commit(),
        ]
      : []),
    ...(notice?.items ?? []).map((item) => entities.notification.create(item).commit()),
  ];
}

/** After the commit, like the sweep's reminders: a crash in between loses an email, never duplicates one. */
export async function emailNotice(notice: OfficeNotice | undefined): Promise<void> {
  if (notice) await email(notice.items, notice.people);
}
