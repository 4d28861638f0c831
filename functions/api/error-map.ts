import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { etagOf } from '../../core/edits';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  SecondFactorRequiredError,
  publicProblem,
  type ShenbaoError,
  TooManyRequestsError,
  UnauthorizedError,
  UnavailableError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../core/errors';

/** How one kind of domain error is said over HTTP. */
interface Rendering<E extends ShenbaoError> {
  status: ContentfulStatusCode;
  /** The problem type's last segment: the document's `type` is <origin>/problems/<type>, served by problem-types.ts. */
  type: string;
  /** Members of the problem document beside type, title, status, detail and instance. */
  extensions?: (error: E) => Record<string, unknown>;
  headers?: (error: E) => Record<string, string>;
}

// biome-ignore lint/suspicious/noExplicitAny: a class of any constructor signature
type ErrorClass<E> = abstract new (...args: any[]) => E;
const rule = <E extends ShenbaoError>(errorClass: ErrorClass<E>, rendering: Rendering<E>) =>
  [errorClass, rendering as Rendering<ShenbaoError>] as const;

const retryAfter = (seconds: number | undefined): Record<string, string> =>
  seconds === undefined ? {} : { 'retry-after': String(seconds) };

/** The one table from the domain's errors to HTTP: every error class of core/errors.ts has its row. */
export const errorTable = [
  rule(ValidationError, { status: 422, type: 'validation', extensions: (e) => ({ errors: e.errors.map(publicProblem) }) }),
  rule(NotFoundError, { status: 404, type: 'not-found' }),
  // Before its parent: the first row whose class the error is an instance of is taken.
  rule(SecondFactorRequiredError, {
    status: 401,
    type: 'unauthorized',
    headers: () => ({
      'www-authenticate':
        'Bearer realm="shenbao", error="insufficient_user_authentication", error_description="sign in with a second factor"',
    }),
  }),
  rule(UnauthorizedError, { status: 401, type: 'unauthorized' }),
  rule(ForbiddenError, { status: 403, type: 'forbidden' }),
  rule(ConflictError, {
    status: 409,
    type: 'conflict',
    extensions: (e) => (e.current === undefined ? {} : { current: e.current }),
    headers: (e) => retryAfter(e.retryAfterSeconds),
  }),
  rule(PreconditionFailedError, {
    status: 412,
    type: 'precondition-failed',
    extensions: (e) => ({ currentVersion: e.current.version, current: e.current }),
    headers: (e) => ({ etag: etagOf(e.current.version) }),
  }),
  rule(UnavailableError, { status: 503, type: 'unavailable' }),
  rule(TooManyRequestsError, {
    status: 429,
    type: 'too-many-requests',
    extensions: (e) => ({ retryAfterSeconds: e.retryAfterSeconds }),
    headers: (e) => retryAfter(e.retryAfterSeconds),
  }),
  rule(UnsupportedMediaTypeError, {
    status: 415,
    type: 'unsupported-media-type',
    extensions: (e) => ({ errors: [{ field: e.field, message: 'send application/json' }] }),
  }),
];

/** A domain error as HTTP: status, problem type, the problem document's extra members and headers. */
export function httpOf(error: ShenbaoError): {
  status: ContentfulStatusCode;
  type: string;
  extensions: Record<string, unknown>;
  headers: Record<string, string>;
} {
  const found = errorTable.find(([errorClass]) => error instanceof errorClass);
  // A class without a row is a defect the table's test catches; until then it is ours, not the caller's.
  if (!found) return { status: 500, type: 'internal-server-error', extensions: {}, headers: {} };
  const [, { status, type, extensions, headers }] = found;
  return { status, type, extensions: extensions?.(error) ?? {}, headers: headers?.(error) ?? {} };
}
