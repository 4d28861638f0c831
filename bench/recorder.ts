import { documentClient } from '../functions/adapters/aws';
import type { Runtime } from '../local/runtime';
import { servingPort } from './contexts';

/** lib-dynamodb's commands report the low-level names (GetItemCommand for GetCommand); name them as sent. */
export const documentCommandName = (name: string | undefined) => (name ?? 'unknown').replace(/Items?Command$/, 'Command');

/** One DynamoDB operation as the app sent it: the document client command's name and its document-form input. */
export interface RecordedOperation {
  command: string;
  input: Record<string, unknown>;
}

/**
 * Captures the DynamoDB operations the app issues while `during` runs, by a middleware on the
 * app's own document client. The floor then replays exactly these, so it cannot drift from what
 * the route really does (extra reads, pagination, filters) the way a hand-written copy could.
 * `from` keeps only the operations done for one server's requests (see contexts.ts): the API's,
 * or (given the runtime) the workflow's step handlers', which run in the Step Functions engine's
 * thread and are told over from there as served on the SFN port.
 * Must be called after startRuntime, so the client is the one the API uses.
 */
export async function recordOperations(
  during: () => Promise<void>,
  from?: (port: number | undefined) => boolean,
  runtime?: Pick<Runtime, 'engine' | 'sfnPort'>,
): Promise<RecordedOperation[]> {
  const recorded: RecordedOperation[] = [];
  const engine = runtime && (!from || from(runtime.sfnPort)) ? runtime.engine : undefined;
  const stopHearing = engine?.onOperation(({ command, input }) => recorded.push({ command, input }));
  const name = 'benchRecorder';
  // At `initialize` the input is still in document form: lib-dynamodb marshals it just before serializing.
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      if (!from || from(servingPort()))
        recorded.push({ command: documentCommandName(context.commandName), input: structuredClone(args.input as Record<string, unknown>) });
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    await during();
    await engine?.flush();
  } finally {
    documentClient().middlewareStack.remove(name);
    stopHearing?.();
  }
  return recorded;
}
