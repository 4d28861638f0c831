import { chinaDateTime } from './china-time';
import { stageLabels, taskKindLabels } from './labels';
import type { ReminderKind } from './reminders';
import { stageOfTask, type TaskKind } from './stages';

/** What a person reads: zh-CN unless they prefer English. */
export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];

/** The city office is told when an invited expert is replaced, and when nobody is left to draw. */
export type OfficeNoticeKind = 'invitation-replaced' | 'invitations-exhausted' | 'funding-overspend';
/** A result notice (立项通知, 验收结果通知) issued to an applicant: `note` names it and its number. */
export type MessageKind = ReminderKind | 'draft-due-in-7' | 'draft-due-in-3' | 'draft-due-in-1' | OfficeNoticeKind | 'result-notice';

export interface MessageFacts {
  projectTitle: string;
  /** The stage's label in both languages (core/labels.ts). */
  stage: { zh: string; en: string };
  dueAt: Date;
  link: string;
  /** For an escalation: who holds the overdue task. */
  assignee?: string;
  /** For an office notice: what happened, in the recipient's words (who declined, who was drawn). */
  note?: { zh: string; en: string };
}

export interface Message {
  subject: string;
  body: string;
}

/** What a task's step is called: its declaration's stage, or the step the task is. */
export function taskLabel(kind: TaskKind): { zh: string; en: string } {
  const stage = stageOfTask(kind);
  return stage ? stageLabels[stage] : taskKindLabels[kind];
}

const daysOf = (kind: MessageKind) => Number(/due-in-(\d+)$/.exec(kind)?.[1] ?? 0);

export function renderMessage(kind: MessageKind, locale: Locale, facts: MessageFacts): Message {
  const due = chinaDateTime(facts.dueAt);
  const days = daysOf(kind);
  const note = facts.note ? `${facts.note[locale === 'en' ? 'en' : 'zh']}\n\n` : '';
  if (kind === 'result-notice') return resultNoticeMessage(locale, facts);
  if (locale === 'en') {
    const headline =
      kind === 'invitation-replaced'
        ? 'An invited expert was replaced'
        : kind === 'invitations-exhausted'
          ? 'No expert left to invite: assign experts again'
          : kind === 'funding-overspend'
            ? 'A budget line is overspent'
            : kind.startsWith('draft-')
              ? `The call closes in ${days} working day${days > 1 ? 's' : ''}; your draft is not submitted`
              : kind === 'overdue'
                ? 'Overdue'
                : kind === 'escalation'
                  ? `Escalated: overdue at ${facts.assignee ?? 'its assignee'}`
                  : `Due in ${days} working day${days > 1 ? 's' : ''}`;
    return {
      subject: `[shenbao] ${headline}: ${facts.projectTitle} (${facts.stage.en})`,
      body: `${headline}.\n\n${note}Project: ${facts.projectTitle}\nStage: ${facts.stage.en}\nDue: ${due} (China time)\n\n${facts.link}\n`,
    };
  }
  const headline = zhHeadline(kind, facts);
  return {
    subject: `【申报】${headline}：${facts.projectTitle}（${facts.stage.zh}）`,
    body: `${headline}。\n\n${note}项目：${facts.projectTitle}\n环节：${facts.stage.zh}\n截止时间：${due}（北京时间）\n\n${facts.link}\n`,
  };
}

/** A notice is not due: it says what was issued, its number, and where to read and print it. */
function resultNoticeMessage(locale: Locale, facts: MessageFacts): Message {
  const said = facts.note ?? facts.stage;
  if (locale === 'en')
    return {
      subject: `[shenbao] ${said.en}: ${facts.projectTitle}`,
      body: `${said.en}.\n\nProject: ${facts.projectTitle}\nIssued: ${chinaDateTime(facts.dueAt)} (China time)\n\n${facts.link}\n`,
    };
  return {
    subject: `【申报】${said.zh}：${facts.projectTitle}`,
    body: `${said.zh}。\n\n项目：${facts.projectTitle}\n发文时间：${chinaDateTime(facts.dueAt)}（北京时间）\n\n${facts.link}\n`,
  };
}

function zhHeadline(kind: MessageKind, facts: MessageFacts): string {
  const days = daysOf(kind);
  if (kind === 'result-notice') return facts.stage.zh;
  if (kind === 'invitation-replaced') return '评审专家已自动替补';
  if (kind === 'invitations-exhausted') return '已无可邀请的专家，请重新分配评审专家';
  if (kind === 'funding-overspend') return '经费支出超出预算容差';
  return kind.startsWith('draft-')
    ? `申报将在${days}个工作日后截止，您的草稿尚未提交`
    : kind === 'overdue'
      ? '已逾期'
      : kind === 'escalation'
        ? `督办：${facts.assignee ?? '承办人'}逾期未办`
        : `还有${days}个工作日到期`;
}

/** What one text message holds: 70 characters, the length of a single SMS in Chinese (UCS-2). */
export const TEXT_MESSAGE_MAX = 70;

/**
 * The text message beside a reminder's email: what is due and when, in Chinese (only mainland
 * mobiles get one), in one SMS. No link: a phone number is no sign-in, and an id says nothing. A
 * long project title is shortened, never the due time.
 */
export function renderTextMessage(kind: MessageKind, facts: MessageFacts): string {
  const compose = (title: string) =>
    `【申报】${zhHeadline(kind, facts)}：${title}（${facts.stage.zh}），截止${chinaDateTime(facts.dueAt)}。`;
  const title = Array.from(facts.projectTitle);
  const room = TEXT_MESSAGE_MAX - Array.from(compose('')).length;
  const text = title.length <= room ? compose(facts.projectTitle) : compose(`${title.slice(0, Math.max(room - 1, 0)).join('')}…`);
  const chars = Array.from(text);
  return chars.length <= TEXT_MESSAGE_MAX ? text : `${chars.slice(0, TEXT_MESSAGE_MAX - 1).join('')}…`;
}
