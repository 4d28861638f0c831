import { withCorrelationId } from '../adapters/correlation';
import { logger, type LambdaContext } from '../adapters/log';

/**
 * What every state's payload carries besides its own fields: the execution's input
 * (`"executionInput.$": "$$.Execution.Input"` in the ASL files), whose `correlationId` is the id
 * of the request that started the execution. The whole input rather than the one field, because a
 * JSONPath to a missing field fails the state, and an operator may start an execution by hand.
 */
interface StepEnvelope {
  executionInput?: { correlationId?: unknown };
  step?: unknown;
  kind?: unknown;
  declarationId?: unknown;
  callId?: unknown;
}

/**
 * A step function's handler, run under the execution's correlation id: its log lines, the audit
 * events it writes and the executions it starts carry the id of the request that began it all.
 */
export function stepHandler<T>(name: string, run: (raw: unknown) => Promise<T>) {
  return async (raw: unknown, context?: LambdaContext): Promise<T> => {
    if (context) logger.addContext(context);
    const { executionInput, step, kind, declarationId, callId } = (raw ?? {}) as StepEnvelope;
    const id = executionInput?.correlationId;
    return withCorrelationId(typeof id === 'string' ? id : undefined, async () => {
      const about = { handler: name, step, kind, declarationId, callId };
      logger.info('step', about);
      try {
        return await run(raw);
      } catch (error) {
        // Step Functions retries or catches it; the line says which step and why.
        logger.error('step failed', { ...about, error: error as Error });
        throw error;
      }
    });
  };
}
