import type { Coded } from './problem-codes';
import { etagOf } from './edits';

/**
 * One error tree for the whole system. Each error knows the HTTP problem it becomes, so handlers
 * throw and the API's error handler renders RFC 9457 problem+json; nothing maps errors by hand.
 */
export type FieldProblem = {
  /** Dotted path of the offending field, e.g. `body.title` or `query.limit`. */
  field: string;
  /** The API's English. */
  message: string;
} & (Coded | { code?: undefined; params?: undefined });

/** A field problem, coded when the pages should say it in the reader's own words. */
export const problemAt = (field: string, message: string, code?: Coded): FieldProblem =>
  code ? { field, message, ...code } : { field, message };

/** What the API shows of a field problem: its code is for the web pages' wording, not the contract. */
export const publicProblem = ({ field, message }: FieldProblem) => ({ field, message });

interface ErrorOptions {
  cause?: unknown;
  /** The problem's stable name, for the web pages to say it in the reader's language. */
  coded?: Coded;
}

export abstract class ShenbaoError extends Error {
  abstract readonly status: number;
  abstract readonly type: string;
  readonly coded: Coded | undefined;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.coded = options?.coded;
  }
  /** Extra members of the problem document. */
  extensions(): Record<string, unknown> {
    return {};
  }
  /** HTTP headers the problem carries (Retry-After when a retry is worth making later). */
  headers(): Record<string, string> {
    return {};
  }
}

export class ValidationError extends ShenbaoError {
  readonly status = 422;
  readonly type = 'validation';
  constructor(
    readonly errors: FieldProblem[],
    options?: ErrorOptions,
  ) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '), options);
  }
  override extensions() {
    return { errors: this.errors.map(publicProblem) };
  }
}

export class NotFoundError extends ShenbaoError {
  readonly status = 404;
  readonly type = 'not-found';
}

export class UnauthorizedError extends ShenbaoError {
  readonly status = 401;
  readonly type = 'unauthorized';
}

export class ForbiddenError extends ShenbaoError {
  readonly status = 403;
  readonly type = 'forbidden';
}

/** A write lost a race or the resource is not in a state that allows it; carries what is current. */
export class ConflictError extends ShenbaoError {
  readonly status = 409;
  readonly type = 'conflict';
  /** Set when the conflict passes by itself (a request still in progress): when to retry. */
  readonly retryAfterSeconds: number | undefined;
  constructor(
    message: string,
    readonly current?: unknown,
    options?: ErrorOptions & { retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
  override extensions() {
    return this.current === undefined ? {} : { current: this.current };
  }
  override headers(): Record<string, string> {
    return this.retryAfterSeconds === undefined ? {} : { 'retry-after': String(this.retryAfterSeconds) };
  }
}

/**
 * An edit made from a stale copy (If-Match names a version that is no longer current): nothing is
 * written; the problem carries the current resource and its version, and the ETag to retry with.
 */
export class PreconditionFailedError extends ShenbaoError {
  readonly status = 412;
  readonly type = 'precondition-failed';
  constructor(
    message: string,
    readonly current: { version: number },
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
  override extensions() {
    return { currentVersion: this.current.version, current: this.current };
  }
  override headers(): Record<string, string> {
    return { etag: etagOf(this.current.version) };
  }
}

/** A dependency (DynamoDB, Step Functions) did not answer; the request may be retried. */
export class UnavailableError extends ShenbaoError {
  readonly status = 503;
  readonly type = 'unavailable';
}

/** Too many attempts in a window; the caller may try again after `retryAfterSeconds`. */
export class TooManyRequestsError extends ShenbaoError {
  readonly status = 429;
  readonly type = 'too-many-requests';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
  override extensions() {
    return { retryAfterSeconds: this.retryAfterSeconds };
  }
  override headers(): Record<string, string> {
    return { 'retry-after': String(this.retryAfterSeconds) };
  }
}

/** The body is not JSON at all (a form, text); the API speaks only application/json. */
export class UnsupportedMediaTypeError extends ShenbaoError {
  readonly status = 415;
  readonly type = 'unsupported-media-type';
  override extensions() {
    return { errors: [{ field: 'header.content-type', message: 'send application/json' }] };
  }
}
