import { randomBytes } from 'node:crypto';
import { createAdaptorServer } from '@hono/node-server';
import type { Server } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetExecutionHistoryCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { MovableClock } from '../../local/clock';
import { freePort } from '../../local/dynamo';
import { projectRoot } from '../../local/runtime';
import { localSubstitutions, stateMachineArnOf, type MachineDefinition } from '../../local/sfn/definitions';
import { LocalStepFunctions } from '../../local/sfn/engine';
import { sfnProtocolApp } from '../../local/sfn/server';
import { ExecutionStore, type HistoryEvent } from '../../local/sfn/store';
import { eventually } from '../support/runtime';

/**
 * SendTaskSuccess answers once the execution's history shows the task succeeded. The tests read
 * the history right after a decision to tell a parked execution from a moving one before they
 * move the clock; an answer ahead of the history let a test move the clock while the next task
 * was still to open, so that task's timeout ran from the moved time and never fell due.
 */
const asking: MachineDefinition = {
  StartAt: 'Ask',
  States: {
    Ask: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: localSubstitutions().OpenTaskFunctionArn!, Payload: { 'taskToken.$': '$$.Task.Token' } },
      TimeoutSeconds: 3600,
      Next: 'Answered',
    },
    Answered: { Type: 'Pass', End: true },
  },
};

/** The execution store on DynamoDB Local, whose history writes a test can hold back. */
class HeldHistoryStore extends ExecutionStore {
  private gate: Promise<void> | undefined;
  private release: (() => void) | undefined;

  hold(): void {
    const { promise, resolve } = Promise.withResolvers<void>();
    this.gate = promise;
    this.release = resolve;
  }

  letGo(): void {
    this.release?.();
    this.gate = undefined;
  }

  override async putEvent(executionArn: string, event: HistoryEvent): Promise<void> {
    await this.gate;
    return super.putEvent(executionArn, event);
  }
}

const documents = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } }),
);
const store = new HeldHistoryStore(documents, `token-history-${randomBytes(4).toString('hex')}`);
let engine: LocalStepFunctions;
let server: Server;
let sfn: SFNClient;

beforeAll(async () => {
  const port = await freePort();
  engine = new LocalStepFunctions({ root: projectRoot, store, clock: new MovableClock(), machines: { asking } });
  await engine.start();
  server = createAdaptorServer({ fetch: sfnProtocolApp(engine).fetch }) as Server;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  sfn = new SFNClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
  });
});

afterAll(async () => {
  store.letGo();
  engine.close();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
});

const historyOf = async (executionArn: string) =>
  (await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];

it('answers SendTaskSuccess only once the history shows the task succeeded', async () => {
  engine.injectResult('OpenTask', { output: { opened: true } });
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: stateMachineArnOf('asking'), name: 'ask-1', input: '{}' }),
  );
  const submitted = await eventually(async () => {
    const events = await historyOf(executionArn!);
    return events.at(-1)?.type === 'TaskSubmitted' && events;
  }, 'the task to be submitted');
  const scheduled = submitted.find((e) => e.type === 'TaskScheduled')!;
  const { Payload } = JSON.parse(scheduled.taskScheduledEventDetails!.parameters!) as { Payload: { taskToken: string } };

  store.hold();
  let answered = false;
  const answer = sfn
    .send(new SendTaskSuccessCommand({ taskToken: Payload.taskToken, output: JSON.stringify({ outcome: 'pass' }) }))
    .then(() => {
      answered = true;
    });
  // Long enough for the token to be settled and the answer sent, had it not waited for the history.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(answered).toBe(false);
  expect((await historyOf(executionArn!)).at(-1)?.type).toBe('TaskSubmitted');

  store.letGo();
  await answer;
  expect((await historyOf(executionArn!)).map((e) => e.type)).toContain('TaskSucceeded');
});
