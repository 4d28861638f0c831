import { isRetryableByTrait, isServerError, isThrottlingError, isTransientError } from '@smithy/service-error-classification';
import { ShenbaoError, TooManyRequestsError, UnavailableError } from '../../core/errors';

type SdkError = Parameters<typeof isTransientError>[0];

/**
 * Whether trying the same thing again may succeed: a dependency that did not answer or throttled
 * (our UnavailableError and TooManyRequestsError; an AWS error the SDK's own retry strategy would
 * retry, by the same classification; a network failure), not a rule that refused it or a defect.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof UnavailableError || error instanceof TooManyRequestsError) return true;
  if (error instanceof ShenbaoError || !(error instanceof Error)) return false;
  const sdk = error as SdkError;
  return isRetryableByTrait(sdk) || isThrottlingError(sdk) || isTransientError(sdk) || isServerError(sdk);
}
