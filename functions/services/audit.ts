import { newId } from '../../core/ids';
import type { HistoryAction } from '../../core/labels';
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
 * correlation id of the request or step that caused it links it to their log lines.
 */
export function auditItem(entry: AuditEntry) {
  const at = clock().now();
  const id = correlationId();
  return { ...entry, at: at.toISOString(), eventId: newId('evt', at.getTime()), ...(id ? { correlationId: id } : {}) };
}

export async function appendAudit(entry: AuditEntry): Promise<void> {
  await store().entities.auditEvent.create(auditItem(entry)).go();
}

export async function historyOf(declarationId: string) {
  const { data } = await store().entities.auditEvent.query.byDeclaration({ declarationId }).go({ pages: 'all' });
  return data;
}
