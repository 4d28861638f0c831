/**
 * AWS list prices used for cost per declaration: us-east-1, on-demand, no free tier, as published
 * in 2025 (DynamoDB on-demand after its November 2024 price cut). sst.config.ts deploys to
 * ap-southeast-1 (SHENBAO_REGION), whose list prices are higher; change these to price another region.
 */
export const prices = {
  region: 'us-east-1',
  stepFunctionsPerTransition: 0.025 / 1000,
  lambdaPerRequest: 0.2 / 1_000_000,
  /** arm64 duration, at 512 MB: what the cloud stacks give every function unless told otherwise. */
  lambdaPerGbSecond: 0.0000133334,
  lambdaMemoryGb: 0.5,
  dynamoPerWriteUnit: 0.625 / 1_000_000,
  dynamoPerReadUnit: 0.125 / 1_000_000,
  httpApiPerRequest: 1.0 / 1_000_000,
} as const;

export interface LifecycleUsage {
  transitions: number;
  lambdaInvocations: number;
  /** Time spent in the API's requests and the step handlers, billed as Lambda duration. */
  lambdaMs: number;
  apiRequests: number;
  readUnits: number;
  writeUnits: number;
}

/** What one lifecycle costs in USD, by service. */
export function costOf(usage: LifecycleUsage) {
  const stepFunctions = usage.transitions * prices.stepFunctionsPerTransition;
  const lambda =
    usage.lambdaInvocations * prices.lambdaPerRequest + (usage.lambdaMs / 1000) * prices.lambdaMemoryGb * prices.lambdaPerGbSecond;
  const dynamo = usage.readUnits * prices.dynamoPerReadUnit + usage.writeUnits * prices.dynamoPerWriteUnit;
  const api = usage.apiRequests * prices.httpApiPerRequest;
  return { stepFunctions, lambda, dynamo, api, total: stepFunctions + lambda + dynamo + api };
}
