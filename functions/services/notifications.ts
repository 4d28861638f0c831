import { newId } from '../../core/ids';
import { isWorkflowTask } from '../../core/identity';
import { renderMessage, type MessageFacts, type MessageKind } from '../../core/messages';
import { NotFoundError } from '../../core/errors';
import { clock } from '../adapters/clock';
import { store, type NotificationItem, type PersonItem } from '../adapters/entities';
import { logger } from '../adapters/log';
import { notifier } from '../adapters/notifier';
import { smsSender } from '../adapters/sms';
import { mobileE164 } from '../../core/phone';
import { queryIndex } from '../adapters/sweep-index';
import { openCursor, pageFrom, sealCursor, type Listing } from './cursors';

/** The people behind an assignee key: one user, or everyone in a role, district or organisation. */
export async function membersOf(key: string): Promise<PersonItem[]> {
  const db = store();
  if (key.startsWith('user:')) {
    const { data } = await db.entities.person.get({ username: key.slice('user:'.length) }).go();
    return data ? [data] : [];
  }
  if (isWorkflowTask(key)) return [];
  const { data } = await db.entities.person.query.byGroup({ group: key }).go({ pages: 'all' });
  return data;
}

/** One notification per person, in each person's language. Written by the caller (in its transaction). */
export function notificationsFor(
  people: PersonItem[],
  kind: MessageKind,
  facts: MessageFacts,
  about: Pick<NotificationItem, 'taskId' | 'declarationId' | 'callId'>,
): NotificationItem[] {
  const now = clock().now();
  return people.map((person) => {
    const notificationId = newId('ntf', now.getTime());
    const createdAt = now.toISOString();
    return {
      notificationId,
      recipient: person.username,
      kind,
      ...renderMessage(kind, person.locale, facts),
      link: facts.link,
      locale: person.locale,
      ...about,
      dueAt: facts.dueAt.toISOString(),
      createdAt,
      unreadOf: person.username,
      unreadSort: `${createdAt}#${notificationId}`,
    };
  });
}

/**
 * Emails the notifications whose recipients have an address. After the in-app notifications are
 * committed: a crash between the two loses an email, never duplicates a reminder.
 */
export async function email(items: NotificationItem[], people: PersonItem[]): Promise<number> {
  let sent = 0;
  for (const item of items) {
    const to = people.find((p) => p.username === item.recipient)?.email;
    if (!to) continue;
    await notifier().send({ id: item.notificationId, to, subject: item.subject, body: item.body, at: new Date(item.createdAt) });
    sent++;
  }
  return sent;
}

/**
 * Texts the same reminder to the recipients with a mobile, after the commit like the email, so
 * once per reminder. A message the gateway refuses is logged and counted, not thrown: the email
 * and the in-app notice went, and the others still get theirs (the SMS failure alarm watches).
 */
export async function textMessage(
  items: NotificationItem[],
  people: PersonItem[],
  text: string,
): Promise<{ sent: number; failed: number }> {
  const result = { sent: 0, failed: 0 };
  const sender = smsSender();
  if (!sender) return result;
  for (const item of items) {
    const mobile = people.find((p) => p.username === item.recipient)?.mobile;
    const to = mobile && mobileE164(mobile);
    if (!to) continue;
    try {
      await sender.send({ id: item.notificationId, to, text, at: new Date(item.createdAt) });
      result.sent++;
    } catch (error) {
      result.failed++;
      logger.error('text message not sent', { notificationId: item.notificationId, error: String(error) });
    }
  }
  return result;
}

export function publicNotification(item: NotificationItem) {
  const { unreadOf: _of, unreadSort: _sort, ...rest } = item;
  return { ...rest, read: item.readAt !== undefined };
}

/** Mine, newest first; `unread` reads the sparse unread index, so read ones cost nothing. */
export async function listNotifications(
  username: string,
  options: { status: 'all' | 'unread'; limit: number; cursor?: string | undefined },
) {
  const db = store();
  const listing: Listing = { list: `notifications:${options.status}`, caller: username, index: options.status === 'all' ? 'gsi1' : 'gsi2' };
  const from = openCursor(listing, options.cursor);
  if (options.status === 'all') {
    const { data, cursor } = await pageFrom(from, () =>
      db.entities.notification.query.byRecipient({ recipient: username }).go({ limit: options.limit, cursor: from ?? null, order: 'desc' }),
    );
    return { items: data, cursor: sealCursor(listing, cursor) };
  }
  const page = await queryIndex(db.entities.notification, {
    index: 'gsi2',
    pk: username,
    limit: options.limit,
    cursor: from,
    descending: true,
  });
  return { ...page, cursor: sealCursor(listing, page.cursor) };
}

export async function markRead(username: string, notificationId: string): Promise<NotificationItem> {
  const db = store();
  const { data } = await db.entities.notification.get({ notificationId }).go();
  if (!data || data.recipient !== username) throw new NotFoundError(`notification ${notificationId} not found`);
  if (data.readAt) return data;
  const readAt = clock().now().toISOString();
  await db.entities.notification.patch({ notificationId }).set({ readAt }).remove(['unreadOf', 'unreadSort']).go();
  const { unreadOf: _of, unreadSort: _sort, ...rest } = data;
  return { ...rest, readAt };
}
