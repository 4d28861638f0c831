import { OpenAPIHono } from '@hono/zod-openapi';
import type { AuthEnv } from './auth';
import { validationErrorOf } from './problem';

/** A sub-app whose validation failures become 422 problems naming the field (`body.title`, `query.limit`). */
export function router() {
  return new OpenAPIHono<AuthEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationErrorOf(result.error, result.target);
    },
  });
}

export const jsonBody = <T>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
