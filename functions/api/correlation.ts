import type { Context, MiddlewareHandler } from 'hono';
import { withCorrelationId } from '../adapters/correlation';

/**
 * The request id Hono's requestId middleware gives a request (and returns as `X-Request-Id`): API
 * Gateway's own when the Lambda serves it, so the gateway's access log line and the app's share
 * it; a new UUID locally. A caller's own well-formed `X-Request-Id` is kept, as Hono does.
 */
export function requestIdOf(c: Context): string {
  const env = c.env as { event?: { requestContext?: { requestId?: string } } } | undefined;
  return env?.event?.requestContext?.requestId ?? crypto.randomUUID();
}

/** Runs the rest of the request under its request id, which then travels as the correlation id. */
export const correlateRequest: MiddlewareHandler = (c, next) => withCorrelationId(c.get('requestId'), next);
