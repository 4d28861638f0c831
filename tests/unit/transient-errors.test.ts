import { ConditionalCheckFailedException, InternalServerError, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { expect, it } from 'vitest';
import { ConflictError, NotFoundError, TooManyRequestsError, UnavailableError, ValidationError } from '../../core/errors';
import { isTransient } from '../../functions/adapters/retryable';

/** What 立项 retries (the call's step, whole) and what it records on the declaration instead. */
it('retries what a dependency may answer next time, and not what a rule refused or a defect threw', () => {
  const throttled = new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} });
  const serverFault = new InternalServerError({ message: 'oops', $metadata: { httpStatusCode: 500 } });
  const conditionFailed = new ConditionalCheckFailedException({ message: 'condition', $metadata: {} });
  const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  expect([new UnavailableError('down'), new TooManyRequestsError('busy', 3), throttled, serverFault, reset].map(isTransient)).toEqual([
    true,
    true,
    true,
    true,
    true,
  ]);
  const refused = [
    new ConflictError('moved'),
    new NotFoundError('gone'),
    new ValidationError([{ field: 'body.title', message: 'required' }]),
    conditionFailed,
  ];
  const defects = [new TypeError('x is undefined'), new RangeError('Invalid time value'), new Error('plain'), 'a string', undefined];
  expect([...refused, ...defects].map(isTransient)).toEqual(Array(9).fill(false));
});
