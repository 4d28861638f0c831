import { newId } from '../../core/ids';
import type { HistoryAction } from '../../core/labels';
import { acting } from '../adapters/acting';
import { clock } from '../adapters/clock';
import { correlationId } from '../adapters/correlation';
import { store } from '../adapters/entities';

export interface AuditEntry {
  declarationId: string;
  actor: string;
  /** One of the record's actions, each labelled in core/labels.ts. */
  action: HistoryAction;
  fromStage?: string;
  toStage?: string;
  reason?: string;
  taskId?: string;
}

/**
 * An audit event as a transaction item or a standalone put; `at` is the clock's now, and the
 * correlation id of the request or step that caused it links it to their log lines. When the
 * person acting is the one signed in, their name as it is now goes in too (`actorName`): names
 * elsewhere are resolved when read, but the record keeps who someone was when they acted.
 */
export function auditItem(entry: AuditEntry) {
  const at = clock().now();
  const id = correlationId();
  const actorName = nameAtTheTime(entry.actor);
  return {
    ...entry,
    at: at.toISOString(),
    eventId: newId('evt', at.getTime()),
    ...(id ? { correlationId: id } : {}),
    ...(actorName ? { actorName } : {}),
  };
}

function nameAtTheTime(actor: string): string | undefined {
  const who = acting();
  return who && (actor === who.username || actor === `user:${who.username}`) ? who.displayName : undefined;
}

export async function appendAudit(entry: AuditEntry): Promise<void> {
  await store().entities.auditEvent.create(auditItem(entry)).go();
}

export async function historyOf(declarationId: string) {
  const { data } = await store().entities.auditEvent.query.byDeclaration({ declarationId }).go({ pages: 'all' });
  return data;
}
