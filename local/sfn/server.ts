import { Hono } from 'hono';
import { SfnApiError } from './errors';
import type { LocalStepFunctions } from './engine';

const JSON_1_0 = 'application/x-amz-json-1.0';

/**
 * The Step Functions JSON 1.0 protocol (`X-Amz-Target: AWSStepFunctions.<Operation>`), so the
 * application's `@aws-sdk/client-sfn` talks to the local engine exactly as it talks to AWS.
 */
export function sfnProtocolApp(engine: LocalStepFunctions): Hono {
  const operations: Record<string, (body: never) => Promise<unknown>> = {
    StartExecution: (body) => engine.startExecution(body),
    SendTaskSuccess: (body) => engine.sendTaskSuccess(body),
    SendTaskFailure: (body) => engine.sendTaskFailure(body),
    SendTaskHeartbeat: (body) => engine.sendTaskHeartbeat(body),
    DescribeExecution: (body) => engine.describeExecution(body),
    StopExecution: (body) => engine.stopExecution(body),
    GetExecutionHistory: (body) => engine.getExecutionHistory(body),
    ListExecutions: (body) => engine.listExecutions(body),
  };
  const app = new Hono();
  app.post('/', async (c) => {
    const target = c.req.header('x-amz-target') ?? '';
    const operation = operations[target.replace(/^AWSStepFunctions\./, '')];
    const fail = (error: SfnApiError) =>
      c.body(JSON.stringify({ __type: error.type, message: error.message }), 400, {
        'content-type': JSON_1_0,
        'x-amzn-errortype': error.type,
      });
    if (!operation) return fail(new SfnApiError('UnknownOperationException', `unsupported operation ${target}`));
    const injected = engine.takeApiFault(target.replace(/^AWSStepFunctions\./, ''));
    if (injected) return fail(injected);
    let body: unknown;
    try {
      body = JSON.parse((await c.req.text()) || '{}');
    } catch {
      return fail(new SfnApiError('SerializationException', 'request body is not JSON'));
    }
    try {
      return c.body(JSON.stringify(await operation(body as never)), 200, { 'content-type': JSON_1_0 });
    } catch (error) {
      if (error instanceof SfnApiError) return fail(error);
      throw error;
    }
  });
  return app;
}
