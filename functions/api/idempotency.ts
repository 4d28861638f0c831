import { createHash } from 'node:crypto';
import type { Context, Next } from 'hono';
import { ConflictError, ValidationError } from '../../core/errors';
import type { Actor } from '../../core/identity';
import { clock } from '../adapters/clock';
import { isConditionFailure, store, type IdempotencyItem } from '../adapters/entities';
import { logger } from '../adapters/log';

export const IDEMPOTENCY_HOURS = 24;
/** How long a first request holds its key before a retry may take over (a Lambda that died). */
export const LEASE_MS = 60_000;
const keyPattern = /^[A-Za-z0-9._:-]{1,255}$/;
const mutating = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
const field = 'header.idempotency-key';

export function requestHashOf(method: string, path: string, body: string): string {
  return createHash('sha256').update(`${method} ${path}\n${body}`).digest('hex');
}

/**
 * `Idempotency-Key` on a mutating request, per caller, for 24 hours. The first request claims
 * the key with a conditional put (so of two racing requests one runs); a successful response is
 * stored and replayed to every retry; a refused one (4xx, 5xx) frees the key, since a refused
 * request changed nothing and running it again cannot do anything twice.
 */
export async function withIdempotency(c: Context, actor: Actor, next: Next) {
  const key = c.req.header('idempotency-key');
  if (key === undefined || !mutating.has(c.req.method)) return next();
  if (!keyPattern.test(key)) throw new ValidationError([{ field, message: '1–255 letters, digits, or . _ : -' }]);
  const requestHash = requestHashOf(c.req.method, c.req.path, await c.req.text());
  const ids = { caller: actor.username, key };
  const entity = store().entities.idempotencyRecord;
  const now = clock().now();
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const lease = now.getTime() + LEASE_MS;
  try {
    await entity
      .put({
        ...ids,
        requestHash,
        status: 'in_progress',
        leaseUntil: lease,
        createdAt: now.toISOString(),
        expiresAt: nowSeconds + IDEMPOTENCY_HOURS * 3600,
      })
      .where(
        ({ requestHash: hash, expiresAt, status, leaseUntil }, { notExists, lte, eq }) =>
          `${notExists(hash)} OR ${lte(expiresAt, nowSeconds)} OR (${eq(status, 'in_progress')} AND ${lte(leaseUntil, now.getTime())})`,
      )
      .go();
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const { data: first } = await entity.get(ids).go({ consistent: true });
    return answerRetry(c, first, requestHash, now.getTime());
  }
  try {
    await next();
  } catch (error) {
    await release(ids, lease);
    throw error;
  }
  if (c.res.status >= 200 && c.res.status < 300) {
    const body = await c.res.clone().text();
    await entity
      .patch(ids)
      .set({
        status: 'completed',
        responseStatus: c.res.status,
        responseType: c.res.headers.get('content-type') ?? 'application/json',
        responseBody: body,
      })
      .where(({ leaseUntil }, { eq }) => eq(leaseUntil, lease))
      .go()
      .catch((error: unknown) => logger.error('idempotency record not completed', { key, error: error as Error }));
  } else {
    await release(ids, lease);
  }
}

function answerRetry(c: Context, first: IdempotencyItem | null, requestHash: string, nowMs: number) {
  // Gone or expired between our put and this read: the caller's retry will claim it afresh.
  if (!first || first.expiresAt <= Math.floor(nowMs / 1000))
    throw new ConflictError('this Idempotency-Key is being reused right now; retry', { status: 'expired' });
  if (first.requestHash !== requestHash) {
    throw new ValidationError([{ field, message: 'already used for a different request (method, path or body); use a new key' }]);
  }
  if (first.status === 'in_progress') {
    // Its lease ends by then at the latest: the first request has answered, or a retry may take over.
    const retryAfterSeconds = Math.max(1, Math.ceil((first.leaseUntil - nowMs) / 1000));
    throw new ConflictError(
      'the first request with this Idempotency-Key is still in progress; retry shortly',
      { status: 'in_progress', since: first.createdAt },
      { retryAfterSeconds },
    );
  }
  return c.body(first.responseBody ?? '', first.responseStatus as 200, {
    'content-type': first.responseType ?? 'application/json',
    'idempotent-replayed': 'true',
  });
}

/** Frees the key only if it is still ours: a retry may have taken over after our lease ran out. */
async function release(ids: { caller: string; key: string }, lease: number) {
  await store()
    .entities.idempotencyRecord.delete(ids)
    .where(({ status, leaseUntil }, { eq }) => `${eq(status, 'in_progress')} AND ${eq(leaseUntil, lease)}`)
    .go()
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
}
