import { Hono } from 'hono';
import { html } from 'hono/html';

/**
 * What each problem `type` means (RFC 9457 §3.1.1: a URI that, dereferenced, documents the
 * problem). Every problem document's `type` is `<origin>/problems/<name>`, served below: the
 * `type` of a ShenbaoError (core/errors.ts) or, for a problem the edge answers itself, its title
 * as a slug (functions/api/problem.ts). tests/unit/problem-types.test.ts holds the two to this list.
 */
export const problemTypes: Record<string, { status: number; title: string; about: string }> = {
  'bad-request': { status: 400, title: 'Bad Request', about: 'The body is not valid JSON; `errors` names `body`.' },
  unauthorized: {
    status: 401,
    title: 'Unauthorized',
    about:
      'No bearer token, or one refused (expired, not ours, no shenbao role, or a city office or district account signed in without a second factor). `WWW-Authenticate` says which; sign in again.',
  },
  forbidden: { status: 403, title: 'Forbidden', about: 'The caller’s role may not do this; nothing was read or written.' },
  'not-found': {
    status: 404,
    title: 'Not Found',
    about: 'No such resource, or none the caller may see: what one may not see is not found rather than forbidden.',
  },
  conflict: {
    status: 409,
    title: 'Conflict',
    about:
      'The resource is not in a state that allows this (a task already decided, a call past its window), another request won a race, or the first request with this Idempotency-Key is still running (then `Retry-After`). `current` shows the resource as it is now.',
  },
  'precondition-failed': {
    status: 412,
    title: 'Precondition Failed',
    about: 'The If-Match ETag is not the current version: someone saved since. `current` and `currentVersion` show what is stored now.',
  },
  'content-too-large': { status: 413, title: 'Content Too Large', about: 'The body is larger than the route takes (64 KB for JSON).' },
  'unsupported-media-type': { status: 415, title: 'Unsupported Media Type', about: 'The body is not JSON; send application/json.' },
  validation: {
    status: 422,
    title: 'Unprocessable Content',
    about:
      'A value breaks a rule: `errors` lists each, named by where it is (`body.title`, `query.limit`, `path.id`, `header.idempotency-key`) with a message.',
  },
  'unprocessable-content': {
    status: 422,
    title: 'Unprocessable Content',
    about: 'The request is well-formed but cannot be carried out as it is.',
  },
  'too-many-requests': {
    status: 429,
    title: 'Too Many Requests',
    about: 'Over a rate limit (token issuance, objections): try again after `Retry-After` seconds (also `retryAfterSeconds`).',
  },
  'internal-server-error': {
    status: 500,
    title: 'Internal Server Error',
    about: 'A fault on our side, logged with the request’s id (X-Request-Id): quote it when reporting the problem.',
  },
  unavailable: {
    status: 503,
    title: 'Service Unavailable',
    about: 'A service behind the API did not answer; a write already recorded is carried out later. Try again shortly.',
  },
  'service-unavailable': { status: 503, title: 'Service Unavailable', about: 'The API is not ready yet; try again shortly.' },
};

/** `GET /problems/{type}`: a short page per problem type, for a person following a problem's `type`. */
export const problemTypePages = new Hono().get('/problems/:type', (c) => {
  const type = problemTypes[c.req.param('type')];
  if (!type) return c.notFound();
  return c.html(
    html`<!doctype html>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <title>${type.title} — shenbao</title>
        </head>
        <body>
          <h1>${type.status} ${type.title}</h1>
          <p>${type.about}</p>
          <p>The problem document (application/problem+json, RFC 9457) says what happened in <code>detail</code>.</p>
        </body>
      </html>`,
  );
});
