import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import * as errors from '../../core/errors';
import { errorTable, httpOf } from '../../functions/api/error-map';
import { problemFromError } from '../../functions/api/problem';

const { ConflictError, PreconditionFailedError, ShenbaoError, TooManyRequestsError, UnsupportedMediaTypeError, ValidationError } = errors;

/** Every error class core/errors.ts exports, found rather than listed, so a new one cannot be missed. */
const errorClasses = Object.values(errors).filter(
  (value): value is typeof ValidationError => typeof value === 'function' && value.prototype instanceof ShenbaoError,
);

/** The API as the error handler answers a thrown error. */
async function answer(error: Error) {
  const app = new Hono();
  app.get('/thing', () => {
    throw error;
  });
  app.onError((e, c) => problemFromError(c, e));
  const response = await app.request('/thing');
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.json() };
}

describe('the HTTP error map', () => {
  it('has exactly one row for every error class of the domain, each with its own status and type', () => {
    expect(errorClasses.length).toBeGreaterThanOrEqual(9);
    for (const errorClass of errorClasses) {
      expect(
        errorTable.filter(([mapped]) => mapped === errorClass),
        errorClass.name,
      ).toHaveLength(1);
    }
    expect(errorTable).toHaveLength(errorClasses.length);
    // A status has one row, unless a subclass refines its parent's (a 401 that asks for a second factor).
    const statuses = errorTable
      .filter(([errorClass]) => !errorTable.some(([other]) => other !== errorClass && errorClass.prototype instanceof other))
      .map(([, rendering]) => rendering.status);
    expect(new Set(statuses).size).toBe(statuses.length);
    expect(statuses.every((status) => status >= 400 && status < 600)).toBe(true);
  });

  it('says Retry-After only from the fact that a retry is worth making, and puts the number in the problem too', async () => {
    const limited = await answer(new TooManyRequestsError('slow down', 90));
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('90');
    expect(limited.body).toMatchObject({ type: 'http://localhost/problems/too-many-requests', status: 429, retryAfterSeconds: 90 });

    const inProgress = await answer(new ConflictError('still running', undefined, { retryAfterSeconds: 3 }));
    expect(inProgress.status).toBe(409);
    expect(inProgress.headers['retry-after']).toBe('3');

    const lost = await answer(new ConflictError('someone else decided', { status: 'decided' }));
    expect(lost.headers['retry-after']).toBeUndefined();
    expect(lost.body).toMatchObject({ type: 'http://localhost/problems/conflict', current: { status: 'decided' } });
  });

  it('gives a stale edit the current version as its ETag and in the problem', async () => {
    const stale = await answer(new PreconditionFailedError('stale', { version: 4 }));
    expect(stale.status).toBe(412);
    expect(stale.headers.etag).toBe('"4"');
    expect(stale.body).toMatchObject({ currentVersion: 4, current: { version: 4 } });
  });

  it('names the fields at fault, without the code the pages word them by', () => {
    const invalid = httpOf(new ValidationError([{ field: 'body.title', message: 'required', code: 'required', params: {} }]));
    expect(invalid).toEqual({
      status: 422,
      type: 'validation',
      extensions: { errors: [{ field: 'body.title', message: 'required' }] },
      headers: {},
    });
    expect(httpOf(new UnsupportedMediaTypeError('send json')).extensions).toEqual({
      errors: [{ field: 'header.content-type', message: 'send application/json' }],
    });
  });

  it('keeps the domain errors free of HTTP: no status, no headers', () => {
    const error = new TooManyRequestsError('slow down', 90);
    expect(error).not.toHaveProperty('status');
    expect(error).not.toHaveProperty('headers');
    expect(error.retryAfterSeconds).toBe(90);
  });
});
