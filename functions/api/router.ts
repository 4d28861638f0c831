import { OpenAPIHono, z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import { ValidationError } from '../../core/errors';
import type { AuthEnv } from './auth';
import { validationErrorOf } from './problem';

/** A route that names no query parameters takes none: `?anything` is a 422 naming it. */
const noQuery = z.strictObject({});

/**
 * A route that declares no body takes none: a body sent anyway is refused rather than ignored, so
 * a client never believes it said something the API did not read. Runs after the route's own
 * middleware, so the role is still checked first.
 */
const noBody = createMiddleware(async (c, next) => {
  const length = Number(c.req.header('content-length') ?? 0);
  if (length > 0 || c.req.header('transfer-encoding') !== undefined) throw new ValidationError([{ field: 'body', message: 'this route takes no body' }]);
  await next();
});

/**
 * A sub-app whose validation failures become 422 problems naming the field (`body.title`,
 * `query.limit`), and whose routes refuse query parameters and bodies they do not declare.
 */
export function router() {
  const app = new OpenAPIHono<AuthEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationErrorOf(result.error, result.target);
    },
  });
  const openapi = app.openapi.bind(app) as (...args: any[]) => any;
  app.openapi = ((route: { method: string; request?: Record<string, unknown>; middleware?: unknown }, ...rest: unknown[]) => {
    const bodiless = route.method !== 'get' && !route.request?.body;
    const middleware = [route.middleware ?? []].flat();
    return openapi({ ...route, request: { query: noQuery, ...route.request }, ...(bodiless ? { middleware: [...middleware, noBody] } : {}) }, ...rest);
  }) as typeof app.openapi;
  return app;
}

export const jsonBody = <T>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
