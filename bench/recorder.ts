import { documentClient } from '../functions/adapters/aws';

/** One DynamoDB operation as the app sent it: the command's name and its document-form input. */
export interface RecordedOperation {
  command: string;
  input: Record<string, unknown>;
}

/**
 * Captures the DynamoDB operations the app issues while `during` runs, by a middleware on the
 * app's own document client. The floor then replays exactly these, so it cannot drift from what
 * the route really does (extra reads, pagination, filters) the way a hand-written copy could.
 * Must be called after startRuntime, so the client is the one the API uses.
 */
export async function recordOperations(during: () => Promise<void>): Promise<RecordedOperation[]> {
  const recorded: RecordedOperation[] = [];
  const name = 'benchRecorder';
  // At `initialize` the input is still in document form: lib-dynamodb marshals it just before serializing.
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      recorded.push({ command: context.commandName ?? 'unknown', input: structuredClone(args.input as Record<string, unknown>) });
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    await during();
  } finally {
    documentClient().middlewareStack.remove(name);
  }
  return recorded;
}
