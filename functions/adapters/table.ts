import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The single table's physical shape, shared by the local launcher (CreateTable) and the cloud
 * Storage stack, so the two homes cannot drift. Entities give the indexes their meaning; gsi4 is
 * the sweep's sparse index of what falls due (entities.ts `sweepAttributes`).
 */
export const tableIndexes = ['gsi1', 'gsi2', 'gsi3', 'gsi4'] as const;
export const ttlAttribute = 'expiresAt';

const reads = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;
const writes = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem'] as const;

/**
 * The DynamoDB actions each kind of function is granted (stacks/access.ts), and which the local
 * runtime holds the same code to (local/grants.ts), so a call no role allows fails the tests as
 * it would fail in AWS. A transaction is authorised per item (PutItem, UpdateItem, DeleteItem,
 * ConditionCheckItem); a batch needs its own action. Scan is never among them.
 */
export const tableActions = {
  /** The step handlers and the sweep (its hourly statistics rollup writes its cells in batches). */
  readWrite: [...reads, ...writes],
  /** The API also deletes (an organisation's superseded name key, in the rename's transaction), and `GET /health` describes the table. */
  api: [...reads, ...writes, 'dynamodb:DeleteItem', 'dynamodb:DescribeTable'],
} as const;
export type TableGrant = keyof typeof tableActions;

export function tableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      ...tableIndexes.flatMap((index) => [
        { AttributeName: `${index}pk`, AttributeType: 'S' as const },
        { AttributeName: `${index}sk`, AttributeType: 'S' as const },
      ]),
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: tableIndexes.map((index) => ({
      IndexName: index,
      KeySchema: [
        { AttributeName: `${index}pk`, KeyType: 'HASH' as const },
        { AttributeName: `${index}sk`, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}
