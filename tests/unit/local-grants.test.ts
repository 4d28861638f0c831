import { describe, expect, it } from 'vitest';
import { tableActions } from '../../functions/adapters/table';
import { actionsNeeded } from '../../local/grants';

const table = 'shenbao-local';

/**
 * The IAM actions a DynamoDB call needs, as the local runtime reckons them to hold the app to its
 * Lambdas' grants: one per command, a transaction's per item, only on the app's table.
 */
describe('the actions a call needs', () => {
  it('names one action per plain command, batches their own', () => {
    expect(actionsNeeded('GetItemCommand', { TableName: table }, table)).toEqual(['dynamodb:GetItem']);
    expect(actionsNeeded('QueryCommand', { TableName: table }, table)).toEqual(['dynamodb:Query']);
    expect(actionsNeeded('BatchGetItemCommand', { RequestItems: { [table]: {} } }, table)).toEqual(['dynamodb:BatchGetItem']);
    expect(actionsNeeded('BatchWriteItemCommand', { RequestItems: { [table]: [] } }, table)).toEqual(['dynamodb:BatchWriteItem']);
    expect(actionsNeeded('ScanCommand', { TableName: table }, table)).toEqual(['dynamodb:Scan']);
  });

  it('authorises a transaction per item, a condition check as ConditionCheckItem', () => {
    const items = [
      { Put: { TableName: table } },
      { Update: { TableName: table } },
      { ConditionCheck: { TableName: table } },
      { Delete: { TableName: table } },
    ];
    expect(actionsNeeded('TransactWriteItemsCommand', { TransactItems: items }, table)).toEqual([
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:DeleteItem',
    ]);
    expect(actionsNeeded('TransactGetItemsCommand', { TransactItems: [{ Get: { TableName: table } }] }, table)).toEqual([
      'dynamodb:GetItem',
    ]);
  });

  it('asks nothing of another table (the local engine’s own)', () => {
    expect(actionsNeeded('PutItemCommand', { TableName: `${table}-sfn` }, table)).toEqual([]);
    expect(actionsNeeded('TransactWriteItemsCommand', { TransactItems: [{ Put: { TableName: `${table}-sfn` } }] }, table)).toEqual([]);
  });

  it('grants no role a Scan', () => {
    for (const actions of Object.values(tableActions)) expect(actions).not.toContain('dynamodb:Scan');
  });
});
