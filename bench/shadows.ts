import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../functions/adapters/aws';
import { store } from '../functions/adapters/entities';
import { batchWrite } from './bulk';
import type { RecordedOperation } from './recorder';
import { variantOf, type Variation } from './replay';

type Item = Record<string, unknown>;

/** The stored items of a task and its declaration, exactly as DynamoDB holds them. */
export async function rawTaskAndDeclaration(taskId: string, declarationId: string): Promise<Item[]> {
  const db = store();
  const keys = [
    db.entities.task.get({ taskId }).params<{ Key: Item; TableName: string }>(),
    db.entities.declaration.get({ declarationId }).params<{ Key: Item; TableName: string }>(),
  ];
  return Promise.all(
    keys.map(async ({ Key, TableName }) => {
      const { Item } = await documentClient().send(new GetCommand({ TableName, Key }));
      if (!Item) throw new Error(`no item at ${JSON.stringify(Key)}`);
      return Item;
    }),
  );
}

/**
 * Copies of items under varied ids, for a floor that replays writes with conditions on them (a
 * decision patches an open task of a declaration in review): replay `i` finds copy `i` as the
 * recorded request found the original.
 */
export async function writeShadows(tableName: string, originals: Item[], variation: Variation): Promise<void> {
  const text = JSON.stringify(originals);
  const copies = Array.from(
    { length: variation.count },
    (_, k) => JSON.parse(variantOf(text, variation.ids, variation.from + k)) as Item[],
  ).flat();
  await batchWrite(tableName, copies);
}

/** Ids of the items a recorded write creates (a task, an audit event): a replay must create fresh ones. */
export function createdIds(operations: RecordedOperation[]): string[] {
  const ids = new Set<string>();
  const note = (item: Item | undefined) => {
    for (const key of ['taskId', 'eventId', 'objectionId']) if (typeof item?.[key] === 'string') ids.add(item[key] as string);
  };
  for (const { command, input } of operations) {
    if (command === 'PutCommand') note(input.Item as Item);
    if (command === 'TransactWriteCommand') for (const entry of input.TransactItems as { Put?: { Item: Item } }[]) note(entry.Put?.Item);
  }
  return [...ids];
}
