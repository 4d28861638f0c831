import type { Coded } from './problem-codes';

/**
 * One error tree for the whole system: handlers throw, and whoever called them says it in their own
 * terms (the API as RFC 9457 problem+json through functions/api/error-map.ts, the pages as a message).
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

/**
 * The domain's errors: what went wrong and the facts that go with it (the fields at fault, what is
 * current, when a retry is worth making). How each is said over HTTP — status, headers, the
 * problem document — is the API's business, in one table (functions/api/error-map.ts).
 */
export abstract class ShenbaoError extends Error {
  readonly coded: Coded | undefined;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.coded = options?.coded;
  }
}

/** Input that breaks a rule, field by field. */
export class ValidationError extends ShenbaoError {
  constructor(
    readonly errors: FieldProblem[],
    options?: ErrorOptions,
  ) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '), options);
  }
}

/** Absent, or not the caller's to see (the two are not told apart, so existence does not leak). */
export class NotFoundError extends ShenbaoError {}

/** No verified identity. */
export class UnauthorizedError extends ShenbaoError {}

/** A genuine token from a sign-in without the second factor this role must use (RFC 9470 step-up). */
export class SecondFactorRequiredError extends UnauthorizedError {}

/** An identity whose role may not do this. */
export class ForbiddenError extends ShenbaoError {}

/** A write lost a race or the resource is not in a state that allows it; carries what is current. */
export class ConflictError extends ShenbaoError {
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
}

/**
 * An edit made from a stale copy (If-Match names a version that is no longer current): nothing is
 * written; the error carries the current resource and its version, to retry with.
 */
export class PreconditionFailedError extends ShenbaoError {
  constructor(
    message: string,
    readonly current: { version: number },
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A dependency (DynamoDB, Step Functions) did not answer; the request may be retried. */
export class UnavailableError extends ShenbaoError {}

/** Too many attempts in a window; the caller may try again after `retryAfterSeconds`. */
export class TooManyRequestsError extends ShenbaoError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The body is not JSON at all (a form, text); the API speaks only application/json. */
export class UnsupportedMediaTypeError extends ShenbaoError {
  /** The part of the request at fault. */
  readonly field = 'header.content-type';
}
