import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The single table's physical shape, shared by the local launcher (CreateTable) and the cloud
 * Storage stack, so the two homes cannot drift. Entities give the indexes their meaning; gsi4 is
 * the sweep's sparse index of what falls due (entities.ts `sweepAttributes`).
 */
export const tableIndexes = ['gsi1', 'gsi2', 'gsi3', 'gsi4'] as const;
export const ttlAttribute = 'expiresAt';

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
