import { OpenAPIHono, z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import { ValidationError } from '../../core/errors';
import type { AuthEnv } from './auth';
import { validationErrorOf } from './problem';
import { idempotencyKeyHeader, problemResponses } from './schemas';

/** A route that names no query parameters takes none: `?anything` is a 422 naming it. */
const noQuery = z.strictObject({});

/**
 * A route that declares no body takes none: a body sent anyway is refused rather than ignored, so
 * a client never believes it said something the API did not read. Runs after the route's own
 * middleware, so the role is still checked first.
 */
const noBody = createMiddleware(async (c, next) => {
  const length = Number(c.req.header('content-length') ?? 0);
  if (length > 0 || c.req.header('transfer-encoding') !== undefined)
    throw new ValidationError([{ field: 'body', message: 'this route takes no body' }]);
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
  const openapi = app.openapi.bind(app) as (...args: unknown[]) => ReturnType<typeof app.openapi>;
  app.openapi = ((route: Route, ...rest: unknown[]) => {
    const bodiless = route.method !== 'get' && !route.request?.body;
    const middleware = [route.middleware ?? []].flat();
    const responses = { ...problemResponses(...edgeStatuses(route)), ...route.responses };
    const request: Record<string, unknown> = { query: noQuery, ...route.request };
    // A signed-in caller's write may carry an Idempotency-Key; the route's own headers (If-Match) kept.
    if (route.method !== 'get' && route.security?.length) {
      const own = request.headers as z.ZodObject | undefined;
      request.headers = own ? own.extend(idempotencyKeyHeader) : z.object(idempotencyKeyHeader);
    }
    const conventions = {
      operationId: route.operationId ?? operationIdOf(route),
      tags: route.tags ?? [tagOf(route)],
      security: route.security ?? [],
    };
    return openapi(
      {
        ...route,
        ...conventions,
        responses,
        request,
        ...(bodiless ? { middleware: [...middleware, noBody] } : {}),
      },
      ...rest,
    );
  }) as typeof app.openapi;
  return app;
}

interface Route {
  method: string;
  path: string;
  operationId?: string;
  tags?: string[];
  request?: Record<string, unknown>;
  middleware?: unknown;
  security?: unknown[];
  responses: Record<string, unknown>;
}

/**
 * What the edge answers before a handler runs, documented on every route it can happen to (the
 * contract test holds each response to the route's documented statuses):
 * 422 an undeclared query parameter (or a body sent to a route that takes none);
 * 401 no or a bad token, and 409/422 a retried or malformed Idempotency-Key, where one signs in;
 * 413 a body over the limit and 415 a body that is not JSON, on anything that may carry one;
 * 400 a JSON body that does not parse; 500 anywhere, a fault of ours.
 */
function edgeStatuses(route: Route): number[] {
  const statuses = [422, 500];
  const mutating = route.method !== 'get';
  if (route.security?.length) statuses.push(401, ...(mutating ? [409] : []));
  if (mutating) statuses.push(413, 415);
  if (route.request?.body) statuses.push(400);
  return statuses;
}

/**
 * OpenAPI conventions, derived where a route names none: an operationId from the method and path
 * (`POST /declarations/{id}/submit` → `postDeclarationsByIdSubmit`, stable for generated clients),
 * a tag per resource (the path's first segment), and `security: []` stated on public routes.
 */
function operationIdOf(route: Route): string {
  const words = route.path
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      return param ? ['by', param[1]!] : segment.split(/[^A-Za-z0-9]+/);
    });
  return [route.method.toLowerCase(), ...words.map((w) => w.charAt(0).toUpperCase() + w.slice(1))].join('');
}

function tagOf(route: Route): string {
  return route.path.split('/').filter(Boolean)[0] ?? 'service';
}

export const jsonBody = <T>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
