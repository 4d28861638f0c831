import type { Context } from 'hono';

/**
 * The caller's network address, for the public's rate limits: in the cloud what API Gateway saw
 * (`requestContext.http.sourceIp`; never X-Forwarded-For, which a caller writes itself), locally
 * the socket's peer. Unknown when neither is there (a request made in-process by a test).
 */
export function clientAddress(c: Context): string {
  const env = c.env as
    | { event?: { requestContext?: { http?: { sourceIp?: string } } }; incoming?: { socket?: { remoteAddress?: string } } }
    | undefined;
  return env?.event?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
