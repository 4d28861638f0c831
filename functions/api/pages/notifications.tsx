/** @jsxImportSource hono/jsx */
import type { Actor } from '../../../core/identity';
import type { NotificationItem } from '../../adapters/entities';
import { listNotifications, markRead } from '../../services/notifications';
import { actorOf, backTo } from './context';
import { area } from './errors';
import { render, when } from './layout';

/** Where a notification leads in the pages: the reader's own view of the task or declaration. */
function pageLink(actor: Actor, n: Pick<NotificationItem, 'taskId' | 'declarationId' | 'callId'>): string | undefined {
  const isCall = n.declarationId !== undefined && n.declarationId === n.callId;
  if (actor.role === 'city-admin')
    return isCall || !n.declarationId
      ? n.callId
        ? `/ui/office/calls/${n.callId}`
        : undefined
      : `/ui/office/declarations/${n.declarationId}`;
  if (actor.role === 'applicant') return n.declarationId ? `/ui/applicant/declarations/${n.declarationId}` : undefined;
  return n.taskId ? `/ui/tasks/${n.taskId}` : undefined;
}

/** The reminders issue's inbox: reminders, overdue notices and escalations, newest first. */
export const notificationPages = area();

notificationPages.get('/', async (c) => {
  const actor = actorOf(c);
  const t = c.get('t');
  const lang = c.get('lang');
  const unreadOnly = c.req.query('status') === 'unread';
  const { items } = await listNotifications(actor.username, { status: unreadOnly ? 'unread' : 'all', limit: 50 });
  return render(
    c,
    t('消息提醒', 'Notifications'),
    <>
      <p class="actions">
        {unreadOnly ? (
          <a href="/ui/notifications">{t('查看全部', 'Show all')}</a>
        ) : (
          <a href="/ui/notifications?status=unread">{t('只看未读', 'Unread only')}</a>
        )}
      </p>
      {items.length === 0 && <p>{t('没有消息。', 'No notifications.')}</p>}
      {items.map((n) => {
        const link = pageLink(actor, n);
        return (
          <section class={`card${n.readAt ? '' : ' unread'}`} aria-labelledby={`n-${n.notificationId}`}>
            <h2 id={`n-${n.notificationId}`}>
              {n.readAt ? '' : <span class="tag">{t('未读', 'Unread')}</span>} {n.subject}
            </h2>
            <p class="hint">
              {when(n.createdAt, lang)}
              {n.dueAt && (
                <>
                  {' '}
                  · {t('截止', 'due')} {when(n.dueAt, lang)}
                </>
              )}
            </p>
            <p style="white-space:pre-wrap">{n.body.split('\n\n').slice(0, 2).join('\n\n')}</p>
            <div class="actions">
              {link && <a href={link}>{t('去办理', 'Open')}</a>}
              {!n.readAt && (
                <form method="post" action={`/ui/notifications/${n.notificationId}/read`} class="inline">
                  <button type="submit" class="secondary">
                    {t('标为已读', 'Mark read')}
                  </button>
                </form>
              )}
            </div>
          </section>
        );
      })}
    </>,
  );
});

notificationPages.post('/:notificationId/read', async (c) => {
  await markRead(actorOf(c).username, c.req.param('notificationId'));
  return backTo(c, '/ui/notifications');
});

/** How many unread notifications the signed-in person has, for the header (one Query on the sparse index). */
export async function unreadCount(actor: Actor): Promise<number> {
  const { items } = await listNotifications(actor.username, { status: 'unread', limit: 100 });
  return items.length;
}
