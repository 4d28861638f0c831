/**
 * The bare-Hono peer: a server doing what the API's reads do in storage (the same recorded
 * DynamoDB operations, through the raw SDK's document client) with nothing else — no auth, no
 * validation, no problem+json, no OpenAPI — so `route ÷ peer` is what the app's framework and
 * code add. It also answers Step Functions' SendTaskSuccess at once: the bare endpoint the
 * decision's floor sends its resume to. Its own process, started by bench/run.ts, so it shares
 * an event loop with neither the API nor the load generator.
 */
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { RecordedOperation } from './recorder';
import { commandFor } from './replay';
import { workerInput } from './stats';

export interface PeerInput {
  dynamoEndpoint: string;
  /** Each read route's operations, served at GET /route/{index}. */
  routes: RecordedOperation[][];
}

const { dynamoEndpoint, routes } = workerInput<PeerInput>();
const documents = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  { marshallOptions: { removeUndefinedValues: true } },
);
const sends = routes.map((operations) => operations.map((operation) => commandFor(documents, operation)));

const app = new Hono();
app.get('/route/:index', async (c) => {
  const route = sends[Number(c.req.param('index'))];
  if (!route) return c.json({ error: 'no such route' }, 404);
  const found: unknown[] = [];
  for (const send of route) {
    const output = (await send()) as { Item?: unknown; Items?: unknown[] };
    found.push(output.Item ?? output.Items ?? null);
  }
  return c.json(found);
});
// Step Functions' JSON protocol posts every action to `/`; SendTaskSuccess answers an empty object.
app.post('/*', (c) => c.body('{}', 200, { 'content-type': 'application/x-amz-json-1.0' }));

const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
  process.send!({ url: `http://127.0.0.1:${info.port}` });
});
process.on('disconnect', () => {
  server.close();
  process.exit(0);
});
