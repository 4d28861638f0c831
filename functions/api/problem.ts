import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { ShenbaoError, ValidationError, type FieldProblem } from '../../core/errors';
import { codeOfIssue } from '../../core/problem-codes';
import { logger } from '../adapters/log';
import { httpOf } from './error-map';

/** RFC 9457 problem details: every error the API gives has this shape and names what went wrong. */
export function problem(
  c: Context,
  status: ContentfulStatusCode,
  detail: string,
  extensions: Record<string, unknown> = {},
  kind: string = slug(titles[status] ?? 'error'),
  headers: Record<string, string> = {},
) {
  const title = titles[status] ?? 'Error';
  return c.body(
    // The type resolves: this app serves /problems/<kind> (problem-types.ts).
    JSON.stringify({ type: new URL(`/problems/${kind}`, c.req.url).href, title, status, detail, instance: c.req.path, ...extensions }),
    status,
    {
      ...(status === 401 ? { 'www-authenticate': bearerChallenge(c) } : {}),
      ...headers,
      'content-type': 'application/problem+json',
    },
  );
}

/** RFC 6750's challenge: how to authenticate, and whether the token sent was the trouble. */
function bearerChallenge(c: Context): string {
  return /^Bearer\s/i.test(c.req.header('authorization') ?? '')
    ? 'Bearer realm="shenbao", error="invalid_token"'
    : 'Bearer realm="shenbao"';
}

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/(^-|-$)/g, '');
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problemFromError(c: Context, error: unknown) {
  if (error instanceof ShenbaoError) {
    const { status, type, extensions, headers } = httpOf(error);
    return problem(c, status, error.message, extensions, type, headers);
  }
  if (error instanceof ZodError) return problemFromError(c, validationErrorOf(error, 'body'));
  // Hono's own HTTP errors (e.g. a body that is not JSON) are the client's, not ours.
  const status = (error as { status?: number }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message = (error as Error).message || 'bad request';
    const field = /JSON/i.test(message) ? { errors: [{ field: 'body', message: 'not valid JSON' }] } : {};
    return problem(c, status as ContentfulStatusCode, message, field);
  }
  logger.error('unhandled error', { method: c.req.method, path: c.req.path, error: error as Error });
  return problem(c, 500, 'something went wrong on our side; it has been logged');
}

/** Hono's validation targets, as an API user knows the parts of a request. */
const requestParts: Record<string, string> = {
  json: 'body',
  form: 'body',
  param: 'path',
  query: 'query',
  header: 'header',
  cookie: 'cookie',
};

/** Zod issues as field problems, each named by where it was found: `body.title`, `query.limit`. */
export function validationErrorOf(error: ZodError, target: string): ValidationError {
  const part = requestParts[target] ?? target;
  return new ValidationError(
    error.issues.flatMap((issue) => {
      const base = [part, ...issue.path.map(String)].join('.');
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map(
          (key): FieldProblem => ({ field: `${base}.${key}`, message: 'unknown field', code: 'unknown-field', params: {} }),
        );
      }
      return [{ field: base, message: issue.message, ...codeOfIssue(issue) }];
    }),
  );
}
