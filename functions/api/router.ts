import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AuthEnv } from './auth';
import { validationErrorOf } from './problem';

/** A route that names no query parameters takes none: `?anything` is a 422 naming it. */
const noQuery = z.strictObject({});

/**
 * A sub-app whose validation failures become 422 problems naming the field (`body.title`,
 * `query.limit`), and whose routes refuse query parameters they do not declare.
 */
export function router() {
  const app = new OpenAPIHono<AuthEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationErrorOf(result.error, result.target);
    },
  });
  const openapi = app.openapi.bind(app) as (...args: any[]) => any;
  app.openapi = ((route: { request?: Record<string, unknown> }, ...rest: unknown[]) =>
    openapi({ ...route, request: { query: noQuery, ...route.request } }, ...rest)) as typeof app.openapi;
  return app;
}

export const jsonBody = <T>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
