import { randomBytes } from 'node:crypto';
import { createAdaptorServer } from '@hono/node-server';
import type { Server } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { MovableClock } from '../../local/clock';
import { freePort } from '../../local/dynamo';
import { projectRoot } from '../../local/runtime';
import { stateMachineArnOf, type MachineDefinition } from '../../local/sfn/definitions';
import { LocalStepFunctions } from '../../local/sfn/engine';
import { sfnProtocolApp } from '../../local/sfn/server';
import { ExecutionStore } from '../../local/sfn/store';
import { eventually } from '../support/runtime';

/**
 * Wait states on the movable clock. No shipped workflow has a Wait yet (the public notice of the
 * selection issue will), so this runs a small definition on the endpoint over the AWS protocol.
 */
const notice: MachineDefinition = {
  StartAt: 'PublicNotice',
  States: {
    PublicNotice: { Type: 'Wait', TimestampPath: '$.noticeEndsAt', Next: 'Cooling' },
    Cooling: { Type: 'Wait', Seconds: 3600, Next: 'Published' },
    Published: { Type: 'Pass', Result: 'done', ResultPath: '$.result', End: true },
  },
};

const documents = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } }),
);
const store = new ExecutionStore(documents, `wait-${randomBytes(4).toString('hex')}`);
const clock = new MovableClock();
let engine: LocalStepFunctions;
let server: Server;
let sfn: SFNClient;
let port: number;

async function serve(): Promise<void> {
  engine = new LocalStepFunctions({ root: projectRoot, store, clock, machines: { notice } });
  await engine.start();
  server = createAdaptorServer({ fetch: sfnProtocolApp(engine).fetch }) as Server;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
}

async function crash(): Promise<void> {
  engine.close();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

beforeAll(async () => {
  port = await freePort();
  await serve();
  sfn = new SFNClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
  });
  clock.onMove(() => engine.checkTimers());
});
afterAll(crash);

const status = async (executionArn: string) => (await sfn.send(new DescribeExecutionCommand({ executionArn }))).status;

it('holds a Wait until the clock passes its time, not a moment before, across a restart', async () => {
  const noticeEndsAt = new Date(clock.now().getTime() + 7 * 86400_000);
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({
      stateMachineArn: stateMachineArnOf('notice'),
      name: 'notice-1',
      input: JSON.stringify({ noticeEndsAt: noticeEndsAt.toISOString() }),
    }),
  );
  await clock.set(new Date(noticeEndsAt.getTime() - 60_000));
  expect(await status(executionArn!)).toBe('RUNNING');

  await crash();
  await serve();
  await clock.set(new Date(noticeEndsAt.getTime() + 1000));
  // The second Wait (an hour) starts from the moved clock.
  await eventually(async () => (await store.getExecution(executionArn!))?.checkpoint?.state === 'Cooling', 'the second wait');
  expect(await status(executionArn!)).toBe('RUNNING');
  await clock.set(new Date(clock.now().getTime() + 3600_000 + 1000));
  await eventually(async () => (await status(executionArn!)) === 'SUCCEEDED', 'the execution to succeed');
  const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  expect(JSON.parse(described.output!)).toMatchObject({ result: 'done' });
});

it('refuses a start whose name is taken with different input, and treats the same input as the same start', async () => {
  const input = JSON.stringify({ noticeEndsAt: new Date(clock.now().getTime() + 86400_000).toISOString() });
  const first = await sfn.send(new StartExecutionCommand({ stateMachineArn: stateMachineArnOf('notice'), name: 'notice-2', input }));
  const again = await sfn.send(new StartExecutionCommand({ stateMachineArn: stateMachineArnOf('notice'), name: 'notice-2', input }));
  expect(again.executionArn).toBe(first.executionArn);
  await expect(
    sfn.send(
      new StartExecutionCommand({
        stateMachineArn: stateMachineArnOf('notice'),
        name: 'notice-2',
        input: '{"noticeEndsAt":"2030-01-01T00:00:00Z"}',
      }),
    ),
  ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
});
