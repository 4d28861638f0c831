import { CreateTableCommand, DescribeTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/**
 * Where the local Step Functions endpoint keeps what AWS would keep for it: executions, the
 * state each one waits in (its checkpoint), task tokens and history. It lives in DynamoDB Local
 * beside the application's table, so a restart, even after kill -9, finds everything.
 */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
export type TokenStatus = 'open' | 'succeeded' | 'failed' | 'timed_out' | 'closed';

export interface Checkpoint {
  state: string;
  /** The state's effective input, as JSON. */
  input: string;
  token?: string;
  /** When a Wait wakes, or a waiting task times out (ISO). */
  at?: string;
}

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: string;
  stopDate?: string;
  checkpoint?: Checkpoint;
  eventCount: number;
}

export interface TokenRecord {
  token: string;
  executionArn: string;
  state: string;
  status: TokenStatus;
  output?: string;
  error?: string;
  cause?: string;
  timeoutAt?: string;
}

export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: string;
  type: string;
  [details: string]: unknown;
}

const RUNNING_INDEX = 'running';
const execKey = (arn: string) => ({ pk: `exec#${arn}`, sk: 'exec' });
const tokenKey = (token: string) => ({ pk: `token#${token}`, sk: 'token' });
const eventSk = (id: number) => `event#${String(id).padStart(6, '0')}`;

function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException || (error as { name?: string }).name === 'ConditionalCheckFailedException';
}

export class ExecutionStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async ensureTable(): Promise<void> {
    try {
      await this.db.send(new DescribeTableCommand({ TableName: this.tableName }));
      return;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    try {
      await this.db.send(
        new CreateTableCommand({
          TableName: this.tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
            { AttributeName: 'runningKey', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          // Sparse: only running executions carry runningKey, so a restart queries just those.
          GlobalSecondaryIndexes: [
            {
              IndexName: RUNNING_INDEX,
              KeySchema: [
                { AttributeName: 'runningKey', KeyType: 'HASH' },
                { AttributeName: 'pk', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          ],
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name !== 'ResourceInUseException') throw error;
    }
  }

  /** Creates the execution unless one of that ARN exists; returns the existing one if so. */
  async createExecution(record: ExecutionRecord): Promise<ExecutionRecord | undefined> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...execKey(record.executionArn), ...record, runningKey: 'RUNNING' },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return undefined;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return this.getExecution(record.executionArn);
    }
  }

  async getExecution(executionArn: string): Promise<ExecutionRecord | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: execKey(executionArn), ConsistentRead: true }));
    return out.Item as ExecutionRecord | undefined;
  }

  async runningExecutions(): Promise<ExecutionRecord[]> {
    const found: ExecutionRecord[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: RUNNING_INDEX,
          KeyConditionExpression: 'runningKey = :r',
          ExpressionAttributeValues: { ':r': 'RUNNING' },
          ExclusiveStartKey,
        }),
      );
      found.push(...((page.Items ?? []) as ExecutionRecord[]));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return found;
  }

  async saveCheckpoint(executionArn: string, checkpoint: Checkpoint): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: execKey(executionArn),
        UpdateExpression: 'SET checkpoint = :c',
        ConditionExpression: '#s = :running',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':c': checkpoint, ':running': 'RUNNING' },
      }),
    );
  }

  /** Ends a running execution; false when it had already ended (e.g. stopped meanwhile). */
  async finishExecution(
    executionArn: string,
    outcome: { status: Exclude<ExecutionStatus, 'RUNNING'>; stopDate: string; output?: string; error?: string; cause?: string },
  ): Promise<boolean> {
    const names: Record<string, string> = { '#s': 'status' };
    const values: Record<string, unknown> = { ':running': 'RUNNING' };
    const sets: string[] = [];
    for (const [field, value] of Object.entries(outcome)) {
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: execKey(executionArn),
          UpdateExpression: `SET ${sets.join(', ')} REMOVE runningKey, checkpoint`,
          ConditionExpression: '#s = :running',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async putToken(record: TokenRecord): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...tokenKey(record.token), ...record } }));
  }

  async getToken(token: string): Promise<TokenRecord | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: tokenKey(token), ConsistentRead: true }));
    return out.Item as TokenRecord | undefined;
  }

  /**
   * Moves an open token to its outcome. Exactly one caller wins; the others get the token as it
   * now stands, which tells them whether it was used, timed out or closed.
   */
  async settleToken(
    token: string,
    outcome: { status: Exclude<TokenStatus, 'open'>; output?: string; error?: string; cause?: string },
  ): Promise<{ won: true } | { won: false; current: TokenRecord | undefined }> {
    const values: Record<string, unknown> = { ':open': 'open', ':status': outcome.status };
    const names: Record<string, string> = { '#s': 'status' };
    let expression = 'SET #s = :status';
    for (const field of ['output', 'error', 'cause'] as const) {
      if (outcome[field] === undefined) continue;
      // `output` is a DynamoDB reserved word, so every field goes through a name placeholder.
      names[`#${field}`] = field;
      values[`:${field}`] = outcome[field];
      expression += `, #${field} = :${field}`;
    }
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: tokenKey(token),
          UpdateExpression: expression,
          ConditionExpression: '#s = :open',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return { won: true };
    } catch (error) {
      if (isConditionFailure(error)) return { won: false, current: await this.getToken(token) };
      throw error;
    }
  }

  async putEvent(executionArn: string, event: HistoryEvent): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { pk: `exec#${executionArn}`, sk: eventSk(event.id), event } }));
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: execKey(executionArn),
          UpdateExpression: 'SET eventCount = :n',
          ConditionExpression: 'attribute_exists(pk) AND eventCount < :n',
          ExpressionAttributeValues: { ':n': event.id },
        }),
      )
      .catch((error) => {
        if (!isConditionFailure(error)) throw error;
      });
  }

  async history(
    executionArn: string,
    options: { reverse: boolean; limit: number; after?: number },
  ): Promise<{ events: HistoryEvent[]; next?: number }> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `exec#${executionArn}`, ':prefix': 'event#' },
        ScanIndexForward: !options.reverse,
        Limit: options.limit,
        ...(options.after !== undefined ? { ExclusiveStartKey: { pk: `exec#${executionArn}`, sk: eventSk(options.after) } } : {}),
        ConsistentRead: true,
      }),
    );
    const events = (out.Items ?? []).map((item) => item.event as HistoryEvent);
    const last = events.at(-1);
    return { events, ...(out.LastEvaluatedKey && last ? { next: last.id } : {}) };
  }
}
