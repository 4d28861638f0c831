import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../core/errors';
import { documentClient } from './aws';
import { requireEnv } from './env';

/**
 * A Query on one of the hand-kept sparse indexes (the sweep's gsi4, the unread gsi2), whose keys
 * are plain values rather than ElectroDB's composites; items come back through the entity's parser.
 * Counts what DynamoDB read, so the sweep can show it reads only what is due.
 */
interface Parser<T> {
  parse(result: { Items: Record<string, unknown>[] }): { data: T[] };
}

export interface IndexPage<T> {
  items: T[];
  cursor: string | null;
  /** Items DynamoDB evaluated for this Query (ScannedCount summed over pages). */
  read: number;
}

export async function queryIndex<T>(
  entity: Parser<T>,
  options: { index: 'gsi2' | 'gsi4'; pk: string; atMost?: string; limit?: number; cursor?: string | undefined; descending?: boolean },
): Promise<IndexPage<T>> {
  let startKey: Record<string, unknown> | undefined;
  if (options.cursor) {
    try {
      startKey = JSON.parse(Buffer.from(options.cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new ValidationError([{ field: 'query.cursor', message: 'not a cursor this listing gave out' }]);
    }
  }
  const items: Record<string, unknown>[] = [];
  let read = 0;
  // Without a limit, every page (the sweep wants all that is due); with one, a single page.
  do {
    const out = await send(
      new QueryCommand({
        TableName: requireEnv('TABLE_NAME'),
        IndexName: options.index,
        KeyConditionExpression: options.atMost === undefined ? '#pk = :pk' : '#pk = :pk AND #sk <= :sk',
        ExpressionAttributeNames: { '#pk': `${options.index}pk`, ...(options.atMost === undefined ? {} : { '#sk': `${options.index}sk` }) },
        ExpressionAttributeValues: { ':pk': options.pk, ...(options.atMost === undefined ? {} : { ':sk': options.atMost }) },
        ScanIndexForward: !options.descending,
        ...(options.limit ? { Limit: options.limit } : {}),
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
      options.cursor !== undefined,
    );
    items.push(...(out.Items ?? []));
    read += out.ScannedCount ?? out.Items?.length ?? 0;
    startKey = out.LastEvaluatedKey;
  } while (startKey && !options.limit);
  return {
    items: entity.parse({ Items: items }).data,
    cursor: startKey ? Buffer.from(JSON.stringify(startKey)).toString('base64url') : null,
    read,
  };
}

async function send(command: QueryCommand, fromCursor: boolean) {
  try {
    return await documentClient().send(command);
  } catch (error) {
    // A cursor of another listing decodes but names keys this index does not have.
    if (fromCursor && (error as { name?: string }).name === 'ValidationException') {
      throw new ValidationError([{ field: 'query.cursor', message: 'not a cursor this listing gave out' }], { cause: error });
    }
    throw error;
  }
}
