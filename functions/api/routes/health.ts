import { createRoute, z } from '@hono/zod-openapi';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { dynamoClient, stepFunctions as stepFunctionsClient } from '../../adapters/aws';
import { executionArnOf } from '../../adapters/workflows';
import { requireEnv } from '../../adapters/env';
import { router } from '../router';

const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.object({ dynamodb: z.string(), stepFunctions: z.string() }),
});

async function check(probe: () => Promise<unknown>): Promise<string> {
  try {
    await probe();
    return 'ok';
  } catch (error) {
    return `failing: ${(error as Error).name}`;
  }
}

export const health = router().openapi(
  createRoute({
    method: 'get',
    path: '/health',
    summary: 'Whether DynamoDB and Step Functions answer',
    responses: {
      200: { description: 'both answer', content: { 'application/json': { schema: Health } } },
      503: { description: 'one does not', content: { 'application/json': { schema: Health } } },
    },
  }),
  async (c) => {
    const body = await probe();
    return c.json(body, body.status === 'ok' ? 200 : 503);
  },
);

/** Asks DynamoDB and Step Functions whether they answer. */
async function probe(): Promise<z.infer<typeof Health>> {
  const [dynamodb, stepFunctions] = await Promise.all([
    check(() => dynamoClient().send(new DescribeTableCommand({ TableName: requireEnv('TABLE_NAME') }))),
    check(async () => {
      // Asking for an execution that cannot exist proves the service answers, without side effects.
      const arn = executionArnOf(requireEnv('DECLARATION_STATE_MACHINE_ARN'), 'health-probe');
      const { client, sdk } = await stepFunctionsClient();
      try {
        await client.send(new sdk.DescribeExecutionCommand({ executionArn: arn }));
      } catch (error) {
        if (!(error instanceof sdk.ExecutionDoesNotExist)) throw error;
      }
    }),
  ]);
  const ok = dynamodb === 'ok' && stepFunctions === 'ok';
  return { status: ok ? 'ok' : 'degraded', checks: { dynamodb, stepFunctions } };
}

const Readiness = z.object({
  status: z.enum(['ready', 'starting', 'degraded']),
  checks: Health.shape.checks.optional(),
});

/**
 * `GET /ready`: ready to use. Locally the API listens before the runtime has resumed waiting
 * executions and seeded the demo data, so `/health` can answer while `GET /calls` is still empty;
 * `isReady` is false until that is done. In the cloud there is no start-up work: ready is healthy.
 */
export const readiness = (isReady: () => boolean = () => true) =>
  router().openapi(
    createRoute({
      method: 'get',
      path: '/ready',
      summary: 'Whether the service is ready to use (started, seeded, and DynamoDB and Step Functions answer)',
      responses: {
        200: { description: 'ready to use', content: { 'application/json': { schema: Readiness } } },
        503: { description: 'still starting, or a dependency does not answer', content: { 'application/json': { schema: Readiness } } },
      },
    }),
    async (c) => {
      if (!isReady()) return c.json({ status: 'starting' as const }, 503, { 'retry-after': '1' });
      const { status, checks } = await probe();
      return status === 'ok' ? c.json({ status: 'ready' as const, checks }, 200) : c.json({ status: 'degraded' as const, checks }, 503);
    },
  );
