import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The correlation id of the work in hand: the API request's id, carried in every execution's input
 * (`correlationId`) to the step functions the execution invokes, and in the outbox intent that
 * starts it. Async-local rather than a logger's state, because locally one process serves
 * concurrent requests and runs the step handlers beside them.
 */
const current = new AsyncLocalStorage<string>();

export function correlationId(): string | undefined {
  return current.getStore();
}

/** Runs `work` with `id` as the correlation id (or, without one, in whatever context it was called). */
export function withCorrelationId<T>(id: string | undefined, work: () => T): T {
  return id ? current.run(id, work) : work();
}

/** An execution's input with the correlation id of the work in hand, unless it carries one already. */
export function carryingCorrelation(input: object): object {
  const id = current.getStore();
  return id && !('correlationId' in input) ? { ...input, correlationId: id } : input;
}
