import { createRoute, z } from '@hono/zod-openapi';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, ExecutionDoesNotExist } from '@aws-sdk/client-sfn';
import { dynamoClient, sfnClient } from '../../adapters/aws';
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
    const [dynamodb, stepFunctions] = await Promise.all([
      check(() => dynamoClient().send(new DescribeTableCommand({ TableName: requireEnv('TABLE_NAME') }))),
      check(async () => {
        // Asking for an execution that cannot exist proves the service answers, without side effects.
        const probe = executionArnOf(requireEnv('DECLARATION_STATE_MACHINE_ARN'), 'health-probe');
        try {
          await sfnClient().send(new DescribeExecutionCommand({ executionArn: probe }));
        } catch (error) {
          if (!(error instanceof ExecutionDoesNotExist)) throw error;
        }
      }),
    ]);
    const ok = dynamodb === 'ok' && stepFunctions === 'ok';
    return c.json({ status: ok ? ('ok' as const) : ('degraded' as const), checks: { dynamodb, stepFunctions } }, ok ? 200 : 503);
  },
);
