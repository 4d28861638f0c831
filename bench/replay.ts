import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { RecordedOperation } from './recorder';

/**
 * Ids a replay must vary: each replay `i` writes `${id}${suffix(i)}` wherever a recorded
 * operation named `id` (in any case: ElectroDB lower-cases its keys), so a write that creates an
 * item (or patches an open one, with a condition) finds the same situation it did when recorded.
 */
export interface Variation {
  ids: string[];
  /** Replays from..from+count-1; the worker stops there (a condition would fail past it). */
  from: number;
  count: number;
}

export const variantSuffix = (i: number) => `v${i.toString(36)}`;

export function variantOf(text: string, ids: readonly string[], i: number): string {
  let result = text;
  for (const id of ids) {
    const suffix = variantSuffix(i);
    result = result.replaceAll(id, `${id}${suffix}`);
    if (id.toLowerCase() !== id) result = result.replaceAll(id.toLowerCase(), `${id.toLowerCase()}${suffix}`);
  }
  return result;
}

type Send = () => Promise<unknown>;

/**
 * The workflow's resume the decision sends after its transaction, replayed against a bare
 * endpoint that answers at once (bench/peer.ts): the round trip is the floor's, the workflow's
 * work after it is not the API's.
 */
export const sendTaskSuccess = (output: unknown): RecordedOperation => ({
  command: 'SendTaskSuccessCommand',
  input: { taskToken: 'bench-floor', output: JSON.stringify(output) },
});

/** One recorded operation, ready to send; it resolves with the SDK's output. */
export function commandFor(client: DynamoDBDocumentClient, { command, input }: RecordedOperation, sfn?: SFNClient): Send {
  const given = input as never;
  switch (command) {
    case 'SendTaskSuccessCommand':
      if (!sfn) throw new Error('the floor has no bare Step Functions endpoint to send SendTaskSuccess to');
      return () => sfn.send(new SendTaskSuccessCommand(given));
    case 'GetCommand':
      return () => client.send(new GetCommand(given));
    case 'QueryCommand':
      return () => client.send(new QueryCommand(given));
    case 'PutCommand':
      return () => client.send(new PutCommand(given));
    case 'UpdateCommand':
      return () => client.send(new UpdateCommand(given));
    case 'DeleteCommand':
      return () => client.send(new DeleteCommand(given));
    case 'TransactWriteCommand':
      return () => client.send(new TransactWriteCommand(given));
    default:
      throw new Error(`the floor cannot replay ${command}`);
  }
}

/** One request's worth of storage work, in the recorded order (each operation awaits the last, as in the app). */
export function replayer(
  client: DynamoDBDocumentClient,
  operations: RecordedOperation[],
  variation?: Variation,
  sfn?: SFNClient,
): (i: number) => Promise<void> {
  const fixed = operations.map((operation) => commandFor(client, operation, sfn));
  const recorded = JSON.stringify(operations);
  return async (i) => {
    const sends = variation
      ? (JSON.parse(variantOf(recorded, variation.ids, i)) as RecordedOperation[]).map((o) => commandFor(client, o, sfn))
      : fixed;
    for (const send of sends) await send();
  };
}
