import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { newId } from '../core/ids';
import { documentClient } from '../functions/adapters/aws';
import { store } from '../functions/adapters/entities';

type Item = Record<string, unknown>;

const districts = ['district-a', 'district-b', 'district-c', 'district-d'];
const finished = ['approved', 'declined', 'rejected', 'not_selected'] as const;

/**
 * One past declaration as the selection leaves it, written in the entities' own key format (their
 * put params), so every index holds it. District A's (a quarter) keep their decided district task,
 * in the inbox partition the bench reads: an inbox read that filtered on status instead of using
 * its key would read them all. The others' tasks are left out: no measured read could touch them,
 * and 100,000 declarations must load inside the bench's time on two cores.
 */
function pastDeclaration(n: number, at: Date): Item[] {
  const db = store();
  const districtId = districts[n % districts.length]!;
  const declarationId = newId('app', at.getTime());
  const createdAt = new Date(at.getTime() - n * 1000).toISOString();
  const callId = `call_bulk${(n % 40).toString().padStart(2, '0')}`;
  const declaration = db.entities.declaration.put({
    declarationId,
    callId,
    kind: 'elder-empowerment',
    organisationId: `org-bulk-${n % 500}`,
    districtId,
    applicant: `bulk-${n % 500}`,
    title: `往年申报项目 ${n}`,
    summary: '为辖区居民开设的社区教育课程，每周两次，覆盖老年人与新市民。',
    contactName: '李老师',
    contactPhone: '021-5555 0199',
    fields: { serviceArea: '某街道', plannedLearners: '120', implementationPlan: '每周两次' },
    materials: [{ key: 'declarationForm', fileName: '申报书.pdf', contentType: 'application/pdf', sizeBytes: 204800 }],
    stage: finished[n % finished.length]!,
    version: 5,
    submissions: 1,
    createdAt,
    updatedAt: createdAt,
    submittedAt: createdAt,
  });
  const taskId = `tsk_bulk${declarationId.slice(4)}`;
  const task = db.entities.task.put({
    taskId,
    declarationId,
    callId,
    kind: 'district_recommendation',
    assignee: `district:${districtId}`,
    status: 'decided',
    dueAt: createdAt,
    taskToken: 'bulk',
    executionArn: 'bulk',
    decision: { outcome: 'recommend' },
    decidedBy: districtId,
    decidedAt: createdAt,
    callback: 'sent',
    createdAt,
  });
  const items = [declaration.params<{ Item: Item }>().Item];
  if (districtId === 'district-a') items.push(task.params<{ Item: Item }>().Item);
  return items;
}

/** Writes items with BatchWriteItem, 25 at a time, `lanes` batches in flight, retrying what DynamoDB leaves unprocessed. */
export async function batchWrite(tableName: string, items: Item[], lanes = 8): Promise<void> {
  const client = documentClient();
  let next = 0;
  async function lane(): Promise<void> {
    while (next < items.length) {
      const batch = items.slice(next, next + 25);
      next += 25;
      let pending: Record<string, { PutRequest: { Item: Item } }[]> = { [tableName]: batch.map((Item) => ({ PutRequest: { Item } })) };
      while ((pending[tableName]?.length ?? 0) > 0) {
        const out = await client.send(new BatchWriteCommand({ RequestItems: pending }));
        pending = (out.UnprocessedItems ?? {}) as typeof pending;
      }
    }
  }
  await Promise.all(Array.from({ length: lanes }, lane));
}

/** Adds `count` past declarations, built in chunks so 100,000 never sit in memory at once. */
export async function loadPastDeclarations(tableName: string, count: number, at: Date, from = 0): Promise<number> {
  let written = 0;
  const chunk = 5000;
  for (let start = 0; start < count; start += chunk) {
    const items = Array.from({ length: Math.min(chunk, count - start) }, (_, i) => pastDeclaration(from + start + i, at)).flat();
    await batchWrite(tableName, items);
    written += items.length;
  }
  return written;
}
