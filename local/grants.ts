import { AsyncLocalStorage } from 'node:async_hooks';
import { type TableGrant, tableActions } from '../functions/adapters/table';

/**
 * The table grants of AWS held locally: the work of the API's requests, of the step handlers and
 * of the sweep runs under the role its Lambda has in the stacks (functions/adapters/table.ts
 * `tableActions`), and a DynamoDB call that role does not allow on the app's table is refused
 * here as IAM would refuse it there. Work outside any role (the runtime's own seeding, a test
 * calling a service directly) is not checked.
 */
const acting = new AsyncLocalStorage<TableGrant>();

/** Runs `work` (and everything it starts) as a function granted `grant` would. */
export function actingAs<T>(grant: TableGrant, work: () => T): T {
  return acting.run(grant, work);
}

type Input = {
  TableName?: string;
  TransactItems?: Record<string, { TableName?: string } | undefined>[];
  RequestItems?: Record<string, unknown>;
};

/** The IAM actions a call needs on `tableName`: one per command, or per item of a transaction. */
export function actionsNeeded(commandName: string, input: Input, tableName: string): string[] {
  const name = commandName.replace(/Command$/, '');
  if (name === 'TransactWriteItems' || name === 'TransactGetItems')
    return (input.TransactItems ?? []).flatMap((item) =>
      Object.entries(item)
        .filter(([, part]) => part?.TableName === tableName)
        .map(([kind]) =>
          kind === 'Get' ? 'dynamodb:GetItem' : kind === 'ConditionCheck' ? 'dynamodb:ConditionCheckItem' : `dynamodb:${kind}Item`,
        ),
    );
  const onTable = input.TableName === tableName || Object.hasOwn(input.RequestItems ?? {}, tableName);
  return onTable ? [`dynamodb:${name}`] : [];
}

export class AccessDeniedException extends Error {
  override readonly name = 'AccessDeniedException';
  readonly $fault = 'client';
}

interface Stack {
  middlewareStack: { add(middleware: unknown, options: { step: 'initialize'; name: string }): void };
}

const guarded = new WeakSet<object>();
const refused: string[] = [];

/**
 * The calls refused in this thread so far. A refusal inside the sweep is logged and swallowed
 * like any sweep failure, so the tests ask for this list as well as for the outcome.
 */
export function refusedTableCalls(): readonly string[] {
  return refused;
}

/**
 * Checks every call `client` sends to the app's table (TABLE_NAME as the call is made) against
 * the acting role, or `fixed` for a thread that is one kind of function (the step handlers'). The
 * document client shares its stack with the client under it, so this covers both.
 */
export function guardTableGrants(client: Stack, fixed?: TableGrant): void {
  if (guarded.has(client.middlewareStack)) return;
  guarded.add(client.middlewareStack);
  client.middlewareStack.add(
    (next: (args: { input: unknown }) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: unknown }) => {
      const grant = fixed ?? acting.getStore();
      const tableName = process.env.TABLE_NAME;
      if (grant && tableName) {
        const allowed: readonly string[] = tableActions[grant];
        const missing = actionsNeeded(context.commandName ?? '', args.input as Input, tableName).find((a) => !allowed.includes(a));
        if (missing) {
          const message = `the ${grant} role is not authorized to perform ${missing} on table ${tableName} (functions/adapters/table.ts tableActions)`;
          refused.push(message);
          process.stderr.write(`shenbao: ${message}\n`);
          throw new AccessDeniedException(message);
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'localTableGrants' },
  );
}
