import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
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
let sfn: SFNClient | undefined;

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

export function sfnClient(): SFNClient {
  sfn ??= new SFNClient(clientConfig(optionalEnv('SFN_ENDPOINT')));
  return sfn;
}
