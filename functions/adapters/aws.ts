import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type * as Sfn from '@aws-sdk/client-sfn';
import { optionalEnv } from './env';

/**
 * The AWS SDK clients, built once per process. Locally only the endpoints differ
 * (DYNAMODB_ENDPOINT, SFN_ENDPOINT); the code paths are the cloud's.
 */
function clientConfig(endpoint: string | undefined) {
  return endpoint
    ? {
        endpoint,
        region: optionalEnv('AWS_REGION') ?? 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }
    : {};
}

let dynamo: DynamoDBClient | undefined;
let documents: DynamoDBDocumentClient | undefined;
let sfn: Promise<StepFunctions> | undefined;

export function dynamoClient(): DynamoDBClient {
  dynamo ??= new DynamoDBClient(clientConfig(optionalEnv('DYNAMODB_ENDPOINT')));
  return dynamo;
}

export function documentClient(): DynamoDBDocumentClient {
  documents ??= DynamoDBDocumentClient.from(dynamoClient(), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
  });
  return documents;
}

/** Step Functions' client with the SDK module it came from (its commands and error classes). */
export interface StepFunctions {
  client: Sfn.SFNClient;
  sdk: typeof Sfn;
}

/**
 * The Step Functions client, loaded with the first call that needs it (`await import()`): most
 * requests never report to a workflow, so its ~45 KB are a chunk beside the handler, not part of
 * every cold start (stacks/bundling.ts).
 */
export function stepFunctions(): Promise<StepFunctions> {
  sfn ??= import('@aws-sdk/client-sfn').then((sdk) => ({ sdk, client: new sdk.SFNClient(clientConfig(optionalEnv('SFN_ENDPOINT'))) }));
  return sfn;
}
